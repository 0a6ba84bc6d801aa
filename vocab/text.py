"""Text folding, the one definition every layer uses: lower case, accents
stripped, curly apostrophes and dashes made ASCII ("L’Île-d’Yeux" → "l'ile-d'yeux");
and the one-edit typo test every layer shares ("qulle" is "quelle" misspelt)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache

__all__ = [
    "OneEditIndex",
    "deletes",
    "fold",
    "fold_char",
    "mend_words",
    "one_edit",
    "strip_accents",
]


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
    return "".join(map(fold_char, text))


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or
    swap of two neighbours (optimal string alignment distance 1)."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def deletes(word: str) -> set[str]:
    """``word`` with one of its letters dropped, each way ("veux" → "eux", "vux", "vex", "veu")."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class OneEditIndex:
    """Words found from a typo of them, for a large vocabulary: each word and each of
    its one-letter deletions point to the word (Wolf Garbe's symmetric delete), so a
    lookup costs a few probes whatever the vocabulary's size. (A handful of key words
    is simply scanned: :func:`mend_words`.)"""

    def __init__(self, words: Iterable[str]) -> None:
        self._index: dict[str, set[str]] = {}
        for word in words:
            for key in deletes(word) | {word}:
                self._index.setdefault(key, set()).add(word)

    def near(self, word: str) -> set[str]:
        """The indexed words one edit from ``word`` (:func:`one_edit`)."""
        found: set[str] = set()
        for key in deletes(word) | {word}:
            found.update(self._index.get(key, ()))
        return {w for w in found if one_edit(word, w)}

    def lengthened(self, word: str) -> set[str]:
        """The indexed words ``word`` is with one letter dropped ("vex" → "veux")."""
        return {w for w in self._index.get(word, ()) if len(w) == len(word) + 1}


_FOLDED_WORD = re.compile(r"[a-z]{1,40}")
MEND_MIN_LEN = 4  # shorter words are too ambiguous ("ou", "ca", "le")


def mend_words(
    folded: str, keys: Collection[str], spelt: Callable[[str], bool] | None = None
) -> str:
    """``folded`` text with each word one edit from a key word written as that key word
    ("qulle ardesse" → "quelle adresse" for the keys "quelle" and "adresse"). Only words
    and keys of ``MEND_MIN_LEN`` letters or more, with the same first letter (typos seldom
    touch it: "pour" is not "jour" misspelt); a key word itself and its plural are kept
    ("premiers" is not "premier"), and so is a word ``spelt`` tells is spelt right (a
    dictionary: "lien" is a word, not "lieu" misspelt)."""

    def mend(match: re.Match[str]) -> str:
        word = match.group()
        plural = word[-1] in "sx" and word[:-1] in keys
        if len(word) < MEND_MIN_LEN or word in keys or plural:
            return word
        near = sorted(
            k for k in keys if len(k) >= MEND_MIN_LEN and k[0] == word[0] and one_edit(word, k)
        )
        if not near or (spelt is not None and spelt(word)):
            return word
        return near[0]

    return _FOLDED_WORD.sub(mend, folded)
