"""French communes and postal codes, from La Poste's reference.

Source : La Poste, base officielle des codes postaux (``nlu/data/laposte_hexasmal.csv``,
a 2020 snapshot copied unchanged). Names there are upper case without accents
("ST ETIENNE"); a commune is shown as people write it, from the INSEE's Code officiel
géographique (``nlu/data/communes_cog.csv``: "Saint-Étienne", "Rezé"), else in
:func:`nice_name`'s readable form. The COG also gives each commune's population.

:class:`Communes` loads the CSV once (or a compact pickle cache written at train
time into the model dir) and answers lookups by name, by postal code, and
coordinates for distances. Paris, Lyon and Marseille exist both as a whole
commune (no single postal code) and as their arrondissements ("Paris 15").
"""

from __future__ import annotations

import bisect
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from nlu.errors import NLUError
from nlu.geo_build import CACHE_VERSION, CITIES_WITH_ARRONDISSEMENTS, PARTICLES, build_state
from nlu.geo_names import nice_name, short_typo, words_one_edit
from nlu.text import fold_key
from vocab.geo import haversine_km
from vocab.laposte import ATTRIBUTION

__all__ = [
    "ATTRIBUTION",
    "SHORT_NAME_PEOPLE",
    "Commune",
    "Communes",
    "default_csv_path",
    "departement_of_insee",
    "nice_name",
]

_POSTAL = re.compile(r"^\d{5}$")


_MAX_FUZZY_WORDS = 4
#: names shorter than this are misspelt only in the few ways short_typo allows
_LONG_NAME = 5
_SHORT_NAME = _LONG_NAME - 1
#: the people a town of a short name needs to be guessed from a misspelling (Dax, Riom)
SHORT_NAME_PEOPLE = 15_000
#: how many times as populous a commune one edit away must be to be offered beside
#: the small commune of the exact name written
FAR_BIGGER = 20


def default_csv_path() -> Path:
    """The La Poste CSV shipped inside the package."""
    return Path(str(resources.files("nlu") / "data" / "laposte_hexasmal.csv"))


def departement_of_insee(insee: str) -> str:
    """ "33281" → "33", "2A004" → "2A", "97209" → "972"."""
    return insee[:3] if insee[:2] in {"97", "98"} else insee[:2]


@dataclass(frozen=True)
class Commune:
    """One commune. ``postal_code`` is set when it is known (a single code, or the one asked)."""

    insee: str
    laposte_name: str
    postal_code: str | None
    postal_codes: tuple[str, ...]
    departement: str
    lat: float | None
    lon: float | None
    written: str | None = None  # the COG's spelling, accents included
    population: int | None = None

    @property
    def name(self) -> str:
        return self.written or nice_name(self.laposte_name)

    def as_city(self) -> Commune:
        """An arrondissement ("Lyon 8") as its city with the arrondissement's postal code
        and coordinates (Lyon, 69008); any other commune as it is."""
        for insee, (city, dept) in CITIES_WITH_ARRONDISSEMENTS.items():
            if self.departement == dept and self.laposte_name.startswith(city + " "):
                one = self.postal_codes[0] if len(self.postal_codes) == 1 else None
                code = self.postal_code or one
                return replace(self, insee=insee, laposte_name=city, written=None, postal_code=code)
        return self

    def as_dict(self) -> dict[str, str | None]:
        return {
            "commune": self.name,
            "postal_code": self.postal_code,
            "departement": self.departement,
        }


