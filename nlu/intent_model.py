"""The trained intent classifier as plain numbers: what parsing needs, numpy only.

:class:`nlu.intent.IntentClassifier` trains with scikit-learn and exports an
:class:`IntentModel`: the TF-IDF analyzers, vocabularies and idf, the linear
model's coefficients, the calibration temperature and the out-of-scope
threshold (and the typo corrector). It is saved as ``intent.json`` and
``intent.npz`` (no pickle) and loads without scikit-learn or SciPy, which cost
the serving process seconds of start-up. Its probabilities equal the
scikit-learn model's to float precision (a test compares them on the training set).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from nlu.calibration import FALLBACK_INTENT, softmax
from nlu.fastscore import LinearScorer, make_analyzer
from nlu.speller import Speller

__all__ = ["INTENT_ARRAYS", "INTENT_FILE", "IntentModel", "TfidfSpec"]

INTENT_FILE = "intent.json"
INTENT_ARRAYS = "intent.npz"
FORMAT = 1


@dataclass
class TfidfSpec:
    """One fitted TF-IDF vectorizer: its analyzer, its terms in column order, their idf."""

    analyzer: dict[str, Any]
    terms: list[str]
    idf: np.ndarray

    @property
    def vocabulary(self) -> dict[str, int]:
        return {term: i for i, term in enumerate(self.terms)}


def entity_hits(
    found: Sequence[Sequence[str]] | None, entity_types: Sequence[str], weight: float
) -> np.ndarray | None:
    """One row per text, one column per entity type: 1.0 where the type was found
    (None when the hints are not used: no texts' entities, no types or no weight)."""
    if found is None or weight <= 0 or not entity_types:
        return None
    hits = np.zeros((len(found), len(entity_types)), dtype=np.float32)
    index = {name: i for i, name in enumerate(entity_types)}
    for row, names in enumerate(found):
        for name in names:
            if name in index:
                hits[row, index[name]] = 1.0
    return hits


@dataclass
class IntentModel:
    """Calibrated intent probabilities of cleaned texts (+ embeddings, entity hints)."""

    classes_: list[str]
    entity_types: list[str]
    features: str
    classifier: Literal["svc", "lr"]
    entity_weight: float
    embedding_weight: float
    temperature: float
    threshold: float
    tfidf: list[TfidfSpec]
    coef: np.ndarray  # (n_classes, n_features), rows in classes_ order
    intercept: np.ndarray  # (n_classes,)
    speller: Speller | None = None
    _scorer: LinearScorer | None = field(default=None, init=False, repr=False)

    @property
    def uses_embeddings(self) -> bool:
        return self.features in ("embeddings", "both")

    @property
    def n_hits(self) -> int:
        return len(self.entity_types) if self.entity_weight > 0 else 0

    @property
    def scorer(self) -> LinearScorer:
        if self._scorer is None:
            blocks = [(make_analyzer(t.analyzer), t.vocabulary, t.idf) for t in self.tfidf]
            self._scorer = LinearScorer(
                blocks, self.coef, self.intercept, self.n_hits,
                self.entity_weight, self.embedding_weight,
            )  # fmt: skip
        return self._scorer

    def predict_proba(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        entities: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """Probabilities, columns in ``classes_`` order."""
        if self.uses_embeddings and embeddings is None:
            raise ValueError("this intent model needs sentence embeddings")
        hits = entity_hits(entities, self.entity_types, self.entity_weight)
        scorer = self.scorer
        scores = np.zeros((len(texts), len(self.classes_)))
        for i, text in enumerate(texts):
            emb = embeddings[i] if embeddings is not None and self.uses_embeddings else None
            scores[i] = scorer.scores(text, emb, hits[i] if hits is not None else None)
        if self.classifier == "lr":  # the model's log-probabilities, as scikit-learn gives them
            scores = np.log(softmax(scores, axis=1))
        return softmax(scores / self.temperature, axis=1)

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

    # --- files --------------------------------------------------------------------
    def save(self, out_dir: Path) -> None:
        meta: dict[str, Any] = {
            "format": FORMAT,
            "classes": self.classes_,
            "entity_types": self.entity_types,
            "features": self.features,
            "classifier": self.classifier,
            "entity_weight": self.entity_weight,
            "embedding_weight": self.embedding_weight,
            "temperature": self.temperature,
            "threshold": self.threshold,
            "tfidf": [{"analyzer": t.analyzer, "terms": t.terms} for t in self.tfidf],
            "speller": _speller_state(self.speller),
        }
        arrays = {"coef": self.coef, "intercept": self.intercept}
        arrays.update({f"idf_{i}": t.idf for i, t in enumerate(self.tfidf)})
        np.savez_compressed(out_dir / INTENT_ARRAYS, allow_pickle=False, **arrays)
        (out_dir / INTENT_FILE).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, model_dir: Path) -> IntentModel:
        meta = json.loads((model_dir / INTENT_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"intent model format {meta.get('format')!r}, expected {FORMAT}")
        with np.load(model_dir / INTENT_ARRAYS, allow_pickle=False) as arrays:
            coef, intercept = arrays["coef"], arrays["intercept"]
            idf = [arrays[f"idf_{i}"] for i in range(len(meta["tfidf"]))]
        tfidf = [
            TfidfSpec(t["analyzer"], t["terms"], weights)
            for t, weights in zip(meta["tfidf"], idf, strict=True)
        ]
        return cls(
            classes_=meta["classes"],
            entity_types=meta["entity_types"],
            features=meta["features"],
            classifier=meta["classifier"],
            entity_weight=float(meta["entity_weight"]),
            embedding_weight=float(meta["embedding_weight"]),
            temperature=float(meta["temperature"]),
            threshold=float(meta["threshold"]),
            tfidf=tfidf,
            coef=coef,
            intercept=intercept,
            speller=_speller(meta.get("speller")),
        )


def _speller_state(speller: Speller | None) -> dict[str, Any] | None:
    if speller is None:
        return None
    return {
        "min_len": speller.min_len,
        "counts": dict(speller.counts),
        "surface": speller.surface,
        "keep": sorted(speller.keep),
        "accents": speller.accents,
    }


def _speller(state: dict[str, Any] | None) -> Speller | None:
    if state is None:
        return None
    from collections import Counter

    return Speller(
        Counter(state["counts"]),
        state["surface"],
        int(state["min_len"]),
        frozenset(state["keep"]),
        accents=state.get("accents"),  # absent from a model trained before it
    )
