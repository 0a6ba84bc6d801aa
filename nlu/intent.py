"""Intent classification: featurizers + linear classifier + calibration + fallback.

Features (any subset, ``IntentConfig.features``):

* ``lexical``: TF-IDF over character n-grams (within word boundaries) and word
  1–2-grams of the folded, SMS-expanded text (:func:`clean_for_classifier`);
* ``embeddings``: the message's sentence embedding (multilingual-e5-small, 384
  dims), scaled by ``embedding_weight``;
* entity hints (``entity_weight`` > 0): which entity types the extractors found
  ("location", "children"...), one-hot, scaled.

Classifier: a linear SVM (or multinomial logistic regression) with balanced
class weights. What is left unset in the config (``C``, ``embedding_weight``) is
chosen at fit time by stratified cross-validation on the training data itself
(macro-F1 over a small grid): no constant tuned to one data set. Scores become
probabilities by temperature scaling fitted on 5-fold cross-validated scores;
the out-of-scope threshold comes from the same calibrated predictions
(:mod:`nlu.calibration`). ``cv_report`` keeps the cross-validated accuracy,
macro-F1 and expected calibration error of the fitted configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

from nlu import intent_selection as sel
from nlu import intent_training as it
from nlu.calibration import (
    FALLBACK_INTENT,
    choose_threshold,
    expected_calibration_error,
    fit_temperature,
    softmax,
)
from nlu.intent_model import IntentModel, entity_hits
from nlu.speller import Speller

__all__ = ["FALLBACK_INTENT", "IntentClassifier", "IntentConfig", "Progress"]

Features = Literal["lexical", "embeddings", "both"]
Classifier = Literal["lr", "svc"]
Progress = Callable[[str], None]


@dataclass
class IntentConfig:
    features: Features = "both"
    classifier: Classifier = "svc"
    C: float | None = None  # None: chosen by cross-validation among c_grid
    embedding_weight: float | None = None  # None: chosen among weight_grid
    c_grid: tuple[float, ...] = (0.1, 0.3, 1.0)
    weight_grid: tuple[float, ...] = (2.0, 4.0, 8.0)
    char_ngrams: tuple[int, int] = (1, 4)
    word_ngrams: tuple[int, int] = (1, 2)
    entity_weight: float = 0.6
    threshold: float | None = None  # None: chosen from the calibrated CV predictions
    out_of_domain: bool = True  # add nlu/data/out_of_domain.yml to an out_of_scope intent
    check_out_of_domain: bool = True  # False: keep them without the cross-validated check
    selection_folds: int = 3
    cv_folds: int = 5
    cv_limit: int = 4000  # selection and calibration on a stratified sample this big
    seed: int = 13
    spelling: bool = True  # correct one-edit typos of training words before classifying
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def needs_selection(self) -> bool:
        weight_free = self.embedding_weight is None and self.features == "both"
        return self.C is None or weight_free


class IntentClassifier:
    """Fit on (clean texts, embeddings, labels); predict calibrated probabilities."""

    def __init__(self, config: IntentConfig | None = None) -> None:
        self.config = config or IntentConfig()
        self.classes_: list[str] = []
        self.entity_types: list[str] = []
        self.temperature = 1.0
        self.threshold = 0.0
        self.selection: list[dict[str, Any]] = []
        self.cv_report: dict[str, Any] = {}
        self.used_extra = False  # whether the supplementary examples were kept
        self._char: TfidfVectorizer | None = None
        self._word: TfidfVectorizer | None = None
        self._model: Any = None
        self.speller: Speller | None = None  # set by the pipeline (nlu.speller)
        self._exported: IntentModel | None = None

    @property
    def uses_embeddings(self) -> bool:
        return self.config.features in ("embeddings", "both")

    @property
    def uses_lexical(self) -> bool:
        return self.config.features in ("lexical", "both")

    # --- features -----------------------------------------------------------------
    def _vectorizers(self) -> tuple[TfidfVectorizer, TfidfVectorizer]:
        cfg = self.config
        char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=cfg.char_ngrams, sublinear_tf=True, dtype=np.float32
        )
        word = TfidfVectorizer(
            analyzer="word",
            ngram_range=cfg.word_ngrams,
            token_pattern=r"(?u)\b\w+\b",
            sublinear_tf=True,
            dtype=np.float32,
        )
        return char, word

    def _blocks(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        hits: np.ndarray | None,
        vectorizers: tuple[TfidfVectorizer, TfidfVectorizer] | None,
    ) -> tuple[list[Any], sparse.csr_matrix | None]:
        """(the blocks that do not depend on the embedding weight, the embedding block)."""
        blocks: list[Any] = []
        if self.uses_lexical:
            assert vectorizers is not None
            blocks += [vectorizers[0].transform(texts), vectorizers[1].transform(texts)]
        if self.entity_types and self.config.entity_weight > 0:
            if hits is None:
                hits = np.zeros((len(texts), len(self.entity_types)), dtype=np.float32)
            blocks.append(sparse.csr_matrix(hits * self.config.entity_weight))
        emb = None
        if self.uses_embeddings:
            if embeddings is None:
                raise ValueError("this intent model needs sentence embeddings")
            emb = sparse.csr_matrix(embeddings)
        return blocks, emb

    @staticmethod
    def _stack(blocks: list[Any], emb: sparse.csr_matrix | None, weight: float) -> Any:
        parts = [*blocks, emb * weight] if emb is not None else blocks
        return sparse.hstack(parts, format="csr")

    def _features(
        self, texts: Sequence[str], embeddings: np.ndarray | None, hits: np.ndarray | None = None
    ) -> sparse.csr_matrix:
        vectorizers = (self._char, self._word) if self._char is not None else None
        blocks, emb = self._blocks(texts, embeddings, hits, vectorizers)
        return self._stack(blocks, emb, self.config.embedding_weight or 1.0)

    # --- fitting ------------------------------------------------------------------
    def _new_model(self, c: float) -> Any:
        if self.config.classifier == "svc":
            return LinearSVC(
                C=c, class_weight="balanced", max_iter=5000, random_state=self.config.seed
            )
        return LogisticRegression(C=c * 10, max_iter=3000, class_weight="balanced")

    def _scores(self, model: Any, x: sparse.csr_matrix) -> np.ndarray:
        if self.config.classifier == "lr":
            return np.asarray(model.predict_log_proba(x))
        return np.asarray(model.decision_function(x))

    def _full(self, model: Any, scores: np.ndarray) -> np.ndarray:
        """Scores in ``classes_`` order (a class a fold never saw gets -30)."""
        if scores.ndim == 1:  # two classes: one decision value
            scores = np.stack([-scores, scores], axis=1)
        full = np.full((scores.shape[0], len(self.classes_)), -30.0)
        full[:, [self.classes_.index(c) for c in model.classes_]] = scores
        return full

    def cross_validated(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        y: np.ndarray,
        hits: np.ndarray | None,
        folds: int,
        candidates: list[tuple[float, float]],
        progress: Progress | None,
        extra: np.ndarray | None = None,
    ) -> list[np.ndarray]:
        """Cross-validated scores of each (C, embedding weight) candidate. The fits are
        independent and liblinear releases the GIL: they run on a thread a core."""
        out = [np.zeros((len(y), len(self.classes_))) for _ in candidates]
        splits = it.splits(y, folds, self.config.seed, extra)
        folds = len(splits)

        def features(k: int) -> tuple[Any, Any, Any, Any]:
            tr, te = splits[k]
            vectorizers = self._vectorizers()
            train_texts = [texts[i] for i in tr]
            for v in vectorizers:
                v.fit(train_texts)
            b_tr, e_tr = self._blocks(
                train_texts, it.rows(embeddings, tr), it.rows(hits, tr), vectorizers
            )
            b_te, e_te = self._blocks(
                [texts[i] for i in te], it.rows(embeddings, te), it.rows(hits, te), vectorizers
            )
            return b_tr, e_tr, b_te, e_te

        def fit_one(task: tuple[int, int]) -> tuple[int, int, np.ndarray]:
            k, n = task
            (b_tr, e_tr, b_te, e_te), (c, w) = blocks[k], candidates[n]
            tr = splits[k][0]
            model = self._new_model(c).fit(self._stack(b_tr, e_tr, w), y[tr])
            return k, n, self._full(model, self._scores(model, self._stack(b_te, e_te, w)))

        tasks = [(k, n) for k in range(folds) for n in range(len(candidates))]
        with ThreadPoolExecutor(max_workers=it.workers(len(tasks))) as pool:
            blocks = list(pool.map(features, range(folds)))
            done = [0] * folds
            for k, n, scores in pool.map(fit_one, tasks):
                out[n][splits[k][1]] = scores
                done[k] += 1
                if progress and done[k] == len(candidates):
                    progress(f"fold {k + 1}/{folds}")
        return out

    def fit(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        labels: Sequence[str],
        entities: Sequence[Sequence[str]] | None = None,
        progress: Progress | None = None,
        extra: Sequence[bool] | None = None,
    ) -> IntentClassifier:
        """``entities``: per text, the entity types the extractors found (optional hints).
        ``extra``: per text, whether it is a supplementary example (the packaged
        out-of-domain messages): cross-validation decides whether they are used."""
        y, self.cv_report = np.asarray(labels), {}
        self.classes_ = sorted(set(labels))
        if len(self.classes_) < 2:
            raise ValueError("at least two intents are needed to train a classifier")
        self.entity_types = sorted({n for names in entities or [] for n in names})
        hits = entity_hits(entities, self.entity_types, self.config.entity_weight)
        cfg = self.config
        added = np.zeros(len(y), bool) if extra is None else np.asarray(extra, dtype=bool)
        sample = it.sample(y, cfg.cv_limit, cfg.seed)
        rows = [texts[i] for i in sample], it.rows(embeddings, sample), it.rows(hits, sample)
        data = sel.Sample(*rows, y[sample])
        extra_s = added[sample] if added.any() else None
        self.used_extra = extra_s is not None
        known: sel.Scored = {}  # candidates already scored
        if extra_s is not None and cfg.check_out_of_domain:
            helps, f1, known = sel.extra_helps(self, data, extra_s, progress)
            if f1:
                self.cv_report["out_of_domain"] = f1
            if not helps:
                self.used_extra, known = False, {}
                texts, embeddings, hits, y = it.take(texts, embeddings, hits, y, ~added)
                data, extra_s = data.without(extra_s), None
        own_y = data.y[~extra_s] if extra_s is not None else data.y
        if cfg.needs_selection and it.folds(own_y, cfg.selection_folds) >= 2:
            cfg, self.selection = sel.select(self, data, progress, extra_s, known)
        self.config = cfg = replace(cfg, C=it.pair(cfg)[0], embedding_weight=it.pair(cfg)[1])
        folds = it.folds(data.y, cfg.cv_folds)
        if folds >= 2:
            candidate = [(float(cfg.C or 1.0), float(cfg.embedding_weight or 1.0))]
            own = ~extra_s if extra_s is not None else None
            self._calibrate(data.scores(self, folds, candidate, progress)[0], data.y, own)
        self._char, self._word = self._vectorizers()
        self._char.fit(texts)
        self._word.fit(texts)
        self._model = self._new_model(float(cfg.C or 1.0))
        self._exported = None
        self._model.fit(self._features(texts, embeddings, hits), y)
        if cfg.threshold is not None:
            self.threshold = cfg.threshold
        return self

    def _calibrate(self, scores: np.ndarray, y: np.ndarray, own: np.ndarray | None) -> None:
        """Temperature from every cross-validated score; the fallback threshold from the
        data's own examples (``own``): the packaged out-of-domain messages are a quarter
        of nlu.yml's rows, not of what a platform is sent, and pushed it up."""
        self.temperature = fit_temperature(scores, y, self.classes_)
        probs = softmax(scores / self.temperature, axis=1)
        keep = own if own is not None else np.ones(len(y), bool)
        fold = it.fold_of(y, self.config.cv_folds, self.config.seed)
        self.threshold = choose_threshold(probs[keep], y[keep], self.classes_, fold[keep])
        names = np.asarray(self.classes_)
        pred = names[probs.argmax(axis=1)]
        conf = probs.max(axis=1)
        decided = np.where(
            (conf < self.threshold) & (pred != FALLBACK_INTENT), FALLBACK_INTENT, pred
        )
        self.cv_report |= {
            "folds": it.folds(y, self.config.cv_folds),
            "accuracy": round(float(np.mean(decided == y)), 4),
            "macro_f1": round(float(f1_score(y, decided, average="macro", zero_division=0)), 4),
            "ece": expected_calibration_error(conf, pred == y),
        }

    # --- prediction ---------------------------------------------------------------
    def export(self) -> IntentModel:
        """The fitted classifier as plain numbers (what parsing loads: no scikit-learn)."""
        if self._model is None:
            raise ValueError("the intent classifier is not fitted")
        exported: IntentModel | None = getattr(self, "_exported", None)  # a legacy pickle: none
        if exported is not None:
            return exported
        self._exported = it.export(
            self._model, self.classes_, self.entity_types, self.config, self.temperature,
            self.threshold, [self._char, self._word] if self.uses_lexical else [], self.speller,
        )  # fmt: skip
        return self._exported

    def sklearn_proba(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        entities: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """The same probabilities through scikit-learn (what the export is checked against)."""
        hits = entity_hits(entities, self.entity_types, self.config.entity_weight)
        scores = self._scores(self._model, self._features(texts, embeddings, hits))
        return np.asarray(softmax(self._full(self._model, scores) / self.temperature, axis=1))
