"""API keys as the facade offers them: create (the token shown once), list, revoke, verify.

Verification goes through a short in-process cache keyed by a hash of the whole token, so
a busy client costs one dictionary lookup per request instead of a query.
"""

from __future__ import annotations

import hashlib

from leadscore.access.cache import TtlCache
from leadscore.access.keys import (
    ApiKey,
    IssuedKey,
    hash_secret,
    new_token,
    parse_key,
    secret_matches,
)
from leadscore.access.scopes import Scope
from leadscore.domain.timeutil import now_utc
from leadscore.errors import NotFoundError
from leadscore.stores.sql_store import SqlStore

#: Seconds a verified key is trusted without looking at the store again.
CACHE_SECONDS = 30.0


class KeyRing:
    def __init__(self, store: SqlStore, cache_seconds: float = CACHE_SECONDS) -> None:
        self.store = store
        self._verified: TtlCache[ApiKey] = TtlCache(cache_seconds)

    def set_cache_seconds(self, seconds: float) -> None:
        self._verified = TtlCache(seconds)

    def create(self, scopes: tuple[Scope, ...], name: str = "", actor: str = "cli") -> IssuedKey:
        key_id, secret, token = new_token()
        key = ApiKey(key_id, scopes, name.strip(), now_utc())
        secret_hash = hash_secret(secret)
        with self.store.transaction() as tx:
            tx.keys.add(key, secret_hash)
            after = {"scopes": [scope.value for scope in scopes], "name": key.name}
            tx.audit.append(key.created_at, actor, "key.created", f"key:{key_id}", None, after)
        return IssuedKey(key, token, secret_hash)

    def list(self) -> list[ApiKey]:
        with self.store.transaction() as tx:
            return tx.keys.all()

    def revoke(self, key_id: str, actor: str = "cli") -> None:
        with self.store.transaction() as tx:
            now = now_utc()
            if not tx.keys.revoke(key_id, now):
                raise NotFoundError(f"no active API key with id {key_id!r}")
            before, after = {"active": True}, {"active": False}
            tx.audit.append(now, actor, "key.revoked", f"key:{key_id}", before, after)
        self._verified.clear()

    def verify(self, token: str) -> ApiKey | None:
        """The active key behind `token`, or None (unknown, malformed, wrong secret, revoked)."""
        cache_key = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
        cached = self._verified.get(cache_key)
        if cached is not None:
            return cached
        parsed = parse_key(token)
        if parsed is None:
            return None
        key_id, secret = parsed
        with self.store.transaction() as tx:
            found = tx.keys.get(key_id)
        if found is None or not found[0].active or not secret_matches(secret, found[1]):
            return None
        self._verified.put(cache_key, found[0])
        return found[0]
