"""Tiers of predicted leads, with thresholds taken from the training data.

`hot`: the probability reached by the top `HOT_SHARE` (20 %) of training leads; `warm`: the
top `WARM_SHARE` (50 %); `cold`: the rest. The probabilities used are the winner's
calibrated *out-of-fold* ones, so the shares hold for new leads like the training ones.
The score is the probability on 0-100, rounded.
"""

from __future__ import annotations

import numpy as np

HOT_SHARE = 0.2
WARM_SHARE = 0.5


def tier_thresholds(probability: np.ndarray) -> dict[str, float]:
    """Lowest probability of each tier, best first."""
    return {
        "hot": float(np.quantile(probability, 1 - HOT_SHARE)),
        "warm": float(np.quantile(probability, 1 - WARM_SHARE)),
        "cold": 0.0,
    }


def tiers_of(probability: np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    """The tier name of each probability."""
    names = np.array(list(thresholds))
    bounds = np.array(list(thresholds.values()))
    index = np.argmax(probability[:, None] >= bounds[None, :], axis=1)
    return names[index]


def scores_of(probability: np.ndarray) -> np.ndarray:
    """Probability as a 0-100 whole number."""
    return np.rint(probability * 100).astype(np.int64)
