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
one letter shorter may get a dropped letter back ("vex" → "veux", "pet" → "peut")
unless it is a stop word ("ont" is not "sont" misspelt).
A word the training data has is never replaced, but its accents come back when the
training data always writes it with them ("reveil" → "réveil", never "marche" → "marché"
when "marche" is written too): the sentence encoder reads "reveil" as other pieces
than "réveil", the lexical features fold accents anyway. Nor is a French word it does not have
("lien" is not "bien" misspelt: :mod:`nlu.french_words`), nor the ``protect``ed spans
a caller gives (the places the gazetteer found: "Tours" is not "jours"). Nothing is
tuned to one data set: the vocabulary is whatever the training file holds.

A misspelt word the training data does not have ("mcahine", "tarvail" in a set that never
says "machine" or "travail") is garbled for the encoder too. Given a ``score`` (the
encoder's tokenizer: the log-probability of a word's pieces, :meth:`OnnxEncoder.word_score`),
it is read as the French word one edit away (first and last letters kept: typos seldom
touch the first, inflections differ by the last) that
the tokenizer finds far likelier than the word as written (``DICTIONARY_MARGIN`` nats, a
factor of ~400); a word that is one piece of the tokenizer's vocabulary is a word of its
own ("prix", "textos"), a capitalised word past the message's first is a name ("Metz").
At most ``DICTIONARY_LOOKUPS`` new words a message are looked up (a long message stays cheap).
A key typed twice needs no likelihood: an unknown word that has a letter twice (or more) is
first read with it once ("gagnner", "momment": "gagner", "moment", not "comment").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from nlu.french_words import french_among, is_french_form, is_french_word, is_stop_word
from nlu.text import fold
from vocab.text import OneEditIndex

__all__ = ["Speller"]

_LETTERS = re.compile(r"[^\W\d_]{1,60}")
DICTIONARY_MARGIN = 6.0  # nats: the French word must be ~400 times likelier than the typo
DICTIONARY_PIECES = 3  # a typo splits into rare pieces; "pacser" ("pac", "ser") is a word
DICTIONARY_LOOKUPS = 20  # new words looked up in the French word list, a message
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
ACCENT_MIN_LEN = 3  # "a"/"à", "ou"/"où", "la"/"là" are two words: never restored


def _cased(form: str, written: str) -> str:
    """``form`` (lower case) in the case ``written`` has."""
    if written.isupper() and len(written) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if written[:1].isupper() else form


def _undoubled(word: str) -> list[str]:
    """``word`` with one of its doubled letters typed once ("gagnner" → "gagner"), and a
    run of three or more typed twice or once ("bullletin" → "bulletin", "ouiii" → "oui"):
    a key pressed twice is the commonest typo, and French never triples a letter."""
    out: list[str] = []
    start = 0
    while start < len(word):
        end = start + 1
        while end < len(word) and word[end] == word[start]:
            end += 1
        if end - start >= 2:
            keep = (end - start - 1, 2, 1) if end - start >= 3 else (1,)
            out.extend(word[:start] + word[start] * n + word[end:] for n in keep)
        start = end
    return list(dict.fromkeys(w for w in out if len(w) >= 3))


def _edits(word: str) -> list[str]:
    """Every folded word one edit from ``word`` inside it: its first letter (typos seldom
    touch it) and its last (where inflections differ: "soignante" is no typo of "soignant",
    a form the French word list may lack) kept."""
    out = set()
    last = len(word) - 1
    for i in range(1, last + 1):
        if i < last:
            out.add(word[:i] + word[i + 1 :])
            out.update(word[:i] + c + word[i + 1 :] for c in _ALPHABET)
        if i < last - 1:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        out.update(word[:i] + c + word[i:] for c in _ALPHABET)
    out.discard(word)
    return sorted(w for w in out if len(w) >= 3)


