"""Keys: 401 without a valid key, 403 outside its scope, admin may do everything."""

from __future__ import annotations

from typing import Any

import pytest

from leadscore.access.scopes import Scope
from leadscore.api import Settings, create_app
from leadscore.service import LeadService
from tests.api.conftest import TestClient, auth

EVENT = {"event_id": "e1", "lead_id": "L1", "type": "page_view", "occurred_at": "2026-11-01"}


def test_without_a_valid_key_every_route_but_health_is_401(client: Any) -> None:
    for method, path in (("GET", "/v1/leads"), ("GET", "/v1/funnel"), ("POST", "/v1/events")):
        answer = client.request(method, path, json=EVENT)
        assert answer.status_code == 401, path
        assert answer.headers["www-authenticate"] == "Bearer"
    bad = {"Authorization": "Bearer lsk_0000_not-a-key"}
    assert client.get("/v1/funnel", headers=bad).status_code == 401
    assert client.get("/v1/funnel", headers={"Authorization": "Basic eDp5"}).status_code == 401
    assert client.get("/healthz").status_code == 200


def test_scopes_are_enforced_and_admin_implies_all(client: Any, keys: dict[str, str]) -> None:
    assert client.post("/v1/events", json=EVENT, headers=auth(keys["read"])).status_code == 403
    assert client.get("/v1/funnel", headers=auth(keys["ingest"])).status_code == 403
    decision = {"decision": "reject", "reason": "no budget"}
    answer = client.post("/v1/leads/L1/decision", json=decision, headers=auth(keys["read"]))
    assert answer.status_code == 403
    assert "sales" in answer.json()["detail"]
    assert client.post("/v1/events", json=EVENT, headers=auth(keys["ingest"])).status_code == 201
    assert client.get("/v1/funnel", headers=auth(keys["sales"])).status_code == 200
    for path in ("/v1/funnel", "/v1/leads", "/v1/leads/L1"):
        assert client.get(path, headers=auth(keys["admin"])).status_code == 200


def test_a_revoked_key_is_refused_once_the_cache_lets_go(
    service: LeadService, database: str
) -> None:
    settings = Settings(database=database, key_cache_seconds=0)
    issued = service.keys.create((Scope.READ,), "temp")
    with TestClient(create_app(settings, service)) as client:
        assert client.get("/v1/funnel", headers=auth(issued.token)).status_code == 200
        service.keys.revoke(issued.key.key_id)
        assert client.get("/v1/funnel", headers=auth(issued.token)).status_code == 401
    stored = {key.key_id: key for key in service.keys.list()}
    assert stored[issued.key.key_id].revoked_at is not None


def test_keys_are_stored_hashed(service: LeadService) -> None:
    issued = service.keys.create((Scope.INGEST,), "hash check")
    with service.store.transaction() as tx:
        found = tx.keys.get(issued.key.key_id)
    assert found is not None
    _, stored_hash = found
    secret = issued.token.split("_", 2)[2]
    assert secret not in stored_hash and issued.token not in stored_hash
    assert len(stored_hash) == 64


@pytest.mark.parametrize("environment", ["test", "production"])
def test_settings_refuse_the_default_secret_outside_development(environment: str) -> None:
    from leadscore.errors import LeadscoreError

    with pytest.raises(LeadscoreError, match="LEADSCORE_SECRET_KEY"):
        Settings.from_env(environment=environment, secret_key=None)
    assert Settings.from_env(environment="development").environment == "development"
    assert (
        Settings.from_env(environment=environment, secret_key="x" * 32).environment == environment
    )
