"""Idempotency-Key: the first response to a POST is stored with a fingerprint of the request,
in the same transaction as the work, so a retry replays it instead of doing the work twice."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from leadscore.errors import LeadscoreError

#: Longest Idempotency-Key header accepted.
MAX_KEY_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Reply:
    """A response as stored for replay."""

    status: int
    body: bytes
    content_type: str = "application/json"


@dataclass(frozen=True, slots=True)
class IdempotencyRequest:
    """One POST carrying an Idempotency-Key; keys are scoped to the API key that sent them."""

    owner: str
    key: str
    fingerprint: str


def fingerprint(method: str, path: str, content_type: str, body: bytes) -> str:
    """What makes two requests "the same": method, path, content type and exact body."""
    digest = hashlib.sha256()
    for part in (method.upper(), path, content_type.split(";")[0].strip().lower()):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(body)
    return digest.hexdigest()


class IdempotencyConflict(LeadscoreError):
    """The key was used before with a different request (HTTP 422)."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"Idempotency-Key {key!r} was already used with a different request; "
            "use a new key for a new request"
        )


def replay_of(request: IdempotencyRequest, found: tuple[str, Reply] | None) -> Reply | None:
    """The reply to replay for `request`, given what its key holds (`found`: the stored
    fingerprint and reply, None when the key is new); a different request is a conflict."""
    if found is None:
        return None
    fingerprint, reply = found
    if fingerprint != request.fingerprint:
        raise IdempotencyConflict(request.key)
    return reply
