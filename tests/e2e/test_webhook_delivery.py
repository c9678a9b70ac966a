"""Webhook delivery against a real receiver on 127.0.0.1 that checks every signature."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from leadscore.domain import Event, Lead
from leadscore.domain.webhook import DeliveryState
from leadscore.notify.dispatcher import Dispatcher
from leadscore.service import LeadService
from leadscore.webhooks.retry import RetryPolicy
from tests.webhook_receiver import Receiver

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FAST = RetryPolicy(base=0.05, max_delay=0.2, max_attempts=4)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[LeadService]:
    service = LeadService.open(str(tmp_path / "hooks.db"))
    service.init()
    yield service
    service.store.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.close()


def _subscribe(
    service: LeadService, receiver: Receiver, events: tuple[str, ...] = ("lead.mql",)
) -> str:
    subscription = service.webhooks.create(receiver.url, events, actor="admin")
    receiver.secret = subscription.secret
    return subscription.subscription_id


def _demo_request(service: LeadService, lead_id: str = "L1") -> None:
    service.upsert_leads([Lead(lead_id, title="VP Sales")], as_of=T0)
    service.add_events([Event(f"{lead_id}-demo", lead_id, "demo_request", T0, {})], as_of=T0)


def _dispatcher(service: LeadService, **options: object) -> Dispatcher:
    options.setdefault("rng", random.Random(0))
    return Dispatcher(service.store, options.pop("policy", FAST), interval=0.05, **options)  # type: ignore[arg-type]


def _states(service: LeadService) -> list[tuple[str, int, int | None]]:
    with service.store.transaction() as tx:
        return [(d.state.value, d.attempts, d.last_status) for d in tx.outbox.all()]


def test_a_new_mql_is_delivered_signed(service: LeadService, receiver: Receiver) -> None:
    _subscribe(service, receiver)
    _demo_request(service)
    dispatcher = _dispatcher(service)
    try:
        assert dispatcher.run_once() == 1
        assert dispatcher.run_once() == 0
    finally:
        dispatcher.stop()
    (got,) = receiver.received
    assert got.verified and got.webhook_id.startswith("msg_")
    assert got.payload["type"] == "lead.mql" and got.payload["data"]["lead_id"] == "L1"
    assert _states(service) == [("delivered", 1, 204)]


def test_retry_after_is_honoured_and_the_retry_keeps_its_id(
    service: LeadService, receiver: Receiver
) -> None:
    receiver.script.append((503, {"Retry-After": "1"}))
    _subscribe(service, receiver)
    _demo_request(service)
    dispatcher = _dispatcher(service)
    dispatcher.start()
    try:
        first, second = receiver.wait_for(2)[:2]
    finally:
        dispatcher.stop()
    assert second.at - first.at >= 0.95
    assert first.webhook_id == second.webhook_id and first.verified and second.verified
    assert _states(service) == [("delivered", 2, 204)]


def test_a_410_disables_the_subscription(service: LeadService, receiver: Receiver) -> None:
    receiver.script.append((410, {}))
    sub_id = _subscribe(service, receiver)
    _demo_request(service)
    dispatcher = _dispatcher(service)
    try:
        dispatcher.run_once()
    finally:
        dispatcher.stop()
    assert _states(service) == [("cancelled", 1, 410)]
    assert not service.webhooks.get(sub_id).active
    (entry,) = service.privacy.audit(action="webhook.disabled")
    assert entry.subject == f"webhook:{sub_id}" and entry.actor == "dispatcher"
    _demo_request(service, "L2")
    assert len(_states(service)) == 1  # nothing queued for a disabled subscription


def test_gives_up_after_the_last_attempt(service: LeadService, receiver: Receiver) -> None:
    receiver.default = (500, {})
    _subscribe(service, receiver)
    _demo_request(service)
    dispatcher = _dispatcher(service, policy=RetryPolicy(base=0.01, max_delay=0.02, max_attempts=3))
    dispatcher.start()
    try:
        receiver.wait_for(3)
        deadline = time.monotonic() + 5
        while _states(service)[0][0] == "pending" and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        dispatcher.stop()
    assert _states(service) == [("failed", 3, 500)]
    assert len(receiver.received) == 3


def test_redirects_are_not_followed(service: LeadService, receiver: Receiver) -> None:
    elsewhere = Receiver()
    try:
        receiver.script.append((307, {"Location": elsewhere.url}))
        _subscribe(service, receiver)
        _demo_request(service)
        dispatcher = _dispatcher(service)
        try:
            dispatcher.run_once()
        finally:
            dispatcher.stop()
        assert elsewhere.received == []
    finally:
        elsewhere.close()
    assert _states(service) == [("pending", 1, 307)]


def test_a_delivery_survives_a_restart(tmp_path: Path, receiver: Receiver) -> None:
    """The first server fails to deliver and stops; a second one, on the same database,
    delivers the same message. A third row, claimed by a dispatcher that died holding it,
    is taken over once its lease runs out."""
    db = str(tmp_path / "restart.db")
    first = LeadService.open(db)
    first.init()
    receiver.script.append((503, {}))
    _subscribe(first, receiver)
    _demo_request(first, "L1")
    _demo_request(first, "L2")
    with first.store.transaction() as tx:
        (l2,) = [d for d in tx.outbox.all() if d.lead_id == "L2"]
        dead = tx.outbox.claim(datetime.now(UTC), timedelta(seconds=1), "dead", limit=10)
        assert [d.id for d in dead] == [d.id for d in tx.outbox.all()]
    with first.store.transaction() as tx:  # L1's row back to due, L2 stays leased by "dead"
        tx.outbox.retry_at(dead[0].id, "dead", None, "crash", datetime.now(UTC))
    dispatcher = _dispatcher(first)
    dispatcher.run_once()  # L1 gets 503; L2 is leased to the dead dispatcher
    dispatcher.stop()
    first.store.close()
    assert [got.payload["data"]["lead_id"] for got in receiver.received] == ["L1"]

    second = LeadService.open(db)
    restarted = _dispatcher(second)
    restarted.start()
    try:
        received = receiver.wait_for(3)
    finally:
        restarted.stop()
    assert sorted(got.payload["data"]["lead_id"] for got in received) == ["L1", "L1", "L2"]
    ids: dict[str, set[str]] = {}
    for got in received:
        ids.setdefault(got.payload["data"]["lead_id"], set()).add(got.webhook_id)
    assert all(len(same) == 1 for same in ids.values())  # a retry is the same message
    assert all(got.verified for got in received)
    with second.store.transaction() as tx:
        assert {d.state for d in tx.outbox.all()} == {DeliveryState.DELIVERED}
        assert [d.attempts for d in tx.outbox.all() if d.id == l2.id] == [1]
    second.store.close()


def test_an_objection_stops_the_mql_webhook(service: LeadService, receiver: Receiver) -> None:
    _subscribe(service, receiver, ("lead.mql", "lead.tier_changed"))
    service.upsert_leads([Lead("L1", title="VP Sales")], as_of=T0)
    service.privacy.object("L1", actor="dpo", reason="asked by email")
    _demo_request(service)
    dispatcher = _dispatcher(service)
    try:
        assert dispatcher.run_once() == 0
    finally:
        dispatcher.stop()
    assert receiver.received == []
    assert service.detail("L1").score.card.stage.value == "lead"  # type: ignore[union-attr]


def test_cli_ingest_of_an_erased_email_exits_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from leadscore.cli.app import app

    db = str(tmp_path / "cli.db")
    service = LeadService.open(db)
    service.init()
    service.upsert_leads([Lead("L1", email="ann@acme.io")])
    service.privacy.erase("L1", actor="dpo")
    file = tmp_path / "people.csv"
    file.write_text("lead_id,email\nL7,bo@acme.io\nL8, Ann@Acme.io\n")
    result = CliRunner().invoke(app, ["ingest", "leads", str(file), "--db", db])
    assert result.exit_code == 2
    assert "'L8'" in result.output and "erased on request" in result.output
    assert service.lead_count() == 0
    service.store.close()


def test_an_unreachable_receiver_is_a_failed_attempt_retried(service: LeadService) -> None:
    closed = Receiver()
    url = closed.url
    closed.close()  # nothing listens on that port any more
    subscription = service.webhooks.create(url, ("lead.mql",), actor="admin")
    assert subscription.active
    _demo_request(service)
    dispatcher = _dispatcher(service)
    try:
        assert dispatcher.run_once() == 1
    finally:
        dispatcher.stop()
    with service.store.transaction() as tx:
        (delivery,) = tx.outbox.all()
    assert (delivery.state.value, delivery.attempts, delivery.last_status) == ("pending", 1, None)
    assert delivery.last_error == "ConnectError: no answer"
