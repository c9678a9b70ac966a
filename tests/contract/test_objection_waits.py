"""An objection locks its lead, so it waits for an ingest holding the lead and then cancels
what that ingest queued: no webhook about the lead is sent after the objection."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from leadscore.domain import Lead
from leadscore.domain.timeutil import now_utc
from leadscore.domain.webhook import DeliveryState
from leadscore.service import LeadService


def test_an_objection_waits_for_an_ingest_and_cancels_what_it_queued(
    service: LeadService,
) -> None:
    service.webhooks.create("http://127.0.0.1:9/hook", ["lead.mql"], "test")
    service.upsert_leads([Lead("L1")])
    with ThreadPoolExecutor(1) as pool:
        with service.store.transaction() as tx:  # what an ingest that makes L1 an MQL holds
            now = now_utc()
            tx.leads.lock_states(["L1"], now)
            tx.outbox.enqueue([("lead.mql", "L1", {"lead_id": "L1"})], now)
            objected = pool.submit(service.privacy.object, "L1", "dpo", "asked by email")
            time.sleep(0.5)
            assert not objected.done()
        objected.result(timeout=30)
    with service.store.transaction() as tx:
        states = [delivery.state for delivery in tx.outbox.of_lead("L1")]
    assert states == [DeliveryState.CANCELLED]


def test_objections_at_once_are_audited_one_after_the_other(service: LeadService) -> None:
    """The second waits for the first, so its audit entry records that the lead had
    objected already (without the lock both read "no objection" before either wrote)."""
    service.upsert_leads([Lead("L1")])
    start = Barrier(4)

    def send(number: int) -> None:
        start.wait()
        service.privacy.object("L1", f"dpo-{number}", "asked by email")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(send, range(4)))
    entries = service.privacy.audit(subject="lead:L1", action="lead.objected")
    assert [entry.before for entry in entries] == [None] + [{"objected": True}] * 3
