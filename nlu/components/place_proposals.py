"""The gazetteer's proposals: a matched commune name, département, postal code or
département number becomes a ``location`` candidate carrying its commune, postal code
and département (:func:`location_extra`). Matching (which words name a place) is
:class:`nlu.components.gazetteer.CommuneGazetteer`'s; this module only says what
a match means.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from nlu.components.base import folded, propose_folded
from nlu.components.locations import DEPARTEMENT_NUMBER, location_extra
from nlu.geo import Commune, Communes
from nlu.text import fold_key
from vocab.departements import DEPARTEMENTS

__all__ = [
    "EXTRACTOR",
    "Spans",
    "propose_departement",
    "propose_departement_numbers",
    "propose_name",
    "propose_postal",
]

EXTRACTOR = "CommuneGazetteer"
_ARTICLE = re.compile(r"^l[ae] ")
Spans = list[tuple[int, int, str]]


def propose_name(
    doc: Doc,
    communes: Communes,
    start: int,
    end: int,
    key: str,
    postal_spans: Spans,
    article: str = "",
    confidence: float | None = None,
    within: set[str] | None = None,
) -> None:
    """``article``: the commune's article when the text contracted it ("au Havre");
    ``key`` may differ from the text when it was misspelt; ``within``: the
    départements the message names, which settle a name several share
    ("Valence, Drôme")."""
    found, _alias = communes.lookup_key(key)
    if not found:
        return
    narrowed_by_name = False
    if within and len({c.departement for c in found}) > 1:
        inside = [c for c in found if c.departement in within]
        found, narrowed_by_name = inside or found, bool(inside)
    near = [code for ps, pe, code in postal_spans if abs(ps - end) <= 4 or abs(start - pe) <= 4]
    if near:
        narrowed = [c for c in found if near[0] in c.postal_codes]
        if not narrowed:
            narrowed = [
                c
                for c in communes.by_postal_code(near[0])
                if c.laposte_name.lower().startswith(key.split()[0])
            ]
        if narrowed:
            found = [replace(narrowed[0], postal_code=near[0])]
    extra = location_extra(found)
    if narrowed_by_name:
        extra["departement_named"] = True
    ft = folded(doc)
    surface = ft.original[slice(*ft.to_original(start, end))]
    if confidence is None:
        confidence = 0.95 if len(found) == 1 else 0.8
    value = f"{article.capitalize()} {surface}" if article else surface
    if fold_key(surface) != key and not article:
        value = _spelt(found, key)  # "Montpelier": the value is the name meant
    propose_folded(
        doc,
        start,
        end,
        "location",
        value,
        EXTRACTOR,
        priority=12,
        confidence=confidence,
        extra=extra,
    )


def _spelt(found: list[Commune], key: str) -> str:
    """The written name of the communes a corrected ``key`` names (a locality's own key
    when La Poste's name is another's)."""
    names = {c.name for c in found if fold_key(c.name) == key}
    return sorted(names)[0] if names else " ".join(w.capitalize() for w in key.split())


def propose_departement(doc: Doc, start: int, end: int, code: str) -> None:
    """A département named ("en Gironde", "dans la Drôme", "à la Réunion"): its value
    is its name as written in the list of départements ("La Réunion", "Seine-et-Marne")."""
    surface = (ft := folded(doc)).original[slice(*ft.to_original(start, end))]
    name = DEPARTEMENTS.get(code, "")
    if _ARTICLE.sub("", fold_key(name)) == _ARTICLE.sub("", fold_key(surface)):
        surface = name
    extra = {"commune": None, "postal_code": None, "departement": code, "valid": True}
    propose_folded(
        doc,
        start,
        end,
        "location",
        surface,
        EXTRACTOR,
        priority=11,
        confidence=0.9,
        extra=extra,
    )


def propose_postal(doc: Doc, communes: Communes, start: int, end: int, code: str) -> None:
    """A postal code: its communes, or an invalid place when La Poste has no such code."""
    found = communes.by_postal_code(code)
    if found:
        extra = location_extra(found, same_code=True)
    else:
        extra = {"commune": None, "postal_code": code, "departement": None, "valid": False}
    propose_folded(
        doc,
        start,
        end,
        "location",
        code,
        EXTRACTOR,
        priority=12,
        confidence=0.95 if found else 0.5,
        extra=extra,
    )


def propose_departement_numbers(doc: Doc, departements: set[str], postal_spans: Spans) -> None:
    """A département by its number ("dans le 29", "dept 33"), outside postal codes."""
    ft = folded(doc)
    for m in DEPARTEMENT_NUMBER.finditer(ft.text):
        dept = m.group(1).upper()
        if dept in departements and not any(s <= m.start(1) < e for s, e, _ in postal_spans):
            propose_folded(
                doc,
                *m.span(1),
                "location",
                ft.original[slice(*ft.to_original(*m.span(1)))],
                EXTRACTOR,
                priority=8,
                confidence=0.7,
                extra={
                    "commune": None,
                    "postal_code": None,
                    "departement": dept,
                    "valid": True,
                },
            )
