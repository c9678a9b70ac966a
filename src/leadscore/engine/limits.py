"""Group limits, written as an explanation line so contributions still sum to the score."""

from __future__ import annotations

import math

from leadscore.domain.scorecard import Contribution


def with_limit(group: str, lines: list[Contribution], limit: float | None) -> list[Contribution]:
    subtotal = math.fsum(line.points for line in lines)
    if limit is None or subtotal <= limit:
        return lines
    excess = limit - subtotal
    cut = Contribution(group, f"{group} limit", excess, excess, excess, kind="limit", cap_hit=True)
    return [*lines, cut]


def group_total(lines: list[Contribution]) -> float:
    return math.fsum(line.points for line in lines)
