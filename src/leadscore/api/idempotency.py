"""The Idempotency-Key header of a POST as an IdempotencyRequest, and replies as Responses."""

from __future__ import annotations

from fastapi import Request, Response

from leadscore.access.idempotency import MAX_KEY_LENGTH, IdempotencyRequest, Reply, fingerprint
from leadscore.access.keys import ApiKey
from leadscore.api.errors import InputError

HEADER = "Idempotency-Key"
#: Documented on every POST that honours the header.
PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
    "description": "Repeat a POST safely: the same key replays the first response; "
    "the same key with a different body is a 422.",
}


def idempotency_of(request: Request, key: ApiKey, body: bytes) -> IdempotencyRequest | None:
    value = request.headers.get(HEADER)
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_KEY_LENGTH:
        raise InputError(["header", HEADER], f"expected 1 to {MAX_KEY_LENGTH} characters")
    content_type = request.headers.get("content-type", "")
    digest = fingerprint(request.method, request.url.path, content_type, body)
    return IdempotencyRequest(key.key_id, value, digest)


def response(reply: Reply, replayed: bool = False) -> Response:
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return Response(reply.body, reply.status, headers=headers, media_type=reply.content_type)
