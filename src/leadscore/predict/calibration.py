"""Turning raw scores into probabilities that mean what they say.

Both isotonic regression and a sigmoid (Platt scaling) are fitted to the *out-of-fold* raw
scores, the same thing scikit-learn's `CalibratedClassifierCV(ensemble=False)` does, but
reusing the comparison's folds instead of fitting every model again. The one with the
lower Brier score under cross-fitting (fitted on the other folds' rows, scored on this
fold's) is kept, then refitted on all out-of-fold scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

METHODS = ("isotonic", "sigmoid")


@dataclass
class Calibrator:
    """A fitted map from raw score to probability."""

    method: str
    model: IsotonicRegression | LogisticRegression

    def __call__(self, raw: np.ndarray) -> np.ndarray:
        if isinstance(self.model, IsotonicRegression):
            return np.clip(self.model.predict(raw), 0.0, 1.0)
        return self.model.predict_proba(raw.reshape(-1, 1))[:, 1]


def fit_calibrator(method: str, raw: np.ndarray, y: np.ndarray) -> Calibrator:
    if method == "isotonic":
        model = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y)
        return Calibrator(method, model)
    return Calibrator(method, LogisticRegression(C=1e6).fit(raw.reshape(-1, 1), y))


def cross_fitted_brier(method: str, raw: np.ndarray, y: np.ndarray, fold: np.ndarray) -> float:
    """Brier score of `method` fitted on the other folds, applied to each fold."""
    probability = np.empty(len(y))
    for k in np.unique(fold):
        held = fold == k
        probability[held] = fit_calibrator(method, raw[~held], y[~held])(raw[held])
    return float(np.mean((probability - y) ** 2))


def choose_calibrator(raw: np.ndarray, y: np.ndarray, fold: np.ndarray) -> tuple[Calibrator, dict]:
    """The calibrator with the lower cross-fitted Brier score, fitted on all rows given."""
    briers = {method: cross_fitted_brier(method, raw, y, fold) for method in METHODS}
    best = min(briers, key=briers.__getitem__)
    return fit_calibrator(best, raw, y), briers
