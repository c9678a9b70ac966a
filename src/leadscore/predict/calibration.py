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

from leadscore.errors import LeadscoreError

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
    """Brier score of `method` fitted on the other folds, applied to each fold.

    When the other folds hold one outcome only (rare positives gathered in one fold, or a
    time split whose early rows never convert), nothing can be fitted on them: that fold
    gets their outcome rate (0 or 1), which is what isotonic regression gives there too,
    so both methods are judged alike and the figure stays defined.
    """
    folds = np.unique(fold)
    if len(folds) < 2:
        raise LeadscoreError(
            f"calibration is cross-fitted over folds: got {len(folds)} fold, need at least 2"
        )
    if len(np.unique(y)) < 2:
        raise LeadscoreError(
            f"calibration needs both outcomes among the scored rows; all {len(y)} are {y[0]}"
        )
    probability = np.empty(len(y))
    for k in folds:
        held = fold == k
        rest = y[~held]
        if len(np.unique(rest)) < 2:
            probability[held] = float(rest[0])
        else:
            probability[held] = fit_calibrator(method, raw[~held], rest)(raw[held])
    return float(np.mean((probability - y) ** 2))


def choose_calibrator(raw: np.ndarray, y: np.ndarray, fold: np.ndarray) -> tuple[Calibrator, dict]:
    """The calibrator with the lower cross-fitted Brier score, fitted on all rows given."""
    briers = {method: cross_fitted_brier(method, raw, y, fold) for method in METHODS}
    best = min(briers, key=briers.__getitem__)
    return fit_calibrator(best, raw, y), briers
