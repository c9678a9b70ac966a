from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadscore.webhooks.retry import Outcome, RetryPolicy, outcome_of, parse_retry_after

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.DELIVERED),
        (204, Outcome.DELIVERED),
        (301, Outcome.RETRY),
        (404, Outcome.RETRY),
        (410, Outcome.DISABLE),
        (429, Outcome.RETRY),
        (503, Outcome.RETRY),
        (None, Outcome.RETRY),
    ],
)
def test_outcomes(status: int | None, outcome: Outcome) -> None:
    assert outcome_of(status) is outcome


@settings(max_examples=100, deadline=None)
@given(attempts=st.integers(min_value=1, max_value=7), seed=st.integers(0, 2**32))
def test_full_jitter_stays_under_the_exponential_ceiling(attempts: int, seed: int) -> None:
    policy = RetryPolicy(base=2.0, max_delay=60.0, max_attempts=8)
    wait = policy.delay(attempts, random.Random(seed))
    assert wait is not None and 0.0 <= wait <= min(60.0, 2.0 * 2 ** (attempts - 1))


@settings(max_examples=100, deadline=None)
@given(
    attempts=st.integers(min_value=1, max_value=7),
    asked=st.floats(min_value=0, max_value=1e6),
    seed=st.integers(0, 2**32),
)
def test_retry_after_is_a_floor_clipped_at_its_limit(
    attempts: int, asked: float, seed: int
) -> None:
    policy = RetryPolicy(max_retry_after=3600.0)
    wait = policy.delay(attempts, random.Random(seed), retry_after=asked)
    assert wait is not None and wait >= min(asked, 3600.0)


def test_gives_up_after_the_last_attempt() -> None:
    policy = RetryPolicy(max_attempts=3)
    rng = random.Random(1)
    assert policy.delay(2, rng) is not None
    assert policy.delay(3, rng) is None
    assert policy.delay(3, rng, retry_after=1.0) is None


def test_the_jitter_spreads_retries() -> None:
    policy = RetryPolicy(base=10.0)
    rng = random.Random(7)
    waits = [policy.delay(4, rng) for _ in range(200)]
    assert len({round(wait or 0, 3) for wait in waits}) > 150
    assert max(w or 0 for w in waits) > 60 and min(w or 0 for w in waits) < 20


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Sun, 01 Mar 2026 12:02:00 GMT", 120.0),
        ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds
