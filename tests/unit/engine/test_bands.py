"""engine.bands: the highest band whose threshold is reached, else the lowest."""

from __future__ import annotations

import pytest

from leadscore.engine.bands import band

TIERS = {"cold": 0.0, "warm": 50.0, "hot": 100.0}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-20, "cold"),
        (0, "cold"),
        (49.99, "cold"),
        (50, "warm"),
        (99.9, "warm"),
        (100, "hot"),
        (1e6, "hot"),
    ],
)
def test_tiers(value, expected):
    assert band(TIERS, value) == expected


def test_a_single_band_is_always_chosen():
    assert band({"all": 10.0}, -1) == "all"
    assert band({"all": 10.0}, 11) == "all"
