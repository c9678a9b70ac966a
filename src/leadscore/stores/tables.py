"""The schema, as SQLAlchemy Core tables. Alembic migrations create it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from leadscore.stores.types import UtcDateTime

metadata = MetaData()

leads = Table(
    "leads",
    metadata,
    Column("lead_id", String(200), primary_key=True),
    Column("email", String(320)),
    Column("first_name", String(200)),
    Column("last_name", String(200)),
    Column("title", String(300)),
    Column("company", String(300)),
    Column("domain", String(300)),
    Column("industry", String(200)),
    Column("employees", Integer),
    Column("annual_revenue", Float),
    Column("country", String(100)),
    Column("source", String(200)),
    Column("created_at", UtcDateTime),
    Column("do_not_email", Boolean, nullable=False, default=False),
    Column("do_not_call", Boolean, nullable=False, default=False),
    Column("attributes", JSON, nullable=False, default=dict),
    Column("identified", Boolean, nullable=False, default=True),
    Column("updated_at", UtcDateTime, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(200), primary_key=True),
    Column("lead_id", String(200), ForeignKey("leads.lead_id"), nullable=False),
    Column("type", String(200), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("properties", JSON, nullable=False, default=dict),
    Column("received_at", UtcDateTime, nullable=False),
    Index("ix_events_lead_time", "lead_id", "occurred_at"),
)

scoring_models = Table(
    "scoring_models",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("source", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("active", Boolean, nullable=False, default=False),
)

scores = Table(
    "scores",
    metadata,
    Column("lead_id", String(200), ForeignKey("leads.lead_id"), primary_key=True),
    Column("model_version", Integer, ForeignKey("scoring_models.version"), nullable=False),
    Column("as_of", UtcDateTime, nullable=False),
    Column("fit", Float, nullable=False),
    Column("engagement", Float, nullable=False),
    Column("total", Float, nullable=False),
    Column("tier", String(100), nullable=False),
    Column("grade", String(100), nullable=False),
    Column("stage", String(40), nullable=False),
    Column("stage_since", UtcDateTime),
    Column("signals", JSON, nullable=False),
    Column("contributions", JSON, nullable=False),
    Column("scored_at", UtcDateTime, nullable=False),
    Index("ix_scores_total", "total"),
)

score_history = Table(
    "score_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lead_id", String(200), ForeignKey("leads.lead_id"), nullable=False, index=True),
    Column("model_version", Integer, nullable=False),
    Column("as_of", UtcDateTime, nullable=False),
    Column("fit", Float, nullable=False),
    Column("engagement", Float, nullable=False),
    Column("total", Float, nullable=False),
    Column("tier", String(100), nullable=False),
    Column("grade", String(100), nullable=False),
    Column("stage", String(40), nullable=False),
    Column("scored_at", UtcDateTime, nullable=False),
)

stage_history = Table(
    "stage_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lead_id", String(200), ForeignKey("leads.lead_id"), nullable=False, index=True),
    Column("from_stage", String(40), nullable=False),
    Column("to_stage", String(40), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lead_id", String(200), ForeignKey("leads.lead_id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("budget", Boolean, nullable=False),
    Column("authority", Boolean, nullable=False),
    Column("need", Boolean, nullable=False),
    Column("timeline", Boolean, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("secret_hash", String(64), nullable=False),
    Column("scopes", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("idempotency_key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_idempotency_keys_created_at", "created_at"),
)
