"""Reading leads (ranked list with filters and cursor paging, one lead), decisions, funnel."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.api.conftest import auth


def _load(client: Any, token: str) -> None:
    leads = [
        {
            "lead_id": f"L{n:02d}",
            "industry": "software" if n % 2 else "retail",
            "employees": 300 if n % 3 else 10,
            "owner": "kim" if n < 5 else "lee",
        }
        for n in range(12)
    ]
    assert client.post("/v1/leads", json=leads, headers=auth(token)).status_code == 201
    events = [
        {
            "event_id": f"p{n}-{k}",
            "lead_id": f"L{n:02d}",
            "type": "page_view",
            "occurred_at": f"2026-11-2{k}T09:00:00Z",
            "url": "/pricing",
        }
        for n in range(0, 12, 2)
        for k in range(n % 4 + 1)
    ]
    assert client.post("/v1/events", json=events, headers=auth(token)).status_code == 201


def test_cursor_pages_cover_every_lead_once_best_first(client: Any, keys: dict[str, str]) -> None:
    _load(client, keys["ingest"])
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/leads", params=params, headers=auth(keys["read"])).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 12 and len({item["lead_id"] for item in seen}) == 12
    totals = [item["total"] for item in seen]
    assert totals == sorted(totals, reverse=True)
    ascending = client.get(
        "/v1/leads", params={"sort": "score", "limit": 100}, headers=auth(keys["read"])
    ).json()["items"]
    assert [item["total"] for item in ascending] == sorted(totals)
    wrong = client.get("/v1/leads", params={"cursor": "bm9wZQ"}, headers=auth(keys["read"]))
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_filters(client: Any, keys: dict[str, str]) -> None:
    _load(client, keys["ingest"])
    read = auth(keys["read"])

    def ids(**params: Any) -> set[str]:
        answer = client.get("/v1/leads", params={"limit": 100, **params}, headers=read)
        assert answer.status_code == 200, answer.text
        return {item["lead_id"] for item in answer.json()["items"]}

    assert ids(owner="kim") == {f"L{n:02d}" for n in range(5)}
    with_signal = ids(signal="pricing interest")
    assert with_signal and with_signal <= {f"L{n:02d}" for n in range(0, 12, 2)}
    everyone = client.get("/v1/leads", params={"limit": 100}, headers=read).json()["items"]
    for field in ("tier", "grade", "stage"):
        value = everyone[0][field]
        assert ids(**{field: value}) == {i["lead_id"] for i in everyone if i[field] == value}
    for field in ("tier", "grade"):
        unknown = client.get("/v1/leads", params={field: "lukewarm"}, headers=read)
        (problem,) = unknown.json()["detail"]
        assert unknown.status_code == 422 and problem["loc"] == ["query", field]
        assert f"unknown {field} 'lukewarm'" in problem["msg"]
    assert client.get("/v1/leads", params={"stage": "nope"}, headers=read).status_code == 422


def test_decisions_move_the_stage_and_the_funnel(client: Any, keys: dict[str, str]) -> None:
    _load(client, keys["ingest"])
    sales = auth(keys["sales"])
    accept = {"decision": "accept", "bant": ["budget", "authority", "need"], "reason": "call"}
    answer = client.post("/v1/leads/L01/decision", json=accept, headers=sales)
    assert answer.status_code == 200, answer.text
    detail = answer.json()
    assert detail["card"]["stage"] == "sql"
    assert detail["decisions"][0]["bant"] == ["budget", "authority", "need"]
    assert detail["decisions"][0]["actor"] == "test sales"
    assert detail["stage_history"][-1]["to_stage"] == "sql"
    short = client.post("/v1/leads/L02/decision", json={"decision": "accept"}, headers=sales)
    assert short.status_code == 422 and "authority" in short.json()["detail"][0]["msg"]
    no_reason = client.post("/v1/leads/L02/decision", json={"decision": "reject"}, headers=sales)
    assert no_reason.status_code == 422
    missing = client.post("/v1/leads/NOPE/decision", json=accept, headers=sales)
    assert missing.status_code == 404
    assert client.get("/v1/leads/NOPE", headers=sales).status_code == 404
    funnel = client.get("/v1/funnel", headers=auth(keys["read"])).json()
    assert funnel["stages"]["sql"] == 1 and funnel["total"] == 12
    assert list(funnel["stages"])[:3] == ["subscriber", "lead", "mql"]


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_logs_hold_no_personal_data_or_keys(
    client: Any, keys: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    lead = {"lead_id": "L-ann", "email": "ann.smith@acme.io", "first_name": "Ann"}
    client.post("/v1/leads", json=lead, headers=auth(keys["ingest"]))
    client.get("/v1/leads/L-ann", headers=auth(keys["read"]))
    client.get("/v1/leads", params={"owner": "ann.smith@acme.io"}, headers=auth(keys["read"]))
    server = [record for record in caplog.records if not record.name.startswith("httpx")]
    text = "\n".join(record.getMessage() for record in server)  # httpx is the test's client
    assert "/v1/leads/{lead_id}" in text
    for secret in ("ann.smith", "Ann", "L-ann", keys["read"], keys["ingest"]):
        assert secret not in text
