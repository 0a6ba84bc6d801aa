"""What the qualification form reads off a tracker and its messages."""

from __future__ import annotations

from typing import Any

from bot.dialogue.events import BotUttered, Event, SlotSet, UserUttered
from bot.dialogue.places import PLACE_SLOTS
from bot.dialogue.smsbudget import previous_turn_messages
from bot.dialogue.tracker import Tracker
from vocab.payloads import is_payload
from vocab.text import fold, strip_accents

__all__ = [
    "asked_clarification",
    "clarifies",
    "messages_before_consent",
    "parse_of",
    "place_clarified",
    "place_known",
    "same_name",
    "same_unaccented",
]


def same_name(slot: str, old: Any, new: Any) -> bool:
    """ "Reze" and "Rezé" are the same commune: not a correction."""
    return (
        slot == "commune"
        and isinstance(old, str)
        and isinstance(new, str)
        and fold(old) == fold(new)
    )


def same_unaccented(slot: str, old: Any, new: Any) -> bool:
    """The same commune written without its accents: the accented name is kept."""
    return same_name(slot, old, new) and strip_accents(str(new)) == new


def place_known(tracker: Tracker) -> bool:
    """Where the person is, roughly: a commune, a postal code or a département alone."""
    return any(tracker.get_slot(slot) for slot in PLACE_SLOTS)


def parse_of(message: UserUttered) -> dict[str, Any]:
    return {"text": message.text, **message.parse_data}


_CLARIFYING = ("utter_location_", "utter_postal_code_", "utter_children_")


def asked_clarification(tracker: Tracker) -> bool:
    """The latest bot message of this turn is a clarifying question."""
    last = next(
        (e for e in reversed(tracker.events) if isinstance(e, BotUttered | UserUttered)), None
    )
    return isinstance(last, BotUttered) and str(last.data.get("response", "")).startswith(
        _CLARIFYING
    )


def clarifies(events: list[Event]) -> bool:
    """These events put a clarifying question ("Plusieurs communes portent ce nom")."""
    return any(
        isinstance(e, BotUttered) and str(e.data.get("response", "")).startswith(_CLARIFYING)
        for e in events
    )


def place_clarified(tracker: Tracker) -> bool:
    """The assistant's previous turn ended on a question about the place (which commune
    of a name, which département of a region): the answer may be a bare name or number."""
    said = previous_turn_messages(tracker)
    return bool(said) and str(said[-1].data.get("response", "")).startswith(
        ("utter_location_", "utter_postal_code_")
    )


def messages_before_consent(tracker: Tracker, since_refusal: bool = True) -> list[UserUttered]:
    """The person's messages since consent was last refused (or since the start;
    all of them for a consent given outright after the no), the consent answer
    included: facts given before or with the "yes"."""
    found: list[UserUttered] = []
    for event in reversed(tracker.events):
        refused = isinstance(event, SlotSet) and event.name == "consent" and event.value is False
        if refused and since_refusal:
            break
        if isinstance(event, UserUttered) and not is_payload(event.text):
            found.append(event)
    return list(reversed(found))
