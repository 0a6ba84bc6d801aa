"""A region named where a place is wanted: "je suis en Bretagne", "ASH en Occitanie".
A region is no place to search near (Occitanie is 13 départements), and never a guess:
the person is asked which département or commune, with the region's départements as
options where they are few (vocab.regions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.dialogue.places import PlaceQuestion
from channels.messages import Button
from vocab.departements import DEPARTEMENTS
from vocab.regions import REGIONS
from vocab.text import fold

__all__ = [
    "MAX_OPTIONS",
    "Region",
    "departement_button",
    "departement_payload",
    "region_named",
    "region_question",
    "within_region",
]

#: a region of this many départements or fewer has them as options
MAX_OPTIONS = 5
#: other names people give the regions (folded) → the name in vocab.regions
_OTHER_NAMES = {
    "paca": "Provence-Alpes-Côte d'Azur",
    "idf": "Île-de-France",
    "region parisienne": "Île-de-France",
    "centre val de loire": "Centre-Val de Loire",
    "region centre": "Centre-Val de Loire",
    "nord pas de calais": "Nord-Pas-de-Calais",
    "champagne ardennes": "Champagne-Ardenne",
    "languedoc": "Languedoc-Roussillon",
    "midi pyrenees": "Midi-Pyrénées",
    "rhone alpes": "Rhône-Alpes",
    "poitou charente": "Poitou-Charentes",
    "grand-est": "Grand Est",
    "bourgogne franche comte": "Bourgogne-Franche-Comté",
}
# words before a region's name that make it where the person is: "en", "région",
# "dans la région", "dans le", "dans les", "toute la", "vers la" (folded)
_CUE = r"(?:\ben|\bregion|\bdans\s(?:la|le|les)|\btoute\s(?:la|le)|\bvers\sla|\bsur\sla)\s"
# a message that is the region alone, after "moi", "je suis", "j'habite"... (folded)
_ALONE_BEFORE = (
    r"^(?:(?:bah|ben|euh|moi|ici|alors)[\s,]{1,3}){0,2}"
    r"(?:(?:c'?est|je suis|jsuis|j'?habite|je vis|on est)\s)?"
)
_ALONE_AFTER = r"[\s.!,]{0,6}(?:merci)?[\s.!]{0,4}$"


@dataclass(frozen=True)
class Region:
    name: str
    departements: tuple[str, ...]
    start: int
    end: int


_SEPARATOR = re.compile(r"[\s'\-]{1,3}")


def _key(name: str) -> str:
    return " ".join(_SEPARATOR.split(fold(name)))


#: folded name (words joined by one space) → the region's name
_NAMES = {_key(name): name for name in REGIONS} | {
    _key(other): name for other, name in _OTHER_NAMES.items()
}
# longest names first: "pays de la loire" before a shorter name inside it
_ALTERNATIVES = "|".join(
    r"[\s'\-]{1,3}".join(map(re.escape, n.split())) for n in sorted(_NAMES, key=len, reverse=True)
)
_CUED = re.compile(rf"{_CUE}(?:l')?(?P<name>{_ALTERNATIVES})\b")
_ALONE = re.compile(
    rf"{_ALONE_BEFORE}(?:la\s|le\s|les\s|l')?(?P<name>{_ALTERNATIVES}){_ALONE_AFTER}"
)


def region_named(text: str) -> Region | None:
    """The region the message places the person in, if any (offsets in ``text``)."""
    folded = fold(text[:300])
    match = _ALONE.match(folded) or _CUED.search(folded)
    if match is None:
        return None
    name = _NAMES[_key(match.group("name"))]
    return Region(name, REGIONS[name], match.start("name"), match.end("name"))


def within_region(entity: dict[str, Any], region: Region) -> bool:
    """A place entity that is a word of the region's name ("Loire" in "Pays de la
    Loire", "Nord" in "Nord-Pas-de-Calais")."""
    start, end = int(entity.get("start") or 0), int(entity.get("end") or 0)
    return region.start <= start and end <= region.end


def region_question(region: Region) -> PlaceQuestion:
    """Which département or commune of the region: its départements as options where
    they are few, else the question alone."""
    if len(region.departements) <= MAX_OPTIONS:
        buttons = tuple(departement_button(code) for code in region.departements)
        return PlaceQuestion("utter_location_region", {"region": region.name}, buttons)
    return PlaceQuestion("utter_location_region_wide", {"region": region.name})


def departement_payload(code: str) -> str:
    return '/inform{"location": "' + f"{DEPARTEMENTS[code]} ({code})".replace('"', "") + '"}'


def departement_button(code: str) -> Button:
    return Button(f"{DEPARTEMENTS[code]} ({code})", departement_payload(code))
