from __future__ import annotations

from typing import Any


def test_healthz_needs_no_key_and_says_ok(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ready"}


def test_metrics_are_prometheus_text_by_route_template(client: Any) -> None:
    client.get("/healthz")
    client.get("/no/such/path")
    body = client.get("/metrics").text
    assert "# TYPE leadscore_http_requests_total counter" in body
    assert 'leadscore_http_requests_total{method="GET",route="/healthz",status="200"} 1' in body
    assert 'route="(unmatched)",status="404"' in body
    assert "/no/such/path" not in body


def test_healthz_is_503_while_the_database_is_not_ready(tmp_path: Any) -> None:
    from leadscore.api import Settings, create_app
    from leadscore.service import LeadService
    from tests.api.conftest import TestClient

    missing = str(tmp_path / "never-initialised.db")
    with TestClient(create_app(Settings(database=missing), LeadService.open(missing))) as client:
        answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["database"] == "not ready"
