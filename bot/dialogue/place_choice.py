"""A commune chosen in words among the communes just offered.

"Plusieurs communes portent ce nom : [Valence (26 Drôme)] [Valence (82
Tarn-et-Garonne)]": the person answers "drome", "celle de la Drôme", "la 26",
"82", "la première" or the postal code; that is the click of the button it
names. Read only when the assistant's latest message with buttons offered
communes, and only when the words name exactly one of them; otherwise the message
is read as usual (another commune, a postal code, a question). Before this, "drome"
was looked up as a commune of its own and found Droué (Loir-et-Cher), and "la
première" found a hamlet of Maine-et-Loire: a wrong place stored without a word.
"""

from __future__ import annotations

import re

from bot.dialogue.choice import ORDINALS, WORD
from bot.dialogue.numbered import offered_buttons
from bot.dialogue.tracker import Tracker
from vocab.payloads import is_payload, parse_payload
from vocab.text import fold

__all__ = ["place_choice"]

#: the département a place button names at the end of its title: "(26 Drôme)"
_TITLE_DEPARTEMENT = re.compile(r"\((\w{2,3})(?: ([^()]{1,60}))?\)\s{0,3}$")
_POSTAL_CODE = re.compile(r"\b\d{5}\b")
#: a longer message says more than which commune: read as usual
_MAX_CHARS = 80


def _words(text: str) -> str:
    """Folded words between spaces, hyphens and apostrophes as spaces: ' la drome '."""
    return " " + " ".join(WORD.findall(re.sub(r"[-']", " ", fold(text)))) + " "


def place_choice(tracker: Tracker, text: str) -> str | None:
    """The payload of the one offered commune the message names, or None. `tracker` is
    the conversation before the message."""
    if is_payload(text) or len(text) > _MAX_CHARS:
        return None
    buttons = [
        b
        for b in offered_buttons(tracker)
        if "location" in (getattr(parse_payload(str(b.get("payload", ""))), "values", {}) or {})
    ]
    if len(buttons) < 2:
        return None
    said = _words(text)
    named: set[int] = set()
    ranks = [ORDINALS[w] or len(buttons) for w in said.split() if w in ORDINALS]
    if len(ranks) == 1 and 1 <= ranks[0] <= len(buttons):
        named.add(ranks[0] - 1)
    for index, button in enumerate(buttons):
        title = str(button.get("title", ""))
        match = _TITLE_DEPARTEMENT.search(title)
        if match is not None:
            code, name = match.group(1), match.group(2) or ""
            if f" {fold(code)} " in said or (name and _words(name) in said):
                named.add(index)
        for postal_code in _POSTAL_CODE.findall(str(button.get("payload", ""))):
            if f" {postal_code} " in said:
                named.add(index)
    return str(buttons[named.pop()]["payload"]) if len(named) == 1 else None
