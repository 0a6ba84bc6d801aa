"""The fusion and confidence models (logistic regressions) and the thresholds.

Stage 1 (fusion) scores each (query, fiche) pair from the channel features:
its logit ranks the fiches. Stage 2 (confidence) estimates P(the top fiche is
the right answer) from query-level signals (stage-1 logit and margin, absolute
channel scores, coverage of the query by the index vocabulary, similarity to
the nearest out-of-domain example...); a second model on the same signals
estimates P(the question belongs to the knowledge base at all). The assistant
answers when both clear their thresholds, chosen together. Both are stored as plain numbers, so
loading needs no pickle and scoring is one matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "LinearModel",
    "Threshold",
    "choose_threshold",
    "choose_two_thresholds",
    "out_of_fold",
    "pair_labels",
    "sigmoid",
]

DEFAULT_C = 1.0
DEFAULT_OOD_PRIOR = 0.2


def sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -50, 50))), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Standardise, then a linear logit over named features."""

    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def fit(
        cls, names: Sequence[str], x: np.ndarray, y: np.ndarray, *, c: float = DEFAULT_C
    ) -> LinearModel:
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale < 1e-6] = 1.0
        if len(set(y.tolist())) < 2:  # degenerate data: a constant model
            prior = float(np.clip(y.mean(), 1e-3, 1 - 1e-3))
            coef = np.zeros(x.shape[1], dtype=np.float32)
            return cls(tuple(names), mean, scale, coef, float(np.log(prior / (1 - prior))))
        from sklearn.linear_model import LogisticRegression  # training only: slow to import

        model = LogisticRegression(C=c, max_iter=3000)
        model.fit((x - mean) / scale, y)
        return cls(
            feature_names=tuple(names),
            mean=mean.astype(np.float32),
            scale=scale.astype(np.float32),
            coef=model.coef_[0].astype(np.float32),
            intercept=float(model.intercept_[0]),
        )

    def logits(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(((x - self.mean) / self.scale) @ self.coef + self.intercept)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature_names": list(self.feature_names),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], expected: Sequence[str]) -> LinearModel:
        names = tuple(data["feature_names"])
        if names != tuple(expected):
            raise ValueError("the stored model uses other features: rebuild the index")
        return cls(
            feature_names=names,
            mean=np.asarray(data["mean"], dtype=np.float32),
            scale=np.asarray(data["scale"], dtype=np.float32),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=float(data["intercept"]),
        )


def pair_labels(matrices: Sequence[np.ndarray], labels: Sequence[int]) -> np.ndarray:
    """1 for the row of the right fiche of each query, 0 elsewhere (label -1: all 0)."""
    return np.concatenate(
        [
            (np.arange(len(m)) == label).astype(np.int8)
            for m, label in zip(matrices, labels, strict=True)
        ]
    )


def out_of_fold(
    names: Sequence[str],
    x_per_query: Sequence[np.ndarray],
    y_per_query: Sequence[np.ndarray],
    groups: Sequence[int],
    *,
    folds: int = 5,
    c: float = DEFAULT_C,
) -> list[np.ndarray]:
    """Per-query logits from models fitted on the other folds (grouped: a question and
    its variants always fall in the same fold)."""
    from sklearn.model_selection import GroupKFold  # training only: slow to import

    result: list[np.ndarray] = [np.empty(0)] * len(x_per_query)
    splitter = GroupKFold(n_splits=min(folds, len(set(groups))))
    for train, test in splitter.split(np.arange(len(x_per_query)), groups=groups):
        x = np.concatenate([x_per_query[i] for i in train], axis=0)
        y = np.concatenate([y_per_query[i] for i in train])
        model = LinearModel.fit(names, x, y, c=c)
        for i in test:
            result[i] = model.logits(x_per_query[i])
    return result


@dataclass(frozen=True, slots=True)
class Threshold:
    """Answer when the top score is >= `value`; `report` holds the calibration figures."""

    value: float
    report: dict[str, float] = field(default_factory=dict)


def choose_threshold(
    top_scores: Sequence[float],
    top_correct: Sequence[bool],
    in_domain: Sequence[bool],
    *,
    ood_prior: float = DEFAULT_OOD_PRIOR,
) -> Threshold:
    """The threshold that maximises expected answer accuracy on calibration data.

    An in-domain query counts as a success when its top fiche is right and the
    score clears the threshold; an out-of-domain one when it does not. The two
    kinds are weighted so that out-of-domain queries make `ood_prior` of the
    total. Ties are broken by taking the middle of the best cuts.
    """
    scores = np.asarray(top_scores, dtype=np.float64)
    correct = np.asarray(top_correct, dtype=bool)
    inside = np.asarray(in_domain, dtype=bool)
    n_in, n_out = max(int(inside.sum()), 1), max(int((~inside).sum()), 1)
    weight = np.where(inside, (1 - ood_prior) / n_in, ood_prior / n_out)
    candidates = np.unique(scores)
    cuts = np.concatenate(
        [[candidates[0] - 1e-3], (candidates[:-1] + candidates[1:]) / 2, [candidates[-1] + 1e-3]]
    )
    best_gain, best_cuts = -1.0, [float(cuts[0])]
    for cut in cuts:
        answered = scores >= cut
        success = np.where(inside, answered & correct, ~answered)
        gain = float((weight * success).sum())
        if gain > best_gain + 1e-12:
            best_gain, best_cuts = gain, [float(cut)]
        elif abs(gain - best_gain) <= 1e-12:
            best_cuts.append(float(cut))
    value = best_cuts[len(best_cuts) // 2]
    report = _report(scores < value, correct, inside, best_gain, ood_prior)
    return Threshold(value=value, report=report)


def _report(
    abstained: np.ndarray, correct: np.ndarray, inside: np.ndarray, gain: float, prior: float
) -> dict[str, float]:
    should = ~inside
    true_positive = int((abstained & should).sum())
    n_in = max(int(inside.sum()), 1)
    return {
        "weighted_accuracy": round(gain, 4),
        "abstention_precision": round(true_positive / max(int(abstained.sum()), 1), 4),
        "abstention_recall": round(true_positive / max(int(should.sum()), 1), 4),
        "answered_correct_rate": round(float((~abstained & correct & inside).sum()) / n_in, 4),
        "n_in_domain": int(inside.sum()),
        "n_out_of_domain": int(should.sum()),
        "ood_prior": prior,
    }


def choose_two_thresholds(
    top_scores: Sequence[float],
    domain_scores: Sequence[float],
    top_correct: Sequence[bool],
    in_domain: Sequence[bool],
    *,
    ood_prior: float = DEFAULT_OOD_PRIOR,
    wrong_answer_cost: float = 0.0,
    grid: int = 81,
    plateau: float = 0.0,
) -> tuple[float, float, dict[str, float]]:
    """(top threshold, domain threshold, report): answer when the top fiche's confidence
    and the question's in-domain probability both clear theirs; the pair maximises the
    expected answer accuracy of `choose_threshold` (out-of-domain queries weighted to
    `ood_prior`) less `wrong_answer_cost` for every answer that is wrong (another fiche,
    or any fiche for an out-of-domain query): with a cost, an honest "I don't know"
    beats a wrong fiche. Searched over quantiles of the top score and a 0.005 grid of the
    domain probability; with `plateau` > 0 the domain cut is the middle of those whose best
    gain is within `plateau` of the best."""
    top = np.asarray(top_scores, dtype=np.float64)
    domain = np.asarray(domain_scores, dtype=np.float64)
    correct = np.asarray(top_correct, dtype=bool)
    inside = np.asarray(in_domain, dtype=bool)
    n_in, n_out = max(int(inside.sum()), 1), max(int((~inside).sum()), 1)
    weight = np.where(inside, (1 - ood_prior) / n_in, ood_prior / n_out)
    quantiles = np.linspace(0.0, 1.0, grid)
    top_cuts = np.unique(np.concatenate([[top.min() - 1e-3], np.quantile(top, quantiles)]))
    # the domain cut on an even grid of probabilities: its quantiles are sparse where the
    # optimum is flat (most in-domain queries score near 1), so the plateau's middle jumped
    # between neighbouring quantiles (0.55 to 0.66 when one fiche was added); on a 0.005 grid
    # it stayed at 0.55-0.56
    domain_cuts = np.unique(np.concatenate([[domain.min() - 1e-3], np.linspace(0.0, 1.0, 201)]))
    # best (gain, top cut) for each domain cut
    per_domain: list[tuple[float, float]] = []
    for domain_cut in domain_cuts:
        passes = domain >= domain_cut
        row = (-1.0, float(top_cuts[0]))
        for top_cut in top_cuts:
            answered = passes & (top >= top_cut)
            success = np.where(inside, answered & correct, ~answered)
            wrong = answered & ~(inside & correct)
            gain = float((weight * (success - wrong_answer_cost * wrong)).sum())
            if gain > row[0] + 1e-12:
                row = (gain, float(top_cut))
        per_domain.append(row)
    # the optimum is flat: the middle of the domain cuts within `plateau` of the best,
    # not the best alone, which moves with the rounding of one build's embeddings
    best_gain = max(gain for gain, _ in per_domain)
    near = [i for i, (gain, _) in enumerate(per_domain) if gain >= best_gain - plateau]
    chosen = near[len(near) // 2]
    gain, top_cut = per_domain[chosen]
    domain_cut = float(domain_cuts[chosen])
    abstained = ~((top >= top_cut) & (domain >= domain_cut))
    return top_cut, domain_cut, _report(abstained, correct, inside, gain, ood_prior)
