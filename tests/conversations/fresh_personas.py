"""Personas that speak session 17's vocabulary (`--vocabulary new`, or `mix`: one
persona in two): the older draws are kept, then the persona's own generator
draws its new place (mostly one of fresh_places.FRESH_PLACES), the form it says
it in, and the new habits (a late click on an old button, a message sent twice).
"""

from __future__ import annotations

from tests.conversations.fresh_places import FRESH_PLACES
from tests.conversations.personas import REGION_OF, Persona, generate

__all__ = ["personas"]

_FORMS = (
    *("name", "name", "name", "name_cp", "name_cp_region", "cp", "near", "name_dep"),
    *("written", "typo", "dep", "dep_num", "more"),
)


def personas(seed: int, count: int, vocabulary: str = "old") -> list[Persona]:
    drawn = generate(seed, count)
    if vocabulary == "old":
        return drawn
    for persona in drawn:
        rng = persona.rng
        if vocabulary == "mix" and rng.random() < 0.5:
            continue
        persona.vocabulary = "new"
        if rng.random() < 0.75:
            persona.place = rng.choice(FRESH_PLACES)
        forms = _FORMS + (("region",) if persona.place.departement in REGION_OF else ())
        persona.place_form = rng.choice(forms)
        persona.late_click = persona.channel != "sms" and rng.random() < 0.15
        persona.double_send = persona.channel != "sms" and rng.random() < 0.1
    return drawn
