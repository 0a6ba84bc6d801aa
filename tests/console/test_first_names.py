"""People told apart by the first name their channel gives: WhatsApp's ProfileName
(Twilio's webhook), Telegram's from.first_name, the widget's host page (REST
`metadata.first_name`). Shown in the queue's cards and on the conversation page;
held as a slot of the conversation, so the export has it and an erasure leaves it
nowhere; never kept for a person who refused consent; odd display names give none."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.dialogue.events import SlotSet
from bot.dialogue.names import MAX_CHARS, first_name
from bot.settings import Settings
from tests.channels.conftest import TELEGRAM_SECRET, channel_settings, fake_bot_api
from tests.channels.test_twilio import sms
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import AUTH, conversation_id, login, prepare
from tests.security.leftovers import leftovers

__all__ = ["channel_settings", "fake_bot_api"]  # fixtures

WHATSAPP = "whatsapp:+33611990001"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("Ysaline Quérou", "Ysaline"),
        ("FATOU", "Fatou"),
        ("jean-pierre", "Jean-Pierre"),
        ("  Zoë 🌸", "Zoë"),
        ("N’Golo", "N'Golo"),
        ("فاطمة", "فاطمة"),
        ("🌸✨", None),
        ("+33 6 12 34 56 78", None),
        ("fatou2000", None),
        ("<script>alert(1)</script>", None),
        ("a" * (MAX_CHARS + 1), None),
        ("x" * 100_000, None),
        ("-'-", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_only_a_plausible_first_name_is_kept(raw: object, kept: str | None) -> None:
    assert first_name(raw) == kept


@pytest.fixture
def client(channel_settings: Settings) -> Iterator[TestClient]:
    with TestClient(assistant_app(channel_settings)) as test_client:
        prepare(test_client)
        yield test_client


def _slot(client: TestClient, sender: str) -> Any:
    tracker = client.get(f"/conversations/{sender}/tracker", headers=AUTH).json()
    return tracker["slots"]["first_name"]


def _telegram(client: TestClient, chat: int, name: str, text: str) -> None:
    update = {
        "update_id": chat,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": name},
            "text": text,
        },
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    assert (
        client.post("/webhooks/telegram/webhook", json=update, headers=headers).status_code == 200
    )


def test_each_channel_names_its_person_in_the_queue_and_the_conversation(
    client: TestClient,
) -> None:
    sms(
        client,
        "/human_handoff",
        phone=WHATSAPP,
        To="whatsapp:+33700000001",
        ProfileName="Ysaline Q.",
    )
    _telegram(client, 5551234, "Théo", "/human_handoff")
    widget = {"sender": "web:ines", "message": "/human_handoff", "metadata": {"first_name": "Inès"}}
    assert client.post("/webhooks/rest/webhook", json=widget).status_code == 200
    anonymous = {"sender": "web:anon-7f3a", "message": "/human_handoff"}
    assert client.post("/webhooks/rest/webhook", json=anonymous).status_code == 200
    assert [_slot(client, s) for s in (WHATSAPP, "tg:5551234", "web:ines", "web:anon-7f3a")] == [
        "Ysaline",
        "Théo",
        "Inès",
        None,
    ]

    camille = login(client, "camille")  # the national team: no département given
    queue = camille.get("/console").text
    for name, initial, channel in [
        ("Ysaline", "Y", "WhatsApp"),
        ("Théo", "T", "Telegram"),
        ("Inès", "I", "Site web"),
    ]:
        card = queue[queue.index(f">{name}</a>") - 400 : queue.index(f">{name}</a>") + 200]
        assert f'class="avatar" aria-hidden="true">{initial}</span>' in card
        assert f'class="pill channel">{channel}</span>' in card
    assert ">Personne …7f3a</a>" in queue  # no name given: the end of the id
    assert "Ysaline" in camille.get("/console?q=ysaline").text  # the search finds names
    page = camille.get(f"/console/conversations/{conversation_id(client, WHATSAPP)}").text
    assert "<h1>Ysaline <span" in page


def test_the_name_is_exported_then_erased_everywhere(client: TestClient) -> None:
    sms(client, "/human_handoff", phone=WHATSAPP, To="whatsapp:+33700000001", ProfileName="Ysaline")
    engine = client.app.state.assistant.engine  # type: ignore[attr-defined]
    export = client.get(f"/api/candidates/{WHATSAPP}/export", headers=AUTH)
    assert export.status_code == 200 and "Ysaline" in export.text
    assert leftovers(engine, ["Ysaline"])

    assert client.delete(f"/api/candidates/{WHATSAPP}", headers=AUTH).status_code == 200

    assert leftovers(engine, ["Ysaline"]) == []
    camille = login(client, "camille")
    assert "Ysaline" not in camille.get("/console").text


def test_no_name_is_kept_for_a_person_who_refused_consent(client: TestClient) -> None:
    store = client.app.state.assistant.store  # type: ignore[attr-defined]
    store.append("web:no", "rest", [SlotSet(name="consent", value=False)])
    body = {"sender": "web:no", "message": "bonjour", "metadata": {"first_name": "Inès"}}
    assert client.post("/webhooks/rest/webhook", json=body).status_code == 200
    assert _slot(client, "web:no") is None
