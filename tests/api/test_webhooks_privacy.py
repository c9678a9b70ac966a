"""Webhooks, privacy requests and the audit log through the real app (the dispatcher
started by its lifespan), with a real signature-checking receiver on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from leadscore.domain import DecisionKind, Event, Lead
from leadscore.domain.suppression import SuppressedError
from leadscore.service import LeadService
from tests.api.conftest import auth
from tests.webhook_receiver import Receiver

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.close()


def _subscribe(client: Any, token: str, receiver: Receiver, events: list[str]) -> dict[str, Any]:
    response = client.post(
        "/v1/webhooks", json={"url": receiver.url, "events": events}, headers=auth(token)
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    receiver.secret = created["secret"]
    return created


def _demo_request(service: LeadService, lead_id: str, email: str | None = None) -> None:
    service.upsert_leads([Lead(lead_id, email=email, title="VP Sales")], as_of=T0)
    service.add_events([Event(f"{lead_id}-demo", lead_id, "demo_request", T0, {})], as_of=T0)


def test_subscriptions_are_admin_only_and_keep_their_secret(
    client: Any, keys: dict[str, str], receiver: Receiver
) -> None:
    body = {"url": receiver.url, "events": ["lead.mql"]}
    assert client.post("/v1/webhooks", json=body).status_code == 401
    assert client.post("/v1/webhooks", json=body, headers=auth(keys["read"])).status_code == 403
    bad = client.post(
        "/v1/webhooks", json={"url": "ftp://x", "events": ["lead.won"]}, headers=auth(keys["admin"])
    )
    assert bad.status_code == 422
    assert sorted(item["loc"][:2] for item in bad.json()["detail"]) == [
        ["body", "events"],
        ["body", "url"],
    ]
    bad_url = client.post(
        "/v1/webhooks", json={**body, "url": "not a url"}, headers=auth(keys["admin"])
    )
    assert bad_url.status_code == 422 and "url" in bad_url.text
    created = _subscribe(client, keys["admin"], receiver, ["lead.mql", "lead.sql"])
    assert created["secret"].startswith("whsec_") and created["id"].startswith("wh_")
    listed = client.get("/v1/webhooks", headers=auth(keys["admin"])).json()
    assert [item["id"] for item in listed] == [created["id"]]
    assert "secret" not in listed[0] and created["secret"] not in str(listed)
    assert (
        client.delete(f"/v1/webhooks/{created['id']}", headers=auth(keys["admin"])).status_code
        == 204
    )
    assert (
        client.get(f"/v1/webhooks/{created['id']}", headers=auth(keys["admin"])).status_code == 404
    )
    audit = client.get("/v1/audit?subject=webhook:" + created["id"], headers=auth(keys["admin"]))
    assert [e["action"] for e in audit.json()["entries"]] == ["webhook.created", "webhook.deleted"]
    assert created["secret"] not in audit.text and "/hook" not in audit.text
    host = receiver.url.split("/")[2]
    assert audit.json()["entries"][0]["after"] == {"host": host, "events": ["lead.mql", "lead.sql"]}


def test_an_mql_reaches_the_receiver_but_not_after_an_objection(
    client: Any, keys: dict[str, str], service: LeadService, receiver: Receiver
) -> None:
    _subscribe(client, keys["admin"], receiver, ["lead.mql"])
    service.upsert_leads([Lead("OPTED", title="VP Sales")], as_of=T0)
    objected = client.post(
        "/v1/leads/OPTED/objection", json={"reason": "phone call"}, headers=auth(keys["admin"])
    )
    assert objected.status_code == 200 and objected.json()["reason"] == "phone call"
    _demo_request(service, "OPTED")
    _demo_request(service, "KEEN")
    (got,) = receiver.wait_for(1)
    assert got.verified and got.payload["data"]["lead_id"] == "KEEN"
    assert receiver.wait_for(2, timeout=2.5) == [got]  # nothing about OPTED, ever
    opted = client.get("/v1/leads/OPTED/export", headers=auth(keys["admin"])).json()
    assert opted["score"]["card"]["stage"] == "lead" and opted["objection"]["actor"].startswith(
        "api-key:"
    )
    assert (
        client.post("/v1/leads/NOBODY/objection", json={}, headers=auth(keys["admin"])).status_code
        == 404
    )


def test_erasure_keeps_only_a_suppression_and_tells_subscribers(
    client: Any, keys: dict[str, str], service: LeadService, receiver: Receiver
) -> None:
    _subscribe(client, keys["admin"], receiver, ["lead.deleted"])
    _demo_request(service, "L1", email="Ann@Acme.io")
    service.decide("L1", DecisionKind.ACCEPT, bant=["budget", "authority", "need"], actor="sam")
    exported = client.get("/v1/leads/L1/export", headers=auth(keys["admin"]))
    assert exported.status_code == 200
    data = exported.json()
    assert data["lead"]["email"] == "Ann@Acme.io" and [e["event_id"] for e in data["events"]] == [
        "L1-demo"
    ]
    assert [d["kind"] for d in data["decisions"]] == ["accept"]
    assert {e["action"] for e in data["audit"]} >= {"lead.stage_changed", "lead.decision"}
    assert client.get("/v1/leads/L1/export", headers=auth(keys["sales"])).status_code == 403

    assert client.delete("/v1/leads/L1", headers=auth(keys["admin"])).status_code == 204
    (got,) = receiver.wait_for(1)
    assert got.verified and got.payload == {
        "type": "lead.deleted",
        "timestamp": got.payload["timestamp"],
        "data": {"lead_id": "L1", "deleted_at": got.payload["timestamp"]},
    }
    assert client.get("/v1/leads/L1/export", headers=auth(keys["admin"])).status_code == 404
    assert client.delete("/v1/leads/L1", headers=auth(keys["admin"])).status_code == 404
    with pytest.raises(SuppressedError, match="erased on request"):
        service.upsert_leads([Lead("L2", email=" ann@acme.IO ")])
    with pytest.raises(SuppressedError, match="'L1'"):
        service.add_events([Event("again", "L1", "page_view", T0, {})])
    with service.store.transaction() as tx:
        assert tx.leads.count() == 0 and tx.events.of_lead("L1") == []
    audit = client.get("/v1/audit", params={"subject": "lead:L1"}, headers=auth(keys["admin"]))
    entries = audit.json()["entries"]
    assert entries[-1]["action"] == "lead.erased" and "Ann" not in audit.text.lower()
    assert client.get("/v1/audit", headers=auth(keys["read"])).status_code == 403


def test_repeated_posts_with_an_idempotency_key_replay(
    client: Any, keys: dict[str, str], receiver: Receiver, service: LeadService
) -> None:
    headers = {**auth(keys["admin"]), "Idempotency-Key": "sub-1"}
    body = {"url": receiver.url, "events": ["lead.mql"]}
    first = client.post("/v1/webhooks", json=body, headers=headers)
    again = client.post("/v1/webhooks", json=body, headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(client.get("/v1/webhooks", headers=auth(keys["admin"])).json()) == 1
    other = client.post("/v1/webhooks", json={**body, "events": ["lead.sql"]}, headers=headers)
    assert other.status_code == 422
    service.upsert_leads([Lead("L1")])
    headers["Idempotency-Key"] = "objection-1"
    for _ in range(2):
        objected = client.post("/v1/leads/L1/objection", json={"reason": "x"}, headers=headers)
        assert objected.status_code == 200
    assert len(service.privacy.audit(action="lead.objected")) == 1


def test_the_audit_log_pages_by_cursor(
    client: Any, keys: dict[str, str], service: LeadService
) -> None:
    for lead_id in ("A", "B", "C"):
        _demo_request(service, lead_id)
    first = client.get(
        "/v1/audit?action=lead.stage_changed&limit=2", headers=auth(keys["admin"])
    ).json()
    rest = client.get(
        f"/v1/audit?action=lead.stage_changed&limit=2&after={first['next_after']}",
        headers=auth(keys["admin"]),
    ).json()
    assert len(first["entries"]) == 2 and len(rest["entries"]) == 1 and rest["next_after"] is None
    subjects = [e["subject"] for e in first["entries"] + rest["entries"]]
    assert subjects == ["lead:A", "lead:B", "lead:C"]


def test_an_erased_lead_cannot_come_back_through_the_api(
    client: Any, keys: dict[str, str], service: LeadService
) -> None:
    ingest = auth(keys["ingest"])
    created = client.post(
        "/v1/leads", json={"lead_id": "L1", "email": "ann@acme.io"}, headers=ingest
    )
    assert created.status_code == 201, created.text
    assert client.delete("/v1/leads/L1", headers=auth(keys["admin"])).status_code == 204
    again = client.post("/v1/leads", json={"lead_id": "L9", "email": "ANN@acme.io"}, headers=ingest)
    assert again.status_code == 422 and "erased on request" in again.text
    event = {
        "event_id": "e1",
        "lead_id": "L1",
        "type": "page_view",
        "occurred_at": "2026-03-01T12:00:00Z",
    }
    refused = client.post("/v1/events", json=event, headers=ingest)
    assert refused.status_code == 422 and "'L1'" in refused.text
    with service.store.transaction() as tx:
        assert tx.leads.count() == 0 and tx.events.known_ids(["e1"]) == set()


def test_key_changes_are_audited(client: Any, keys: dict[str, str], service: LeadService) -> None:
    issued = service.keys.create((), "ops")  # type: ignore[arg-type]
    service.keys.revoke(issued.key.key_id, actor="admin@example.com")
    page = client.get(f"/v1/audit?subject=key:{issued.key.key_id}", headers=auth(keys["admin"]))
    entries = page.json()["entries"]
    assert [(e["action"], e["actor"]) for e in entries] == [
        ("key.created", "cli"),
        ("key.revoked", "admin@example.com"),
    ]
    assert issued.token not in page.text and entries[1]["after"] == {"active": False}


def test_an_erasure_forgets_the_kept_replies_that_name_the_lead(
    client: Any, keys: dict[str, str], service: LeadService
) -> None:
    ingest = auth(keys["ingest"])
    for lead_id, key in (("L1", "create-l1"), ("L2", "create-l2")):
        body = {"lead_id": lead_id, "email": f"{lead_id.lower()}@acme.io"}
        made = client.post("/v1/leads", json=body, headers={**ingest, "Idempotency-Key": key})
        assert made.status_code == 201, made.text
    assert client.delete("/v1/leads/L1", headers=auth(keys["admin"])).status_code == 204
    with service.store.transaction() as tx:
        kept = [bytes(row.body) for row in tx.connection.execute(text(KEPT_REPLIES))]
    assert len(kept) == 1 and b'"L2"' in kept[0] and not any(b'"L1"' in body for body in kept)
    body = {"lead_id": "L1", "email": "l1@acme.io"}
    replayed = client.post(
        "/v1/leads", json=body, headers={**ingest, "Idempotency-Key": "create-l1"}
    )
    assert replayed.status_code == 422 and "erased on request" in replayed.text
    kept_l2 = client.post(
        "/v1/leads",
        json={"lead_id": "L2", "email": "l2@acme.io"},
        headers={**ingest, "Idempotency-Key": "create-l2"},
    )
    assert kept_l2.headers["Idempotent-Replayed"] == "true"


KEPT_REPLIES = "SELECT body FROM idempotency_keys"
