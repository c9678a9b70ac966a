"""POST /v1/events and POST /v1/leads: one transaction per request, idempotent, bounded."""

from __future__ import annotations

import json
from typing import Any

from leadscore.service import LeadService
from tests.api.conftest import auth


def _event(event_id: str, lead_id: str = "L1", kind: str = "page_view", **extra: Any) -> dict:
    return {
        "event_id": event_id,
        "lead_id": lead_id,
        "type": kind,
        "occurred_at": "2026-11-20T10:00:00Z",
        **extra,
    }


def _history(service: LeadService, lead_id: str) -> list[dict[str, Any]]:
    with service.store.transaction() as tx:
        return tx.scores.history_of(lead_id)


def test_one_event_updates_the_card_and_a_repeat_changes_nothing(
    client: Any, keys: dict[str, str], service: LeadService
) -> None:
    headers = auth(keys["ingest"])
    lead = {"lead_id": "L1", "industry": "software", "employees": 300, "title": "VP Sales"}
    assert client.post("/v1/leads", json=lead, headers=headers).status_code == 201
    first = client.post("/v1/events", json=_event("e1", kind="demo_request"), headers=headers)
    assert first.status_code == 201
    body = first.json()
    assert body["stored"] == 1 and body["duplicates"] == 0
    card = body["card"]
    assert card["lead_id"] == "L1" and card["stage"] == "mql"
    assert abs(sum(line["points"] for line in card["contributions"]) - card["total"]) < 1e-9
    assert any("e1" in line["event_ids"] for line in card["contributions"])
    history = _history(service, "L1")
    again = client.post("/v1/events", json=_event("e1", kind="demo_request"), headers=headers)
    assert again.status_code == 200
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 1
    assert again.json()["card"]["total"] == card["total"]
    assert _history(service, "L1") == history
    detail = client.get("/v1/leads/L1", headers=auth(keys["read"])).json()
    assert detail["card"]["total"] == card["total"]
    assert [step["to_stage"] for step in detail["stage_history"]] == ["mql"]


def test_arrays_ndjson_and_segment_calls(client: Any, keys: dict[str, str]) -> None:
    headers = auth(keys["ingest"])
    batch = [_event(f"a{n}", f"L{n % 3}", url="/pricing") for n in range(6)]
    answer = client.post("/v1/events", json=batch, headers=headers)
    assert answer.status_code == 201
    body = answer.json()
    assert (body["received"], body["stored"], body["leads_created"]) == (6, 6, 3)
    assert body["card"] is None and [item["lead_id"] for item in body["leads"]] == [
        "L0",
        "L1",
        "L2",
    ]
    lines = "\n".join(json.dumps(_event(f"n{n}", "L9")) for n in range(3)) + "\n\n"
    ndjson = {**headers, "Content-Type": "application/x-ndjson"}
    answer = client.post("/v1/events", content=lines, headers=ndjson)
    assert answer.status_code == 201 and answer.json()["stored"] == 3
    track = {
        "type": "track",
        "messageId": "m1",
        "userId": "L9",
        "event": "Demo Request",
        "timestamp": "2026-11-21T00:00:00Z",
        "properties": {"plan": "pro"},
    }
    identify = {
        "type": "identify",
        "messageId": "m2",
        "userId": "L9",
        "traits": {"email": "ann@acme.io", "company": {"name": "Acme", "employee_count": 300}},
    }
    answer = client.post("/v1/events", json=[track, identify], headers=headers)
    assert answer.status_code == 201
    assert answer.json()["stored"] == 1 and answer.json()["leads_upserted"] == 1
    detail = client.get("/v1/leads/L9", headers=auth(keys["read"])).json()
    assert detail["lead"]["email"] == "ann@acme.io" and detail["lead"]["employees"] == 300
    assert any("m1" in line["event_ids"] for line in detail["card"]["contributions"])
    repeat = client.post("/v1/events", json=track, headers=headers)
    assert repeat.status_code == 200 and repeat.json()["duplicates"] == 1


