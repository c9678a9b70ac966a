"""Who may call the API and what a repeated request gets: API keys with scopes, verified
through a short in-process cache, and idempotency records replayed within one transaction."""

from leadscore.access.idempotency import IdempotencyRequest, Reply, fingerprint
from leadscore.access.keys import ApiKey, IssuedKey, parse_key
from leadscore.access.scopes import SCOPES, Scope, allows

__all__ = [
    "SCOPES",
    "ApiKey",
    "IdempotencyRequest",
    "IssuedKey",
    "Reply",
    "Scope",
    "allows",
    "fingerprint",
    "parse_key",
]
