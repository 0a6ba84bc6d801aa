"""French number words, written out ("deux enfants", "dans huit jours"), on folded text."""

from __future__ import annotations

__all__ = ["NUMBER_WORDS"]

_WORDS = ("zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")
NUMBER_WORDS = {"0": 0, "une": 1, **{word: n for n, word in enumerate(_WORDS)}}
