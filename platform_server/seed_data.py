"""Content of the demo data: platforms, event templates, employers' names.

The content is data, in `seed_data.yml` beside this module; this module reads
it once into the typed shapes the seed uses. Everything there is fictitious
except the communes (real, with La Poste's coordinates). Titles and names
carry "[DÉMO]".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEMO",
    "EMPLOYER_JOBS",
    "EMPLOYER_NAMES",
    "EVENT_TEMPLATES",
    "PLATFORMS",
    "PlatformSpec",
]

DEMO = "[DÉMO]"

#: (type, title, description, jobs, hours from-to, capacity)
EventTemplate = tuple[str, str, str, tuple[str, ...], tuple[str, str], int]


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    departement: str
    name: str
    address: str
    office: tuple[str, str]  # La Poste name, postal code
    phone: str
    counsellors: tuple[str, ...]
    opening_hours: dict[str, list[dict[str, str]]]
    answer_within_hours: int
    #: (La Poste name, postal code, display name, public transport hint)
    communes: tuple[tuple[str, str, str, str], ...]


def _pair(value: list[str]) -> tuple[str, str]:
    first, second = value
    return str(first), str(second)


def _schedules(raw: dict[str, Any]) -> dict[str, dict[str, list[dict[str, str]]]]:
    return {
        name: {
            day: [{"opens": opens, "closes": closes} for opens, closes in map(_pair, slots)]
            for day, slots in days.items()
        }
        for name, days in raw.items()
    }


def _platform(raw: dict[str, Any], schedules: dict[str, Any]) -> PlatformSpec:
    return PlatformSpec(
        departement=str(raw["departement"]),
        name=f"{DEMO} {raw['name']}",
        address=raw["address"],
        office=_pair(raw["office"]),
        phone=raw["phone"],
        counsellors=tuple(raw["counsellors"]),
        opening_hours=schedules[raw["opening_hours"]],
        answer_within_hours=int(raw["answer_within_hours"]),
        communes=tuple((str(n), str(cp), str(d), str(t)) for n, cp, d, t in raw["communes"]),
    )


def _template(raw: dict[str, Any]) -> EventTemplate:
    return (
        raw["type"],
        raw["title"],
        raw["description"],
        tuple(raw["jobs"]),
        _pair(raw["hours"]),
        int(raw["capacity"]),
    )


_DATA = yaml.safe_load((Path(__file__).with_name("seed_data.yml")).read_text(encoding="utf-8"))
_SCHEDULES = _schedules(_DATA["opening_hours"])

PLATFORMS: tuple[PlatformSpec, ...] = tuple(_platform(p, _SCHEDULES) for p in _DATA["platforms"])
EVENT_TEMPLATES: tuple[EventTemplate, ...] = tuple(map(_template, _DATA["event_templates"]))
EMPLOYER_NAMES: dict[str, tuple[str, ...]] = {
    kind: tuple(employer["names"]) for kind, employer in _DATA["employers"].items()
}
EMPLOYER_JOBS: dict[str, tuple[str, ...]] = {
    kind: tuple(employer["jobs"]) for kind, employer in _DATA["employers"].items()
}
