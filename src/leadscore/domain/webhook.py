"""Webhook subscriptions and the deliveries queued for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Subscription:
    subscription_id: str
    url: str
    events: tuple[str, ...]
    secret: str
    active: bool
    created_at: datetime
    created_by: str
    disabled_at: datetime | None = None
    disabled_reason: str | None = None


class DeliveryState(StrEnum):
    PENDING = "pending"  # due at next_attempt_at
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # gave up after the last attempt
    CANCELLED = "cancelled"  # its subscription was disabled (410) or deleted


@dataclass(frozen=True, slots=True)
class Delivery:
    """One notification for one subscription. `message_id` is the `webhook-id`, shared by
    the copies of one notification sent to several subscriptions and by every retry."""

    id: int
    subscription_id: str
    message_id: str
    kind: str
    lead_id: str
    payload: dict[str, Any]
    created_at: datetime
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime
    last_status: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None
