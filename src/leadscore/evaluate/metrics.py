"""Ranking metrics."""

from __future__ import annotations

from collections.abc import Sequence


def roc_auc(labels: Sequence[bool | int], scores: Sequence[float]) -> float:
    """Probability that a random positive outranks a random negative (ties count half).

    Computed from average ranks (Mann-Whitney U), O(n log n).
    """
    if len(labels) != len(scores):
        raise ValueError("labels and scores differ in length")
    positives = sum(1 for label in labels if label)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        raise ValueError("ROC AUC needs at least one positive and one negative")
    order = sorted(range(len(scores)), key=lambda index: scores[index])
    rank_sum = 0.0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        average_rank = (start + end) / 2 + 1
        rank_sum += average_rank * sum(1 for i in order[start : end + 1] if labels[i])
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def average_precision(labels: Sequence[bool | int], scores: Sequence[float]) -> float:
    """PR AUC as scikit-learn's average precision: sum of (R_n - R_n-1) * P_n over thresholds.

    Each distinct score is one threshold, so tied leads enter the top together.
    """
    if len(labels) != len(scores):
        raise ValueError("labels and scores differ in length")
    positives = sum(1 for label in labels if label)
    if positives == 0:
        raise ValueError("average precision needs at least one positive")
    order = sorted(range(len(scores)), key=lambda index: -scores[index])
    area = 0.0
    taken = hits = 0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        group_hits = sum(1 for i in order[start : end + 1] if labels[i])
        taken += end - start + 1
        hits += group_hits
        area += (group_hits / positives) * (hits / taken)
        start = end + 1
    return area


def brier_score(labels: Sequence[bool | int], probabilities: Sequence[float]) -> float:
    """Mean squared gap between the predicted probability and the outcome (0 is perfect)."""
    if len(labels) != len(probabilities):
        raise ValueError("labels and probabilities differ in length")
    if not labels:
        raise ValueError("the Brier score needs at least one row")
    check_probabilities(probabilities)
    return sum(
        (p - (1.0 if y else 0.0)) ** 2 for y, p in zip(labels, probabilities, strict=True)
    ) / len(labels)


def check_probabilities(probabilities: Sequence[float]) -> None:
    outside = next((p for p in probabilities if not 0.0 <= p <= 1.0), None)
    if outside is not None:
        raise ValueError(f"probabilities must lie in [0, 1]; got {outside}")
