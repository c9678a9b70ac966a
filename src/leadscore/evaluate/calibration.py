"""Calibration: do leads given a 30 % chance convert about 30 % of the time?"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from leadscore.evaluate.metrics import check_probabilities


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Leads whose predicted probability lies in (low, high] ([0, high] for the first bin)."""

    low: float
    high: float
    count: int
    mean_predicted: float
    observed_rate: float


def calibration_table(
    labels: Sequence[bool | int], probabilities: Sequence[float], bins: int = 10
) -> list[CalibrationBin]:
    """Equal-width bins of predicted probability; empty bins are left out.

    Bin edges and membership follow scikit-learn's `calibration_curve(strategy="uniform")`.
    """
    if len(labels) != len(probabilities):
        raise ValueError("labels and probabilities differ in length")
    if bins < 1:
        raise ValueError("calibration needs at least one bin")
    check_probabilities(probabilities)
    edges = [index / bins for index in range(bins + 1)]
    counts = [0] * bins
    sums = [0.0] * bins
    hits = [0] * bins
    for label, probability in zip(labels, probabilities, strict=True):
        index = bisect_left(edges[1:-1], probability)
        counts[index] += 1
        sums[index] += probability
        hits[index] += 1 if label else 0
    return [
        CalibrationBin(edges[i], edges[i + 1], counts[i], sums[i] / counts[i], hits[i] / counts[i])
        for i in range(bins)
        if counts[i]
    ]
