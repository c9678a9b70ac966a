"""Group limits, written as an explanation line so contributions still sum to the score."""

from __future__ import annotations

import math

from leadscore.domain.scorecard import Contribution


def with_limit(group: str, lines: list[Contribution], limit: float | None) -> list[Contribution]:
    points = [line.points for line in lines]
    subtotal = math.fsum(points)
    if limit is None or subtotal <= limit:
        return lines
    # `limit - subtotal` is rounded, so the lines plus it could end an ulp above the limit.
    excess = math.fsum([limit, *(-value for value in points)])
    while math.fsum([*points, excess]) > limit:
        excess = math.nextafter(excess, -math.inf)
    cut = Contribution(group, f"{group} limit", excess, excess, excess, kind="limit", cap_hit=True)
    return [*lines, cut]


def group_total(lines: list[Contribution]) -> float:
    return math.fsum(line.points for line in lines)
