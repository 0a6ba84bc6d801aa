"""Replies to what the assistant's previous turn offered or explained, read in words.

A choice among the events just proposed, typed in words instead of clicked.

The assistant's previous turn ended with bookable events (buttons
`/book_event{"event_id": ...}`) and the person answers "le premier", "je prends
la 2e", "le dernier svp", "2" (on the widget too), or simply "oui" to a single
event: that is the click, read as the button's payload would be. A yes to
several events is a request to book without saying which (`book_event` without
an event: the assistant asks which one).

A yes to what was just explained: the previous turn ended with a fiche about an
immersion or an event kind ("c'est quoi un job dating ?") and the person answers
"ok je veux bien en faire une", "ça me tente", "oui": that is the request for it
(`book_immersion`, or `list_events` of that kind).
"""

from __future__ import annotations

import re
from typing import Any

from bot.dialogue.answers import yes_or_no
from bot.dialogue.booking_buttons import booked_event_id, booking_buttons, books_event
from bot.dialogue.events import BotUttered, Event, UserUttered
from bot.dialogue.intents import INTEREST
from bot.dialogue.politeness import closing_start
from bot.dialogue.questions import asks
from bot.dialogue.services import Knowledge
from bot.dialogue.subject import immersion_filed
from bot.dialogue.tracker import Tracker
from nlu import is_french_word
from vocab.payloads import is_payload
from vocab.text import fold, mend_words

__all__ = [
    "ADVISED",
    "NO_DISTANCE",
    "ORDINALS",
    "WORD",
    "last_proposal",
    "proposal_before",
    "proposed_events",
    "read_choice",
    "read_follow_up",
]

#: "le plus proche" read as the soonest: no distance to the events proposed is known
NO_DISTANCE = "no_distance"
#: the first event proposed, put up for booking to a person who cannot choose
ADVISED = "advised"
#: ordinal words, folded -> 1-based position (0: the last one)
ORDINALS = {
    "premier": 1,
    "premiere": 1,
    "1er": 1,
    "1ere": 1,
    "1re": 1,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "2eme": 2,
    "2e": 2,
    "2nd": 2,
    "2nde": 2,
    "troisieme": 3,
    "3eme": 3,
    "3e": 3,
    "dernier": 0,
    "derniere": 0,
}
#: words a short choice may hold besides its ordinal ("je prends le 2e svp")
_AROUND = frozenset(
    {
        "le",
        "la",
        "l",
        "je",
        "j",
        "prends",
        "prend",
        "veux",
        "voudrais",
        "choisis",
        "choisi",
        "prefere",
        "plutot",
        "ok",
        "oui",
        "alors",
        "bon",
        "euh",
        "heu",
        "hmm",
        "hum",
        "bah",
        "ben",
        "donc",
        "allez",
        "option",
        "choix",
        "numero",
        "no",
        "n",
        "rendez-vous",
        "rdv",
        "svp",
        "stp",
        "merci",
        "s'il",
        "vous",
        "plait",
        "celui",
        "celle",
        "ci",
        "ça",
        "ca",
        "m'interesse",
        "interesse",
        "me",
        "va",
        "inscrire",
        "inscris",
        "m'inscrire",
        "au",
        "a",
        "pour",
        "moi",
        # a greeting around the choice ("bonjour la 1ere svp")
        "bonjour",
        "bonsoir",
        "salut",
        "coucou",
        "re",
        "bjr",
        "slt",
        "hello",
    }
)
MAX_WORDS = 8
#: where in the list, for a short choice only ("celui du haut", "celle d'en bas"); not
#: ordinals elsewhere ("Haut Rhin" typed without its hyphen is a place)
_IN_LIST = {"haut": 1, "bas": 0}
_IN_LIST_AROUND = frozenset({"du", "d'en", "en", "tout"})
WORD = re.compile(r"[a-z0-9'-]{1,20}")


def last_proposal(events: list[Event]) -> BotUttered | None:
    """The assistant's message that ended its latest turn in `events`, when it offered
    bookable events (none when another question came after them)."""
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return None
        if isinstance(event, BotUttered):
            buttons = event.data.get("buttons") or []
            return event if any(books_event(b) for b in buttons) else None
    return None


