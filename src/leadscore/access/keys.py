"""API keys: `lsk_<id>_<secret>`, shown once, stored as the id and a hash of the secret.

The secret is 32 random bytes, so a plain SHA-256 is as good as a slow password hash here
(there is nothing to guess) and costs microseconds per request. The id lets the server
find the one row to compare with, in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from leadscore.access.scopes import Scope

PREFIX = "lsk"


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key, without its secret."""

    key_id: str
    scopes: tuple[Scope, ...]
    name: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A newly created key: `token` is what the client sends; it is never stored."""

    key: ApiKey
    token: str
    secret_hash: str


def new_token() -> tuple[str, str, str]:
    """A fresh (key_id, secret, token)."""
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return key_id, secret, f"{PREFIX}_{key_id}_{secret}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_key(token: str) -> tuple[str, str] | None:
    """(key_id, secret) of a well-formed token, else None."""
    prefix, _, rest = token.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != PREFIX or not key_id or not secret or len(token) > 200:
        return None
    return key_id, secret


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
