"""Every store hands back each lead's whole history, so a training set built from the store
equals the one built from the same leads, events and decisions in memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from leadscore.domain import DecisionKind, Event, Lead, SalesDecision
from leadscore.domain.history import LeadHistory
from leadscore.predict.outcome import Outcome
from leadscore.predict.point_in_time import build_training_set
from leadscore.service import LeadService

START = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
DAY = timedelta(days=1)


def _histories() -> list[LeadHistory]:
    made = []
    for n in range(6):
        lead_id = f"L{n}"
        lead = Lead(
            lead_id,
            email=f"p{n}@{'gmail.com' if n % 2 else 'acme.io'}",
            title="VP Marketing" if n % 3 == 0 else "Analyst",
            industry="software",
            employees=50 * (n + 1),
            created_at=START + n * DAY,
            attributes={"plan": "trial" if n % 2 else "none"},
        )
        events = tuple(
            Event(f"{lead_id}-{k}", lead_id, kind, START + (n + 3 * k) * DAY, {"url": "/pricing"})
            for k, kind in enumerate(["page_view", "email_open", "demo_request", "page_view"][:n])
        )
        decisions = (
            (SalesDecision(lead_id, DecisionKind.ACCEPT, START + 30 * DAY, "ok", True, True, True),)
            if n % 2
            else ()
        )
        made.append(LeadHistory(lead, events, decisions))
    return made


def test_training_sets_from_the_store_equal_those_from_memory(service: LeadService) -> None:
    histories = _histories()
    service.upsert_leads([h.lead for h in histories], score=False)
    service.add_events([e for h in histories for e in h.events], score=False)
    service.add_decisions([d for h in histories for d in h.decisions], score=False)
    stored = service.histories()
    assert [h.lead.lead_id for h in stored] == [h.lead.lead_id for h in histories]
    _, spec = service.active_model()
    cutoff = [START + 20 * DAY]
    end = START + 100 * DAY
    from_store = build_training_set(stored, spec, Outcome.sql, 30, cutoff, end).table
    from_memory = build_training_set(histories, spec, Outcome.sql, 30, cutoff, end).table
    pd.testing.assert_frame_equal(from_store, from_memory)
    assert from_store["sql_within_30d"].sum() == 3