def proposal_before(tracker: Tracker) -> BotUttered | None:
    """`last_proposal` of the turn before the person's latest message."""
    events = tracker.events
    last_user = max(
        (i for i, e in enumerate(events) if isinstance(e, UserUttered)), default=len(events)
    )
    return last_proposal(events[:last_user])


def proposed_events(proposal: BotUttered | None) -> list[str]:
    if proposal is None:
        return []
    return [i for b in booking_buttons(proposal) if (i := booked_event_id(str(b["payload"])))]


def _position(text: str, count: int) -> int | None:
    """The 1-based position a short message picks among `count` options, if any."""
    words = WORD.findall(fold(text)[:120])
    if not words or len(words) > MAX_WORDS:
        return None
    picks = []
    for word in words:
        if word in ORDINALS or word in _IN_LIST:
            picks.append(ORDINALS.get(word, _IN_LIST.get(word)) or count)
        elif word in _IN_LIST_AROUND:
            continue
        elif word.isdigit() and len(word) == 1:
            picks.append(int(word))
        elif word not in _AROUND:
            return None  # another word: more than a choice ("le premier janvier")
    if len(picks) != 1 or not 1 <= picks[0] <= count:
        return None
    return picks[0]


# "le plus proche", "celui qui est le moins loin", "le plus tôt", "le prochain":
# the proposed event nearest, or soonest (folded text, bounded alternatives)
_NEAREST = re.compile(
    r"\b(?:le plus (?:proche|pres)|la plus (?:proche|pres)|le moins loin|la moins loin|"
    r"plus pres de chez moi)\b"
)
_SOONEST = re.compile(
    r"\b(?:le plus tot|la plus tot|le plus vite|au plus vite|le plus rapide|la plus rapide|"
    r"le prochain|la prochaine|le plus proche en date|des que possible|le plus rapidement)\b"
)
#: "à la prochaine (fois)": a goodbye when the person takes leave (their intent says so);
#: "inscrivez-moi à la prochaine" is a choice
_FAREWELL = re.compile(r"\ba la prochaine(?: fois)?\b")
#: the key words of `_NEAREST` and `_SOONEST` a typo of which is read as the word
_SUPERLATIVE_KEYS = frozenset(
    {"proche", "pres", "moins", "loin", "vite", "rapide", "rapidement", "prochain", "prochaine"}
)


def _superlative(text: str, proposal: BotUttered | None) -> tuple[int, str | None] | None:
    """The 1-based position of the proposed event the person picks by a superlative:
    the nearest (in person) or the soonest; None otherwise. The nearest asked where
    no distance is known (events online, a département alone): the soonest, with
    the reason to say ("no_distance")."""
    folded = mend_words(fold(text[:120]), _SUPERLATIVE_KEYS, is_french_word)
    # words only: an emoji or "!!" around "celui qui est le plus près de chez moi"
    if proposal is None or len(WORD.findall(folded)) > MAX_WORDS + 4:
        return None
    offered = [o for o in proposal.data.get("offered") or [] if isinstance(o, dict)]
    if not offered:
        return None
    reason = None
    if _SOONEST.search(folded):
        key = "at"
    elif _NEAREST.search(folded):
        key = "km"
        if all(o.get("km") is None for o in offered):
            key, reason = "at", NO_DISTANCE
    else:
        return None
    ranked = [o for o in offered if o.get(key) is not None]
    if not ranked:
        return None
    best = min(ranked, key=lambda o: o[key])
    ids = proposed_events(proposal)
    return (ids.index(best["id"]) + 1, reason) if best.get("id") in ids else None


