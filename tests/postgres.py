"""A fresh PostgreSQL schema per test, on the machine's real server.

The server is `LEADSCORE_TEST_PG_URL` (default: database `test` on 127.0.0.1:5432, user
postgres); tests that need it skip, saying why, only when it cannot be reached. Each test
gets a schema of its own (selected through `search_path` in the URL), dropped afterwards,
so tests never see each other's rows and Alembic migrates each one from nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def server_url() -> str:
    return os.environ.get("LEADSCORE_TEST_PG_URL", DEFAULT_URL)


@cache
def _admin() -> Engine | None:
    engine = create_engine(server_url(), isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any reason the server cannot be used means skip, with the reason
        engine.dispose()
        return None
    return engine


def require_postgres() -> Engine:
    engine = _admin()
    if engine is None:
        pytest.skip(f"PostgreSQL not reachable at {server_url()} (set LEADSCORE_TEST_PG_URL)")
    return engine


@contextmanager
def fresh_schema() -> Iterator[str]:
    """Yield a database URL whose tables live in a new, empty schema; drop it afterwards."""
    admin = require_postgres()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in server_url() else "?"
    options = quote(f"-csearch_path={schema}")
    try:
        yield f"{server_url()}{separator}options={options}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
