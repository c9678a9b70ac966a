"""Half-life decay: an event's points halve every `half_life_days`."""

from __future__ import annotations


def decay_factor(age_days: float, half_life_days: float | None) -> float:
    if half_life_days is None or age_days <= 0:
        return 1.0
    return 0.5 ** (age_days / half_life_days)


def capped(value: float, cap: float | None) -> float:
    """Caps bound a rule's magnitude: positive rules from above, negative ones from below."""
    if cap is None:
        return value
    return max(-cap, min(cap, value))
