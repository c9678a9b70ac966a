"""Rows <-> domain objects: the store speaks domain types to everyone above it."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from leadscore.domain.decision import DecisionKind, SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.model_version import ModelVersion
from leadscore.domain.scorecard import Contribution, ScoreCard, StoredScore
from leadscore.domain.stage import Stage, StageTransition

LEAD_COLUMNS = tuple(f.name for f in fields(Lead))


def lead_row(lead: Lead, now: datetime) -> dict[str, Any]:
    row = {name: getattr(lead, name) for name in LEAD_COLUMNS}
    row["updated_at"] = now
    return row


def to_lead(row: Any) -> Lead:
    mapping = row._mapping
    return Lead(**{name: mapping[name] for name in LEAD_COLUMNS})


def event_row(event: Event, now: datetime) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "lead_id": event.lead_id,
        "type": event.type,
        "occurred_at": event.occurred_at,
        "properties": event.properties,
        "received_at": now,
    }


def to_event(row: Any) -> Event:
    return Event(row.event_id, row.lead_id, row.type, row.occurred_at, dict(row.properties or {}))


def decision_row(decision: SalesDecision) -> dict[str, Any]:
    row = asdict(decision)
    row["kind"] = decision.kind.value
    return row


def to_decision(row: Any) -> SalesDecision:
    return SalesDecision(
        lead_id=row.lead_id,
        kind=DecisionKind(row.kind),
        decided_at=row.decided_at,
        reason=row.reason,
        budget=row.budget,
        authority=row.authority,
        need=row.need,
        timeline=row.timeline,
        actor=row.actor,
    )


def score_row(card: ScoreCard, model_version: int, now: datetime) -> dict[str, Any]:
    since = card.transitions[-1].at if card.transitions else None
    return {
        "lead_id": card.lead_id,
        "model_version": model_version,
        "as_of": card.as_of,
        "fit": card.fit,
        "engagement": card.engagement,
        "total": card.total,
        "tier": card.tier,
        "grade": card.grade,
        "stage": card.stage.value,
        "stage_since": since,
        "signals": list(card.signals),
        "contributions": [line.as_json() for line in card.contributions],
        "scored_at": now,
    }


def to_stored_score(row: Any, transitions: tuple[StageTransition, ...] = ()) -> StoredScore:
    lines = tuple(
        Contribution(**{**item, "event_ids": tuple(item["event_ids"])})
        for item in row.contributions
    )
    card = ScoreCard(
        lead_id=row.lead_id,
        as_of=row.as_of,
        fit=row.fit,
        engagement=row.engagement,
        total=row.total,
        tier=row.tier,
        grade=row.grade,
        signals=tuple(row.signals),
        stage=Stage(row.stage),
        contributions=lines,
        transitions=transitions,
    )
    return StoredScore(card, row.model_version, row.stage_since)


def to_transition(row: Any) -> StageTransition:
    return StageTransition(
        Stage(row.from_stage), Stage(row.to_stage), row.at, row.reason, row.actor
    )


def to_model_version(row: Any) -> ModelVersion:
    return ModelVersion(row.version, row.name, row.source, row.created_at, row.active)
