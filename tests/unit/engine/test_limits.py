"""engine.limits: a group limit is an explanation line, so the lines still sum to the score."""

from __future__ import annotations

import pytest

from leadscore.domain import Contribution
from leadscore.engine.limits import group_total, with_limit


def lines(*points: float) -> list[Contribution]:
    return [Contribution("fit", f"rule {i}", p, p, p) for i, p in enumerate(points)]


def test_under_the_limit_nothing_is_added():
    given = lines(30, 40)
    assert with_limit("fit", given, 100) == given
    assert with_limit("fit", given, 70) == given
    assert with_limit("fit", given, None) == given


def test_over_the_limit_a_limit_line_takes_off_the_excess():
    result = with_limit("fit", lines(60, 50, -5), 100)
    cut = result[-1]
    assert cut.kind == "limit"
    assert cut.rule == "fit limit"
    assert cut.points == -5
    assert cut.cap_hit
    assert cut.event_ids == ()
    assert group_total(result) == 100


def test_negative_totals_are_not_raised_to_a_limit():
    assert with_limit("fit", lines(-40), 10) == lines(-40)


def test_the_limit_is_never_exceeded_when_sums_do_not_round_evenly():
    # Found by the property suite: `limit - subtotal` is rounded, and adding it back to the
    # lines used to land one ulp above the limit (58.00000000000001).
    given = [
        0.36819754217539913,
        35.249354356886215,
        27.45935416716319,
        38.76162601176398,
        29.03410405786061,
        21.10517657449593,
    ]
    result = with_limit("engagement", lines(*given), 58.0)
    # One float line cannot always bring such a sum to the limit exactly: never above it.
    assert group_total(result) <= 58.0
    assert group_total(result) == pytest.approx(58.0, abs=1e-12)
