"""Small helpers of the intent classifier's training: sampling, folds, threads."""

from __future__ import annotations

import os

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu.fastscore import analyzer_spec
from nlu.intent_model import TfidfSpec

__all__ = ["folds", "rows", "sample", "spec_of", "workers"]


def rows(a: np.ndarray | None, idx: np.ndarray) -> np.ndarray | None:
    return a[idx] if a is not None else None


def sample(y: np.ndarray, limit: int, seed: int) -> np.ndarray:
    """At most ``limit`` indices, each intent keeping its share (at least 2 if it has them)."""
    if len(y) <= limit:
        return np.arange(len(y))
    rng = np.random.default_rng(seed)
    keep = []
    for name in np.unique(y):
        idx = np.flatnonzero(y == name)
        n = max(min(2, len(idx)), round(len(idx) * limit / len(y)))
        keep.append(rng.choice(idx, size=n, replace=False))
    return np.sort(np.concatenate(keep))


def spec_of(vectorizer: TfidfVectorizer) -> TfidfSpec:
    terms = [""] * len(vectorizer.vocabulary_)
    for term, column in vectorizer.vocabulary_.items():
        terms[column] = term
    idf = np.asarray(vectorizer.idf_, dtype=np.float64)
    return TfidfSpec(analyzer_spec(vectorizer), terms, idf)


def workers(tasks: int) -> int:
    """Threads for ``tasks`` independent fits: one a core (at most 4)."""
    return max(1, min(tasks, os.cpu_count() or 1, 4))


def folds(y: np.ndarray, wanted: int) -> int:
    counts = np.unique(y, return_counts=True)[1]
    return min(wanted, int(counts.min())) if len(counts) else 0
