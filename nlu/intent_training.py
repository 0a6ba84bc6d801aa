"""Small helpers of the intent classifier's training: sampling, folds, threads."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from nlu.fastscore import analyzer_spec
from nlu.intent_model import IntentModel, TfidfSpec

__all__ = [
    "export",
    "fold_of",
    "folds",
    "macro_f1",
    "pair",
    "rows",
    "sample",
    "spec_of",
    "splits",
    "workers",
]


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


def splits(
    y: np.ndarray, wanted: int, seed: int, extra: np.ndarray | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds of the data's own examples (``extra`` False); the supplementary
    examples (``extra`` True: the packaged out-of-domain messages) are in every training
    fold and never scored, so a choice is judged on the data's own examples only."""
    own = np.flatnonzero(~extra) if extra is not None else np.arange(len(y))
    added = np.flatnonzero(extra) if extra is not None else own[:0]
    skf = StratifiedKFold(n_splits=folds(y[own], wanted), shuffle=True, random_state=seed)
    return [
        (np.sort(np.concatenate([own[tr], added])), own[te])
        for tr, te in skf.split(np.zeros(len(own)), y[own])
    ]


def fold_of(y: np.ndarray, wanted: int, seed: int) -> np.ndarray:
    """Each row's test fold in :func:`splits` (without supplementary examples)."""
    out = np.zeros(len(y), int)
    for k, (_, test) in enumerate(splits(y, wanted, seed)):
        out[test] = k
    return out


def macro_f1(y: np.ndarray, scores: np.ndarray, classes: list[str], keep: np.ndarray) -> float:
    """Macro-F1 of the top scores on the rows ``keep``."""
    pred = np.asarray(classes)[scores[keep].argmax(axis=1)]
    return float(f1_score(y[keep], pred, average="macro", zero_division=0))


def pair(config: Any) -> tuple[float, float]:
    """(C, embedding weight): the configured ones, else the grids' middle values."""
    c = config.C or config.c_grid[len(config.c_grid) // 2]
    w = config.embedding_weight or config.weight_grid[len(config.weight_grid) // 2]
    return float(c), float(w)


def take(
    texts: Sequence[str],
    embeddings: np.ndarray | None,
    hits: np.ndarray | None,
    y: np.ndarray,
    keep: np.ndarray,
) -> tuple[list[str], np.ndarray | None, np.ndarray | None, np.ndarray]:
    """The rows ``keep`` (a boolean mask) of the texts, embeddings, entity hits, labels."""
    idx = np.flatnonzero(keep)
    return [texts[int(i)] for i in idx], rows(embeddings, idx), rows(hits, idx), y[idx]


def export(
    model: Any,
    classes: list[str],
    entity_types: list[str],
    config: Any,
    temperature: float,
    threshold: float,
    vectorizers: list[Any],
    speller: Any,
) -> IntentModel:
    """A fitted scikit-learn classifier as plain numbers (what parsing loads)."""
    if [str(c) for c in model.classes_] != classes:
        raise ValueError("the model's classes are not the classifier's")
    coef = np.asarray(model.coef_, dtype=np.float64)
    intercept = np.asarray(model.intercept_, dtype=np.float64).ravel()
    if coef.shape[0] == 1:  # two classes: one decision value, as _full expands it
        keep = 0.0 if config.classifier == "lr" else -1.0  # LR: sigmoid = softmax([0, d])
        coef = np.vstack([keep * coef[0], coef[0]])
        intercept = np.array([keep * intercept[0], intercept[0]])
    return IntentModel(
        classes_=list(classes),
        entity_types=list(entity_types),
        features=config.features,
        classifier=config.classifier,
        entity_weight=float(config.entity_weight),
        embedding_weight=float(config.embedding_weight or 1.0),
        temperature=float(temperature),
        threshold=float(threshold),
        tfidf=[spec_of(v) for v in vectorizers],
        coef=coef,
        intercept=intercept,
        speller=speller,
    )
