"""The serving analyzers give exactly scikit-learn's n-grams (the models were trained on them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu.training_data import load_training_data
from vocab.ngrams import CharWbAnalyzer, WordAnalyzer

ROOT = Path(__file__).resolve().parents[2]
ODD = [
    "",
    "   ",
    "a",
    "J'HABITE   à\tSaint-Étienne\n\nje cherche",
    "ok ok ok ok",
    "🙂 c'est l'été… 06 12 34 56 78",
    "İstanbul ß ﬁn",
]


def _texts() -> list[str]:
    data = load_training_data(ROOT / "nlu" / "data" / "nlu.yml")
    return [e.text for e in data.examples] + ODD


@pytest.mark.parametrize("ngrams", [(1, 4), (3, 5), (2, 2)])
def test_character_ngrams_are_scikit_learns(ngrams: tuple[int, int]) -> None:
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=ngrams).build_analyzer()
    ours = CharWbAnalyzer(*ngrams)
    for text in _texts():
        assert ours(text) == reference(text), text


@pytest.mark.parametrize(
    ("ngrams", "pattern"),
    [((1, 2), r"(?u)\b\w+\b"), ((1, 1), r"(?u)\b\w\w+\b"), ((2, 3), r"(?u)\b\w\w+\b")],
)
def test_word_ngrams_are_scikit_learns(ngrams: tuple[int, int], pattern: str) -> None:
    reference = TfidfVectorizer(
        analyzer="word", ngram_range=ngrams, token_pattern=pattern
    ).build_analyzer()
    ours = WordAnalyzer(*ngrams, token_pattern=pattern)
    for text in _texts():
        assert ours(text) == reference(text), text
