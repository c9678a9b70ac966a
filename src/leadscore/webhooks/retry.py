"""When to try a failed delivery again: exponential backoff with full jitter.

Full jitter (a random wait between 0 and the exponential ceiling) spreads the retries of
many failed deliveries instead of sending them back in waves. A receiver's `Retry-After`
is a floor: the next attempt never comes sooner than it asked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    DISABLE = "disable"  # the receiver said 410 Gone: stop sending to it


def outcome_of(status: int | None) -> Outcome:
    """A 2xx is delivered; 410 disables the subscription; anything else (a redirect, an
    error, no answer at all) is retried. Redirects are not followed: a receiver that moved
    must be re-registered, so a signed payload never lands somewhere unchecked."""
    if status is not None and 200 <= status < 300:
        return Outcome.DELIVERED
    if status == 410:
        return Outcome.DISABLE
    return Outcome.RETRY


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most `base` seconds before the second attempt, doubling up to `max_delay`; after
    `max_attempts` attempts in all the delivery is given up. The defaults keep trying for
    up to about a day and a half (16 hours on average, the jitter being uniform)."""

    base: float = 30.0
    max_delay: float = 6 * 3600.0
    max_attempts: int = 15
    #: A Retry-After longer than this is clipped, so one receiver cannot park a row forever.
    max_retry_after: float = 24 * 3600.0

    def ceiling(self, attempts: int) -> float:
        """The longest wait after `attempts` failed attempts (1 or more)."""
        return min(self.max_delay, self.base * 2.0 ** min(attempts - 1, 64))

    def delay(
        self, attempts: int, rng: random.Random, retry_after: float | None = None
    ) -> float | None:
        """Seconds to wait after the `attempts`-th failed attempt; None means give up."""
        if attempts >= self.max_attempts:
            return None
        wait = rng.uniform(0.0, self.ceiling(attempts))
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after))
        return wait


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds asked for by a `Retry-After` header (delta-seconds or an HTTP date)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())
