"""The first name a channel gives (Telegram's `first_name`, WhatsApp's profile name,
the widget's host page), kept so that counsellors can tell people apart.

It is channel data, not something the person typed: it is never asked for, never
said back to the person, and kept as a slot (`first_name`) of the conversation, so
an erasure, an export and the retention sweep treat it as every other event. A
person who refused consent gets no name stored.

Only a plausible first name is kept: the first word, letters (any script), hyphens
and apostrophes, at most `MAX_CHARS`; a profile name made of digits or emoji
("+33 6…", "🌸") gives none. No regular expression: one bounded pass.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from bot.dialogue.events import Event, SlotSet
from bot.dialogue.tracker import Tracker

__all__ = ["FIRST_NAME_SLOT", "MAX_CHARS", "first_name", "name_events"]

FIRST_NAME_SLOT = "first_name"
MAX_CHARS = 30
#: what a display name is read from (longer input is cut first)
_READ_CHARS = 200
_JOINERS = frozenset("-'’")


def _capitalised(word: str) -> str:
    """ "FATOU", "fatou" → "Fatou"; "jean-pierre" → "Jean-Pierre"; "McKay" stays."""
    if not (word.isupper() or word.islower()):
        return word
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def first_name(raw: object) -> str | None:
    """The first name in a channel's display name, or None when there is none."""
    if not isinstance(raw, str):
        return None
    text = unicodedata.normalize("NFKC", raw[:_READ_CHARS])
    words = text.split()
    if not words:
        return None
    word = words[0]
    if any(c.isdigit() for c in word):
        return None  # a number, a handle: not a name
    kept = "".join(
        c for c in word if c in _JOINERS or unicodedata.category(c)[0] in ("L", "M")
    ).strip("-'’")
    if not any(c.isalpha() for c in kept) or len(kept) > MAX_CHARS:
        return None
    return _capitalised(kept.replace("’", "'"))


def name_events(tracker: Tracker, metadata: Mapping[str, Any]) -> list[Event]:
    """The slot event keeping the channel's first name, when there is a new one."""
    if tracker.get_slot("consent") is False:
        return []
    name = first_name(metadata.get(FIRST_NAME_SLOT))
    if name is None or name == tracker.get_slot(FIRST_NAME_SLOT):
        return []
    return [SlotSet(name=FIRST_NAME_SLOT, value=name)]
