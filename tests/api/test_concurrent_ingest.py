"""Concurrent requests through the real app: they share transactions (group commit), and
each still gets its own answer; one refused request does not fail the others."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from leadscore.api import Settings, create_app
from leadscore.domain import Lead
from leadscore.service import LeadService
from tests.api.conftest import auth


def _event(event_id: str, lead_id: str, kind: str, day: int) -> dict[str, Any]:
    at = f"2026-11-{day:02d}T10:00:00Z"
    return {"event_id": event_id, "lead_id": lead_id, "type": kind, "occurred_at": at}


async def _send_all(app: Any, token: str, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),  # as served: the writer process, when asked for
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        return await asyncio.gather(
            *(client.post("/v1/events", json=body, headers=auth(token)) for body in bodies)
        )


@pytest.mark.parametrize("ingest_process", [False, True], ids=["inline", "writer"])
def test_concurrent_events_share_transactions_and_lose_nothing(
    settings: Settings, service: LeadService, keys: dict[str, str], ingest_process: bool
) -> None:
    service.upsert_leads([Lead("gone", email="gone@example.com")])
    service.privacy.erase("gone", "test")
    app = create_app(settings.model_copy(update={"ingest_process": ingest_process}), service)
    kinds = ["page_view", "email_open", "demo_request", "page_view"]
    bodies = [
        _event(f"e{lead}-{n}", f"L{lead}", kinds[n], 1 + n) for n in range(4) for lead in range(6)
    ]
    bodies.insert(7, _event("g1", "gone", "page_view", 2))
    answers = asyncio.run(_send_all(app, keys["ingest"], bodies))
    by_event = {body["event_id"]: answer for body, answer in zip(bodies, answers, strict=True)}
    refused = by_event.pop("g1")
    assert refused.status_code >= 400 and "erased" in refused.text
    assert all(answer.status_code == 201 for answer in by_event.values())
    for event_id, answer in by_event.items():
        card = answer.json()["card"]
        assert card["lead_id"] == "L" + event_id[1:].split("-")[0]
        assert answer.json()["stored"] == 1
    with service.store.transaction() as tx:
        for lead in range(6):
            held = {event.event_id for event in tx.events.of_lead(f"L{lead}")}
            assert held == {f"e{lead}-{n}" for n in range(4)}
    for lead in range(6):  # the demo request moved each lead on (MQL, by now nurture)
        stored = service.detail(f"L{lead}").score
        assert stored is not None and stored.card.transitions[0].to_stage.value == "mql"
    metrics = app.state.metrics.render()
    groups = _counter(metrics, "leadscore_ingest_groups_total")
    assert _counter(metrics, "leadscore_ingest_grouped_requests_total") == len(bodies)
    assert groups < len(bodies)  # shared: 25 requests for 7 leads, at once


def _counter(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")
