"""Scores of one message without scikit-learn's per-call overhead.

Parsing scores one message at a time, where ``TfidfVectorizer.transform`` and
``LinearSVC.decision_function`` spend most of their ~1.5 ms in input checks and
sparse-matrix assembly. :class:`LinearScorer` keeps the same numbers — the
vectorizers' analyzers, vocabularies and idf, the model's coefficients — and
computes the decision values of one text directly (equal to the scikit-learn
path to float precision; a test checks it).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

__all__ = ["LinearScorer"]


class _Tfidf:
    def __init__(self, vectorizer: Any, coef: np.ndarray) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.coef = coef  # (n_features, n_classes)

    def scores(self, text: str) -> np.ndarray:
        counts = Counter(self.analyze(text))
        cols = [self.vocabulary[g] for g in counts if g in self.vocabulary]
        if not cols:
            return np.zeros(self.coef.shape[1])
        tf = np.array([counts[g] for g in counts if g in self.vocabulary], dtype=np.float64)
        values = (1.0 + np.log(tf)) * self.idf[cols]
        values /= np.linalg.norm(values)
        return np.asarray(values @ self.coef[cols])


class LinearScorer:
    """Decision values of a linear model over [char TF-IDF | word TF-IDF | hits | embedding]."""

    def __init__(
        self,
        char: Any,
        word: Any,
        coef: np.ndarray,
        intercept: np.ndarray,
        n_hits: int,
        hit_weight: float,
        embedding_weight: float,
    ) -> None:
        w = np.asarray(coef, dtype=np.float64).T  # (n_features, n_classes)
        nc, nw = len(char.vocabulary_), len(word.vocabulary_)
        self._char = _Tfidf(char, w[:nc])
        self._word = _Tfidf(word, w[nc : nc + nw])
        self._hits = w[nc + nw : nc + nw + n_hits] * hit_weight
        self._emb = w[nc + nw + n_hits :] * embedding_weight
        self._intercept = np.asarray(intercept, dtype=np.float64)

    def scores(
        self, text: str, embedding: np.ndarray | None, hits: np.ndarray | None
    ) -> np.ndarray:
        out = self._intercept + self._char.scores(text) + self._word.scores(text)
        if hits is not None and len(self._hits):
            out = out + hits @ self._hits
        if embedding is not None and len(self._emb):
            out = out + embedding.astype(np.float64) @ self._emb
        return np.asarray(out)
