"""Privacy objections and webhook subscriptions under an Idempotency-Key: the key is
claimed in the work's own transaction (`LeadService.keyed`), so identical requests at the
same moment apply once, and a failed request leaves the key free."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from threading import Barrier
from typing import Any

import pytest

from leadscore.access.idempotency import IdempotencyConflict, IdempotencyRequest, Reply
from leadscore.domain import Lead
from leadscore.errors import LeadscoreError, NotFoundError
from leadscore.service import LeadService

N = 6


@dataclass(frozen=True)
class Kind:
    """One kind of keyed admin request, as the facade is asked for it."""

    work: Callable[[LeadService], Callable[..., Any]]
    args: tuple[Any, ...]
    other: tuple[Any, ...]  # another request's arguments (a different body)
    failing: tuple[Any, ...]  # arguments the work refuses
    action: str  # its audit entry: one per application

    def send(self, service: LeadService, request: IdempotencyRequest, *args: Any) -> Any:
        return service.keyed(request, _reply, self.work(service), *(args or self.args))


def _reply(value: object) -> Reply:
    return Reply(200, repr(value).encode(), "text/plain")


KINDS = {
    "objection": Kind(
        lambda service: service.privacy.object_in,
        ("L1", "dpo", "asked by email"),
        ("L1", "dpo", "asked by phone"),
        ("L9", "dpo", "asked by email"),
        "lead.objected",
    ),
    "webhook": Kind(
        lambda service: service.webhooks.create_in,
        ("https://receiver.example/hook", ("lead.mql",), "admin"),
        ("https://receiver.example/hook", ("lead.sql",), "admin"),
        ("ftp://receiver.example/hook", ("lead.mql",), "admin"),
        "webhook.created",
    ),
}


@pytest.fixture(params=sorted(KINDS))
def kind(request: pytest.FixtureRequest, service: LeadService) -> Kind:
    service.upsert_leads([Lead("L1")])
    return KINDS[request.param]


def _applied(service: LeadService, kind: Kind) -> int:
    return len(service.privacy.audit(action=kind.action))


def test_identical_requests_at_once_apply_once(service: LeadService, kind: Kind) -> None:
    request = IdempotencyRequest("key-1", "same", "f" * 64)
    start = Barrier(N)

    def send(_: int) -> tuple[Reply, bool]:
        start.wait()
        answer: tuple[Reply, bool] = kind.send(service, request)
        return answer

    with ThreadPoolExecutor(N) as pool:
        answers = list(pool.map(send, range(N)))
    assert len({reply.body for reply, _ in answers}) == 1
    assert sorted(replayed for _, replayed in answers) == [False] + [True] * (N - 1)
    assert _applied(service, kind) == 1
    assert len(service.webhooks.list()) == (kind.action == "webhook.created")


def test_a_key_reused_for_another_request_is_refused(service: LeadService, kind: Kind) -> None:
    kind.send(service, IdempotencyRequest("key-1", "k", "a" * 64))
    with pytest.raises(IdempotencyConflict):
        kind.send(service, IdempotencyRequest("key-1", "k", "b" * 64), *kind.other)
    assert _applied(service, kind) == 1


def test_a_failed_request_leaves_its_key_unclaimed(service: LeadService, kind: Kind) -> None:
    request = IdempotencyRequest("key-1", "k", "c" * 64)
    with pytest.raises(LeadscoreError) as failed:
        kind.send(service, request, *kind.failing)
    assert isinstance(failed.value, NotFoundError) == (kind.action == "lead.objected")
    assert _applied(service, kind) == 0
    reply, replayed = kind.send(service, request)
    assert not replayed and _applied(service, kind) == 1
    assert kind.send(service, request) == (reply, True)
