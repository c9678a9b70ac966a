"""Comparing the candidates on out-of-fold scores and picking the winner.

Each candidate (logistic, lightgbm, ebm) is fitted on every fold's training rows and
scores the held-out rows. The "blend" candidate stacks them (blend.py) with weights
cross-fitted over the same folds, so its out-of-fold scores are as honest as the others'.
Every candidate is then calibrated the same way (calibration.py), and reported with ROC
AUC, PR AUC (average precision) and the Brier score of its calibrated probabilities. The
winner has the highest ROC AUC (ties: lower Brier).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, roc_auc_score

from leadscore.predict.blend import stack_weights
from leadscore.predict.calibration import cross_fitted_brier
from leadscore.predict.members import Member
from leadscore.predict.validation import Split, out_of_fold


@dataclass
class CandidateResult:
    """One candidate's cross-validated figures and its out-of-fold raw scores."""

    name: str
    roc_auc: float
    pr_auc: float
    brier: float
    calibration: str
    raw: np.ndarray
    fold_roc_auc: float | None = None  # mean of the folds' own ROC AUCs

    def metrics(self) -> dict[str, float | str | None]:
        return {
            "roc_auc": self.roc_auc,
            "pr_auc": self.pr_auc,
            "brier": self.brier,
            "calibration": self.calibration,
            "mean_fold_roc_auc": self.fold_roc_auc,
        }


def fold_labels(splits: list[Split], rows: int) -> np.ndarray:
    """Which fold scored each row (-1: none)."""
    fold = np.full(rows, -1)
    for index, (_, test) in enumerate(splits):
        fold[test] = index
    return fold


def score_candidate(name: str, raw: np.ndarray, y: np.ndarray, fold: np.ndarray) -> CandidateResult:
    scored = fold >= 0
    r, t, f = raw[scored], y[scored], fold[scored]
    briers = {m: cross_fitted_brier(m, r, t, f) for m in ("isotonic", "sigmoid")}
    method = min(briers, key=briers.__getitem__)
    return CandidateResult(
        name,
        float(roc_auc_score(t, r)),
        float(average_precision_score(t, r)),
        briers[method],
        method,
        raw,
        _mean_fold_auc(r, t, f),
    )


def _mean_fold_auc(raw: np.ndarray, y: np.ndarray, fold: np.ndarray) -> float | None:
    """The mean of each fold's ROC AUC: the figure to hold against another score measured
    fold by fold (a points card is scaled per fold, so its pooled AUC mixes scales)."""
    aucs = [
        roc_auc_score(y[fold == k], raw[fold == k])
        for k in np.unique(fold)
        if len(np.unique(y[fold == k])) == 2
    ]
    return float(np.mean(aucs)) if aucs else None


def blended_raw(raws: np.ndarray, y: np.ndarray, fold: np.ndarray) -> np.ndarray:
    """Out-of-fold blend scores: weights fitted on the other folds' rows."""
    blend = np.full(len(y), np.nan)
    for k in np.unique(fold[fold >= 0]):
        train = (fold >= 0) & (fold != k)
        weights, offset = stack_weights(raws[train], y[train])
        blend[fold == k] = raws[fold == k] @ weights + offset
    return blend


def compare(
    makers: dict[str, Callable[[], Member]],
    X: pd.DataFrame,
    y: np.ndarray,
    splits: list[Split],
    step: Callable[[], None] = lambda: None,
) -> dict[str, CandidateResult]:
    """Every candidate (and their blend when there are several) scored out of fold."""
    fold = fold_labels(splits, len(y))
    results: dict[str, CandidateResult] = {}
    for name, make in makers.items():
        raw = out_of_fold(make, X, y, splits, step)
        results[name] = score_candidate(name, raw, y, fold)
    if len(makers) > 1:
        raws = np.column_stack([results[name].raw for name in makers])
        results["blend"] = score_candidate("blend", blended_raw(raws, y, fold), y, fold)
    return results


def winner(results: dict[str, CandidateResult]) -> str:
    return max(results.values(), key=lambda r: (round(r.roc_auc, 6), -r.brier)).name
