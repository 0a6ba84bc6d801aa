"""Building the communes' index from La Poste's reference and the INSEE's COG (see
:mod:`nlu.geo`): one row per commune (INSEE code), its postal codes, coordinates and
prominence, the names and localities that find it, and the communes of each postal
code. Paris, Lyon and Marseille are added as whole cities beside their arrondissements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlu.geo_names import cog_names
from nlu.text import fold_key
from vocab.laposte import read_laposte

__all__ = ["CACHE_VERSION", "CITIES_WITH_ARRONDISSEMENTS", "PARTICLES", "build_state"]

#: raise it when the state's shape changes: caches of another version are rebuilt
CACHE_VERSION = 3
CITIES_WITH_ARRONDISSEMENTS = {
    "75056": ("PARIS", "75"),
    "69123": ("LYON", "69"),
    "13055": ("MARSEILLE", "13"),
}
PARTICLES = frozenset(
    {"la", "le", "les", "sur", "sous", "en", "l", "d", "de", "du", "des", "aux", "lez"}
)


def build_state(path: Path, cog: Path) -> dict[str, Any]:
    """The index of La Poste's file at ``path``, with the names and populations of the
    COG file at ``cog`` (absent: La Poste's names, no populations)."""
    rows: dict[str, dict[str, Any]] = {}
    aliases: dict[str, set[tuple[str, str]]] = {}
    postal_insee: dict[str, list[str]] = {}
    for rec in read_laposte(path):
        insee, name, code, ligne5 = rec.insee, rec.name, rec.postal_code, rec.ligne5
        row = rows.setdefault(insee, {"name": name, "codes": [], "lat": None, "lon": None})
        if code not in row["codes"]:
            row["codes"].append(code)
        if row["lat"] is None and rec.lat is not None:
            row["lat"], row["lon"] = rec.lat, rec.lon
        if insee not in postal_insee.setdefault(code, []):
            postal_insee[code].append(insee)
        if ligne5 and fold_key(ligne5) != fold_key(name):
            aliases.setdefault(fold_key(ligne5), set()).add((insee, code))
        words = fold_key(name).split()
        if len(words) > 2 and words[1] in PARTICLES and len(words[0]) > 3:
            aliases.setdefault(words[0], set()).add((insee, code))  # "Brive"
    _add_whole_cities(rows)
    state = _index(rows, aliases, postal_insee)
    named = cog_names(cog)
    state["written"] = [named.get(i, (None, None))[0] for i in state["insee"]]
    state["population"] = [named.get(i, (None, None))[1] for i in state["insee"]]
    return state


def _add_whole_cities(rows: dict[str, dict[str, Any]]) -> None:
    for insee, (name, dept) in CITIES_WITH_ARRONDISSEMENTS.items():
        parts = [
            r for i, r in rows.items() if i.startswith(dept) and r["name"].startswith(name + " ")
        ]
        if not parts:
            continue
        lats = [r["lat"] for r in parts if r["lat"] is not None]
        lons = [r["lon"] for r in parts if r["lon"] is not None]
        codes = sorted({c for r in parts for c in r["codes"]})
        rows[insee] = {
            "name": name,
            "codes": codes,
            "lat": sum(lats) / len(lats) if lats else None,
            "lon": sum(lons) / len(lons) if lons else None,
        }


def _index(
    rows: dict[str, dict[str, Any]],
    aliases: dict[str, set[tuple[str, str]]],
    postal_insee: dict[str, list[str]],
) -> dict[str, Any]:
    insees = sorted(rows)
    pos = {insee: i for i, insee in enumerate(insees)}
    state: dict[str, Any] = {
        "version": CACHE_VERSION,
        "insee": insees,
        "names": [rows[i]["name"] for i in insees],
        "codes": [tuple(sorted(rows[i]["codes"])) for i in insees],
        "lat": [rows[i]["lat"] for i in insees],
        "lon": [rows[i]["lon"] for i in insees],
    }
    # prominence: big towns have several postal codes of their own
    scores = []
    for i in insees:
        codes = rows[i]["codes"]
        own = sum(1 for c in codes if len(postal_insee.get(c, [])) == 1)
        scores.append(
            2.0 * len(codes) + own + (0.5 if any(c.endswith("000") for c in codes) else 0)
        )
    state["score"] = scores
    by_key: dict[str, list[int]] = {}
    for idx, name in enumerate(state["names"]):
        by_key.setdefault(fold_key(name), []).append(idx)
    for members in by_key.values():
        members.sort(key=lambda j: -scores[j])
    state["by_key"] = by_key
    state["by_alias"] = {
        key: sorted(((pos[i], c) for i, c in vals), key=lambda t: -scores[t[0]])
        for key, vals in aliases.items()
        if key not in by_key
    }
    state["by_postal"] = {
        code: [pos[i] for i in ins if i in pos] for code, ins in postal_insee.items()
    }
    return state