class Speller:
    """Maps unseen words one edit away from a training word onto that word."""

    def __init__(
        self,
        counts: Counter[str],
        surface: dict[str, str],
        min_len: int = 4,
        keep: frozenset[str] = frozenset(),
        is_word: Callable[[str], bool] = is_french_word,
        is_short_word: Callable[[str], bool] = is_stop_word,
        accents: dict[str, str] | None = None,
        is_form: Callable[[str], bool] = is_french_form,
    ) -> None:
        self.min_len = min_len
        # a real word is never "corrected" into another; below min_len only the common
        # ones count ("ont" is not "sont" misspelt, but "pet" is most often "peut")
        self.is_word = is_word
        self.is_short_word = is_short_word
        # beyond the training words, any form the lemmatizer knows is left alone
        self.is_form = is_form
        self.counts = counts
        self.surface = surface  # folded word -> its most frequent written form
        self.keep = keep  # words never corrected (SMS spellings the normaliser expands)
        # folded word -> the accented form the training data always writes (restored)
        self.accents = accents or {}
        self._index = OneEditIndex(word for word in counts if len(word) >= min_len - 1)
        self._cache: dict[str, str | None] = {}
        self._dictionary: dict[str, str | None] = {}

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
        accents = {
            w: surface[w]
            for w, c in forms.items()
            if len(w) >= ACCENT_MIN_LEN and surface[w] != w and w not in c
        }
        return cls(counts, surface, min_len, frozenset(keep), accents=accents)

    def __len__(self) -> int:
        return len(self.counts)

    def correction(self, word: str) -> str | None:
        """The training word (folded) an unseen folded ``word`` is a typo of, or None."""
        if len(word) < self.min_len - 1 or word in self.counts or word in self.keep:
            return None
        if word in self._cache:
            return self._cache[word]
        # "vus", "pux": below min_len, only a letter dropped from a longer word
        short = len(word) < self.min_len
        best = self._index.lengthened(word) if short else self._index.near(word)
        undoubled = _undoubled(word)
        if any(w in self.counts for w in undoubled):  # "gagnner": "gagner", not "gagne"
            best = {w for w in undoubled if w in self.counts}
        elif any(self.is_word(w) for w in undoubled):
            best = set()  # "momment" is "moment", a word the data lacks, not "comment"
        choice = min(best, key=lambda w: (-self.counts[w], w)) if best else None
        real = self.is_word if len(word) >= self.min_len else self.is_short_word
        if choice is not None and real(word):
            choice = None
        if len(self._cache) < 50_000:
            self._cache[word] = choice
        return choice

    def dictionary_correction(
        self, word: str, score: Callable[[str], tuple[int, float]]
    ) -> str | None:
        """The French word an unseen, non-French folded ``word`` is a typo of (see the
        module's docstring), or None."""
        if word in self._dictionary:
            return self._dictionary[word]
        # a doubled key needs no likelihood: "gagnner" is "gagner" in any tokenizer
        choice = next((w for w in _undoubled(word) if self._french(w)), None)
        pieces, written = score(word) if choice is None else (0, 0.0)
        if pieces >= DICTIONARY_PIECES:  # fewer: a word of its own, or a rare form of one
            candidates = {w: score(w)[1] for w in french_among(_edits(word))}
            if candidates:
                best = max(candidates, key=lambda w: (candidates[w], w))
                if candidates[best] - written >= DICTIONARY_MARGIN:
                    choice = best
        if len(self._dictionary) < 50_000:
            self._dictionary[word] = choice
        return choice

    def _french(self, word: str) -> bool:
        return self.is_word(word) or self.is_form(word)

    def _unknown(self, word: str) -> bool:
        """Neither a training word, nor kept, nor French, nor too short."""
        return (
            len(word) >= self.min_len
            and word not in self.counts
            and word not in self.keep
            and not self.is_word(word)
            and not self.is_form(word)
        )

    def correct(
        self,
        text: str,
        protect: Sequence[tuple[int, int]] = (),
        score: Callable[[str], tuple[int, float]] | None = None,
    ) -> str:
        """``text`` with each unseen word replaced by the training word it is a typo of
        (written as the training data most often writes it), else, given ``score``, by the
        French word it is a typo of; the rest, and the words overlapping a ``protect``
        span (start, end), unchanged."""
        lookups = [0]
        first = _LETTERS.search(text)
        first_at = first.start() if first else 0

        def fix(match: re.Match[str]) -> str:
            written = match.group(0)
            if len(written) < self.min_len and written.isupper():
                return written  # "MAS", "MUC": an acronym
            if any(s < match.end() and match.start() < e for s, e in protect):
                return written
            folded = fold(written)
            accented = self.accents.get(folded)
            if accented is not None and written.lower() == folded:
                return _cased(accented, written)
            target = self.correction(folded)
            if target is not None:
                return self.surface[target]
            name = not written[1:].islower() or (written[0].isupper() and match.start() != first_at)
            if score is None or name or not self._unknown(folded):
                return written
            once = next((w for w in _undoubled(written.lower()) if self._french(w)), None)
            if once is not None:  # "déménaager": "déménager", the accents as written
                return _cased(once, written)
            if folded not in self._dictionary:
                if lookups[0] >= DICTIONARY_LOOKUPS:
                    return written
                lookups[0] += 1
            fixed = self.dictionary_correction(folded, score)
            return fixed if fixed is not None else written

        return _LETTERS.sub(fix, text)

    def __getstate__(self) -> dict[str, object]:
        return {
            "min_len": self.min_len,
            "counts": self.counts,
            "surface": self.surface,
            "keep": self.keep,
            "accents": self.accents,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(  # type: ignore[misc]
            state["counts"],
            state["surface"],
            state["min_len"],
            state["keep"],
            accents=state.get("accents"),
        )
