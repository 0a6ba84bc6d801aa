"""A booking made over WhatsApp gets its reminder the day before through the worker's
own path (`work_once`: reminders queued from the platform's bookings, the outbox
claimed, the WhatsApp sender of the app, Twilio's REST API on a loopback fake):
free text inside WhatsApp's 24-hour session window, the approved template
(ContentSid, the text as its variable) outside it.

`now` is given to the worker only to make "tomorrow" the event's eve; the session
window is measured on the real clock, as in production, against the time the
person's messages were stored (the processor's clock, set back for the second case).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.settings import Settings
from bot.storage.models import utcnow
from bot.worker import work_once
from platform_api.models import PARIS
from platform_server.seed import seed_demo
from platform_server.tables import PlatformEvent
from tests.channels.fakes import FakeTwilio
from tests.channels.test_twilio import sms
from tests.embedded_platform import assistant_app

OUR_NUMBER = "whatsapp:+33700000001"
TEMPLATE = "HX" + "2" * 32


@pytest.fixture
def client(channel_settings: Settings, fake_twilio: tuple[FakeTwilio, str]) -> Iterator[TestClient]:
    _fake, url = fake_twilio
    settings = channel_settings.model_copy(
        update={
            "twilio_api_url": url,
            "twilio_whatsapp_from": OUR_NUMBER,
            "twilio_whatsapp_template_sid": TEMPLATE,
            "worker_interval_s": 0,  # the test runs the worker's rounds itself
        }
    )
    with TestClient(assistant_app(settings)) as test_client:
        yield test_client


def _event(client: TestClient) -> tuple[str, datetime]:
    """A bookable event of the demo data, and noon (Paris) on its eve."""
    sessions = client.app.state.assistant.sessions  # type: ignore[attr-defined]
    seed_demo(sessions, date.today())
    with sessions() as session:
        event = session.scalars(
            select(PlatformEvent)
            .where(PlatformEvent.starts_at > utcnow() + timedelta(days=2))
            .where(PlatformEvent.seats_left > 5)
            .order_by(PlatformEvent.starts_at)
            .limit(1)
        ).one()
        starts = event.starts_at.astimezone(PARIS)
        eve = datetime.combine(starts.date() - timedelta(days=1), datetime.min.time(), PARIS)
        return event.id, eve + timedelta(hours=12)


def _book_over_whatsapp(client: TestClient, phone: str, event_id: str) -> None:
    address = f"whatsapp:{phone}"
    status, replies = sms(
        client, f'/book_event{{"event_id": "{event_id}"}}', phone=address, To=OUR_NUMBER
    )
    assert status == 200 and "Je vous inscris" in " ".join(replies)
    status, replies = sms(client, "1", phone=address, To=OUR_NUMBER)  # 1: yes
    assert status == 200 and "C'est fait" in " ".join(replies)


def _sent_to(fake: FakeTwilio, address: str, since: int) -> list[dict[str, Any]]:
    return [r for r in fake.requests[since:] if r.get("To") == address]


async def test_inside_the_window_the_worker_sends_the_reminder_as_free_text(
    client: TestClient, fake_twilio: tuple[FakeTwilio, str]
) -> None:
    fake, _url = fake_twilio
    phone = "+33611000001"
    event_id, eve = _event(client)
    _book_over_whatsapp(client, phone, event_id)
    assistant = client.app.state.assistant  # type: ignore[attr-defined]
    since = len(fake.requests)  # the fake serves the whole module

    done = await work_once(assistant, assistant.senders, now=eve)
    again = await work_once(assistant, assistant.senders, now=eve)

    sent = _sent_to(fake, f"whatsapp:{phone}", since)
    assert done.sent >= 1 and again.sent == 0 and len(sent) == 1  # once, deduplicated
    assert sent[0]["From"] == OUR_NUMBER and "ContentSid" not in sent[0]
    assert sent[0]["Body"].startswith("Rappel : demain,") and "« " in sent[0]["Body"]
    # the reminder joins the conversation the counsellors read
    tracker = client.get(
        f"/conversations/whatsapp:{phone}/tracker", headers={"Authorization": "Bearer test-token"}
    ).json()
    assert any(
        e["event"] == "bot" and (e["text"] or "").startswith("Rappel : demain,")
        for e in tracker["events"]
    )


async def test_outside_the_window_the_worker_sends_the_approved_template(
    client: TestClient, fake_twilio: tuple[FakeTwilio, str]
) -> None:
    fake, _url = fake_twilio
    phone = "+33611000002"
    event_id, eve = _event(client)
    assistant = client.app.state.assistant  # type: ignore[attr-defined]
    processor = assistant.processor
    real_clock = processor.clock
    processor.clock = lambda: real_clock() - timedelta(hours=25)  # they wrote yesterday
    try:
        _book_over_whatsapp(client, phone, event_id)
    finally:
        processor.clock = real_clock
    since = len(fake.requests)

    done = await work_once(assistant, assistant.senders, now=eve)

    sent = _sent_to(fake, f"whatsapp:{phone}", since)
    assert done.sent >= 1 and len(sent) == 1
    assert sent[0]["ContentSid"] == TEMPLATE and "Body" not in sent[0]
    text = json.loads(sent[0]["ContentVariables"])["1"]
    assert text.startswith("Rappel : demain,") and "annuler ma réservation" in text
