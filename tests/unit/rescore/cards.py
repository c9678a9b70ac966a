"""Comparing cards field by field, as a stored card and `leadscore explain` show them."""

from __future__ import annotations

import math

from leadscore.domain import ScoreCard


def close(left: float, right: float) -> bool:
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)


def assert_same_card(got: ScoreCard, want: ScoreCard) -> None:
    """Numbers within 1e-9 (relative), everything else equal; contributions in the same
    order with the same kinds, rules, events and cap hits."""
    where = got.lead_id
    assert (got.lead_id, got.as_of) == (want.lead_id, want.as_of)
    for name in ("fit", "engagement", "total"):
        assert close(getattr(got, name), getattr(want, name)), (where, name, got, want)
    assert (got.tier, got.grade, got.signals) == (want.tier, want.grade, want.signals), where
    assert got.stage == want.stage, (where, got.stage, want.stage, want.transitions)
    assert got.transitions == want.transitions, where
    shown = [(c.group, c.rule, c.kind, c.event_ids, c.cap_hit) for c in got.contributions]
    wanted = [(c.group, c.rule, c.kind, c.event_ids, c.cap_hit) for c in want.contributions]
    assert shown == wanted, (where, shown, wanted)
    for line, expected in zip(got.contributions, want.contributions, strict=True):
        for name in ("points", "raw", "decayed"):
            assert close(getattr(line, name), getattr(expected, name)), (where, name, line)
