"""La Poste's reference of postal codes, read row by row: the one reader of its CSV
(``;``-separated, a header row, columns Code_commune_INSEE; Nom_commune; Code_postal;
Ligne_5; Libellé_d_acheminement; coordonnees_gps) for the NLU's communes and the
reference platform's seed coordinates."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ATTRIBUTION", "PostalRow", "read_laposte"]

ATTRIBUTION = "Source : La Poste, base officielle des codes postaux"


@dataclass(frozen=True, slots=True)
class PostalRow:
    insee: str
    name: str  # upper case without accents ("ST ETIENNE")
    postal_code: str
    ligne5: str  # a locality or a former commune ("" when none)
    lat: float | None  # None where the row has no coordinates
    lon: float | None


def read_laposte(path: Path) -> Iterator[PostalRow]:
    """The file's rows, fields stripped; a row with fewer than six fields is skipped."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader, None)
        for fields in reader:
            if len(fields) < 6:
                continue
            insee, name, code, ligne5, _libelle, gps = (f.strip() for f in fields[:6])
            lat = lon = None
            if "," in gps:
                lat_text, lon_text = gps.split(",", 1)
                lat, lon = float(lat_text), float(lon_text)
            yield PostalRow(insee, name, code, ligne5, lat, lon)
