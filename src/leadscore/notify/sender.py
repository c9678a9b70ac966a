"""One delivery attempt: sign the payload for the subscription and POST it.

Redirects are not followed (a 3xx is a failed attempt) and the answer's body is never
read, so a receiver can neither send a signed payload elsewhere nor stall us with a
large reply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import httpx

from leadscore.domain.webhook import Delivery, Subscription
from leadscore.webhooks.signing import headers

USER_AGENT = "leadscore-webhooks/1"


@dataclass(frozen=True, slots=True)
class Attempt:
    """What the receiver answered: a status (None when there was no answer), its
    `Retry-After` header, and a one-line error for anything but a 2xx."""

    status: int | None
    retry_after: str | None = None
    error: str | None = None


def body_of(delivery: Delivery) -> bytes:
    """The exact bytes signed and sent (compact JSON, UTF-8)."""
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def send(
    client: httpx.Client, subscription: Subscription, delivery: Delivery, now: datetime
) -> Attempt:
    body = body_of(delivery)
    signed = headers(subscription.secret, delivery.message_id, int(now.timestamp()), body)
    signed |= {"content-type": "application/json", "user-agent": USER_AGENT}
    try:
        with client.stream("POST", subscription.url, content=body, headers=signed) as response:
            status = response.status_code
            retry_after = response.headers.get("retry-after")
    except Exception as exc:  # any failure to get an answer is a failed attempt, retried
        return Attempt(None, None, f"{type(exc).__name__}: no answer")
    if 200 <= status < 300:
        return Attempt(status)
    return Attempt(status, retry_after, f"HTTP {status}")
