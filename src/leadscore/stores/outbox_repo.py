"""The webhook outbox: rows written in the transaction of the change that causes them,
claimed by a dispatcher under a lease, and marked with each attempt's outcome."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select, update

from leadscore.domain.webhook import Delivery, DeliveryState
from leadscore.stores.queries import CHUNK
from leadscore.stores.subscriptions_repo import SubscriptionRepository
from leadscore.stores.webhook_tables import webhook_outbox

#: A notification to queue: (kind, lead_id, Standard Webhooks payload).
Queued = tuple[str, str, dict[str, Any]]
PENDING = DeliveryState.PENDING.value


class OutboxRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def enqueue(self, notifications: Sequence[Queued], now: datetime) -> int:
        """One row per notification and active subscription wanting its kind; none (and
        no work) when nobody subscribed. Returns the rows written."""
        if not notifications:
            return 0
        subscriptions = SubscriptionRepository(self.connection).active()
        rows: list[dict[str, Any]] = []
        for kind, lead_id, payload in notifications:
            wanted = [item for item in subscriptions if kind in item.events]
            message_id = "msg_" + secrets.token_hex(12) if wanted else ""
            rows += [
                _row(item.subscription_id, message_id, kind, lead_id, payload, now)
                for item in wanted
            ]
        for start in range(0, len(rows), CHUNK):
            self.connection.execute(webhook_outbox.insert(), rows[start : start + CHUNK])
        return len(rows)

    def claim(self, now: datetime, lease: timedelta, token: str, limit: int) -> list[Delivery]:
        """Take up to `limit` due rows for `lease`: pending, due, and not leased to a live
        dispatcher. One UPDATE, so two dispatchers never take the same row; on PostgreSQL
        rows locked by another claim are skipped rather than waited for."""
        c = webhook_outbox.c
        due = (
            select(c.id)
            .where(c.state == PENDING, c.next_attempt_at <= now)
            .where(or_(c.claimed_until.is_(None), c.claimed_until < now))
            .order_by(c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        self.connection.execute(
            update(webhook_outbox)
            .where(c.id.in_(due.scalar_subquery()))
            .values(claimed_until=now + lease, claimed_by=token)
        )
        query = select(webhook_outbox).where(c.claimed_by == token, c.state == PENDING)
        return [_delivery(row) for row in self.connection.execute(query.order_by(c.id))]

    def delivered(self, delivery_id: int, token: str, status: int, now: datetime) -> None:
        self._settle(delivery_id, token, DeliveryState.DELIVERED, status, None, delivered_at=now)

    def retry_at(
        self, delivery_id: int, token: str, status: int | None, error: str, when: datetime
    ) -> None:
        self._settle(delivery_id, token, DeliveryState.PENDING, status, error, next_attempt_at=when)

    def failed(self, delivery_id: int, token: str, status: int | None, error: str) -> None:
        self._settle(delivery_id, token, DeliveryState.FAILED, status, error)

    def cancelled(
        self, delivery_id: int, token: str, status: int | None, error: str | None
    ) -> None:
        self._settle(delivery_id, token, DeliveryState.CANCELLED, status, error)

    def _settle(
        self,
        delivery_id: int,
        token: str,
        state: DeliveryState,
        status: int | None,
        error: str | None,
        **more: Any,
    ) -> None:
        """Record one attempt; a row whose lease another dispatcher took over is left alone."""
        c = webhook_outbox.c
        self.connection.execute(
            update(webhook_outbox)
            .where(c.id == delivery_id, c.claimed_by == token)
            .values(
                state=state.value,
                attempts=c.attempts + 1,
                last_status=status,
                last_error=error,
                claimed_until=None,
                claimed_by=None,
                **more,
            )
        )

    def of_lead(self, lead_id: str) -> list[Delivery]:
        query = select(webhook_outbox).where(webhook_outbox.c.lead_id == lead_id)
        return [
            _delivery(row) for row in self.connection.execute(query.order_by(webhook_outbox.c.id))
        ]

    def all(self, subscription_id: str | None = None) -> list[Delivery]:
        query = select(webhook_outbox).order_by(webhook_outbox.c.id)
        if subscription_id is not None:
            query = query.where(webhook_outbox.c.subscription_id == subscription_id)
        return [_delivery(row) for row in self.connection.execute(query)]

    def state_counts(self) -> dict[str, int]:
        query = select(webhook_outbox.c.state, func.count()).group_by(webhook_outbox.c.state)
        return {state: count for state, count in self.connection.execute(query)}

    def prune(self, before: datetime) -> int:
        """Forget settled rows (delivered, failed, cancelled) created before `before`."""
        c = webhook_outbox.c
        result = self.connection.execute(
            delete(webhook_outbox).where(c.state != PENDING, c.created_at < before)
        )
        return int(result.rowcount or 0)

    def cancel_lead(self, lead_id: str) -> None:
        """An objection: nothing more is sent about the lead, even what was already queued."""
        c = webhook_outbox.c
        self.connection.execute(
            update(webhook_outbox)
            .where(c.lead_id == lead_id, c.state == PENDING)
            .values(state=DeliveryState.CANCELLED.value, claimed_until=None, claimed_by=None)
        )

    def forget_lead(self, lead_id: str) -> None:
        """Erasure: every delivery about the lead goes, sent or not."""
        self.connection.execute(delete(webhook_outbox).where(webhook_outbox.c.lead_id == lead_id))


def _row(
    subscription_id: str,
    message_id: str,
    kind: str,
    lead_id: str,
    payload: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    return {
        "subscription_id": subscription_id,
        "message_id": message_id,
        "kind": kind,
        "lead_id": lead_id,
        "payload": payload,
        "created_at": now,
        "state": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
    }


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row.id,
        subscription_id=row.subscription_id,
        message_id=row.message_id,
        kind=row.kind,
        lead_id=row.lead_id,
        payload=row.payload,
        created_at=row.created_at,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_status=row.last_status,
        last_error=row.last_error,
        delivered_at=row.delivered_at,
    )
