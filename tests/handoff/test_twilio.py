"""A handoff over SMS: the counsellor's reply leaves through Twilio (a fake REST API
on a real port, the channels' test peer), signed with her first name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.channels.conftest import channel_settings, fake_bot_api, fake_twilio  # noqa: F401
from tests.channels.fakes import FakeTwilio
from tests.channels.test_twilio import PHONE, SENDER, sms
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import AUTH, conversation_id, login, prepare, set_slots, tracker


@pytest.fixture
def sms_client(
    channel_settings: Settings,  # noqa: F811
    fake_twilio: tuple[FakeTwilio, str],  # noqa: F811
) -> Iterator[TestClient]:
    settings = channel_settings.model_copy(update={"twilio_api_url": fake_twilio[1]})
    with TestClient(assistant_app(settings)) as client:
        prepare(client)
        yield client


def test_round_trip_over_sms(sms_client: TestClient, fake_twilio: tuple[FakeTwilio, str]) -> None:  # noqa: F811
    fake, _url = fake_twilio
    client = sms_client
    set_slots(client, SENDER, departement="33")
    status, replies = sms(client, "/human_handoff")
    assert status == 200 and "plateforme de Gironde" in replies[-1]
    assert "lun-ven" in replies[-1] and "–" not in replies[-1]  # GSM-7 friendly hours
    cid = conversation_id(client, SENDER)
    nadia = login(client, "nadia")
    assert nadia.post(f"/console/conversations/{cid}/take").status_code == 303
    assert sms(client, "Merci, j'attends") == (200, [])  # the assistant is silent

    before = len(fake.requests)
    sent = nadia.post(f"/console/conversations/{cid}/reply", {"text": "Bonjour, ici Nadia."})
    assert sent.status_code == 303 and "flash=sent" in sent.headers["location"]
    assert len(fake.requests) == before + 1
    message = fake.requests[-1]
    assert message["To"] == PHONE and message["Body"].startswith("Bonjour, ici Nadia.")
    assert message["Body"].endswith("- Nadia, de la plateforme")
    events = tracker(client, SENDER)["events"]
    assert events[-1]["data"]["counsellor"] == "Nadia" and events[-1]["data"]["delivery"] == "sent"

    # hand back: one SMS says the assistant is back; then it answers again
    nadia.post(f"/console/conversations/{cid}/hand-back")
    assert "assistant automatique" in fake.requests[-1]["Body"]
    status, replies = sms(client, "/help")
    assert status == 200 and replies


def test_stop_by_sms_blocks_the_counsellor(
    sms_client: TestClient,
    fake_twilio: tuple[FakeTwilio, str],  # noqa: F811
) -> None:
    fake, _url = fake_twilio
    client = sms_client
    set_slots(client, SENDER, departement="33")
    sms(client, "/human_handoff")
    cid = conversation_id(client, SENDER)
    nadia = login(client, "nadia")
    nadia.post(f"/console/conversations/{cid}/take")
    sms(client, "STOP")
    before = len(fake.requests)
    refused = nadia.post(f"/console/conversations/{cid}/reply", {"text": "Bonjour ?"})
    assert refused.status_code == 409 and "STOP" in refused.text
    assert len(fake.requests) == before
    open_ = client.get("/api/handoffs", params={"status": "taken"}, headers=AUTH).json()
    assert [h["channel"] for h in open_] == ["sms"]
