"""The quick-start demo: simulate a funnel, load it into SQLite, score it, measure it."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from leadscore.domain.decision import DecisionKind, SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.timeutil import parse_timestamp
from leadscore.evaluate.handover import handover_auc
from leadscore.ingest import read_events, read_leads
from leadscore.service import LeadService
from leadscore.simulate import DEFAULT_END, simulate

Tracker = Callable[[str, int | None], AbstractContextManager[Callable[[int], None]]]


@dataclass(frozen=True, slots=True)
class DemoResult:
    leads: int
    events: int
    sql: int
    as_of: datetime
    top: list[ScoreCard]
    funnel: dict[str, int]
    auc: float


def run_demo(
    data_dir: Path, db: str, leads: int, seed: int, top: int, track: Tracker
) -> DemoResult:
    data_dir.mkdir(parents=True, exist_ok=True)
    with track("simulating", leads) as advance:
        sim = simulate(data_dir, leads=leads, seed=seed, end=DEFAULT_END, progress=advance)
    service = LeadService.recreate(db)
    with track("ingesting", None):
        service.ingest_leads(sim.leads_path, score=False)
        service.ingest_events(sim.events_path, score=False)
        outcomes = _outcomes(sim.outcomes_path)
        service.add_decisions(_acceptances(outcomes, DEFAULT_END), score=False)
    with track("scoring", leads) as advance:
        service.score(as_of=DEFAULT_END, progress=advance)
    with track("measuring", None):
        auc = _handover_auc(service, sim.leads_path, sim.events_path, outcomes)
    return DemoResult(
        leads=sim.leads,
        events=sim.events,
        sql=sum(1 for at in outcomes.values() if at is not None and at <= DEFAULT_END),
        as_of=DEFAULT_END,
        top=[item.card for item in service.ranked(limit=top)],
        funnel=service.funnel(),
        auc=auc,
    )


def _handover_auc(
    service: LeadService, leads: Path, events: Path, outcomes: dict[str, datetime | None]
) -> float:
    by_lead: dict[str, list[Event]] = defaultdict(list)
    for event in read_events(events):
        by_lead[event.lead_id].append(event)
    _, spec = service.active_model()
    return handover_auc(spec, read_leads(leads), by_lead, outcomes, DEFAULT_END)


def _outcomes(path: Path) -> dict[str, datetime | None]:
    """lead_id -> when it became SQL (None when it never did)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["lead_id"]: parse_timestamp(row["sql_at"]) if row["sql_at"] else None
            for row in csv.DictReader(handle)
        }


def _acceptances(outcomes: dict[str, datetime | None], end: datetime) -> list[SalesDecision]:
    """The simulated sales team's acceptances, so the funnel shows SQLs too."""
    return [
        SalesDecision(
            lead_id,
            DecisionKind.ACCEPT,
            at,
            "simulated sales acceptance",
            budget=True,
            authority=True,
            need=True,
            actor="simulated sales",
        )
        for lead_id, at in outcomes.items()
        if at is not None and at <= end
    ]
