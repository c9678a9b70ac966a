"""Persistence: the only package that knows SQL. SQLite by default, PostgreSQL in production."""

from leadscore.stores.sql_store import SqlStore, open_store
from leadscore.stores.url import DEFAULT_DB, database_url

__all__ = ["DEFAULT_DB", "SqlStore", "database_url", "open_store"]
