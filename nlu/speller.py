"""One-edit typo correction against the training vocabulary.

People type "jcherhce du travial" as often as "je cherche du travail". The
character n-grams absorb part of a typo, the sentence encoder much less: a
misspelt word becomes rare sub-word pieces. :class:`Speller` learns the words
of the training examples (folded) and, at parse time, replaces a word it has
never seen by the training word one edit away (a letter dropped, added,
changed, or two neighbours swapped), the most frequent one when several are.

It is a SymSpell-style index (Wolf Garbe's symmetric delete): every training
word and each of its one-letter deletions point to the word, so a lookup costs
a few set probes whatever the vocabulary size. Only words of ``min_len``
letters or more are corrected (short words are too ambiguous), except that a word
one letter shorter may get a dropped letter back ("vus" → "vous", "pux" → "peux");
a word the training data has is never touched. Nothing is tuned to one data set: the
vocabulary is whatever the training file holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from vocab.text import fold

__all__ = ["Speller", "one_edit"]

_LETTERS = re.compile(r"[^\W\d_]{1,60}")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


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


class Speller:
    """Maps unseen words one edit away from a training word onto that word."""

    def __init__(
        self,
        counts: Counter[str],
        surface: dict[str, str],
        min_len: int = 4,
        keep: frozenset[str] = frozenset(),
    ) -> None:
        self.min_len = min_len
        self.counts = counts
        self.surface = surface  # folded word -> its most frequent written form
        self.keep = keep  # words never corrected (SMS spellings the normaliser expands)
        self._index: dict[str, list[str]] = {}
        for word in counts:
            if len(word) < min_len - 1:
                continue
            for key in _deletes(word) | {word}:
                self._index.setdefault(key, []).append(word)
        self._cache: dict[str, str | None] = {}

    @classmethod
    def fit(cls, texts: Iterable[str], min_len: int = 4, keep: Iterable[str] = ()) -> Speller:
        counts: Counter[str] = Counter()
        forms: dict[str, Counter[str]] = {}
        for text in texts:
            for match in _LETTERS.finditer(text):
                written = match.group(0)
                word = fold(written)
                counts[word] += 1
                forms.setdefault(word, Counter())[written.lower()] += 1
        surface = {w: c.most_common(1)[0][0] for w, c in forms.items()}
        return cls(counts, surface, min_len, frozenset(keep))

    def short_candidates(self) -> set[str]:
        """The words one letter shorter than ``min_len`` this speller would lengthen (a
        caller puts the real words among them into ``keep``)."""
        return {key for key in self._index if len(key) == self.min_len - 1}

    def __len__(self) -> int:
        return len(self.counts)

    def correction(self, word: str) -> str | None:
        """The training word (folded) an unseen folded ``word`` is a typo of, or None."""
        if len(word) < self.min_len - 1 or word in self.counts or word in self.keep:
            return None
        if word in self._cache:
            return self._cache[word]
        found: set[str] = set()
        if len(word) < self.min_len:  # "vus", "pux": only a letter dropped from a longer word
            found.update(w for w in self._index.get(word, ()) if len(w) == self.min_len)
        else:
            for key in _deletes(word) | {word}:
                found.update(self._index.get(key, ()))
        best = [w for w in found if one_edit(word, w)]
        choice = min(best, key=lambda w: (-self.counts[w], w)) if best else None
        if len(self._cache) < 50_000:
            self._cache[word] = choice
        return choice

    def correct(self, text: str) -> str:
        """``text`` with each unseen word replaced by the training word it is a typo of
        (written as the training data most often writes it); the rest unchanged."""

        def fix(match: re.Match[str]) -> str:
            written = match.group(0)
            if len(written) < self.min_len and written.isupper():
                return written  # "MAS", "MUC": an acronym
            target = self.correction(fold(written))
            return self.surface[target] if target is not None else written

        return _LETTERS.sub(fix, text)

    def __getstate__(self) -> dict[str, object]:
        return {
            "min_len": self.min_len,
            "counts": self.counts,
            "surface": self.surface,
            "keep": self.keep,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(  # type: ignore[misc]
            state["counts"], state["surface"], state["min_len"], state["keep"]
        )
