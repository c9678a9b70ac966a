"""engine.decay: half-life decay and caps."""

from __future__ import annotations

import pytest

from leadscore.engine.decay import capped, decay_factor


def test_points_halve_every_half_life():
    assert decay_factor(0, 30) == 1.0
    assert decay_factor(30, 30) == 0.5
    assert decay_factor(60, 30) == 0.25
    assert decay_factor(15, 30) == pytest.approx(2**-0.5)


def test_no_half_life_means_no_decay():
    assert decay_factor(10_000, None) == 1.0


def test_an_event_from_the_future_is_not_boosted():
    assert decay_factor(-5, 30) == 1.0


def test_decay_only_falls_with_age():
    factors = [decay_factor(age, 7) for age in range(0, 100, 3)]
    assert factors == sorted(factors, reverse=True)


@pytest.mark.parametrize(
    ("value", "cap", "expected"),
    [(12, 10, 10), (7, 10, 7), (-30, 25, -25), (-3, 25, -3), (1e9, None, 1e9), (-1e9, None, -1e9)],
)
def test_caps_bound_the_magnitude_of_positive_and_negative_rules(value, cap, expected):
    assert capped(value, cap) == expected
