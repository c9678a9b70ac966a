"""Lift and cumulative gains: how many conversions the best-scored tenth, fifth... hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decile:
    """One tenth of the leads, best scores first (decile 1 is the top)."""

    decile: int
    count: int
    positives: int
    rate: float
    lift: float
    cumulative_gain: float
    cumulative_lift: float
    min_score: float
    max_score: float


def _tie_positions(scores: Sequence[float]) -> list[float]:
    """Each lead's average 0-based position when sorted best first; ties share one."""
    order = sorted(range(len(scores)), key=lambda index: -scores[index])
    positions = [0.0] * len(scores)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        for index in order[start : end + 1]:
            positions[index] = (start + end) / 2
        start = end + 1
    return positions


def deciles(
    labels: Sequence[bool | int], scores: Sequence[float], groups: int = 10
) -> list[Decile]:
    """Leads ranked best first and cut into `groups` parts by rank.

    Tied scores stay together: a tie goes to the part its average rank falls in, so parts
    may differ in size (and one may be empty, which is left out) when scores tie a lot.
    """
    if len(labels) != len(scores):
        raise ValueError("labels and scores differ in length")
    total_positives = sum(1 for label in labels if label)
    if not labels or total_positives == 0:
        raise ValueError("lift needs at least one positive")
    base_rate = total_positives / len(labels)
    members: list[list[int]] = [[] for _ in range(groups)]
    for index, position in enumerate(_tie_positions(scores)):
        members[min(groups - 1, int(position * groups / len(scores)))].append(index)
    result: list[Decile] = []
    seen = seen_positives = 0
    for number, indices in enumerate(members, start=1):
        if not indices:
            continue
        positives = sum(1 for index in indices if labels[index])
        seen, seen_positives = seen + len(indices), seen_positives + positives
        rate = positives / len(indices)
        result.append(
            Decile(
                decile=number,
                count=len(indices),
                positives=positives,
                rate=rate,
                lift=rate / base_rate,
                cumulative_gain=seen_positives / total_positives,
                cumulative_lift=(seen_positives / seen) / base_rate,
                min_score=min(scores[index] for index in indices),
                max_score=max(scores[index] for index in indices),
            )
        )
    return result
