"""Domain objects as JSON-ready dicts, built by hand for the hot path.

FastAPI would validate and serialise a response model field by field; for the ingest
routes the reply is built here once (and stored as-is for idempotent replays). Its shape
is exactly the models in `schemas`, which the tests and Schemathesis hold it to.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import partial
from typing import Any

import orjson

from leadscore.access.idempotency import Reply
from leadscore.domain.decision import SalesDecision
from leadscore.domain.lead import STANDARD_FIELDS, Lead
from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.stage import StageTransition
from leadscore.realtime import IngestResult, Render
from leadscore.service import LeadDetail


def card(item: ScoreCard) -> dict[str, Any]:
    return {
        "lead_id": item.lead_id,
        "as_of": _time(item.as_of),
        "fit": item.fit,
        "engagement": item.engagement,
        "total": item.total,
        "tier": item.tier,
        "grade": item.grade,
        "stage": item.stage.value,
        "stage_reason": item.stage_reason,
        "signals": list(item.signals),
        "contributions": [line.as_json() for line in item.contributions],
    }


def standing(item: ScoreCard) -> dict[str, Any]:
    return {
        "lead_id": item.lead_id,
        "total": item.total,
        "fit": item.fit,
        "engagement": item.engagement,
        "tier": item.tier,
        "grade": item.grade,
        "stage": item.stage.value,
        "signals": list(item.signals),
    }


def transition(item: StageTransition) -> dict[str, Any]:
    return {
        "from_stage": item.from_stage.value,
        "to_stage": item.to_stage.value,
        "at": _time(item.at),
        "reason": item.reason,
        "actor": item.actor,
    }


def decision(item: SalesDecision) -> dict[str, Any]:
    return {
        "kind": item.kind.value,
        "decided_at": _time(item.decided_at),
        "reason": item.reason,
        "bant": list(item.bant_confirmed),
        "actor": item.actor,
    }


def lead(item: Lead) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in (*STANDARD_FIELDS, "identified", "attributes")}
    values["created_at"] = _time(item.created_at) if item.created_at else None
    return values


def detail(item: LeadDetail) -> dict[str, Any]:
    stored = item.score
    return {
        "lead": lead(item.lead),
        "card": card(stored.card) if stored else None,
        "stage_history": [transition(t) for t in stored.card.transitions] if stored else [],
        "decisions": [decision(d) for d in item.decisions],
    }


def ingest_reply(result: IngestResult, single: bool) -> Reply:
    """201 when something new was stored or upserted, 200 when every record was a repeat."""
    cards = dict(result.cards)
    cards.update((lead_id, stored.card) for lead_id, stored in result.unchanged.items())
    body: dict[str, Any] = {
        "received": result.received,
        "stored": result.stored,
        "duplicates": result.duplicates,
        "leads_created": result.leads_created,
        "leads_upserted": result.leads_upserted,
        "card": card(next(iter(cards.values()))) if single and len(cards) == 1 else None,
        "leads": [standing(cards[lead_id]) for lead_id in sorted(cards)],
    }
    status = 201 if result.stored or result.leads_upserted else 200
    return Reply(status, dumps(body))


def ingest_render(single: bool) -> Render:
    """`ingest_reply` for one request's result: a partial, not a closure, so that it can
    go to a writer process with the request (api/ingest_writer.py)."""
    return partial(ingest_reply, single=single)


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, by orjson; the stdlib for what orjson refuses (integers beyond
    64 bits in a lead's attributes)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _time(moment: datetime) -> str:
    return moment.isoformat()
