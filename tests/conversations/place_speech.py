"""How a simulated candidate says where they live: the place in one of its forms
(a name, a postal code, a département, the area around a city, misspelt...), a
wrong place then corrected, a correction of a correction, and the choice among
communes of one name."""

from __future__ import annotations

from typing import Any

from tests.conversations import vocabulary as v
from tests.conversations.fresh_places import at_place, of_place
from tests.conversations.lexicon import Lexicon
from tests.conversations.personas import AREA_NAMES, PLACES, REGION_OF, Persona
from tests.conversations.topics import Turn, fold

__all__ = ["PlaceSpeech", "place_buttons"]


class PlaceSpeech:
    """The place half of the candidate (tests.conversations.candidate.Candidate)."""

    persona: Persona
    said: dict[str, Any]
    place_tries: int
    double_step: int

    @property
    def lex(self) -> Lexicon:
        raise NotImplementedError

    def _style(self, text: str, keep: tuple[str, ...] = ()) -> str:
        raise NotImplementedError

    def _place_phrase(self) -> tuple[str, dict[str, Any]]:
        p = self.persona
        rng = p.rng
        place = p.place
        form = p.place_form
        self.place_tries += 1
        if self.place_tries > 1 and form in (
            *("dep", "dep_num", "typo", "written", "near", "area", "region", "origin", "former"),
            "landmark",
        ):
            form = "name_cp"  # not understood: the name again, with its postal code
        if form == "dep" and place.departement not in self.lex.dep_in:
            form = "name"
        if form == "cp" and place.shared_code:
            form = "name_cp"
        if form in ("written", "name_dep") and place.shared_code and not place.ambiguous:
            form = "name"
        template = rng.choice(self.lex["place_more"] if form == "more" else self.lex.place[form])
        commune = place.commune
        if form == "written":  # typed in haste: lower case, no hyphens nor accents, "st"
            commune = v.restyle(commune.lower(), rng, sms=False, no_accents=True, typos=0.0)
            commune = commune.replace("-", " ").replace("saint ", rng.choice(["st ", "saint "]))
        if form == "typo":  # one letter dropped or two swapped: "bordeau", "Villeurbane"
            short = len(commune) <= 4
            commune = v.misspell_short(commune, rng) if short else v.misspell(commune, rng)
        dep_in = rng.choice(self.lex.dep_in.get(place.departement, [place.dep_name]))
        area, area_m = AREA_NAMES.get(place.commune, ("", ""))
        fields = self.lex.place_fields(template, place, commune, rng)
        text = template.format(
            area=area,
            area_m=area_m,
            commune=commune,
            cp=place.postal_code,
            region=place.region,
            dep_name=place.dep_name,
            dep=place.departement,
            dep_in=dep_in,
            region_name=REGION_OF.get(place.departement, ""),
            in_region=v.in_region(REGION_OF.get(place.departement, "")),
            at=at_place(commune),
            of=of_place(commune),
            lower=fold(commune).replace("-", " "),
            **fields,
        )
        # a region names no département: the one asked next is said then
        facts: dict[str, Any] = {} if form == "region" else {"departement": place.departement}
        if any(
            f"{{{name}}}" in template for name in ("commune", "at", "of", "lower", "upper", "said")
        ):
            facts["commune"] = place.commune
        if "{cp}" in template or "{cp_spaced}" in template:
            facts["postal_code"] = place.postal_code
        keep = (commune, place.region, place.dep_name, dep_in, area, area_m, *fields.values())
        if form == "region":
            keep += (REGION_OF.get(place.departement, ""),)
        return self._style(text, keep=tuple(k for k in keep if k)), facts

    def _correction(self) -> Turn:
        p = self.persona
        rng = p.rng
        place = p.place
        text = self.lex.pick(rng, "corrections").format(commune=place.commune, cp=place.postal_code)
        facts: dict[str, Any] = {"departement": place.departement}
        if place.commune in text:
            facts["commune"] = place.commune
        if place.postal_code in text:
            facts["postal_code"] = place.postal_code
        for slot in ("commune", "postal_code"):
            if slot not in facts:
                self.said.pop(slot, None)
        self.said.update(facts)
        return Turn(self._style(text, keep=(place.commune,)), facts)

    def _other_place(self) -> Any:
        p = self.persona
        return p.rng.choice(
            [x for x in PLACES if x.departement != p.place.departement and not x.ambiguous]
        )

    def _double_correction(self) -> Turn:
        """The right place was given: a wrong "correction", then back to the right one."""
        p = self.persona
        rng = p.rng
        if self.double_step == 1:
            self.double_step = 2
            other = self._other_place()
            text = self.lex.pick(rng, "double_wrong").format(commune=other.commune)
            facts = {"commune": other.commune, "departement": other.departement}
            self.said.pop("postal_code", None)
            self.said.update(facts)
            return Turn(self._style(text, keep=(other.commune,)), facts)
        self.double_step = 0
        place = p.place
        text = self.lex.pick(rng, "double_back").format(commune=place.commune)
        facts = {"commune": place.commune, "departement": place.departement}
        self.said.update(facts)
        return Turn(self._style(text, keep=(place.commune,)), facts)

    def _choose_place(self, buttons: list[dict[str, Any]]) -> Turn:
        place = self.persona.place
        offered = place_buttons(buttons)
        for rank, button in enumerate(offered, start=1):
            title = fold(button["title"])
            if fold(place.commune).replace("-", " ") in title.replace("-", " ") and (
                place.departement in title
            ):
                self.said.update(commune=place.commune, departement=place.departement)
                typed = self.persona.types_rank and len(buttons) == len(offered)
                return Turn(str(rank) if typed else button["payload"], {"commune": place.commune})
        for rank, button in enumerate(offered, start=1):
            if button["title"].endswith(f"({place.departement})"):  # a region's départements
                for slot in ("commune", "postal_code"):
                    self.said.pop(slot, None)
                self.said.update(departement=place.departement)
                typed = self.persona.types_rank and len(buttons) == len(offered)
                return Turn(
                    str(rank) if typed else button["payload"], {"departement": place.departement}
                )
        self.said.update(postal_code=place.postal_code, departement=place.departement)
        return Turn(place.postal_code, {"postal_code": place.postal_code})


def place_buttons(buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for b in buttons if '"location"' in b["payload"]]
