"""Webhook subscriptions: add, list, disable, delete (with their queued deliveries)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from leadscore.domain.webhook import DeliveryState, Subscription
from leadscore.stores.webhook_tables import webhook_outbox, webhook_subscriptions


class SubscriptionRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, subscription: Subscription) -> None:
        row = {
            name: getattr(subscription, name)
            for name in webhook_subscriptions.c.keys()  # noqa: SIM118 (a ColumnCollection)
        }
        row["events"] = list(subscription.events)
        self.connection.execute(webhook_subscriptions.insert(), [row])

    def get(self, subscription_id: str) -> Subscription | None:
        query = select(webhook_subscriptions).where(
            webhook_subscriptions.c.subscription_id == subscription_id
        )
        row = self.connection.execute(query).first()
        return _subscription(row) if row else None

    def all(self) -> list[Subscription]:
        query = select(webhook_subscriptions).order_by(webhook_subscriptions.c.created_at)
        return [_subscription(row) for row in self.connection.execute(query)]

    def active(self) -> list[Subscription]:
        return [item for item in self.all() if item.active]

    def disable(self, subscription_id: str, at: datetime, reason: str) -> None:
        """Stop sending: the subscription stays listed, its pending deliveries cancelled."""
        self.connection.execute(
            update(webhook_subscriptions)
            .where(webhook_subscriptions.c.subscription_id == subscription_id)
            .values(active=False, disabled_at=at, disabled_reason=reason)
        )
        self.connection.execute(
            update(webhook_outbox)
            .where(webhook_outbox.c.subscription_id == subscription_id)
            .where(webhook_outbox.c.state == DeliveryState.PENDING.value)
            .values(state=DeliveryState.CANCELLED.value, claimed_until=None, claimed_by=None)
        )

    def delete(self, subscription_id: str) -> bool:
        """Remove the subscription and every delivery queued or kept for it."""
        self.connection.execute(
            delete(webhook_outbox).where(webhook_outbox.c.subscription_id == subscription_id)
        )
        result = self.connection.execute(
            delete(webhook_subscriptions).where(
                webhook_subscriptions.c.subscription_id == subscription_id
            )
        )
        return bool(result.rowcount)


def _subscription(row: Any) -> Subscription:
    return Subscription(
        subscription_id=row.subscription_id,
        url=row.url,
        events=tuple(row.events),
        secret=row.secret,
        active=row.active,
        created_at=row.created_at,
        created_by=row.created_by,
        disabled_at=row.disabled_at,
        disabled_reason=row.disabled_reason,
    )
