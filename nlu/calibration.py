"""Calibration of intent confidences, from cross-validated scores.

* :func:`fit_temperature`: the temperature minimising the cross-validated
  negative log-likelihood (one parameter: the ranking is unchanged);
* :func:`expected_calibration_error`: |confidence − accuracy| averaged over 10
  equal-width confidence bins, weighted by their size;
* :func:`choose_threshold`: the out-of-scope fallback threshold, from the same
  calibrated cross-validated predictions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["choose_threshold", "expected_calibration_error", "fit_temperature", "softmax"]

FALLBACK_INTENT = "out_of_scope"
MAX_THRESHOLD = 0.6


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """``scipy.special.softmax``, the same operations (SciPy is not imported to serve)."""
    shifted = np.exp(x - np.amax(x, axis=axis, keepdims=True))
    return np.asarray(shifted / np.sum(shifted, axis=axis, keepdims=True))


def fit_temperature(scores: np.ndarray, y: np.ndarray, classes: Sequence[str]) -> float:
    """Temperature minimising the cross-validated negative log-likelihood."""
    index = {c: i for i, c in enumerate(classes)}
    idx = np.array([index[c] for c in y])
    best_t, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.02), np.log(20.0), 90)):
        p = softmax(scores / t, axis=1)
        nll = -np.mean(np.log(np.clip(p[np.arange(len(y)), idx], 1e-12, None)))
        if nll < best_nll:
            best_t, best_nll = float(t), float(nll)
    return best_t


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """ECE of the top prediction: 0 when "70 % sure" is right 70 % of the time."""
    conf = np.asarray(confidence, dtype=float)
    hit = np.asarray(correct, dtype=float)
    if len(conf) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(float(conf[mask].mean()) - float(hit[mask].mean()))
    return round(float(total / len(conf)), 4)


def choose_threshold(
    probs: np.ndarray, y: np.ndarray, classes: Sequence[str], folds: np.ndarray | None = None
) -> float:
    """Fallback threshold from calibrated cross-validated predictions.

    Below the threshold an in-domain answer becomes ``out_of_scope``. With
    calibrated confidences that is right when a doubtful answer is more often
    out of scope than correct: the candidates are the thresholds whose
    cross-validated accuracy is within one standard error (over the ``folds``, each
    row's fold; none: exact ties) of the best, and the threshold is their median
    (at most 0.6). The accuracy curve is flat near its top, so its argmax moves
    with a few added examples; the middle of the thresholds the folds cannot tell
    apart does not. A training set without ``out_of_scope`` gets a low one: a
    fallback is never right there, so only thresholds whose doubtful answers are
    wrong anyway come near the best.
    """
    top = probs.argmax(axis=1)
    conf = probs.max(axis=1)
    names = np.asarray(classes)[top]
    grid = np.round(np.arange(0.0, MAX_THRESHOLD + 1e-9, 0.02), 2)
    right = [
        np.where((conf < t) & (names != FALLBACK_INTENT), FALLBACK_INTENT, names) == y for t in grid
    ]
    accuracy = np.array([float(np.mean(r)) for r in right])
    best = int(accuracy.argmax())
    spread = 0.0
    if folds is not None and len(np.unique(folds)) > 1:
        per_fold = [float(np.mean(right[best][folds == k])) for k in np.unique(folds)]
        spread = float(np.std(per_fold, ddof=1) / np.sqrt(len(per_fold)))
    near = grid[accuracy >= accuracy[best] - spread - 1e-9]
    return float(near[len(near) // 2])