class Communes:
    """Lookup of communes by name or postal code, with coordinates.

    Build with :meth:`from_csv` (about 0.5 s) or :meth:`load` (the pickle written
    by :meth:`save`, ~0.1 s).
    """

    def __init__(self, state: dict[str, Any]) -> None:
        self._state = state
        self._insee: list[str] = state["insee"]
        self._names: list[str] = state["names"]
        self._codes: list[tuple[str, ...]] = state["codes"]
        self._lat: list[float | None] = state["lat"]
        self._lon: list[float | None] = state["lon"]
        self._score: list[float] = state["score"]
        self._by_key: dict[str, list[int]] = state["by_key"]
        self._by_alias: dict[str, list[tuple[int, str]]] = state["by_alias"]
        self._by_postal: dict[str, list[int]] = state["by_postal"]
        self._written: list[str | None] = state["written"]
        self._population: list[int | None] = state["population"]
        self._sorted_keys: list[str] | None = None
        self._fuzzy: dict[tuple[str, int, int], list[str]] | None = None
        self._short: list[str] | None = None

    # --- building -----------------------------------------------------------------
    @classmethod
    def from_csv(cls, path: str | Path | None = None, cog: str | Path | None = None) -> Communes:
        """``cog``: the names and populations (default: the file shipped beside La Poste's)."""
        path = Path(path) if path is not None else default_csv_path()
        if not path.is_file():
            raise NLUError(f"La Poste file not found: {path}")
        return cls(
            build_state(path, Path(cog) if cog is not None else path.with_name("communes_cog.csv"))
        )

    # --- persistence --------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(pickle.dumps(self._state, protocol=pickle.HIGHEST_PROTOCOL))

    @classmethod
    def load(cls, path: str | Path | None = None) -> Communes:
        """Loads a cache written by :meth:`save`; falls back to the CSV when absent or stale."""
        if path is not None and Path(path).is_file():
            state = pickle.loads(Path(path).read_bytes())
            if isinstance(state, dict) and state.get("version") == CACHE_VERSION:
                return cls(state)
        return cls.from_csv()

    # --- queries ------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._insee)

    def _commune(self, idx: int, postal_code: str | None = None) -> Commune:
        codes = self._codes[idx]
        if (
            postal_code is None
            and len(codes) == 1
            and self._insee[idx] not in CITIES_WITH_ARRONDISSEMENTS
        ):
            postal_code = codes[0]
        return Commune(
            insee=self._insee[idx],
            laposte_name=self._names[idx],
            postal_code=postal_code,
            postal_codes=codes,
            departement=departement_of_insee(self._insee[idx]),
            lat=self._lat[idx],
            lon=self._lon[idx],
            written=self._written[idx],
            population=self._population[idx],
        )

    def lookup(self, name: str, *, aliases: bool = True) -> list[Commune]:
        """Communes with that name (any spelling), most prominent first.

        Former communes / localities (La Poste's "ligne 5") answer when no
        commune has the name and ``aliases`` is true.
        """
        key = fold_key(name)
        found = self._by_key.get(key)
        if found:
            return [self._commune(i) for i in found]
        if aliases:
            return [self._commune(i, code) for i, code in self._by_alias.get(key, [])]
        return []

    def longer_names(self, name: str, limit: int = 4) -> list[Commune]:
        """Communes whose name continues this one with a particle ("Villefranche" →
        "Villefranche-sur-Saône") and that are at least as prominent as the commune of
        that exact name (as populous, where the COG gives both populations), most
        prominent first: a bare name may mean one of them, never a village that only
        starts like a town ("Muret" is Muret, 26,000 inhabitants, not Muret-le-Château)."""
        key = fold_key(name)
        if not key:
            return []
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self._by_key)
        keys = self._sorted_keys
        exact_ids = self._by_key.get(key, [])
        exact = max((self._score[i] for i in exact_ids), default=0.0)
        counted = [n for i in exact_ids if (n := self._population[i]) is not None]
        exact_people = max(counted, default=None)

        def prominent(i: int) -> bool:
            people = self._population[i]
            if exact_people is not None and people is not None:
                return people >= exact_people
            return self._score[i] >= exact

        found: list[int] = []
        start = bisect.bisect_left(keys, key + " ")
        for other in keys[start : start + 200]:
            if not other.startswith(key + " "):
                break
            if other[len(key) + 1 :].split(" ")[0] in PARTICLES:
                found += [i for i in self._by_key[other] if prominent(i)]
        found.sort(key=lambda i: (-(self._population[i] or 0), -self._score[i]))
        return [self._commune(i) for i in found[:limit]]

    def far_bigger(self, name: str, ratio: int = FAR_BIGGER, limit: int = 3) -> list[Commune]:
        """Communes a bare name more likely means than the small commune of that exact
        name: `ratio` times as populous or more, and one edit away ("vanne": Vannes,
        not Vanne, 123 inhabitants) or continuing it ("evry": Évry-Courcouronnes, not
        Évry in the Yonne). Most populous first; none when no exact commune has a known
        population."""
        key = fold_key(name)
        exact = [n for i in self._by_key.get(key, ()) if (n := self._population[i]) is not None]
        if not exact:
            return []
        least = max(exact) * ratio
        near = self._one_edit_keys(key) if len(key) >= _LONG_NAME else []
        found = {
            i for other in near for i in self._by_key[other] if (self._population[i] or 0) >= least
        }
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self._by_key)
        start = bisect.bisect_left(self._sorted_keys, key + " ")
        for other in self._sorted_keys[start : start + 200]:
            if not other.startswith(key + " "):
                break
            found.update(i for i in self._by_key[other] if (self._population[i] or 0) >= least)
        ranked = sorted(found, key=lambda i: -(self._population[i] or 0))
        return [self._commune(i) for i in ranked[:limit]]

    def _one_edit_keys(self, key: str) -> list[str]:
        """Commune name keys (no locality) one edit away from `key`, word by word."""
        return [name for name in self._one_edit_names(key) if name in self._by_key]

    def _one_edit_names(self, key: str) -> list[str]:
        """Name keys and locality aliases one edit away from `key`, word by word: only
        those of its first letter, word count and length ±1 a word are compared."""
        words = key.split()
        if not words or len(words) > _MAX_FUZZY_WORDS:
            return []
        index = self._fuzzy_index()
        n = len(words)
        return [
            name
            for length in range(len(key) - n, len(key) + n + 1)
            for name in index.get((key[0], n, length), ())
            if words_one_edit(words, name.split())
        ]

    def _fuzzy_index(self) -> dict[tuple[str, int, int], list[str]]:
        """Name keys by first letter, word count and length (built on first use)."""
        if self._fuzzy is None:
            self._fuzzy = {}
            for name in [*self._by_key, *self._by_alias]:
                n = len(name.split())
                if n <= _MAX_FUZZY_WORDS and len(name) >= _LONG_NAME:
                    self._fuzzy.setdefault((name[0], n, len(name)), []).append(name)
        return self._fuzzy

    def fuzzy_key(self, key: str) -> str | None:
        """The name key a misspelt folded ``key`` most likely means ("colmmar" → "colmar"),
        or None.

        A name matches when it has as many words, each equal or one edit away (a letter
        dropped, added, changed, or two neighbours swapped) with at least one edit, words
        of 3 letters or fewer always equal, and the same first letter. Among matches, the
        most populous commune wins, then the most prominent. The cost is bounded: only
        names of that first letter, word count and length ±1 a word are compared (a few
        hundred at most). A name of 4 letters or fewer is guessed only for a town of
        ``SHORT_NAME_PEOPLE`` people or more, and only from a doubled letter or two
        neighbours swapped ("pauu", "agne"): a short word one letter away from a village's
        name is most often another word.
        """
        words = key.split()
        if not words or len(words) > _MAX_FUZZY_WORDS or self.has_key(key):
            return None  # a name as written is not misspelt
        if len(words) == 1 and len(key) <= _SHORT_NAME + 1:
            found = self._short_fuzzy(key)
            if found is not None or len(key) < _LONG_NAME:
                return found
        if len(key.replace(" ", "")) < _LONG_NAME:
            return None
        # the most people first ("beauvai": Beauvais, not Beauval), then prominence
        scored = [(self._people(n), self._prominence(n), n) for n in self._one_edit_names(key)]
        return max(scored)[2] if scored else None

    def _people(self, key: str) -> int:
        """The population of the biggest commune a name key names (0 for a locality)."""
        return max((self._population[i] or 0 for i in self._by_key.get(key, ())), default=0)

    def _short_fuzzy(self, key: str) -> str | None:
        """The short name of a big town a one-word ``key`` misspells ("daxx" → "dax")."""
        if self._short is None:
            self._short = [
                name
                for name, ids in self._by_key.items()
                if len(name) <= _SHORT_NAME
                and " " not in name
                and max((self._population[i] or 0) for i in ids) >= SHORT_NAME_PEOPLE
            ]
        found = [name for name in self._short if short_typo(key, name)]
        return max(found, key=self._prominence) if found else None

    def _prominence(self, key: str) -> float:
        """The score of the most prominent commune of a name key (a locality: half)."""
        if key in self._by_key:
            return self._score[self._by_key[key][0]]
        return self._score[self._by_alias[key][0][0]] / 2 if key in self._by_alias else 0.0

    def lookup_key(self, key: str) -> tuple[list[Commune], bool]:
        """Lookup by an already folded key; the flag tells whether it was a locality alias."""
        found = self._by_key.get(key)
        if found:
            return [self._commune(i) for i in found], False
        return [self._commune(i, code) for i, code in self._by_alias.get(key, [])], True

    def has_key(self, key: str) -> bool:
        return key in self._by_key or key in self._by_alias

    def is_alias(self, key: str) -> bool:
        """True when a folded key names only a locality (La Poste's "ligne 5"), not a commune."""
        return key not in self._by_key and key in self._by_alias

    def departements(self) -> set[str]:
        return {departement_of_insee(i) for i in self._insee}

    def names(self) -> Iterator[tuple[str, bool]]:
        """Every name key, with a flag telling whether it is a locality alias."""
        for key in self._by_key:
            yield key, False
        for key in self._by_alias:
            yield key, True

    def near(
        self, lat: float, lon: float, within_km: float = 15.0, limit: int = 4
    ) -> list[Commune]:
        """The communes whose centres are nearest a point (a shared position), nearest
        first; none past `within_km` (a point outside France, or at sea)."""
        found = []
        for idx, (a, b) in enumerate(zip(self._lat, self._lon, strict=True)):
            if a is not None and b is not None and (d := haversine_km(lat, lon, a, b)) <= within_km:
                found.append((d, idx))
        return [self._commune(idx) for _, idx in sorted(found)[:limit]]

    def by_postal_code(self, postal_code: str) -> list[Commune]:
        """Communes served by a postal code (empty when the code does not exist)."""
        code = postal_code.strip()
        return [self._commune(i, code) for i in self._by_postal.get(code, [])]

    def is_valid_postal_code(self, postal_code: str) -> bool:
        return bool(_POSTAL.match(postal_code.strip())) and postal_code.strip() in self._by_postal

    def resolve(self, name: str, postal_code: str) -> Commune | None:
        """The commune of that name served by that postal code, if any."""
        key = fold_key(name)
        for commune in self.by_postal_code(postal_code):
            if fold_key(commune.laposte_name) == key:
                return commune
        return None

    def coordinates(
        self, *, postal_code: str | None = None, name: str | None = None
    ) -> tuple[float, float] | None:
        """(lat, lon) of a commune by name and/or postal code; None when unknown."""
        candidates: list[Commune]
        if postal_code and name:
            found = self.resolve(name, postal_code)
            candidates = [found] if found else self.by_postal_code(postal_code)
        elif postal_code:
            candidates = self.by_postal_code(postal_code)
        elif name:
            candidates = self.lookup(name)
        else:
            return None
        for commune in candidates:
            if commune.lat is not None and commune.lon is not None:
                return commune.lat, commune.lon
        return None

    def distance_km(self, a: Commune, b: Commune) -> float | None:
        if None in (a.lat, a.lon, b.lat, b.lon):
            return None
        return haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
