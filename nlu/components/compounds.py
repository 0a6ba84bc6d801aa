"""Compound commune names with a typo in one part: "Villefrnache-sur-Saone" is
Villefranche-sur-Saône (69), not the commune Saône (25) its correct last word names;
"Bourg-en-Bresee" is Bourg-en-Bresse, not Bourg (33).

When a name matches exactly, the words around it that would make it part of a longer
name (a particle: "sur", "en", "de la"... then one word) are tried as a misspelt
compound, one edit a word away (:meth:`nlu.geo.Communes.fuzzy_key`). Bounded: at most
four spans a match, of at most four words, and only words that are no ordinary French
word nor a word of the training examples may be the misspelt ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from nlu.french_words import is_french_word
from nlu.geo import Communes

__all__ = ["PARTICLES", "edited_words", "misspelt_compound"]

#: the words that join the parts of a compound name ("Saint-Jean-de-Luz", "Bourg-lès-Valence")
PARTICLES = frozenset(
    {"sur", "sous", "en", "les", "lez", "le", "la", "l", "de", "d", "du", "des", "aux", "et"}
)
_MAX_SPAN = 4


def _spans(
    words: list[str], i: int, n: int, hyphened: frozenset[int] | set[int]
) -> Iterable[tuple[int, int]]:
    """Word ranges that extend the match words[i:i+n] by particles and one word, on
    either side: "villefrnache sur [saone]", "[bourg] en bresee", "pont de l [arche]";
    or by the one word a hyphen joins to it ("Charlevlle-[Mézières]"), or that follows it
    unhyphenated ("clermont ferand"). ``hyphened``:
    the indices of the words written right after a hyphen."""
    if i in hyphened and i > 0:
        yield i - 1, i + n
    if i + n in hyphened:
        yield i, i + n + 1
    for k in (1, 2):  # particles before the match, then the head word
        a = i - k - 1
        if a >= 0 and all(w in PARTICLES for w in words[a + 1 : i]) and words[a] not in PARTICLES:
            yield a, i + n
    for k in (1, 2):  # particles after the match, then the tail word
        b = i + n + k + 1
        tail = words[i + n : b]
        if b <= len(words) and all(w in PARTICLES for w in tail[:-1]) and tail[-1] not in PARTICLES:
            yield i, b
    if i + n < len(words) and i + n not in hyphened and words[i + n] not in PARTICLES:
        yield i, i + n + 1  # the next word, without its hyphen: "clermont [ferand]"


def edited_words(written: list[str], key: str) -> list[str]:
    """The written words a fuzzy match changed ("bresee" of "bourg en bresee")."""
    return [w for w, k in zip(written, key.split(), strict=True) if w != k]


def misspelt_compound(
    communes: Communes,
    words: list[str],
    i: int,
    n: int,
    known: frozenset[str],
    hyphened: frozenset[int] | set[int] = frozenset(),
) -> tuple[int, int, str] | None:
    """The compound commune (word range and name key) a match words[i:i+n] is part of,
    misspelt, or None. ``known``: the training examples' words, never read as a typo;
    ``hyphened``: the indices of the words written right after a hyphen."""
    for a, b in _spans(words, i, n, hyphened):
        span = words[a:b]
        if len(span) > _MAX_SPAN:
            continue
        key = communes.fuzzy_key(" ".join(span))
        if key is None:
            continue
        if all(w not in known and not is_french_word(w) for w in edited_words(span, key)):
            return a, b, key
    return None
