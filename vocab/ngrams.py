"""The n-grams of scikit-learn's text vectorizers, without scikit-learn.

The NLU intent model and the knowledge base's character n-gram channel are
trained with ``TfidfVectorizer``; at serving time they only need its analyzers
(which n-grams a text has), so the serving process never imports scikit-learn
and SciPy's statistics (seconds of start-up). These analyzers give exactly the
n-grams ``TfidfVectorizer(analyzer="char_wb" | "word", lowercase=True)`` gives,
in the same order (a test compares them on the training data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["DEFAULT_TOKEN_PATTERN", "CharWbAnalyzer", "WordAnalyzer"]

#: scikit-learn's default token pattern (two word characters or more)
DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"


@dataclass(frozen=True)
class CharWbAnalyzer:
    """Character n-grams of ``low``..``high`` letters inside word boundaries, each word
    padded with a space (scikit-learn's ``char_wb`` analyzer after lower-casing)."""

    low: int
    high: int

    def __call__(self, text: str) -> list[str]:
        grams: list[str] = []
        append = grams.append
        for word in text.lower().split():
            w = " " + word + " "
            length = len(w)
            for n in range(self.low, self.high + 1):
                offset = 0
                append(w[offset : offset + n])
                while offset + n < length:
                    offset += 1
                    append(w[offset : offset + n])
                if offset == 0:  # a short word (length < n) counts once
                    break
        return grams


@dataclass(frozen=True)
class WordAnalyzer:
    """Word ``low``..``high``-grams of the lower-cased text (scikit-learn's ``word``
    analyzer): tokens are the pattern's matches, n-grams joined by one space."""

    low: int
    high: int
    token_pattern: str = DEFAULT_TOKEN_PATTERN
    _tokens: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_tokens", re.compile(self.token_pattern))

    def __call__(self, text: str) -> list[str]:
        tokens: list[str] = self._tokens.findall(text.lower())
        if self.high == 1:
            return tokens if self.low == 1 else []
        grams = list(tokens) if self.low == 1 else []
        count = len(tokens)
        for n in range(max(self.low, 2), min(self.high + 1, count + 1)):
            for i in range(count - n + 1):
                grams.append(" ".join(tokens[i : i + n]))
        return grams
