"""A bare number typed instead of clicking one of the buttons just offered.

On SMS the channel numbers the options and maps "2" back to the 2nd payload.
Elsewhere (widget, Telegram, REST) people type a number too: "2" to
"Plusieurs communes portent ce nom : [Valence (26)] [Valence (82)]" means the
second button, as it does on a phone. The number picks among the buttons of the assistant's latest
message that offered any (communes, events, options); never where a number is
itself an answer (a count of children, a button titled "2" or "3 ou plus"), nor
for a yes or a no (buttons seen on a screen are not numbered: "2" is neither).
"""

from __future__ import annotations

import re
from typing import Any

from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.tracker import Tracker
from vocab.payloads import is_payload

__all__ = ["numbered_payload", "offered_buttons"]

_NUMBER = re.compile(r"\s{0,5}(?:n[°o]\s{0,2})?(\d{1,2})\s{0,3}[.)]?\s{0,5}")
#: slots whose answer is a number: a number typed there is the answer itself
_NUMERIC_SLOTS = ("children",)
_YES_NO = frozenset({"/affirm", "/deny"})


def offered_buttons(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons of the latest message of the assistant's latest turn that had some."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered):
            buttons = [
                b
                for b in event.data.get("buttons") or []
                if isinstance(b, dict) and is_payload(str(b.get("payload", "")))
            ]
            if buttons:
                return buttons
    return []


def numbered_payload(tracker: Tracker, text: str, channel: str) -> str | None:
    """The payload of the button a bare number picks, or None. `tracker` is the
    conversation before the message."""
    if channel == "sms":
        return None  # the SMS channel numbers its options itself
    match = _NUMBER.fullmatch(text[:20])
    if match is None:
        return None
    buttons = offered_buttons(tracker)
    if any(
        str(b.get("title", "")).strip()[:1].isdigit()
        or any(slot in str(b.get("payload", "")) for slot in _NUMERIC_SLOTS)
        for b in buttons
    ):
        return None  # "2" is an answer there (two children), not the 2nd button
    if tracker.get_slot("requested_slot") in _NUMERIC_SLOTS:
        return None
    if {str(b.get("payload")) for b in buttons} <= _YES_NO:
        return None  # "2" to a yes-or-no question is neither (asked again in words)
    position = int(match.group(1))
    if not 1 <= position <= len(buttons):
        return None
    return str(buttons[position - 1]["payload"])
