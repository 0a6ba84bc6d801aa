"""How much of an SMS turn the assistant has said: a turn's replies take two
segments at most (conversation-design.md), so the last messages of a turn
(a resumed question, proposals) are put compactly when the first ones took
the room."""

from __future__ import annotations

from collections.abc import Iterable

from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.tracker import Tracker
from vocab.gsm import numbered_options, sms_segments, to_gsm7

__all__ = ["MAX_SMS_SEGMENTS", "SHORT", "fits_sms", "previous_turn_messages", "turn_messages"]

MAX_SMS_SEGMENTS = 2
#: a response's variants written for a turn over two segments (responses.yml's
#: `channels: [sms_short]`), and where a message keeps its short text until the
#: turn is fitted (never sent nor stored)
SHORT = "sms_short"


def turn_messages(tracker: Tracker) -> list[BotUttered]:
    """The assistant's messages since the person's latest message."""
    said: list[BotUttered] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            said.append(event)
    return list(reversed(said))


def previous_turn_messages(tracker: Tracker) -> list[BotUttered]:
    """The assistant's messages of the turn before the person's latest message."""
    said: list[BotUttered] = []
    users = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            users += 1
            if users == 2:
                break
        elif users == 1 and isinstance(event, BotUttered):
            said.append(event)
    return list(reversed(said))


def fits_sms(messages: Iterable[BotUttered], limit: int = MAX_SMS_SEGMENTS) -> bool:
    """The messages, as one SMS (texts and numbered options in GSM-7), take at most
    `limit` segments, the options numbered as the channel (channels/sms.py) does."""
    parts: list[str] = []
    number = 1
    for message in messages:
        parts.append(message.text or "")
        titles = [str(b.get("title", "")) for b in message.data.get("buttons") or []]
        if titles:
            parts.append(numbered_options(titles, number))
        number += len(titles)
    return sms_segments(to_gsm7("\n".join(p for p in parts if p))) <= limit
