"""Group commit: requests applied together in one transaction (through the API's ingest
queue, as the server does) give each request, and the store, exactly what applying them
one by one in arrival order gives; on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadscore.access.idempotency import IdempotencyRequest, Reply
from leadscore.api.ingest_queue import IngestQueue
from leadscore.api.metrics import Metrics
from leadscore.domain import Lead
from leadscore.domain.event import Event
from leadscore.realtime import IngestRequest, IngestResult, Outcome
from leadscore.service import LeadService
from tests.postgres import fresh_schema

CLOCK = datetime(2026, 11, 30, 12, tzinfo=UTC)
KINDS = [
    ("page_view", {"url": "/pricing"}),
    ("page_view", {"url": "/blog"}),
    ("email_open", {}),
    ("demo_request", {}),
]
TITLES = ["VP Sales", "Student", "Engineer"]
INDUSTRIES = ["software", "retail", None]
ERASED = 9  # the lead index that is erased before the requests come

_examples = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def twins(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[LeadService, ...]]:
    """Two empty stores of one kind: one takes the requests one by one, the other grouped."""
    with (
        _database(request.param, tmp_path / "one.db") as one,
        _database(request.param, tmp_path / "two.db") as two,
    ):
        yield one, two


@contextmanager
def _database(kind: str, path: Path) -> Iterator[LeadService]:
    if kind == "sqlite":
        service = LeadService.open(str(path))
        service.init()
        yield service
        service.store.close()
        return
    with fresh_schema() as url:
        service = LeadService.open(url)
        service.init()
        yield service
        service.store.close()


def _render(result: IngestResult) -> Reply:
    return Reply(201 if result.stored or result.leads_upserted else 200, repr(result).encode())


event_spec = st.tuples(
    st.sampled_from([0, 1, 2, 3, ERASED]),  # lead
    st.integers(0, 7),  # event id: repeats across requests are duplicates
    st.integers(0, len(KINDS) - 1),
    st.integers(1, 28),  # day of November
)
lead_spec = st.tuples(st.integers(0, 3), st.sampled_from(TITLES), st.sampled_from(INDUSTRIES))
request_spec = st.tuples(
    st.lists(event_spec, max_size=3),
    st.lists(lead_spec, max_size=1),
    st.one_of(st.none(), st.integers(0, 2)),  # Idempotency-Key
).filter(lambda spec: bool(spec[0] or spec[1]))


def _request(spec: tuple[Any, ...], tag: str) -> IngestRequest:
    events_spec, leads_spec, key = spec
    events = [
        Event(f"{tag}-e{number}", f"{tag}-L{lead}", KINDS[kind][0], _day(day), KINDS[kind][1])
        for lead, number, kind, day in events_spec
    ]
    leads = [
        Lead(f"{tag}-L{lead}", title=title, industry=industry, employees=300)
        for lead, title, industry in leads_spec
    ]
    keyed = None
    if key is not None:  # the same key with other content is a conflict, as over HTTP
        keyed = IdempotencyRequest("owner", f"{tag}-k{key}", repr((events_spec, leads_spec)))
    return IngestRequest(events, leads, _render, keyed)


def _day(day: int) -> datetime:
    return datetime(2026, 11, day, 9, tzinfo=UTC)


def _one_by_one(service: LeadService, requests: list[IngestRequest]) -> list[Any]:
    outcomes: list[Any] = []
    for request in requests:
        try:
            outcomes.append(service.realtime.apply(request))
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def _grouped(service: LeadService, requests: list[IngestRequest]) -> tuple[list[Any], Metrics]:
    """All submitted at once, as concurrent requests reach the server."""
    metrics = Metrics()
    queue = IngestQueue(service.realtime, threaded=service.store.networked, metrics=metrics)

    async def submit_all() -> list[Outcome | BaseException]:
        return await asyncio.gather(
            *(queue.submit(request, 1) for request in requests), return_exceptions=True
        )

    return asyncio.run(submit_all()), metrics


def _same_outcome(got: Any, want: Any) -> None:
    if isinstance(want, Exception):
        assert type(got) is type(want) and str(got) == str(want)
    else:
        assert got == want


def _held(service: LeadService, lead_id: str) -> dict[str, Any] | None:
    """What the store holds on a lead, without row ids (rows of leads written in another
    order get other ids)."""
    try:
        found = service.privacy.export(lead_id)
    except Exception:
        return None
    return _without_ids(found)


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k not in ("id", "delivery_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(request_spec, min_size=1, max_size=8))
def test_grouped_requests_get_what_they_would_one_by_one(
    twins: tuple[LeadService, LeadService], specs: list[tuple[Any, ...]]
) -> None:
    tag = f"x{next(_examples)}"
    with pytest.MonkeyPatch.context() as patch:
        for module in ("leadscore.realtime", "leadscore.rescore"):
            patch.setattr(f"{module}.now_utc", lambda: CLOCK)
        for service in twins:
            service.upsert_leads([Lead(f"{tag}-L{ERASED}", email=f"{tag}@example.com")])
            service.privacy.erase(f"{tag}-L{ERASED}", "test")
        requests = [_request(spec, tag) for spec in specs]
        want = _one_by_one(twins[0], requests)
        got, _ = _grouped(twins[1], requests)
    assert len(got) == len(want)
    for left, right in zip(got, want, strict=True):
        _same_outcome(left, right)
    for lead in range(4):
        assert _held(twins[1], f"{tag}-L{lead}") == _held(twins[0], f"{tag}-L{lead}")


def test_requests_for_other_leads_share_a_transaction(twins: tuple[LeadService, ...]) -> None:
    """Eight requests for eight leads go in one group; a ninth for a lead already in it
    waits for the next, and sees the first one's event."""
    service = twins[0]
    requests = [
        IngestRequest([Event(f"e{n}", f"L{n}", "demo_request", _day(2))], render=_render)
        for n in range(8)
    ]
    requests.append(IngestRequest([Event("e8", "L0", "demo_request", _day(3))], render=_render))
    outcomes, metrics = _grouped(service, requests)
    counters = metrics.render()
    assert "leadscore_ingest_groups_total 2" in counters
    assert "leadscore_ingest_grouped_requests_total 9" in counters
    results = [result for result, _ in outcomes]
    assert all(result.stored == 1 and result.leads_created == 1 for result in results[:8])
    assert results[8].stored == 1 and results[8].leads_created == 0


