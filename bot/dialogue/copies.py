"""The same message typed again: a double tap on "send", or a phone resending an SMS
under a new id (a channel's redelivery under the same id never reaches a turn).

A copy of the sender's previous message, arriving shortly after it, brings nothing
new: read as an answer to the reply the first copy got, it would answer the next
question with the previous one's words (proposals lost, a confirmation dropped, a
commune asked for). It gets the first copy's replies again, and changes no slot.
Never a copy: a button payload, a number, a bare yes or no (successive questions
may well get the same short answer), a copy of a copy (the third time is read).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.dialogue.events import BotUttered, Event, UserUttered
from bot.dialogue.tracker import Tracker
from vocab.text import fold

__all__ = ["COPY_WINDOW", "copy_events"]

#: how soon after the first a copy must arrive (a double tap, a phone's resend)
COPY_WINDOW = timedelta(minutes=2)
#: a short message the first copy's parse read as yes or no: an answer, never a copy
_BARE_INTENTS = frozenset({"affirm", "deny"})
_BARE_WORDS = 3


def _folded(text: str) -> str:
    return " ".join(fold(text[:2000]).split())


def _bare(text: str, first: UserUttered) -> bool:
    words = text.split()
    if text.startswith("/") or all(w.isdigit() for w in words):
        return True
    return len(words) <= _BARE_WORDS and first.intent_name in _BARE_INTENTS


def copy_events(
    tracker: Tracker, text: str, message_id: str, channel: str, now: datetime
) -> list[Event] | None:
    """The turn's events when `text` copies the previous message (the copy, then the
    first copy's replies again), or None when it is to be read."""
    first: UserUttered | None = None
    replies: list[BotUttered] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            first = event
            break
        if isinstance(event, BotUttered):
            replies.append(event)
        # a turn's other events (slots, actions) stay as the first copy left them
    if first is None or first.parse_data.get("copy_of") or not replies:
        return None
    folded = _folded(text)
    if not folded or folded != _folded(first.text) or _bare(folded, first):
        return None
    if now.timestamp() - first.timestamp > COPY_WINDOW.total_seconds():
        return None
    if any(r.data.get("proactive") for r in replies):
        return None  # a counsellor's message or a pushed one came in between
    copy = UserUttered(
        text=text,
        parse_data={**first.parse_data, "copy_of": first.message_id},
        channel=channel,
        message_id=message_id,
        timestamp=now.timestamp(),
    )
    again = [
        BotUttered(text=r.text, data=dict(r.data), timestamp=now.timestamp())
        for r in reversed(replies)
    ]
    return [copy, *again]
