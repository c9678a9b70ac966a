"""The webhook outbox, objections and the audit log, on every store."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from leadscore.domain import DecisionKind, Event, Lead, Stage
from leadscore.domain.webhook import DeliveryState, Subscription
from leadscore.rescore import rescore
from leadscore.service import LeadService
from leadscore.stores import SqlStore
from leadscore.stores.tables import metadata

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ALL_KINDS = ("lead.mql", "lead.sql", "lead.tier_changed", "lead.recycled", "lead.deleted")


def _subscribe(store: SqlStore, sub_id: str = "wh_1", kinds: tuple[str, ...] = ALL_KINDS) -> None:
    subscription = Subscription(
        sub_id, "http://127.0.0.1:9/hook", kinds, "whsec_AAAA", True, T0, "test"
    )
    with store.transaction() as tx:
        tx.subscriptions.add(subscription)


def _demo_request(service: LeadService, lead_id: str = "L1") -> None:
    service.upsert_leads([Lead(lead_id, email=f"{lead_id}@acme.io", title="VP Sales")], as_of=T0)
    demo = Event(f"{lead_id}-demo", lead_id, "demo_request", T0, {})
    service.add_events([demo], as_of=T0 + timedelta(minutes=1))


def _rescore(service: LeadService, as_of: datetime, *lead_ids: str) -> None:
    version, spec = service.active_model()
    with service.store.transaction() as tx:
        rescore(tx, spec, version.version, as_of, set(lead_ids))


def _deliveries(store: SqlStore) -> list[tuple[str, str]]:
    with store.transaction() as tx:
        return [(item.subscription_id, item.kind) for item in tx.outbox.all()]


def test_a_stage_change_queues_one_delivery_per_subscriber(service: LeadService) -> None:
    _subscribe(service.store, "wh_1")
    _subscribe(service.store, "wh_2", ("lead.sql",))
    _demo_request(service)
    assert service.detail("L1").score.card.stage == Stage.MQL  # type: ignore[union-attr]
    assert _deliveries(service.store) == [("wh_1", "lead.mql"), ("wh_1", "lead.tier_changed")]
    with service.store.transaction() as tx:
        delivery, tier = tx.outbox.all()
        audit = tx.audit.entries(subject="lead:L1")
    assert delivery.payload["type"] == "lead.mql"
    assert delivery.payload["data"]["previous_stage"] == "lead"
    assert delivery.message_id.startswith("msg_") and delivery.state is DeliveryState.PENDING
    assert tier.payload["data"]["previous_tier"] != tier.payload["data"]["tier"]
    assert [(e.action, e.before, e.after["stage"]) for e in audit] == [  # type: ignore[index]
        ("lead.stage_changed", {"stage": "lead"}, "mql")
    ]


def test_nothing_is_queued_without_subscribers_or_change(service: LeadService) -> None:
    _demo_request(service)
    _subscribe(service.store)
    _rescore(service, T0 + timedelta(minutes=2), "L1")
    assert _deliveries(service.store) == []


def test_the_outbox_row_commits_with_the_change_or_not_at_all(service: LeadService) -> None:
    _subscribe(service.store)
    service.upsert_leads([Lead("L1", title="VP Sales")], as_of=T0)
    version, spec = service.active_model()
    with pytest.raises(RuntimeError), service.store.transaction() as tx:
        tx.events.insert([Event("e1", "L1", "demo_request", T0, {})], T0)
        rescore(tx, spec, version.version, T0 + timedelta(minutes=1), {"L1"})
        assert [item.kind for item in tx.outbox.all()] == ["lead.mql", "lead.tier_changed"]
        raise RuntimeError("crash before commit")
    assert _deliveries(service.store) == []
    assert service.detail("L1").score.card.stage == Stage.LEAD  # type: ignore[union-attr]


def test_an_objecting_lead_is_frozen(service: LeadService) -> None:
    _subscribe(service.store)
    service.upsert_leads([Lead("L1", title="VP Sales")], as_of=T0)
    with service.store.transaction() as tx:
        tx.privacy.object("L1", "asked by email", "dpo", T0)
    service.add_events([Event("e1", "L1", "demo_request", T0, {})], as_of=T0)
    service.score(as_of=T0 + timedelta(days=1))
    assert service.detail("L1").score.card.stage == Stage.LEAD  # type: ignore[union-attr]
    assert _deliveries(service.store) == []
    with service.store.transaction() as tx:
        assert tx.privacy.withdraw_objection("L1")
    _rescore(service, T0 + timedelta(days=1), "L1")
    assert ("wh_1", "lead.mql") in _deliveries(service.store)


def test_claims_never_overlap_and_expired_leases_are_taken_over(store: SqlStore) -> None:
    _subscribe(store)
    with store.transaction() as tx:
        tx.outbox.enqueue([("lead.mql", f"L{i}", {"type": "lead.mql"}) for i in range(5)], T0)
    lease = timedelta(seconds=30)
    with store.transaction() as tx:
        first = tx.outbox.claim(T0, lease, "a", limit=3)
    with store.transaction() as tx:
        second = tx.outbox.claim(T0, lease, "b", limit=3)
        assert tx.outbox.claim(T0, lease, "c", limit=3) == []
    assert len(first) == 3 and len(second) == 2
    assert not {item.id for item in first} & {item.id for item in second}
    later = T0 + lease + timedelta(seconds=1)
    with store.transaction() as tx:
        tx.outbox.delivered(first[0].id, "a", 200, T0)
        taken_over = tx.outbox.claim(later, lease, "d", limit=10)
        assert len(taken_over) == 4
        tx.outbox.delivered(first[1].id, "a", 200, later)  # "a" lost its lease: ignored
        assert tx.outbox.state_counts() == {"delivered": 1, "pending": 4}


def test_the_audit_log_is_append_only(store: SqlStore) -> None:
    with store.transaction() as tx:
        tx.audit.append(T0, "admin", "webhook.created", "webhook:wh_1", None, {"url": "u"})
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), store.transaction() as tx:
            tx.connection.execute(text(statement))
    with store.transaction() as tx:
        (entry,) = tx.audit.entries()
    assert (entry.actor, entry.after) == ("admin", {"url": "u"})


def test_concurrent_dispatchers_share_the_rows_without_overlap(store: SqlStore) -> None:
    """Four dispatchers claim at once, each in its own transaction on its own connection:
    every row is taken exactly once (PostgreSQL skips rows another claim has locked)."""
    _subscribe(store)
    with store.transaction() as tx:
        tx.outbox.enqueue([("lead.mql", f"L{i}", {"type": "lead.mql"}) for i in range(60)], T0)
    start = threading.Barrier(4)

    def claim_all(token: str) -> list[int]:
        start.wait()
        taken: list[int] = []
        while True:
            with store.transaction() as tx:
                batch = tx.outbox.claim(T0, timedelta(minutes=5), token, limit=4)
                taken += [item.id for item in batch]
                for item in batch:
                    tx.outbox.delivered(item.id, token, 200, T0)
            if not batch:
                return taken

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(claim_all, ["a", "b", "c", "d"]))
    every = [item for taken in results for item in taken]
    assert len(every) == len(set(every)) == 60
    with store.transaction() as tx:
        assert tx.outbox.state_counts() == {"delivered": 60}


def test_settled_rows_are_pruned_pending_ones_kept(store: SqlStore) -> None:
    _subscribe(store)
    with store.transaction() as tx:
        tx.outbox.enqueue([("lead.mql", f"L{i}", {"type": "lead.mql"}) for i in range(3)], T0)
        first, second, _ = tx.outbox.claim(T0, timedelta(minutes=1), "a", limit=3)
        tx.outbox.delivered(first.id, "a", 200, T0)
        tx.outbox.failed(second.id, "a", 500, "HTTP 500")
    with store.transaction() as tx:
        assert tx.outbox.prune(T0) == 0  # nothing older than T0
        assert tx.outbox.prune(T0 + timedelta(seconds=1)) == 2
        assert [item.state for item in tx.outbox.all()] == [DeliveryState.PENDING]


def test_an_erasure_waits_for_an_ingest_in_flight_and_takes_its_events(
    service: LeadService,
) -> None:
    """An ingest holds the lead's row (as the API's does) and adds an event; the erasure
    started meanwhile waits for it, then erases that event too: no foreign-key failure,
    nothing left behind."""
    service.upsert_leads([Lead("L1", email="ann@acme.io")], as_of=T0)
    locked = threading.Event()
    release = threading.Event()

    def ingest() -> None:
        with service.store.transaction() as tx:
            tx.leads.lock({"L1"}, T0)
            tx.events.insert([Event("late", "L1", "page_view", T0, {})], T0)
            locked.set()
            release.wait(10)

    with ThreadPoolExecutor(max_workers=2) as pool:
        writer = pool.submit(ingest)
        assert locked.wait(10)
        eraser = pool.submit(service.privacy.erase, "L1", "dpo")
        time.sleep(0.3)
        assert not eraser.done()  # waiting for the ingest's transaction
        release.set()
        writer.result(10)
        eraser.result(10)
    with service.store.transaction() as tx:
        assert tx.leads.count() == 0 and tx.events.known_ids(["late"]) == set()


def test_sales_decisions_notify_sql_and_recycled(service: LeadService) -> None:
    _demo_request(service)
    _subscribe(service.store, "wh_1", ("lead.sql", "lead.recycled"))
    service.decide("L1", DecisionKind.ACCEPT, bant=["budget", "authority", "need"], actor="sam")
    service.decide("L1", DecisionKind.REJECT, reason="no budget after all", actor="sam")
    with service.store.transaction() as tx:
        found = [(d.kind, d.payload["data"]["stage"]) for d in tx.outbox.all()]
        audit = tx.audit.entries(subject="lead:L1", action="lead.stage_changed")
    assert found == [("lead.sql", "sql"), ("lead.recycled", "nurture")]
    assert [(e.actor, e.after["stage"]) for e in audit][-2:] == [("sam", "sql"), ("sam", "nurture")]  # type: ignore[index]


def test_erasure_leaves_no_row_about_the_lead_in_any_table(service: LeadService) -> None:
    """Every table with a lead_id column (including ones added later) is checked: only the
    queued lead.deleted notification may still name the lead."""
    _subscribe(service.store)
    _demo_request(service)
    service.decide("L1", DecisionKind.ACCEPT, bant=["budget", "authority", "need"], actor="sam")
    service.privacy.object("L1", actor="dpo", reason="asked")
    service.privacy.erase("L1", actor="dpo")
    with service.store.transaction() as tx:
        for table in metadata.sorted_tables:
            if "lead_id" not in table.c:
                continue
            rows = tx.connection.execute(select(table).where(table.c.lead_id == "L1")).all()
            kinds = [row.kind for row in rows] if table.name == "webhook_outbox" else rows
            assert kinds in ([], ["lead.deleted"]), table.name
        (erased,) = tx.audit.entries(action="lead.erased")
    assert erased.after == {"suppressed": ["email", "lead_id"]}
