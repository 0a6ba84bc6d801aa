"""How much of an SMS turn the assistant has said: a turn's replies take two
segments at most (conversation-design.md), so the last messages of a turn
(a resumed question, proposals) are put compactly when the first ones took
the room."""

from __future__ import annotations

from collections.abc import Iterable

from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.tracker import Tracker
from vocab.gsm import sms_segments, to_gsm7

__all__ = ["MAX_SMS_SEGMENTS", "fits_sms", "previous_turn_messages", "turn_messages"]

MAX_SMS_SEGMENTS = 2


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
    `limit` segments; the channel's rendering (channels/sms.py) is close to this."""
    parts: list[str] = []
    number = 1
    for message in messages:
        parts.append(message.text or "")
        titles = [str(b.get("title", "")) for b in message.data.get("buttons") or []]
        if len(titles) > 3 or sum(len(t) for t in titles) > 40:
            parts.extend(f"{number + i}. {t}" for i, t in enumerate(titles))
            parts.append("Répondez 1 ou 2.")
        elif titles:
            parts.append("  ".join(f"{number + i} {t}" for i, t in enumerate(titles)))
        number += len(titles)
    return sms_segments(to_gsm7("\n".join(p for p in parts if p))) <= limit
