"""The buttons that book an event (`/book_event{"event_id": ...}`): the one place that
writes their payload and reads it back, for the proposals, their details and the
choices typed in words."""

from __future__ import annotations

from typing import Any

from bot.dialogue.events import BotUttered
from vocab.payloads import parse_payload

__all__ = ["book_payload", "booked_event_id", "booking_buttons", "books_event"]

_INTENT = "book_event"


def book_payload(event_id: str) -> str:
    return f'/{_INTENT}{{"event_id": "{event_id}"}}'


def books_event(button: Any) -> bool:
    """The button (a message's button, as stored) books an event."""
    payload = button.get("payload", "") if isinstance(button, dict) else ""
    return str(payload).startswith(f"/{_INTENT}")


def booking_buttons(message: BotUttered) -> list[dict[str, Any]]:
    """The buttons of `message` that book an event, in their order."""
    return [b for b in message.data.get("buttons") or [] if books_event(b)]


def booked_event_id(payload: str) -> str | None:
    """The event a booking payload names, if it names one."""
    parsed = parse_payload(payload)
    if parsed is None or parsed.intent != _INTENT:
        return None
    value = parsed.values.get("event_id")
    return str(value) if value else None
