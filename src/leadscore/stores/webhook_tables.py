"""Webhook subscriptions and the transactional outbox of their deliveries.

Registered on the one `metadata` (tables.py); `sql_store` imports the repositories that
import this module, so the schema Alembic compares against always includes it.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from leadscore.stores.tables import metadata
from leadscore.stores.types import UtcDateTime

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("subscription_id", String(40), primary_key=True),
    Column("url", Text, nullable=False),
    Column("events", JSON, nullable=False),
    # Kept in clear: every delivery is signed with it (unlike API keys, only hashed).
    Column("secret", String(100), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("disabled_at", UtcDateTime),
    Column("disabled_reason", Text),
)

#: One row per (notification, subscription): its delivery state lives in the database,
#: so a delivery survives a restart; `claimed_until` is the lease of the dispatcher
#: sending it (an expired lease means that dispatcher died and another may take the row).
webhook_outbox = Table(
    "webhook_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "subscription_id",
        String(40),
        ForeignKey("webhook_subscriptions.subscription_id"),
        nullable=False,
    ),
    Column("message_id", String(40), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("lead_id", String(200), nullable=False, index=True),
    Column("payload", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("state", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("claimed_until", UtcDateTime),
    Column("claimed_by", String(40)),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("delivered_at", UtcDateTime),
    Index("ix_webhook_outbox_due", "state", "next_attempt_at"),
)
