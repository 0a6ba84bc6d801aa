"""The slot values entities stand for: an entity's canonical value, a yes/no, a vehicle,
and the jobs and diplomas a message names merged with those already known."""

from __future__ import annotations

from functools import cache
from typing import Any

from nlu import load_vocabulary
from vocab.jobs import JOBS as JOB_CODES
from vocab.text import fold

__all__ = ["canonical", "merged_lists", "to_bool", "to_vehicle"]

JOBS = frozenset(JOB_CODES)
DIPLOMAS = {
    "deas",
    "deaes",
    "titre_advf",
    "cap_aepe",
    "bac_pro_assp",
    "bac_pro_sapat",
    "none",
    "brevet",
    "cap",
    "bac",
    "bac+2",
    "bac+3",
}
VEHICLES = {"car", "two_wheeler", "none"}
_TRUE = {"true", "oui", "yes", "1"}
_FALSE = {"false", "non", "no", "0"}


@cache
def _forms() -> dict[tuple[str, str], str]:
    """(entity, folded surface form) -> canonical value, from the NLU's vocabulary."""
    return {(p.entity, _key(p.phrase)): p.value for p in load_vocabulary()}


def _key(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").replace("'", " ").split())


def canonical(entity: str, value: str) -> str:
    """The canonical value of an entity the NLU left as written ("auxiliaire de vie
    aux familles" -> "advf")."""
    return _forms().get((entity, _key(value)), value)


def merged_lists(
    slots: dict[str, Any], by_type: dict[str, list[dict[str, Any]]], *, correction: bool
) -> dict[str, list[str]]:
    """The `jobs` and `diplomas` slots that change: the values named added to those
    known (replacing them on a correction); "no diploma" and a diploma exclude each other."""
    changed: dict[str, list[str]] = {}
    for slot, entity, allowed in (("jobs", "job", JOBS), ("diplomas", "diploma", DIPLOMAS)):
        values = [canonical(entity, str(e.get("value"))) for e in by_type.get(entity, [])]
        new = [v for v in values if v in allowed]
        if not new:
            continue
        known = [] if correction else list(slots.get(slot) or [])
        if slot == "diplomas":
            known = [] if "none" in new else [d for d in known if d != "none"]
            new = (
                ["none"]
                if "none" in new and len(set(new)) == 1
                else [d for d in new if d != "none"]
            )
        merged = list(dict.fromkeys([*known, *new]))
        if merged != list(slots.get(slot) or []):
            changed[slot] = merged
    return changed


def to_bool(value: Any) -> bool | None:
    text = str(value).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def to_vehicle(value: Any) -> str | None:
    text = str(value).strip().lower()
    return text if text in VEHICLES else None