def test_a_refused_request_costs_the_others_nothing(twins: tuple[LeadService, ...]) -> None:
    service = twins[0]
    service.upsert_leads([Lead("gone", email="gone@example.com")])
    service.privacy.erase("gone", "test")
    requests = [
        IngestRequest([Event(f"e{n}", lead, "page_view", _day(2))], render=_render)
        for n, lead in enumerate(["L1", "gone", "L2"])
    ]
    outcomes, _ = _grouped(service, requests)
    assert isinstance(outcomes[1], Exception) and "erased" in str(outcomes[1])
    assert [outcome[0].stored for outcome in (outcomes[0], outcomes[2])] == [1, 1]
    assert service.detail("L1").score is not None and service.detail("L2").score is not None


def test_an_upsert_beside_one_event_rescores_with_its_own_history(
    twins: tuple[LeadService, ...],
) -> None:
    """Found by the property test above: on PostgreSQL a request of one event reads its
    lead's older events with the insert; a lead upserted in the same request (a Segment
    `identify` beside a `track`) was rescored as if it had no events."""
    service = twins[0]
    service.realtime.ingest([Event("b1", "B", "demo_request", _day(2))])
    service.realtime.ingest([Event("a1", "A", "page_view", _day(3))], [Lead("B", title="CEO")])
    stored = service.detail("B").score
    assert stored is not None
    counted = {i for line in stored.card.contributions for i in line.event_ids}
    assert counted == {"b1"}
