"""The API as deployed: `leadscore serve` subprocesses on 127.0.0.1, real HTTP requests.

Includes two servers on one database taking events for the same lead at once, each
applying them in its writer process: each request locks the lead (its row on PostgreSQL,
the database on SQLite), so the stored card is the one all events give.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from leadscore.access.scopes import Scope
from leadscore.rescore.named import score_named
from leadscore.service import LeadService
from tests.postgres import fresh_schema

pytestmark = pytest.mark.slow
LEADSCORE = str(Path(sys.executable).with_name("leadscore"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prepared(db: str, *scopes: str) -> list[str]:
    """Initialise the database and make one key per scope (through the facade: each CLI
    call would start Python afresh; tests/e2e/test_keys_cli.py covers the commands)."""
    service = LeadService.open(db)
    try:
        service.init()
        return [service.keys.create((Scope(scope),), "served test").token for scope in scopes]
    finally:
        service.store.close()


@contextmanager
def served(db: str, *options: str) -> Iterator[str]:
    with served_process(db, *options) as (base, _):
        yield base


@contextmanager
def served_process(db: str, *options: str) -> Iterator[tuple[str, int]]:
    """`leadscore serve` on a free port: its base URL and process id."""
    port = _free_port()
    env = {**os.environ, "LEADSCORE_ENV": "development"}
    process = subprocess.Popen(
        [LEADSCORE, "serve", "--db", db, "--port", str(port), "--log-level", "warning", *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode() if process.stderr else "exited")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(15)
        if process.stderr:
            process.stderr.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "served.db")
        return
    with fresh_schema() as url:
        yield url


@pytest.mark.parametrize("mode", ["--ingest-process", "--inline-ingest"])
def test_a_served_api_scores_what_it_is_sent(db: str, mode: str) -> None:
    ingest, read = _prepared(db, "ingest", "read")
    with served(db, mode) as base, httpx.Client(base_url=base) as client:
        lead = {"lead_id": "L1", "industry": "software", "employees": 300, "title": "VP Sales"}
        headers = {"Authorization": f"Bearer {ingest}"}
        assert client.post("/v1/leads", json=lead, headers=headers).status_code == 201
        event = {
            "event_id": "e1",
            "lead_id": "L1",
            "type": "demo_request",
            "occurred_at": "2026-11-30T12:00:00Z",
        }
        answer = client.post("/v1/events", json=event, headers=headers)
        assert answer.status_code == 201 and answer.json()["card"]["stage"] == "mql"
        assert client.post("/v1/events", json=event, headers=headers).status_code == 200
        card = client.get("/v1/leads/L1", headers={"Authorization": f"Bearer {read}"}).json()
        assert card["card"]["stage"] == "mql" and card["stage_history"][0]["to_stage"] == "mql"
        assert client.get("/v1/leads/L1").status_code == 401
        assert "leadscore_http_requests_total" in client.get("/metrics").text
        assert client.get("/openapi.json").json()["info"]["title"] == "leadscore"


def test_the_writer_process_is_the_default_on_sqlite_only(db: str) -> None:
    [ingest] = _prepared(db, "ingest")
    with served_process(db) as (base, pid):
        event = {
            "event_id": "d1",
            "lead_id": "L1",
            "type": "page_view",
            "occurred_at": "2026-11-30",
        }
        headers = {"Authorization": f"Bearer {ingest}"}
        assert httpx.post(f"{base}/v1/events", json=event, headers=headers).status_code == 201
        children = [_command(child) for child in _children(pid)]
    writers = [command for command in children if "leadscore.api.ingest_child" in command]
    assert len(writers) == (0 if db.startswith("postgresql") else 1), children


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _command(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")


def test_two_servers_lose_no_update_to_one_lead(db: str) -> None:
    """Each server applies ingest in its own writer process."""
    [token] = _prepared(db, "ingest")
    with served(db, "--ingest-process") as first, served(db, "--ingest-process") as second:
        jobs = [
            (
                first if n % 2 else second,
                {
                    "event_id": f"c{n}",
                    "lead_id": "SAME",
                    "type": "content_download",
                    "occurred_at": f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:00:00Z",
                },
            )
            for n in range(60)
        ]

        def post(job: tuple[str, dict[str, str]]) -> dict[str, Any]:
            base, event = job
            headers = {"Authorization": f"Bearer {token}"}
            answer = httpx.post(f"{base}/v1/events", json=event, headers=headers)
            assert answer.status_code == 201, answer.text
            return dict(answer.json()["card"])

        with ThreadPoolExecutor(8) as pool:
            cards = list(pool.map(post, jobs))
    # Each request saw every event committed before it and its own: one more each time.
    # Two requests rescoring from the same snapshot would see the same number.
    seen = sorted(len(_behind(card["contributions"])) for card in cards)
    assert seen == list(range(1, len(jobs) + 1))
    service = LeadService.open(db)
    try:
        _, spec = service.active_model()
        with service.store.transaction() as tx:
            assert len(tx.events.of_lead("SAME")) == len(jobs)
            stored = tx.scores.get("SAME")
            assert stored is not None
            [expected] = score_named(tx, spec, ["SAME"], stored.card.as_of)
    finally:
        service.store.close()
    lines = [{"event_ids": line.event_ids} for line in stored.card.contributions]
    assert _behind(lines) == {job[1]["event_id"] for job in jobs}
    assert stored.card.engagement == expected.engagement
    assert stored.card.total == expected.total


def _behind(lines: list[dict[str, Any]]) -> set[str]:
    return {event_id for line in lines for event_id in line["event_ids"]}
