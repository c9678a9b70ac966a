"""What every candidate model offers, so training, blending and explaining treat them alike.

A member is fitted on the feature frame of a `TableSchema` and gives, per row, its raw
score (log-odds, before calibration) and the exact additive split of that raw score into
factors: `contributions(X)` returns `(matrix, factor names, bias)` with
`matrix.sum(axis=1) + bias == raw(X)` (up to float rounding). A factor is a feature column
(or, for the EBM, a pair of columns named "A & B").
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, Self

import numpy as np
import pandas as pd


class Member(Protocol):
    """A candidate model: fit, raw score, exact contributions."""

    name: str

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> Self: ...

    def raw(self, X: pd.DataFrame) -> np.ndarray: ...

    def contributions(self, X: pd.DataFrame) -> tuple[np.ndarray, list[str], float]: ...


def logit(probability: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities, clipped away from 0 and 1."""
    p = np.clip(probability, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def sigmoid(raw: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-raw))


#: Warnings a member silences while it fits: (message start, category) pairs.
Quiet = tuple[tuple[str, type[Warning]], ...]


@contextmanager
def silenced(quiet: Quiet) -> Iterator[None]:
    """Ignore these warnings for the block. `warnings.catch_warnings` is process-wide, so
    fits on several threads at once each restoring what they saw would drop each other's
    filters: out_of_fold holds a member's filters around all its threads (validation.py)."""
    with warnings.catch_warnings():
        for message, category in quiet:
            warnings.filterwarnings("ignore", message, category)
        yield
