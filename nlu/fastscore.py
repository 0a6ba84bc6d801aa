"""The intent classifier's decision values, with numpy only.

The classifier is trained with scikit-learn (``TfidfVectorizer`` features and a
``LinearSVC``); predicting needs only its numbers: each vectorizer's analyzer,
vocabulary and idf, the model's coefficients and intercepts. :class:`LinearScorer`
keeps those and computes the decision values of one text directly (equal to the
scikit-learn path to float precision; a test checks it on the training set), so
the serving process never imports scikit-learn or SciPy.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from vocab.ngrams import CharWbAnalyzer, WordAnalyzer

__all__ = ["LinearScorer", "TfidfBlock"]

Analyzer = Callable[[str], list[str]]


class TfidfBlock:
    """One sublinear, l2-normalised TF-IDF block and its rows of the coefficients."""

    def __init__(
        self, analyzer: Analyzer, vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray
    ) -> None:
        self.analyze = analyzer
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float64)
        self.coef = coef  # (n_features, n_classes)

    def scores(self, text: str) -> np.ndarray:
        # the known n-grams in first-seen order, as the vectorizer's columns; one pass
        vocabulary, cols, tf = self.vocabulary, [], []
        for gram, count in Counter(self.analyze(text)).items():
            col = vocabulary.get(gram)
            if col is not None:
                cols.append(col)
                tf.append(count)
        if not cols:
            return np.zeros(self.coef.shape[1])
        values = (1.0 + np.log(np.array(tf, dtype=np.float64))) * self.idf[cols]
        values /= math.sqrt(values @ values)  # np.linalg.norm of a vector, without its checks
        return np.asarray(values @ self.coef[cols])


def analyzer_spec(vectorizer: Any) -> dict[str, Any]:
    """What :func:`make_analyzer` needs to rebuild a fitted vectorizer's analyzer."""
    low, high = vectorizer.ngram_range
    if vectorizer.analyzer == "char_wb":
        return {"analyzer": "char_wb", "ngram_range": [low, high]}
    if vectorizer.analyzer == "word":
        return {
            "analyzer": "word",
            "ngram_range": [low, high],
            "token_pattern": vectorizer.token_pattern,
        }
    raise ValueError(f"analyzer {vectorizer.analyzer!r} is not supported")


def make_analyzer(spec: dict[str, Any]) -> Analyzer:
    low, high = (int(n) for n in spec["ngram_range"])
    if spec["analyzer"] == "char_wb":
        return CharWbAnalyzer(low, high)
    return WordAnalyzer(low, high, str(spec["token_pattern"]))


class LinearScorer:
    """Decision values of a linear model over [char TF-IDF | word TF-IDF | hits | embedding]
    (either TF-IDF block may be absent: ``blocks`` lists those present, in that order)."""

    def __init__(
        self,
        blocks: list[tuple[Analyzer, dict[str, int], np.ndarray]],
        coef: np.ndarray,
        intercept: np.ndarray,
        n_hits: int,
        hit_weight: float,
        embedding_weight: float,
    ) -> None:
        w = np.asarray(coef, dtype=np.float64).T  # (n_features, n_classes)
        self.blocks: list[TfidfBlock] = []
        start = 0
        for analyzer, vocabulary, idf in blocks:
            end = start + len(vocabulary)
            self.blocks.append(TfidfBlock(analyzer, vocabulary, idf, w[start:end]))
            start = end
        self._hits = w[start : start + n_hits] * hit_weight
        self._emb = w[start + n_hits :] * embedding_weight
        self._intercept = np.asarray(intercept, dtype=np.float64)

    def scores(
        self, text: str, embedding: np.ndarray | None, hits: np.ndarray | None
    ) -> np.ndarray:
        out = self._intercept.copy()
        for block in self.blocks:
            out = out + block.scores(text)
        if hits is not None and len(self._hits):
            out = out + hits @ self._hits
        if embedding is not None and len(self._emb):
            out = out + embedding.astype(np.float64) @ self._emb
        return np.asarray(out)