def test_bad_input_is_422_with_the_field_path_and_nothing_applied(
    client: Any, keys: dict[str, str], service: LeadService
) -> None:
    headers = auth(keys["ingest"])
    batch = [_event("ok1"), {**_event("bad"), "occurred_at": "yesterday"}]
    answer = client.post("/v1/events", json=batch, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", 1, "occurred_at"]
    lines = json.dumps(_event("ok2")) + "\n{not json"
    ndjson = {**headers, "Content-Type": "application/x-ndjson"}
    answer = client.post("/v1/events", content=lines, headers=ndjson)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "line 2"]
    answer = client.post("/v1/events", json=[_event("x1"), 7], headers=headers)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", 1]
    answer = client.post("/v1/leads", json={"lead_id": "L5", "employees": "many"}, headers=headers)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "employees"]
    escaped = json.dumps({**_event("u1"), "note": "\ud800"})  # ensure_ascii: "\\ud800"
    json_headers = {**headers, "Content-Type": "application/json"}
    answer = client.post("/v1/events", content=escaped, headers=json_headers)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body"]
    for path in ("/v1/events", "/v1/leads"):  # they take no query parameter: one is a mistake
        answer = client.post(f"{path}?dry_run=1", json=_event("q1"), headers=headers)
        assert answer.status_code == 422
        assert answer.json()["detail"][0]["loc"] == ["query", "dry_run"]
    answer = client.get("/v1/leads?teir=hot", headers=auth(keys["read"]))
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["query", "teir"]
    with service.store.transaction() as tx:
        assert tx.events.count() == 0 and tx.leads.count() == 0


def test_bodies_over_the_limits_are_413_with_nothing_applied(
    client: Any, keys: dict[str, str], service: LeadService
) -> None:
    headers = auth(keys["ingest"])
    big = _event("big", note="x" * 33_000)
    assert client.post("/v1/events", json=big, headers=headers).status_code == 413
    many = [_event(f"m{n}", note="y" * 20_000) for n in range(30)]
    assert client.post("/v1/events", json=many, headers=headers).status_code == 413
    one_big = [_event("s1"), _event("s2", note="z" * 33_000)]
    assert client.post("/v1/events", json=one_big, headers=headers).status_code == 413
    line = json.dumps(_event("l1", note="w" * 33_000))
    ndjson = {**headers, "Content-Type": "application/x-ndjson"}
    assert client.post("/v1/events", content=line, headers=ndjson).status_code == 413

    def chunks() -> Any:  # no Content-Length: the cap is on what is read
        for n in range(40):
            yield (json.dumps(_event(f"c{n}", note="v" * 15_000)) + "\n").encode()

    answer = client.post("/v1/events", content=chunks(), headers=ndjson)
    assert answer.status_code == 413
    with service.store.transaction() as tx:
        assert tx.events.count() == 0


def test_idempotency_key_replays_the_first_answer_or_refuses_another_body(
    client: Any, keys: dict[str, str], service: LeadService
) -> None:
    headers = {**auth(keys["ingest"]), "Idempotency-Key": "req-1"}
    first = client.post("/v1/events", json=_event("i1"), headers=headers)
    assert first.status_code == 201
    replay = client.post("/v1/events", json=_event("i1"), headers=headers)
    assert replay.status_code == 201 and replay.content == first.content
    assert replay.headers["idempotent-replayed"] == "true"
    other = client.post("/v1/events", json=_event("i2"), headers=headers)
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    with service.store.transaction() as tx:
        assert tx.events.known_ids(["i1", "i2"]) == {"i1"}
    fresh = client.post(
        "/v1/events", json=_event("i2"), headers={**headers, "Idempotency-Key": "req-2"}
    )
    assert fresh.status_code == 201


def test_leads_upsert_merges_and_refuses_repeats_in_one_request(
    client: Any, keys: dict[str, str]
) -> None:
    headers = auth(keys["ingest"])
    leads = [{"lead_id": "A", "email": "a@x.io", "owner": "kim"}, {"lead_id": "B"}]
    answer = client.post("/v1/leads", json=leads, headers=headers)
    assert answer.status_code == 201 and answer.json()["leads_upserted"] == 2
    answer = client.post("/v1/leads", json={"lead_id": "A", "title": "CTO"}, headers=headers)
    assert answer.status_code == 201 and answer.json()["card"]["lead_id"] == "A"
    lead = client.get("/v1/leads/A", headers=auth(keys["read"])).json()["lead"]
    assert (lead["email"], lead["title"], lead["attributes"]) == ("a@x.io", "CTO", {"owner": "kim"})
    twice = [{"lead_id": "C"}, {"lead_id": "C"}]
    answer = client.post("/v1/leads", json=twice, headers=headers)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", 1, "lead_id"]
