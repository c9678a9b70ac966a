"""A started `leadscore serve` delivers webhooks, and a delivery survives the server being
killed: the second server delivers what the first could not."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from leadscore.access.scopes import Scope
from leadscore.errors import LeadscoreError
from leadscore.notify.dispatcher import retry_policy
from leadscore.service import LeadService
from leadscore.webhooks.retry import RetryPolicy
from tests.postgres import fresh_schema
from tests.webhook_receiver import Receiver


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


LEADSCORE = Path(sys.executable).with_name("leadscore")


def _serve(db: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LEADSCORE_WEBHOOK_RETRY_BASE": "0.2", "LEADSCORE_ENV": "development"}
    server = subprocess.Popen(
        [str(LEADSCORE), "serve", "--db", db, "--port", str(port), "--log-level", "error"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("leadscore serve did not come up")


def _wait_for_state(url: str, headers: dict[str, str], state: str) -> list[dict[str, object]]:
    """The deliveries once the first is in `state` with an attempt recorded (killing the
    server between attempts, not in the middle of one, whose lease would hold the row
    for two minutes)."""
    deadline = time.monotonic() + 10
    while True:
        page: list[dict[str, object]] = httpx.get(url, headers=headers).json()
        if (page[0]["state"] == state and page[0]["attempts"]) or time.monotonic() > deadline:
            return page
        time.sleep(0.05)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def database() -> Iterator[str]:
    """PostgreSQL, the production store: each server start costs seconds, so SQLite's
    restart is tested on the dispatcher itself (test_webhook_delivery.py)."""
    with fresh_schema() as url:
        yield url


@pytest.mark.slow
def test_a_delivery_survives_a_killed_server(database: str, receiver: Receiver) -> None:
    db = database
    service = LeadService.open(db)
    service.init()
    token = service.keys.create((Scope.ADMIN,), "test").token
    service.store.close()
    headers = {"Authorization": f"Bearer {token}"}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    receiver.default = (503, {})
    server = _serve(db, port)
    try:
        hook = {"url": receiver.url, "events": ["lead.mql"]}
        created = httpx.post(f"{base}/v1/webhooks", json=hook, headers=headers)
        assert created.status_code == 201, created.text
        receiver.secret = created.json()["secret"]
        lead = {"lead_id": "L1", "title": "VP Sales"}
        assert httpx.post(f"{base}/v1/leads", json=lead, headers=headers).status_code == 201
        now = datetime.now(UTC).isoformat()
        demo = {"event_id": "d1", "lead_id": "L1", "type": "demo_request", "occurred_at": now}
        assert httpx.post(f"{base}/v1/events", json=demo, headers=headers).status_code == 201
        first = receiver.wait_for(1)[0]
        _wait_for_state(f"{base}/v1/webhooks/{created.json()['id']}/deliveries", headers, "pending")
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    assert first.verified and first.payload["type"] == "lead.mql"
    receiver.default = (204, {})
    seen = len(receiver.received)
    server = _serve(db, port)
    try:
        received = receiver.wait_for(seen + 1)
        page = _wait_for_state(
            f"{base}/v1/webhooks/{created.json()['id']}/deliveries", headers, "delivered"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    last = received[seen]
    assert last.verified and last.webhook_id == first.webhook_id
    (delivery,) = page
    assert delivery["state"] == "delivered" and delivery["attempts"] == seen + 1


def test_retry_settings_are_checked() -> None:
    assert retry_policy(
        {"LEADSCORE_WEBHOOK_RETRY_BASE": "2", "LEADSCORE_WEBHOOK_ATTEMPTS": "3"}
    ) == RetryPolicy(base=2.0, max_attempts=3)
    for bad in ({"LEADSCORE_WEBHOOK_RETRY_BASE": "soon"}, {"LEADSCORE_WEBHOOK_ATTEMPTS": "0"}):
        with pytest.raises(LeadscoreError, match=r"(?i)webhook"):
            retry_policy(bad)
