"""Distances and commune coordinates for the reference platform.

Coordinates come from La Poste's reference ("Source : La Poste, base officielle
des codes postaux"): `data/seed_communes.csv` holds its rows for the communes
the demo data names (tests/platform_server/test_seed.py checks them against the
full copy the assistant ships in nlu/data/).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from vocab.geo import EARTH_RADIUS_KM, haversine_km

__all__ = [
    "CommunePoint",
    "bounding_box",
    "default_laposte_csv",
    "haversine_km",
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
    with (path or default_laposte_csv()).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            key = (row["Nom_commune"], row["Code_postal"])
            if key not in wanted or key in found or not row["coordonnees_gps"].strip():
                continue
            lat, _, lon = row["coordonnees_gps"].partition(",")
            found[key] = CommunePoint(
                row["Code_commune_INSEE"], key[0], key[1], float(lat), float(lon)
            )
    return found
