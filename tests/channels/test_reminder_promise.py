"""A booking promises a reminder the day before only where the worker can send one:
by SMS or Telegram, not in the web widget (no phone number, no Telegram known)."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.storage.models import utcnow
from platform_server.seed import seed_demo
from platform_server.tables import PlatformEvent
from tests.channels.test_twilio import sms

PROMISE = "je vous enverrai un rappel"
SMS_PROMISE = "rappel par sms la veille"  # the short SMS form


def _bookable(client: TestClient, count: int) -> list[str]:
    sessions = client.app.state.assistant.sessions  # type: ignore[attr-defined]
    seed_demo(sessions, date.today())
    with sessions() as session:
        return list(
            session.scalars(
                select(PlatformEvent.id)
                .where(PlatformEvent.starts_at > utcnow(), PlatformEvent.seats_left > 5)
                .order_by(PlatformEvent.starts_at)
                .limit(count)
            )
        )


def _web(client: TestClient, sender: str, message: str) -> str:
    response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": message})
    assert response.status_code == 200
    return " ".join(r.get("text") or "" for r in response.json())


def test_the_widget_is_not_promised_a_reminder_but_sms_is(bot_client: TestClient) -> None:
    web_event, sms_event = _bookable(bot_client, 2)

    assert "Je vous inscris" in _web(
        bot_client, "web:rappel", f'/book_event{{"event_id": "{web_event}"}}'
    )
    booked = _web(bot_client, "web:rappel", "/affirm")
    assert "C'est fait" in booked
    assert PROMISE not in booked.lower() and SMS_PROMISE not in booked.lower()
    assert "je ne peux pas vous envoyer de rappel" in booked

    status, replies = sms(bot_client, f'/book_event{{"event_id": "{sms_event}"}}')
    assert status == 200 and "Je vous inscris" in " ".join(replies)
    status, replies = sms(bot_client, "1")  # the first numbered option: yes
    assert status == 200 and "C'est fait" in " ".join(replies)
    assert SMS_PROMISE in " ".join(replies).lower()
