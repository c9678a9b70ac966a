"""The ingest writer process (api/ingest_writer.py): the app applies ingest there when
`Settings.ingest_process` is set, with the same answers as inline; errors cross the pipe
with their class, message and attributes; a writer that dies is replaced."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from leadscore.access.idempotency import IdempotencyConflict, Reply
from leadscore.api import Settings, create_app
from leadscore.api.ingest_queue import IngestQueue
from leadscore.api.ingest_wire import portable, restored
from leadscore.api.ingest_writer import RESTART_SECONDS, IngestWriter
from leadscore.api.metrics import Metrics
from leadscore.api.render import ingest_render
from leadscore.domain import Lead
from leadscore.domain.event import Event
from leadscore.errors import LeadscoreError, UnknownChoiceError
from leadscore.realtime import IngestRequest, IngestResult
from leadscore.service import LeadService
from tests.api.conftest import auth

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _event(event_id: str, lead_id: str = "L1", kind: str = "demo_request") -> dict[str, str]:
    return {
        "event_id": event_id,
        "lead_id": lead_id,
        "type": kind,
        "occurred_at": "2026-11-30T12:00:00Z",
    }


@pytest.fixture
def writer_client(settings: Settings, service: LeadService) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"ingest_process": True}), service)
    with TestClient(app) as client:
        yield client


def _writer(client: TestClient) -> IngestWriter:
    writer = client.app.state.ingest  # type: ignore[attr-defined]
    assert isinstance(writer, IngestWriter)
    return writer


def _writer_pid(client: TestClient) -> int:
    process = _writer(client).process
    assert process is not None
    return int(process.pid)


def test_errors_cross_with_class_message_and_attributes() -> None:
    conflict = restored(portable(IdempotencyConflict("k-1")))
    assert type(conflict) is IdempotencyConflict
    assert str(conflict) == str(IdempotencyConflict("k-1"))  # not rebuilt from the message
    choice = restored(portable(UnknownChoiceError("tier", "warm", ["hot", "cold"])))
    assert isinstance(choice, UnknownChoiceError) and choice.field == "tier"
    odd = LeadscoreError("kept")
    odd.handle = lambda: None  # type: ignore[attr-defined]  (not picklable: dropped)
    again = restored(portable(odd))
    assert type(again) is LeadscoreError and str(again) == "kept"
    assert not hasattr(again, "handle")
    broken = restored(portable(ValueError("database is locked")))
    assert type(broken) is ValueError and str(broken) == "database is locked"


def test_an_error_whose_class_cannot_travel_becomes_a_server_error() -> None:
    local = type("Local", (LeadscoreError,), {})  # not importable by name: not picklable
    error = restored(portable(local("no way back")))
    assert type(error) is RuntimeError and "no way back" in str(error)


def test_results_cross_with_their_counts_and_without_cards() -> None:
    result = IngestResult(3, 2, 1, 0, 0, cards={"L1": object()})  # type: ignore[dict-item]
    back = restored(portable((result, Reply(201, b"{}"))))
    assert not isinstance(back, Exception)
    got, reply = back
    assert got is not None and (got.received, got.stored, got.duplicates) == (3, 2, 1)
    assert got.cards == {} and reply == Reply(201, b"{}")


def test_the_writer_process_applies_ingest(
    writer_client: TestClient, service: LeadService, keys: dict[str, str]
) -> None:
    assert _writer_pid(writer_client) != os.getpid()
    headers = auth(keys["ingest"])
    answer = writer_client.post("/v1/events", json=_event("e1"), headers=headers)
    assert answer.status_code == 201, answer.text
    assert answer.json()["card"]["stage"] == "mql" and answer.json()["stored"] == 1
    assert writer_client.post("/v1/events", json=_event("e1"), headers=headers).status_code == 200
    lead = {"lead_id": "L2", "industry": "software", "employees": 300}
    assert writer_client.post("/v1/leads", json=lead, headers=headers).status_code == 201
    stored = service.detail("L1").score
    assert stored is not None and stored.card.stage.value == "mql"
    assert service.detail("L2").lead.industry == "software"


def test_errors_from_the_writer_answer_as_inline(
    writer_client: TestClient, service: LeadService, keys: dict[str, str]
) -> None:
    service.upsert_leads([Lead("gone", email="gone@example.com")])
    service.privacy.erase("gone", "test")
    headers = auth(keys["ingest"])
    refused = writer_client.post("/v1/events", json=_event("g1", "gone"), headers=headers)
    assert refused.status_code == 422 and "erased" in refused.text
    keyed = {**headers, "Idempotency-Key": "once"}
    first = writer_client.post("/v1/events", json=_event("k1"), headers=keyed)
    assert first.status_code == 201
    replay = writer_client.post("/v1/events", json=_event("k1"), headers=keyed)
    assert replay.status_code == 201 and replay.content == first.content
    other = writer_client.post("/v1/events", json=_event("k2"), headers=keyed)
    assert other.status_code == 422 and "'once'" in other.text


def test_a_writer_that_dies_is_replaced(writer_client: TestClient, keys: dict[str, str]) -> None:
    headers = auth(keys["ingest"])
    first = _writer_pid(writer_client)
    _kill_and_wait(writer_client, first)
    time.sleep(RESTART_SECONDS)  # see the test below for a writer that dies sooner
    answer = writer_client.post("/v1/events", json=_event("after"), headers=headers)
    assert answer.status_code == 201, answer.text
    assert _writer_pid(writer_client) != first


def test_a_writer_that_dies_at_once_is_not_replaced_at_once(
    writer_client: TestClient, keys: dict[str, str]
) -> None:
    headers = {**auth(keys["ingest"]), "Idempotency-Key": "k-retry"}
    _kill_and_wait(writer_client, _writer_pid(writer_client))
    plain = TestClient(writer_client.app, raise_server_exceptions=False)  # no second lifespan
    refused = plain.post("/v1/events", json=_event("soon"), headers=headers)
    assert refused.status_code == 500  # no new writer within RESTART_SECONDS of the last
    time.sleep(RESTART_SECONDS)
    retried = writer_client.post("/v1/events", json=_event("soon"), headers=headers)
    assert retried.status_code == 201, retried.text  # the same key: nothing was applied


def _kill_and_wait(client: TestClient, pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _writer(client).running:  # the server notices when the stream ends
        assert time.monotonic() < deadline, "the server did not notice its writer died"
        client.get("/healthz")
        time.sleep(0.05)


def test_the_writer_stops_with_the_server(
    settings: Settings, service: LeadService, keys: dict[str, str]
) -> None:
    app = create_app(settings.model_copy(update={"ingest_process": True}), service)
    with TestClient(app) as client:
        client.post("/v1/events", json=_event("s1"), headers=auth(keys["ingest"]))
        process = _writer(client).process
    assert process is not None and process.poll() is not None
    assert isinstance(app.state.ingest, IngestQueue)  # inline again


class _Stubborn(LeadscoreError):
    def __new__(cls, code: int) -> _Stubborn:  # cannot be made without its argument
        return super().__new__(cls, code)


def test_an_error_that_cannot_be_rebuilt_still_answers() -> None:
    error = restored(("error", _Stubborn, ("went wrong",), {}))
    assert type(error) is RuntimeError and "went wrong" in str(error)


def test_the_writer_ignores_interrupts_meant_for_the_server(
    writer_client: TestClient, keys: dict[str, str]
) -> None:
    """Ctrl-C or a service manager signal the whole process group; the server decides."""
    headers = auth(keys["ingest"])
    assert writer_client.post("/v1/events", json=_event("i1"), headers=headers).status_code == 201
    child = _writer_pid(writer_client)
    os.kill(child, signal.SIGINT)
    os.kill(child, signal.SIGTERM)
    time.sleep(0.3)
    assert writer_client.post("/v1/events", json=_event("i2"), headers=headers).status_code == 201
    assert _writer_pid(writer_client) == child


def test_stopping_answers_every_request_already_taken(
    settings: Settings, service: LeadService
) -> None:
    async def run() -> list[Any]:
        writer = _writer_of(service)
        await writer.start()
        requests = _requests("s", 30, leads=7)
        taken = [asyncio.ensure_future(writer.submit(request, 1)) for request in requests]
        await asyncio.sleep(0)  # all submitted: most still waiting to be sent
        await writer.stop()
        return await asyncio.gather(*taken, return_exceptions=True)

    outcomes = asyncio.run(run())
    assert all(not isinstance(outcome, Exception) for outcome in outcomes), outcomes
    assert sum(result.stored for result, _ in outcomes) == 30
    with service.store.transaction() as tx:
        assert tx.events.count() == 30


def _writer_of(service: LeadService) -> IngestWriter:
    return IngestWriter(service.store.url, threaded=service.store.networked, metrics=Metrics())


def _requests(prefix: str, count: int, leads: int) -> list[IngestRequest]:
    """`count` single-event requests over `leads` leads, as the events route builds them."""
    at = datetime(2026, 11, 30, 12, tzinfo=UTC)
    return [
        IngestRequest(
            [Event(f"{prefix}{n}", f"L{n % leads}", "page_view", at, {})],
            (),
            ingest_render(True),
            None,
            1,
        )
        for n in range(count)
    ]


def test_requests_arriving_together_share_one_restart(
    settings: Settings, service: LeadService
) -> None:
    async def run() -> list[Any]:
        writer = _writer_of(service)
        requests = _requests("r", 10, leads=10)
        taken = await asyncio.gather(*(writer.submit(request, 1) for request in requests))
        await writer.stop()
        return taken

    outcomes = asyncio.run(run())  # no child yet: ten requests, one start
    assert [result.stored for result, _ in outcomes] == [1] * 10
