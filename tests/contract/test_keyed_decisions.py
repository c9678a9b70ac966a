"""A sales decision under an Idempotency-Key: the key is claimed in the decision's own
transaction, so identical requests at the same moment record one decision."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from leadscore.access.idempotency import IdempotencyConflict, IdempotencyRequest, Reply
from leadscore.domain import DecisionKind, Lead
from leadscore.domain.timeutil import now_utc
from leadscore.errors import NotFoundError
from leadscore.service import LeadDetail, LeadService

BANT = ["budget", "authority", "need"]


def _reply(detail: LeadDetail) -> Reply:
    return Reply(200, f"{detail.lead.lead_id}:{len(detail.decisions)}".encode(), "text/plain")


def test_identical_requests_at_once_record_one_decision(service: LeadService) -> None:
    service.upsert_leads([Lead("L1")])
    request = IdempotencyRequest("key-1", "accept-L1", "f" * 64)
    start = Barrier(6)

    def send(_: int) -> tuple[Reply, bool]:
        start.wait()
        return service.decide_once(request, _reply, "L1", DecisionKind.ACCEPT, bant=BANT)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))
    assert {reply.body for reply, _ in answers} == {b"L1:1"}
    assert sorted(replayed for _, replayed in answers) == [False] + [True] * 5
    assert len(service.detail("L1").decisions) == 1


def test_a_key_reused_for_another_decision_is_refused(service: LeadService) -> None:
    service.upsert_leads([Lead("L1")])
    first = IdempotencyRequest("key-1", "k", "a" * 64)
    service.decide_once(first, _reply, "L1", DecisionKind.ACCEPT, bant=BANT)
    with pytest.raises(IdempotencyConflict):
        other = IdempotencyRequest("key-1", "k", "b" * 64)
        service.decide_once(other, _reply, "L1", DecisionKind.REJECT, reason="no budget")
    assert len(service.detail("L1").decisions) == 1


def test_a_failed_decision_leaves_its_key_unclaimed(service: LeadService) -> None:
    request = IdempotencyRequest("key-1", "k", "c" * 64)
    with pytest.raises(NotFoundError):
        service.decide_once(request, _reply, "L9", DecisionKind.ACCEPT, bant=BANT)
    service.upsert_leads([Lead("L9")])
    reply, replayed = service.decide_once(request, _reply, "L9", DecisionKind.ACCEPT, bant=BANT)
    assert (reply.body, replayed) == (b"L9:1", False)


def test_a_decision_waits_for_an_ingest_holding_the_lead(service: LeadService) -> None:
    """Both rescore the lead, so the decision queues on its row (locked explicitly; on
    PostgreSQL the decision row's foreign key would also wait on it) and then rescores
    with the ingest's events, instead of from what it saw before them."""
    service.upsert_leads([Lead("L1")])
    with ThreadPoolExecutor(1) as pool:
        with service.store.transaction() as tx:
            tx.leads.lock_states(["L1"], now_utc())
            decided = pool.submit(
                service.decide, "L1", DecisionKind.REJECT, reason="no budget", actor="sam"
            )
            time.sleep(0.5)
            assert not decided.done()
        assert len(decided.result(timeout=30).decisions) == 1
