"""Text folding, the one definition every layer uses: lower case, accents
stripped, curly apostrophes and dashes made ASCII ("L’Île-d’Yeux" → "l'ile-d'yeux")."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_char", "strip_accents"]


def strip_accents(text: str) -> str:
    """Compatibility decomposition without the combining marks; case is kept
    ("Élève ﬁn" → "Eleve fin")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SPECIAL = {
    "’": "'",
    "‘": "'",
    "`": "'",
    "´": "'",
    "ʼ": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "œ": "oe",
    "æ": "ae",
    "ß": "ss",
    "\u00a0": " ",
    "\u202f": " ",
}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded: "É" → "e", "œ" → "oe", a control character → " "."""
    special = _SPECIAL.get(char)
    if special is not None:
        return special
    low = char.lower()
    special = _SPECIAL.get(low)
    if special is not None:
        return special
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFD", low)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not stripped:
        return ""
    if unicodedata.category(stripped[0])[0] == "C":
        return " "
    return stripped


def fold(text: str) -> str:
    """Lower-cases, strips accents and normalises apostrophes and dashes."""
    return "".join(fold_char(c) for c in text)
