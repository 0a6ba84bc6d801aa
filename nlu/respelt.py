"""Entities a typo hid: those the extractors find in the speller's corrected text
("titulaire d'un bac pro asssp, j'ai mon permiss" → "… assp, j'ai mon permis": the
diploma and the licence), put back on the words as written.

The speller (:mod:`nlu.speller`) replaces whole words and leaves everything between them
as it was, so the i-th word of the corrected text is the i-th word of the message: an
entity's offsets map back word for word. Only entities that cover a corrected word are
taken (the others the message gave already), not a capitalised word past the first (a
name: "quartier des Sablons" is no typo of "salons"), never a place or a date (their
value is the text as written; the speller leaves the places it was shown alone). An
entity taken replaces those it overlaps ("bac pro" read before "bac pro ASSP" was).

The other way round, :func:`typo_places` drops a place guessed for a misspelt name, the
whole message, when the word is a typo of a training word outside that name ("merki" is
"merci", not the village Merri): the speller, which leaves places alone, then corrects it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from nlu.components.base import Candidate
from nlu.text import fold, fold_key

__all__ = ["respelt_entities", "typo_places"]

_LETTERS = re.compile(r"[^\W\d_]{1,60}")  # the speller's words
_AS_WRITTEN = frozenset({"location", "date"})  # value = the text as written


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _LETTERS.finditer(text)]


def _mapper(
    written: list[tuple[int, int, str]], spelled: list[tuple[int, int, str]]
) -> tuple[Callable[[int, bool], int], set[int]]:
    """(offset in the corrected text → offset in the message, indices of corrected words)."""
    pairs = zip(written, spelled, strict=True)
    changed = {
        i
        for i, (a, b) in enumerate(pairs)
        if fold(a[2]) != fold(b[2]) and not (i and a[2][:1].isupper() and not a[2].isupper())
    }  # a capitalised word past the first is a name ("quartier des Sablons"), no typo

    def to_written(pos: int, end: bool) -> int:
        shift = 0
        for (ws, we, _), (ss, se, _) in zip(written, spelled, strict=True):
            if pos < ss or (end and pos == ss):
                break
            if pos <= se:
                return ws if pos == ss else (we if pos == se else min(ws + pos - ss, we))
            shift = we - se
        return pos + shift

    return to_written, changed


def respelt_entities(
    written: str, spelled: str, found: Sequence[Candidate], respelt: Sequence[Candidate]
) -> list[Candidate]:
    """``found`` (the entities of the message as written) with those of ``respelt`` (the
    entities of the corrected text ``spelled``) that cover a corrected word, offsets into
    ``written``; unchanged when the two texts do not have the same words."""
    a, b = _words(written), _words(spelled)
    if len(a) != len(b) or not respelt:
        return list(found)
    to_written, changed = _mapper(a, b)
    if not changed:
        return list(found)
    taken = []
    for c in respelt:
        if c.entity in _AS_WRITTEN:
            continue
        covers = [i for i, (s, e, _) in enumerate(b) if s < c.end and c.start < e]
        if not changed.intersection(covers):
            continue
        start, end = to_written(c.start, False), to_written(c.end, True)
        if end > start:
            taken.append(replace(c, start=start, end=end, extra=dict(c.extra)))
    kept = [f for f in found if not any(f.start < t.end and t.start < f.end for t in taken)]
    return sorted([*kept, *taken], key=lambda c: (c.start, c.end))


def typo_places(
    text: str, found: Sequence[Candidate], correction: Callable[[str], str | None] | None
) -> list[Candidate]:
    """``found`` less a place that is the whole message, its name differing from the words
    as written (a misspelt name guessed without a cue such as "j'habite") where one of
    those words is, by ``correction`` (the speller's), a typo of a training word that is
    no word of the name: "merki" (Merri) is "merci", "hellu" (Hallu) "hello"; "ajacclo"
    stays Ajaccio, "j'habite amien" Amiens. Every word written apart from the name must
    be such a typo: "Monnt-de-Marsn" stays Mont-de-Marsan though "marsn" is a typo of
    "mars" ("monnt" is none)."""
    if correction is None:
        return list(found)
    kept, message = [], fold_key(text)
    for c in found:
        name = fold_key(c.value) if c.entity == "location" else ""
        written = fold_key(text[c.start : c.end])
        if name and written != name and written == message:
            words = set(name.split())
            typos = [correction(w) for w in written.split() if w not in words]
            if typos and all(t is not None and t not in words for t in typos):
                continue
        kept.append(c)
    return kept
