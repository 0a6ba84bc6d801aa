"""Choosing the intent classifier's C and embedding weight by cross-validation, and
checking that the packaged out-of-domain examples help: both score candidates with
:meth:`nlu.intent.IntentClassifier.cross_validated` on the training data itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from nlu import intent_training as it

if TYPE_CHECKING:
    from nlu.intent import IntentClassifier, IntentConfig, Progress

__all__ = ["Sample", "Scored", "extra_helps", "select"]

#: cross-validated scores by (C, embedding weight) candidate
Scored = dict[tuple[float, float], np.ndarray]


@dataclass(frozen=True, slots=True)
class Sample:
    """What cross-validation scores on: texts, their sentence embeddings and entity hits
    (None where unused), labels."""

    texts: Sequence[str]
    embeddings: np.ndarray | None
    hits: np.ndarray | None
    y: np.ndarray

    def scores(
        self,
        clf: IntentClassifier,
        folds: int,
        candidates: list[tuple[float, float]],
        progress: Progress | None,
        extra: np.ndarray | None = None,
    ) -> list[np.ndarray]:
        """Each candidate's cross-validated scores on this sample."""
        data = (self.texts, self.embeddings, self.y, self.hits)
        return clf.cross_validated(*data, folds, candidates, progress, extra)

    def without(self, dropped: np.ndarray) -> Sample:
        """The sample less the rows `dropped` (a boolean mask)."""
        return Sample(*it.take(self.texts, self.embeddings, self.hits, self.y, ~dropped))


def select(
    clf: IntentClassifier,
    data: Sample,
    progress: Progress | None,
    extra: np.ndarray | None = None,
    known: Scored | None = None,
) -> tuple[IntentConfig, list[dict[str, Any]]]:
    """(the config with the C and embedding weight of the best cross-validated macro-F1
    on the data's own examples, every candidate's score). A coordinate search: the
    weights at the middle C, then the other Cs at the best weight (5 candidates of the
    9 pairs; ``known``: candidates already scored on the same folds)."""
    cfg = clf.config
    cs = [cfg.C] if cfg.C is not None else list(cfg.c_grid)
    ws = [cfg.embedding_weight] if cfg.embedding_weight is not None else list(cfg.weight_grid)
    if cfg.features != "both":
        ws = [1.0]
    y = data.y
    folds = it.folds(y, cfg.selection_folds)
    own = ~extra if extra is not None else np.ones(len(y), bool)
    scored = dict(known or {})

    def score(candidates: list[tuple[float, float]]) -> None:
        """Scores the candidates not scored yet (a progress step a fold, done or not)."""
        todo = [pair for pair in candidates if pair not in scored]
        if todo:
            found = data.scores(clf, folds, todo, progress, extra)
            scored.update(zip(todo, found, strict=True))
        if progress is not None and not todo:
            for k in range(folds):
                progress(f"fold {k + 1}/{folds}")

    def f1(pair: tuple[float, float]) -> float:
        return it.macro_f1(y, scored[pair], clf.classes_, own)

    first = [(float(cs[len(cs) // 2]), float(w)) for w in ws]
    score(first)
    second = [(float(c), max(first, key=f1)[1]) for c in cs]
    score(second)
    selection = [
        {"C": c, "embedding_weight": w, "macro_f1": round(f1((c, w)), 4)}
        for c, w in sorted({*first, *second}, key=lambda pair: (pair[1], pair[0]))
    ]
    best = max(selection, key=lambda r: r["macro_f1"])  # first of equals: simplest
    return replace(cfg, C=best["C"], embedding_weight=best["embedding_weight"]), selection


def extra_helps(
    clf: IntentClassifier, data: Sample, extra: np.ndarray, progress: Progress | None = None
) -> tuple[bool, dict[str, float], Scored]:
    """Whether the supplementary examples raise the cross-validated macro-F1 on the
    data's own examples (the same folds with and without them): another team's domain
    may call in-domain what the packaged messages call out of scope. Also both F1s
    (none: too few examples to tell) and the scores with them, by candidate (the
    selection's folds: it need not fit them again)."""
    own, y = np.flatnonzero(~extra), data.y
    folds = it.folds(y[own], clf.config.selection_folds)
    if folds < 2:
        return True, {}, {}
    pair = [it.pair(clf.config)]
    scores = data.scores(clf, folds, pair, progress, extra)[0]
    alone = data.without(extra).scores(clf, folds, pair, progress)[0]
    everyone = np.ones(len(own), bool)
    f1 = {
        "with": it.macro_f1(y[own], scores[own], clf.classes_, everyone),
        "without": it.macro_f1(y[own], alone, clf.classes_, everyone),
    }
    return f1["with"] >= f1["without"], {k: round(v, 4) for k, v in f1.items()}, {pair[0]: scores}
