"""Weight of evidence and information value of a binned column.

WoE of a bin = ln(share of all converters in the bin / share of all non-converters in it),
with half a lead added to each count so an all-converting bin stays finite. Positive means
the bin converts better than average; a logistic regression on WoE features turns each
bin's WoE into points. Information value sums (share gap) x WoE: how much a column separates.
"""

from __future__ import annotations

import numpy as np

SMOOTHING = 0.5


def woe(positives: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """WoE per bin from converters and leads per bin."""
    negatives = counts - positives
    good = (positives + SMOOTHING) / (positives.sum() + SMOOTHING * len(counts))
    bad = (negatives + SMOOTHING) / (negatives.sum() + SMOOTHING * len(counts))
    return np.log(good / bad)


def information_value(positives: np.ndarray, counts: np.ndarray) -> float:
    negatives = counts - positives
    good = (positives + SMOOTHING) / (positives.sum() + SMOOTHING * len(counts))
    bad = (negatives + SMOOTHING) / (negatives.sum() + SMOOTHING * len(counts))
    return float(((good - bad) * np.log(good / bad)).sum())


def bin_counts(codes: np.ndarray, target: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """(converters, leads) per bin code 0..bins-1; code -1 (no bin) is not counted."""
    inside = codes >= 0
    counts = np.bincount(codes[inside], minlength=bins).astype(float)
    positives = np.bincount(codes[inside], weights=target[inside], minlength=bins)
    return positives, counts
