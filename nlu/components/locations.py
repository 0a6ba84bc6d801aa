"""Helpers on communes and départements shared by the gazetteer and the evaluation."""

from __future__ import annotations

from typing import Any

from nlu.geo import Commune
from nlu.text import fold_key
from vocab.departements import DEPARTEMENTS

__all__ = ["departement_names", "location_extra"]


def departement_names() -> dict[str, str]:
    """Folded département name → code ("finistere" → "29")."""
    names: dict[str, str] = {}
    for code, name in DEPARTEMENTS.items():
        names[fold_key(name)] = code
        if name.startswith("La "):
            names[fold_key(name[3:])] = code
    names.pop("paris", None)  # the commune answers for Paris
    return names


def location_extra(found: list[Commune], *, same_code: bool = False) -> dict[str, Any]:
    """The details a location entity carries: the best commune, candidates when ambiguous."""
    best = found[0]
    extra: dict[str, Any] = {**best.as_dict(), "valid": True}
    extra["insee"] = best.insee
    if same_code and len(found) > 1:
        extra["commune"] = None
        extra["candidates"] = [c.as_dict() for c in found]
        return extra
    departements = {c.departement for c in found}
    if len(departements) > 1:
        extra["candidates"] = [c.as_dict() for c in found]
    return extra
