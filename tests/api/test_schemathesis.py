"""Schemathesis against the app's own /openapi.json: no 5xx, answers as the schema says.

Bounded and deterministic (25 derandomized examples per operation) so it runs in CI; every
call carries an admin key, so generated requests reach the routes' own validation.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from leadscore.access.scopes import Scope
from leadscore.api import Settings, create_app
from leadscore.service import LeadService


@schemathesis.serializer("application/x-ndjson")
def _ndjson(_context: Any, value: Any) -> bytes:
    """The schema gives NDJSON bodies as text; send generated text as it is."""
    return value.encode("utf-8") if isinstance(value, str) else json.dumps(value).encode()


WORKDIR = tempfile.mkdtemp(prefix="leadscore-schemathesis-")
SERVICE = LeadService.open(str(Path(WORKDIR) / "api.db"))
SERVICE.init()
pytestmark = pytest.mark.slow
ADMIN = {"Authorization": f"Bearer {SERVICE.keys.create((Scope.ADMIN,), 'fuzz').token}"}
APP = create_app(Settings(database=str(Path(WORKDIR) / "api.db")), SERVICE)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    SERVICE.store.close()
    shutil.rmtree(WORKDIR, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_openapi_promises(case: Any) -> None:
    # Schema-valid requests may still break a rule of the domain (too few BANT items, a
    # cursor this listing never handed out): those are 422s, so that check is left out.
    case.call_and_validate(headers=ADMIN, excluded_checks=[positive_data_acceptance])
