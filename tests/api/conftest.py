"""The real app, in-process, on SQLite and on PostgreSQL (a fresh schema per test).

`client` talks to the app through Starlette's TestClient (the lifespan runs); `keys`
holds one token per scope, created through the facade as `leadscore keys create` does.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from leadscore.access.scopes import Scope
from leadscore.api import Settings, create_app
from leadscore.service import LeadService
from tests.postgres import fresh_schema

with warnings.catch_warnings():
    # Starlette asks for httpx2 here; the TestClient works the same with httpx.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "api.db")
        return
    with fresh_schema() as url:
        yield url


@pytest.fixture
def service(database: str) -> Iterator[LeadService]:
    created = LeadService.open(database)
    created.init()
    yield created
    created.store.close()


@pytest.fixture
def settings(database: str) -> Settings:
    return Settings(database=database, environment="test", secret_key="s3cret-for-tests")


@pytest.fixture
def client(settings: Settings, service: LeadService) -> Iterator[TestClient]:
    with TestClient(create_app(settings, service)) as test_client:
        yield test_client


@pytest.fixture
def keys(service: LeadService) -> dict[str, str]:
    """A bearer token per scope name."""
    return {scope.value: service.keys.create((scope,), f"test {scope}").token for scope in Scope}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
