"""Derived facts about a profile: barriers, summary, next steps (orientation.yml)."""

from __future__ import annotations

from typing import Any

from bot.dialogue.conditions import matches
from bot.dialogue.content import Content
from vocab.departements import DEPARTEMENTS

__all__ = ["derive_barriers", "describe", "next_steps", "profile_facts"]


def profile_facts(slots: dict[str, Any], content: Content) -> dict[str, Any]:
    """The slots plus derived facts the rules may test."""
    required: dict[str, list[str]] = content.orientation.get("diplomas_required", {})
    jobs = slots.get("jobs") or []
    diplomas = slots.get("diplomas")
    missing = diplomas is not None and any(
        job in required and not set(required[job]) & set(diplomas) for job in jobs
    )
    return {**slots, "missing_diploma_for_job": missing}


def derive_barriers(slots: dict[str, Any], content: Content) -> list[str]:
    facts = profile_facts(slots, content)
    found = [
        rule["barrier"]
        for rule in content.orientation.get("barriers", [])
        if matches({k: v for k, v in rule.items() if k != "barrier"}, facts)
    ]
    return list(dict.fromkeys(found))


def next_steps(slots: dict[str, Any], content: Content, limit: int = 4) -> list[dict[str, Any]]:
    facts = profile_facts(slots, content)
    chosen = [
        step for step in content.orientation.get("steps", []) if matches(step.get("when"), facts)
    ]
    return chosen[:limit]


def describe(values: dict[str, Any], content: Content) -> str:
    """French, short: "aide à domicile, Rezé (44), pas de permis, 2 enfants"."""
    parts: list[str] = []
    if values.get("jobs"):
        parts.append(", ".join(content.label("jobs", j) for j in values["jobs"]))
    if values.get("commune"):
        dept = values.get("departement")
        parts.append(f"{values['commune']} ({dept})" if dept else str(values["commune"]))
    elif values.get("postal_code"):
        parts.append(str(values["postal_code"]))
    elif values.get("departement"):  # a département alone: "Essonne (91)"
        dept = str(values["departement"])
        name = DEPARTEMENTS.get(dept)
        parts.append(f"{name} ({dept})" if name else f"département {dept}")
    licence = values.get("driving_licence")
    if licence is not None:
        parts.append("permis oui" if licence else "pas de permis")
    if values.get("vehicle") is not None:
        parts.append(content.label("vehicle", values["vehicle"]))
    if values.get("public_transport") is not None:
        parts.append(
            "transports en commun oui"
            if values["public_transport"]
            else "pas de transports en commun"
        )
    children = values.get("children")
    if children is not None:
        parts.append(
            "pas d'enfant" if children == 0 else f"{children} enfant{'s' if children > 1 else ''}"
        )
    if values.get("childcare_needed") is not None and children != 0:
        parts.append(
            "garde d'enfants à trouver" if values["childcare_needed"] else "enfants gardés"
        )
    if values.get("diplomas"):
        parts.append(", ".join(content.label("diplomas", d) for d in values["diplomas"]))
    if values.get("rqth") is not None:
        parts.append("RQTH" if values["rqth"] else "pas de RQTH")
    return ", ".join(parts)
