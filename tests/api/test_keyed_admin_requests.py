"""Keyed admin POSTs (a webhook subscription, an objection) sent to several workers at the
same moment, as a retrying client behind a load balancer does: one is applied, the rest
replay it. Each worker is an app with a facade of its own over the one database, like
`uvicorn --workers`; within one worker SQLite requests run one at a time, which would hide
a claim made outside the work's transaction."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from threading import Barrier
from typing import Any

import pytest

from leadscore.api import Settings, create_app
from leadscore.domain import Lead
from leadscore.service import LeadService
from tests.api.conftest import auth

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WORKERS = 4
BURSTS = 4
HOOK = {"url": "https://receiver.example/hook", "events": ["lead.mql"]}
#: path, body, another body, the audit action of one application
REQUESTS = {
    "webhook": ("/v1/webhooks", HOOK, {**HOOK, "events": ["lead.sql"]}, "webhook.created"),
    "objection": (
        "/v1/leads/L1/objection",
        {"reason": "mail"},
        {"reason": "call"},
        "lead.objected",
    ),
}


@pytest.fixture
def workers(settings: Settings, database: str) -> Iterator[list[Any]]:
    with ExitStack() as stack:
        clients = []
        for _ in range(WORKERS):
            worker = LeadService.open(database)
            stack.callback(worker.store.close)
            client = stack.enter_context(TestClient(create_app(settings, worker)))
            # FastAPI builds an app's routes on its first request, with pydantic schema
            # generation that is not safe across threads: build them here, one app at a time
            assert client.get("/v1/no-such-route").status_code == 404
            for path, *_ in REQUESTS.values():
                assert client.post(path, json={}).status_code == 401
            clients.append(client)
        yield clients


@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_identical_requests_to_every_worker_at_once_apply_once(
    kind: str, workers: list[Any], keys: dict[str, str], service: LeadService
) -> None:
    path, body, other, action = REQUESTS[kind]
    service.upsert_leads([Lead("L1")])
    start = Barrier(WORKERS)
    for burst in range(1, BURSTS + 1):  # a race lost once in a while shows over a few bursts
        headers = {**auth(keys["admin"]), "Idempotency-Key": f"{kind}-{burst}"}

        def send(client: Any, headers: dict[str, str] = headers) -> Any:
            start.wait()
            return client.post(path, json=body, headers=headers)

        with ThreadPoolExecutor(WORKERS) as pool:
            answers = list(pool.map(send, workers))
        assert len({(answer.status_code, answer.text) for answer in answers}) == 1, answers
        assert answers[0].status_code in (200, 201)
        replays = [answer.headers.get("Idempotent-Replayed") for answer in answers]
        assert sorted(replays, key=str) == [None] + ["true"] * (WORKERS - 1)
        assert len(service.privacy.audit(action=action)) == burst
    assert len(service.webhooks.list()) == (BURSTS if kind == "webhook" else 0)
    conflict = workers[0].post(path, json=other, headers=headers)
    assert conflict.status_code == 422, conflict.text


def test_a_failed_keyed_objection_leaves_its_key_free(
    client: Any, keys: dict[str, str], service: LeadService
) -> None:
    headers = {**auth(keys["admin"]), "Idempotency-Key": "objection-L9"}
    body = {"reason": "asked by email"}
    assert client.post("/v1/leads/L9/objection", json=body, headers=headers).status_code == 404
    service.upsert_leads([Lead("L9")])
    applied = client.post("/v1/leads/L9/objection", json=body, headers=headers)
    assert applied.status_code == 200 and "Idempotent-Replayed" not in applied.headers
    again = client.post("/v1/leads/L9/objection", json=body, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == applied.json()
