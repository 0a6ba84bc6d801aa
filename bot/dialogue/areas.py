"""An area named after its city: "la métropole lilloise", "l'agglo nantaise", "en
banlieue lyonnaise", "dans le toulousain", "sur le secteur bordelais". The place
searched is the city (its events around it, the distance said), as for "près de
Lille". The adjectives are data (bot/content/city_adjectives.yml)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from bot.content.domain import content_dir, read_yaml
from vocab.text import fold

__all__ = ["area_city"]

# an area's noun, then the city's adjective (folded text; bounded)
_AREA = re.compile(
    r"\b(?:metropole|metro|agglo(?:meration)?|banlieue|region|peripherie|secteur|environs|"
    r"alentours|couronne|bassin|cote|coin|zone|aire|communaute urbaine|campagne)"
    r"\s(?:de l'agglo\s)?([a-z]{4,20})\b"
)
# "dans le toulousain", "sur le bordelais", "vers le lyonnais"
_THE_AREA = re.compile(r"\b(?:dans|sur|vers|en|autour de|pres de) (?:le|la) ([a-z]{4,20})\b")
#: endings of the feminine and plural forms, longest first
_ENDINGS = ("elles", "elle", "ennes", "enne", "nes", "ne", "es", "e", "s")


@cache
def _adjectives() -> dict[str, str]:
    table = read_yaml(content_dir() / "city_adjectives.yml")
    return {fold(str(k)): str(v) for k, v in table.items()}


def _city(word: str) -> str | None:
    table = _adjectives()
    if word in table:
        return table[word]
    for ending in _ENDINGS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            for candidate in (stem, stem + "n", stem + "eau" if ending.startswith("elle") else ""):
                if candidate and candidate in table:
                    return table[candidate]
    return None


def area_city(text: str) -> list[dict[str, Any]]:
    """A location entity for the city an area is named after, or nothing."""
    folded = fold(text[:300])
    for pattern in (_AREA, _THE_AREA):
        for match in pattern.finditer(folded):
            city = _city(match.group(1))
            if city is not None:
                start, end = match.span()
                return [{"entity": "location", "value": city, "start": start, "end": end}]
    return []
