"""The fallback threshold does not move on noise: among the thresholds whose
cross-validated accuracy the folds cannot tell from the best's, the middle one."""

from __future__ import annotations

import numpy as np

from nlu.calibration import choose_threshold

CLASSES = ["a", "b", "c", "d", "e", "out_of_scope"]


def _rows(spec: list[tuple[float, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calibrated probabilities whose top is intent "a" at each row's confidence, the
    rows' labels, and their folds (five, in turn)."""
    conf = np.array([c for c, _ in spec])
    probs = np.column_stack([conf] + [(1 - conf) / 5] * 5)
    return probs, np.array([label for _, label in spec]), np.arange(len(spec)) % 5


def test_the_fallback_threshold_is_the_middle_of_those_the_folds_cannot_tell_apart() -> None:
    # falling back at 0.2 is right (out of scope), at 0.41 wrong; in between one doubtful
    # answer is right and one out of scope: the same accuracy from 0.22 to 0.36 and at 0.4
    spec = [(0.95, "a")] * 50 + [(0.2, "out_of_scope")] * 4
    spec += [(0.37, "a"), (0.39, "out_of_scope")] + [(0.41, "a")] * 6
    probs, y, folds = _rows(spec)
    assert choose_threshold(probs, y, CLASSES, folds) == 0.3  # not 0.4, the top one
    assert choose_threshold(probs, y, CLASSES) == 0.3  # without folds: among exact ties
