"""Distances and commune coordinates for the reference platform.

Coordinates come from La Poste's reference ("Source : La Poste, base officielle
des codes postaux"): `data/seed_communes.csv` holds its rows for the communes
the demo data names (tests/platform_server/test_seed.py checks them against the
full copy the assistant ships in nlu/data/).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from vocab.geo import EARTH_RADIUS_KM
from vocab.laposte import read_laposte

__all__ = [
    "CommunePoint",
    "bounding_box",
    "default_laposte_csv",
    "load_commune_points",
]


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle: a cheap SQL pre-filter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


@dataclass(frozen=True, slots=True)
class CommunePoint:
    insee: str
    name: str  # La Poste's spelling, upper case without accents
    postal_code: str
    lat: float
    lon: float


def default_laposte_csv() -> Path:
    return Path(str(resources.files("platform_server") / "data" / "seed_communes.csv"))


def load_commune_points(
    wanted: set[tuple[str, str]], path: Path | None = None
) -> dict[tuple[str, str], CommunePoint]:
    """Looks up (La Poste name, postal code) pairs; rows without coordinates are skipped."""
    found: dict[tuple[str, str], CommunePoint] = {}
    for row in read_laposte(path or default_laposte_csv()):
        key = (row.name, row.postal_code)
        if key not in wanted or key in found or row.lat is None or row.lon is None:
            continue
        found[key] = CommunePoint(row.insee, row.name, row.postal_code, row.lat, row.lon)
    return found