def read_choice(tracker: Tracker, text: str, parse: dict[str, Any]) -> dict[str, Any] | None:
    """The parse of a choice typed among the events just proposed, as their button's
    would be; None when the message is no such choice. `tracker` is the conversation
    before the message."""
    if is_payload(text) or tracker.get_slot("expecting"):
        return None
    proposal = last_proposal(tracker.events)
    ids = proposed_events(proposal)
    if not ids:
        return None
    intent = (parse.get("intent") or {}).get("name")
    if intent in ("goodbye", "thank") and _FAREWELL.search(fold(text[:120])):
        return None  # "merci, à la prochaine": a goodbye, not the soonest event
    entities = parse.get("entities") or []
    place_or_job = any(e.get("entity") in ("location", "job") for e in entities)
    # "le plus tôt" may read as a date; "le prochain à Lyon" is a new search
    picked = None if place_or_job else _superlative(text, proposal)
    position, reason = picked or (None, None)
    if position is None and any(e.get("entity") not in ("event_type",) for e in entities):
        return None  # a date, a place, a count: facts, not a choice
    # "premier merci beaucoup", "la 1ere svp bonne journée": the choice inside the closing
    position = position or _position(text[: closing_start(text)], len(ids))
    if position is None and yes_or_no(text, intent, []) is True:
        if len(ids) > 1:  # "oui": which one, asked
            return {**parse, "intent": {"name": "book_event", "confidence": 1.0}, "entities": []}
        position = 1
    if position is None:
        return None
    chosen = {"entity": "event_id", "value": ids[position - 1], "extractor": "choice"}
    if reason:
        chosen["reason"] = reason
    return {**parse, "intent": {"name": "book_event", "confidence": 1.0}, "entities": [chosen]}


#: the event kinds (the NLU's event_type values) a fiche about events may explain
EVENT_KINDS = ("atelier_decouverte", "information_collective", "job_dating", "forum")
#: words that take up what was just explained: "en faire une", "m'y inscrire", an interest
_TAKE_UP = re.compile(
    rf"\b(?:{INTEREST}|en faire|y participer|m'?y inscrire|y aller|y assister|m'?inscrire|"
    r"pourquoi pas|je veux essayer|je veux en faire|je me lance)\b"
)
#: intents a reply taking up an explanation is never read against
_OWN = frozenset(
    {"deny", "human_handoff", "opt_out", "delete_data", "my_bookings", "cancel_booking", "goodbye"}
)


def _explained(events: list[Event]) -> str | None:
    """The fiche the assistant's latest turn in `events` ended with, if any."""
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return None
        if isinstance(event, BotUttered):
            fiche = (event.data.get("custom") or {}).get("fiche")
            return str(fiche) if fiche else None
    return None


def read_follow_up(
    tracker: Tracker, text: str, parse: dict[str, Any], knowledge: Knowledge | None
) -> dict[str, Any] | None:
    """The parse of a yes to the immersion or the event kind just explained, as the
    request for it; None otherwise. `tracker` is the conversation before the message."""
    if is_payload(text) or knowledge is None or tracker.get_slot("expecting"):
        return None
    intent = (parse.get("intent") or {}).get("name")
    if intent in _OWN or (intent == "question" and asks(text)):
        return None
    fiche_id = _explained(tracker.events)
    if fiche_id is None:
        return None
    folded = fold(text[:200])
    facts = [e for e in parse.get("entities") or [] if e.get("entity") != "event_type"]
    said_yes = yes_or_no(text, intent, facts) is True
    if not (said_yes or _TAKE_UP.search(folded)):
        return None
    fiche = knowledge.fiche(fiche_id)
    topics = set(fiche.topics) if fiche is not None else set()
    if "immersion" in topics:
        if immersion_filed(tracker):
            return None  # "d'accord" to its pay, the request filed: no second request
        return {**parse, "intent": {"name": "book_immersion", "confidence": 1.0}}
    if "evenement" not in topics:
        return None
    key = fiche_id.replace("-", "_")
    kind = next((k for k in EVENT_KINDS if key.startswith(k)), None)
    entities = [e for e in parse.get("entities") or [] if e.get("entity") != "event_type"]
    if kind is not None:
        entities.append({"entity": "event_type", "value": kind, "extractor": "follow_up"})
    return {**parse, "intent": {"name": "list_events", "confidence": 1.0}, "entities": entities}
