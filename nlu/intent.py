"""Intent classification: featurizers + linear classifier + calibration + fallback.

Features (any subset, ``IntentConfig.features``):

* ``lexical``: TF-IDF over character n-grams (within word boundaries) and word
  1–2-grams of the folded, SMS-expanded text (:func:`clean_for_classifier`);
* ``embeddings``: the message's sentence embedding (MiniLM, 384 dims), scaled;
* entity hints (with any feature set, ``entity_weight`` > 0): which entity types
  the extractors found ("location", "children"...), one-hot, scaled.

Classifier: multinomial logistic regression or a linear SVM. Scores become
probabilities through temperature scaling (fitted on cross-validated scores) or
Platt/sigmoid (``CalibratedClassifierCV``). Below ``threshold`` the intent is
``out_of_scope`` (the ranking is kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
from scipy import sparse
from scipy.special import softmax
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

__all__ = ["FALLBACK_INTENT", "IntentClassifier", "IntentConfig"]

FALLBACK_INTENT = "out_of_scope"
Features = Literal["lexical", "embeddings", "both"]
Classifier = Literal["lr", "svc"]
Calibration = Literal["temperature", "sigmoid", "none"]


@dataclass
class IntentConfig:
    # defaults chosen by 5-fold CV on nlu/data/nlu.yml (see nlu/EVALUATION.md)
    features: Features = "both"
    classifier: Classifier = "svc"
    calibration: Calibration = "temperature"
    C: float = 5.0  # LR's C; the SVM uses C / 10
    char_ngrams: tuple[int, int] = (1, 4)
    word_ngrams: tuple[int, int] = (1, 2)
    embedding_weight: float = 1.0
    entity_weight: float = 0.6
    threshold: float | None = None  # None: chosen by cross-validation at fit time
    cv_folds: int = 5
    seed: int = 13
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class IntentClassifier:
    """Fit on (clean texts, embeddings, labels); predict calibrated probabilities."""

    def __init__(self, config: IntentConfig | None = None) -> None:
        self.config = config or IntentConfig()
        self.classes_: list[str] = []
        self.entity_types: list[str] = []
        self.temperature = 1.0
        self.threshold = 0.0
        self._char: TfidfVectorizer | None = None
        self._word: TfidfVectorizer | None = None
        self._model: Any = None

    # --- features -----------------------------------------------------------------
    @property
    def uses_embeddings(self) -> bool:
        return self.config.features in ("embeddings", "both")

    @property
    def uses_lexical(self) -> bool:
        return self.config.features in ("lexical", "both")

    def _fit_vectorizers(self, texts: Sequence[str]) -> None:
        cfg = self.config
        self._char = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=cfg.char_ngrams,
            sublinear_tf=True,
            min_df=1,
            dtype=np.float32,
        )
        self._word = TfidfVectorizer(
            analyzer="word",
            ngram_range=cfg.word_ngrams,
            token_pattern=r"(?u)\b\w+\b",
            sublinear_tf=True,
            min_df=1,
            dtype=np.float32,
        )
        self._char.fit(texts)
        self._word.fit(texts)

    def entity_hits(self, found: Sequence[Sequence[str]]) -> np.ndarray | None:
        """One-hot matrix of the entity types found in each text (None when unused)."""
        if self.config.entity_weight <= 0 or not self.entity_types:
            return None
        hits = np.zeros((len(found), len(self.entity_types)), dtype=np.float32)
        index = {name: i for i, name in enumerate(self.entity_types)}
        for row, names in enumerate(found):
            for name in names:
                if name in index:
                    hits[row, index[name]] = 1.0
        return hits

    def _features(
        self, texts: Sequence[str], embeddings: np.ndarray | None, hits: np.ndarray | None = None
    ) -> sparse.csr_matrix:
        blocks: list[Any] = []
        if self.uses_lexical:
            assert self._char is not None and self._word is not None
            blocks += [self._char.transform(texts), self._word.transform(texts)]
        if self.uses_embeddings:
            if embeddings is None:
                raise ValueError("this intent model needs sentence embeddings")
            blocks.append(sparse.csr_matrix(embeddings * self.config.embedding_weight))
        if self.entity_types and self.config.entity_weight > 0:
            if hits is None:
                hits = np.zeros((len(texts), len(self.entity_types)), dtype=np.float32)
            blocks.append(sparse.csr_matrix(hits * self.config.entity_weight))
        return sparse.hstack(blocks, format="csr")

    # --- fitting ------------------------------------------------------------------
    def _new_model(self) -> Any:
        cfg = self.config
        if cfg.classifier == "svc":
            svc = LinearSVC(C=cfg.C / 10.0, class_weight="balanced", random_state=cfg.seed)
            if cfg.calibration == "sigmoid":
                return CalibratedClassifierCV(svc, method="sigmoid", cv=3)
            return svc
        if cfg.calibration == "sigmoid":
            lr = LogisticRegression(C=cfg.C, max_iter=3000, class_weight="balanced")
            return CalibratedClassifierCV(lr, method="sigmoid", cv=3)
        return LogisticRegression(C=cfg.C, max_iter=3000, class_weight="balanced")

    def _scores(self, model: Any, x: sparse.csr_matrix) -> np.ndarray:
        if hasattr(model, "predict_proba") and self.config.calibration == "sigmoid":
            return np.log(np.clip(model.predict_proba(x), 1e-9, 1.0))
        if self.config.classifier == "lr":
            return np.asarray(model.predict_log_proba(x))
        return np.asarray(model.decision_function(x))

    def fit(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        labels: Sequence[str],
        entities: Sequence[Sequence[str]] | None = None,
    ) -> IntentClassifier:
        """``entities``: per text, the entity types the extractors found (optional hints)."""
        y = np.asarray(labels)
        self.classes_ = sorted(set(labels))
        self.entity_types = sorted({n for names in entities or [] for n in names})
        hits = self.entity_hits(entities) if entities is not None else None
        cv_scores = self._cross_val_scores(texts, embeddings, y, hits)
        if cv_scores is not None and self.config.calibration == "temperature":
            self.temperature = _fit_temperature(cv_scores, y, self.classes_)
        self._fit_vectorizers(texts)
        self._model = self._new_model()
        self._model.fit(self._features(texts, embeddings, hits), y)
        if self.config.threshold is not None:
            self.threshold = self.config.threshold
        elif cv_scores is not None:
            probs = (
                softmax(cv_scores / self.temperature, axis=1)
                if self.config.calibration != "sigmoid"
                else _renorm(np.exp(cv_scores))
            )
            self.threshold = _choose_threshold(probs, y, self.classes_)
        return self

    def _cross_val_scores(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        y: np.ndarray,
        hits: np.ndarray | None,
    ) -> np.ndarray | None:
        counts = np.unique(y, return_counts=True)[1]
        folds = min(self.config.cv_folds, int(counts.min())) if len(counts) else 0
        if folds < 2:
            return None
        scores = np.zeros((len(y), len(self.classes_)), dtype=np.float64)
        skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.config.seed)
        for train_idx, test_idx in skf.split(np.zeros(len(y)), y):
            sub = IntentClassifier(self.config)
            sub.entity_types = self.entity_types
            sub._fit_vectorizers([texts[i] for i in train_idx])
            emb_tr = embeddings[train_idx] if embeddings is not None else None
            emb_te = embeddings[test_idx] if embeddings is not None else None
            model = sub._new_model()
            hits_tr = hits[train_idx] if hits is not None else None
            hits_te = hits[test_idx] if hits is not None else None
            model.fit(sub._features([texts[i] for i in train_idx], emb_tr, hits_tr), y[train_idx])
            x_te = sub._features([texts[i] for i in test_idx], emb_te, hits_te)
            fold_scores = sub._scores(model, x_te)
            cols = [self.classes_.index(c) for c in model.classes_]
            full = np.full((len(test_idx), len(self.classes_)), -30.0)
            full[:, cols] = fold_scores
            scores[test_idx] = full
        return scores

    # --- prediction ---------------------------------------------------------------
    def predict_proba(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        entities: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """Probabilities, columns in ``classes_`` order."""
        hits = self.entity_hits(entities) if entities is not None else None
        scores = self._scores(self._model, self._features(texts, embeddings, hits))
        cols = [self.classes_.index(c) for c in self._model.classes_]
        full = np.full((len(texts), len(self.classes_)), -30.0)
        full[:, cols] = scores
        if self.config.calibration == "sigmoid":
            return _renorm(np.exp(full))
        return np.asarray(softmax(full / self.temperature, axis=1))

    def rank(self, probs: np.ndarray) -> list[tuple[str, float]]:
        order = np.argsort(-probs)
        return [(self.classes_[i], float(probs[i])) for i in order]

    def decide(self, probs: np.ndarray) -> tuple[str, float]:
        """The intent and its confidence, with the out-of-scope fallback applied."""
        best = int(np.argmax(probs))
        name, confidence = self.classes_[best], float(probs[best])
        if confidence < self.threshold and name != FALLBACK_INTENT:
            return FALLBACK_INTENT, confidence
        return name, confidence


def _renorm(p: np.ndarray) -> np.ndarray:
    return np.asarray(p / np.clip(p.sum(axis=1, keepdims=True), 1e-12, None))


def _fit_temperature(scores: np.ndarray, y: np.ndarray, classes: list[str]) -> float:
    """Temperature minimising the cross-validated negative log-likelihood."""
    idx = np.array([classes.index(c) for c in y])
    best_t, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.05), np.log(20.0), 80)):
        p = softmax(scores / t, axis=1)
        nll = -np.mean(np.log(np.clip(p[np.arange(len(y)), idx], 1e-12, None)))
        if nll < best_nll:
            best_t, best_nll = float(t), float(nll)
    return best_t


def _choose_threshold(probs: np.ndarray, y: np.ndarray, classes: list[str]) -> float:
    """Fallback threshold from cross-validated predictions.

    The highest threshold (at most 0.4) whose cross-validated accuracy stays
    within 0.5 point of the best one: as many doubtful answers as possible go to
    ``out_of_scope`` without costing right answers.
    """
    top = probs.argmax(axis=1)
    conf = probs.max(axis=1)
    names = np.array(classes)[top]
    grid = np.round(np.arange(0.0, 0.41, 0.02), 2)
    accuracy = []
    for t in grid:
        pred = np.where((conf < t) & (names != FALLBACK_INTENT), FALLBACK_INTENT, names)
        accuracy.append(float(np.mean(pred == y)))
    best = max(accuracy)
    chosen = max(t for t, acc in zip(grid, accuracy, strict=True) if acc >= best - 0.005)
    return float(chosen)
