"""API keys: id, hash of the secret, scopes; revoked keys are kept (revoked_at set)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from leadscore.access.keys import ApiKey
from leadscore.access.scopes import Scope
from leadscore.stores.tables import api_keys


class ApiKeyRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, key: ApiKey, secret_hash: str) -> None:
        row = {
            "key_id": key.key_id,
            "secret_hash": secret_hash,
            "scopes": ",".join(key.scopes),
            "name": key.name,
            "created_at": key.created_at,
            "revoked_at": key.revoked_at,
        }
        self.connection.execute(api_keys.insert(), [row])

    def get(self, key_id: str) -> tuple[ApiKey, str] | None:
        """The key and its secret hash."""
        row = self.connection.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        return (_to_key(row), row.secret_hash) if row else None

    def all(self) -> list[ApiKey]:
        query = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.key_id)
        return [_to_key(row) for row in self.connection.execute(query)]

    def revoke(self, key_id: str, now: datetime) -> bool:
        """False when there is no such active key."""
        query = (
            update(api_keys)
            .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return self.connection.execute(query).rowcount == 1


def _to_key(row: Any) -> ApiKey:
    scopes = tuple(Scope(name) for name in row.scopes.split(",") if name)
    return ApiKey(row.key_id, scopes, row.name, row.created_at, row.revoked_at)
