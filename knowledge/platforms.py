"""The directory of plateformes des métiers de l'autonomie: data, not prose.

`knowledge/platforms.yml` lists the platforms the assistant can name, each
with its départements and the public page it is known from. The list is
partial by design: an answer built on it for a département with no entry says
it does not know of one and points to France Travail, never that none exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .fiches import FicheError, Source

__all__ = ["Platform", "PlatformDirectory", "default_directory_path", "load_directory"]


@dataclass(frozen=True, slots=True)
class Platform:
    name: str
    departements: tuple[str, ...]
    carrier: str
    source: Source
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class PlatformDirectory:
    platforms: tuple[Platform, ...]
    network: Source
    verified: dt.date
    review_by: dt.date

    def in_departement(self, code: str) -> list[Platform]:
        """The platforms known for a département code ("33", "2A", "971")."""
        wanted = code.strip().upper()
        return [p for p in self.platforms if wanted in p.departements]


def default_directory_path() -> Path:
    return Path(__file__).resolve().parent / "platforms.yml"


def _source(path: Path, raw: Any, what: str) -> Source:
    if not isinstance(raw, dict):
        raise FicheError(path, f"{what}: 'source' must be {{publisher, title, url, date}}")
    publisher, title = str(raw.get("publisher") or ""), str(raw.get("title") or "")
    date = str(raw.get("date") or "")
    if not publisher or not title or not date:
        raise FicheError(path, f"{what}: the source needs a publisher, a title and a date")
    return Source(publisher, title, date, str(raw["url"]) if raw.get("url") else None)


def _day(path: Path, data: dict[str, Any], key: str) -> dt.date:
    value = data.get(key)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise FicheError(path, f"'{key}' must be a date YYYY-MM-DD") from exc


def load_directory(path: Path | str | None = None) -> PlatformDirectory:
    """Read and validate the directory; `FicheError` names the file on a defect."""
    file = Path(path) if path is not None else default_directory_path()
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FicheError(file, f"cannot read the platform directory: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("platforms"), list):
        raise FicheError(file, "the directory needs a 'platforms' list")
    platforms = []
    for index, raw in enumerate(data["platforms"], start=1):
        if not isinstance(raw, dict) or not raw.get("name") or not raw.get("departements"):
            raise FicheError(file, f"platform #{index} needs a name and départements")
        name = str(raw["name"])
        platforms.append(
            Platform(
                name=name,
                departements=tuple(str(code).upper() for code in raw["departements"]),
                carrier=str(raw.get("carrier") or ""),
                source=_source(file, raw.get("source"), name),
                contact=str(raw["contact"]) if raw.get("contact") else None,
            )
        )
    return PlatformDirectory(
        platforms=tuple(platforms),
        network=_source(file, data.get("network"), "network"),
        verified=_day(file, data, "verified"),
        review_by=_day(file, data, "review_by"),
    )
