from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leadscore.service import LeadService
from leadscore.stores import SqlStore, open_store
from tests.postgres import fresh_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """Every store behind the one protocol; each test gets an empty, migrated database."""
    if request.param == "sqlite":
        created = open_store(str(tmp_path / "contract.db"))
        created.migrate()
        yield created
        created.close()
        return
    with fresh_schema() as url:
        created = open_store(url)
        created.migrate()
        yield created
        created.close()


@pytest.fixture
def service(store: SqlStore) -> LeadService:
    service = LeadService(store)
    service.init()
    return service
