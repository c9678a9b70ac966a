"""How candidates are compared: out-of-fold raw scores on the same splits for everyone.

Without a time column: stratified K-fold with shuffling (seed given, default 0), so every
row is scored once by a model that did not see it. With a time column: forward-chaining
splits (scikit-learn's TimeSeriesSplit over rows sorted by time): each fold trains on the
past only and scores the next block; the first block is never scored, and metrics,
stacking and calibration use the scored rows only.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold, TimeSeriesSplit

from leadscore.errors import LeadscoreError
from leadscore.predict.members import silenced

Split = tuple[np.ndarray, np.ndarray]


def make_splits(
    y: np.ndarray, folds: int, seed: int, times: pd.Series | None = None
) -> list[Split]:
    """Train/test row positions per fold."""
    minority = int(min(np.sum(y == 0), np.sum(y == 1)))
    if minority < 2 or (len(y) < 2 * folds and times is not None):
        raise LeadscoreError(
            f"too few rows to cross-validate: {len(y)} rows, {minority} of the rarer outcome"
        )
    if times is None:
        splitter = StratifiedKFold(min(folds, minority), shuffle=True, random_state=seed)
        return list(splitter.split(np.zeros(len(y)), y))
    order = np.argsort(times.to_numpy(), kind="stable")
    splits = []
    for train, test in TimeSeriesSplit(folds).split(order):
        train_rows, test_rows = order[train], order[test]
        if len(np.unique(y[train_rows])) == 2:
            splits.append((train_rows, test_rows))
    if not splits:
        raise LeadscoreError("time split: no early part of the data has both outcomes")
    return splits


def out_of_fold(
    make: Callable[[], object],
    X: pd.DataFrame,
    y: np.ndarray,
    splits: list[Split],
    step: Callable[[], None] = lambda: None,
) -> np.ndarray:
    """Raw scores of each row from the fold model that did not train on it (NaN: unscored).

    Folds are fitted side by side on up to `os.cpu_count()` threads: LightGBM, the EBM and
    NumPy release the GIL while they compute, and every fold has its own model, so the
    result is the same as one fold after the other.
    """
    raw = np.full(len(y), np.nan)

    def fit_fold(split: Split) -> None:
        train, test = split
        member = make()
        member.fit(X.iloc[train], y[train])  # type: ignore[attr-defined]
        raw[test] = member.raw(X.iloc[test])  # type: ignore[attr-defined]
        step()

    workers = max(1, min(len(splits), os.cpu_count() or 1))
    with silenced(getattr(make(), "quiet", ())), ThreadPoolExecutor(workers) as pool:
        list(pool.map(fit_fold, splits))
    return raw
