"""Initial schema: leads, events, scoring models, scores, histories, decisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from leadscore.stores.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leads",
        sa.Column("lead_id", sa.String(200), primary_key=True),
        sa.Column("email", sa.String(320)),
        sa.Column("first_name", sa.String(200)),
        sa.Column("last_name", sa.String(200)),
        sa.Column("title", sa.String(300)),
        sa.Column("company", sa.String(300)),
        sa.Column("domain", sa.String(300)),
        sa.Column("industry", sa.String(200)),
        sa.Column("employees", sa.Integer),
        sa.Column("annual_revenue", sa.Float),
        sa.Column("country", sa.String(100)),
        sa.Column("source", sa.String(200)),
        sa.Column("created_at", UtcDateTime),
        sa.Column("do_not_email", sa.Boolean, nullable=False),
        sa.Column("do_not_call", sa.Boolean, nullable=False),
        sa.Column("attributes", sa.JSON, nullable=False),
        sa.Column("identified", sa.Boolean, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(200), primary_key=True),
        sa.Column("lead_id", sa.String(200), sa.ForeignKey("leads.lead_id"), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("occurred_at", UtcDateTime, nullable=False),
        sa.Column("properties", sa.JSON, nullable=False),
        sa.Column("received_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_events_lead_time", "events", ["lead_id", "occurred_at"])
    op.create_table(
        "scoring_models",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "scores",
        sa.Column("lead_id", sa.String(200), sa.ForeignKey("leads.lead_id"), primary_key=True),
        sa.Column(
            "model_version",
            sa.Integer,
            sa.ForeignKey("scoring_models.version"),
            nullable=False,
        ),
        sa.Column("as_of", UtcDateTime, nullable=False),
        sa.Column("fit", sa.Float, nullable=False),
        sa.Column("engagement", sa.Float, nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("tier", sa.String(100), nullable=False),
        sa.Column("grade", sa.String(100), nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("stage_since", UtcDateTime),
        sa.Column("signals", sa.JSON, nullable=False),
        sa.Column("contributions", sa.JSON, nullable=False),
        sa.Column("scored_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_scores_total", "scores", ["total"])
    op.create_table(
        "score_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("lead_id", sa.String(200), sa.ForeignKey("leads.lead_id"), nullable=False),
        sa.Column("model_version", sa.Integer, nullable=False),
        sa.Column("as_of", UtcDateTime, nullable=False),
        sa.Column("fit", sa.Float, nullable=False),
        sa.Column("engagement", sa.Float, nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("tier", sa.String(100), nullable=False),
        sa.Column("grade", sa.String(100), nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("scored_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_score_history_lead_id", "score_history", ["lead_id"])
    op.create_table(
        "stage_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("lead_id", sa.String(200), sa.ForeignKey("leads.lead_id"), nullable=False),
        sa.Column("from_stage", sa.String(40), nullable=False),
        sa.Column("to_stage", sa.String(40), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_stage_history_lead_id", "stage_history", ["lead_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("lead_id", sa.String(200), sa.ForeignKey("leads.lead_id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("budget", sa.Boolean, nullable=False),
        sa.Column("authority", sa.Boolean, nullable=False),
        sa.Column("need", sa.Boolean, nullable=False),
        sa.Column("timeline", sa.Boolean, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("decided_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_decisions_lead_id", "decisions", ["lead_id"])


def downgrade() -> None:
    for table in (
        "decisions",
        "stage_history",
        "score_history",
        "scores",
        "scoring_models",
        "events",
        "leads",
    ):
        op.drop_table(table)
