"""Tiers on the total and grades on fit: the highest band whose threshold is reached."""

from __future__ import annotations


def band(thresholds: dict[str, float], value: float) -> str:
    """`thresholds` is ascending; a value below every threshold gets the lowest band."""
    chosen = next(iter(thresholds))
    for name, threshold in thresholds.items():
        if value >= threshold:
            chosen = name
    return chosen
