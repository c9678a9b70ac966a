"""Suppressions of erased leads, objections to processing, and the audit log.

Registered on the one `metadata` (tables.py), like webhook_tables.py.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text

from leadscore.stores.tables import metadata
from leadscore.stores.types import UtcDateTime

#: What is left of an erased lead: a SHA-256 of its email or id, so a re-import is refused.
suppressions = Table(
    "suppressions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

#: A lead that objected to processing (do not process / contact): not scored, its stage
#: frozen, no notifications. A row, not a column, so who and when are kept with it.
lead_objections = Table(
    "lead_objections",
    metadata,
    Column("lead_id", String(200), ForeignKey("leads.lead_id"), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

#: Append-only: the repository offers no update or delete, and triggers refuse them.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("subject", String(260), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Index("ix_audit_log_subject", "subject"),
)
