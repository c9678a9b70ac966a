"""Request bodies read with a cap and split into records, for the ingest routes.

The body is read chunk by chunk and refused (413) the moment it passes the limit, whatever
Content-Length claimed; nothing is applied. A body is one JSON object, a JSON array of
objects, or NDJSON (`Content-Type: application/x-ndjson`, one object per line). Each
record may be at most `max_item` bytes (32 KB by default).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import HTTPException, Request

from leadscore.api.errors import InputError
from leadscore.ingest.jsonlines import text_risks, unstorable

NDJSON_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/ndjson"})


class TooLarge(HTTPException):
    def __init__(self, what: str, limit: int) -> None:
        super().__init__(413, f"{what} larger than {limit} bytes; nothing was applied")


async def read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge("request body", limit)
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge("request body", limit)
        parts.append(chunk)
    return b"".join(parts)


def is_ndjson(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.split(";")[0].strip().lower() in NDJSON_TYPES


def records(body: bytes, ndjson: bool, max_item: int) -> tuple[list[tuple[Any, ...]], bool]:
    """[(loc, object)] and whether the body was a batch (array or NDJSON); 422 for text
    that is not JSON (with line or index), 413 for a record over `max_item` bytes."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(["body"], f"not UTF-8 text (byte {exc.start})") from None
    risks = text_risks(text)
    if ndjson:
        found = list(_lines(text, max_item))
        batch = True
    else:
        value = _parse(text, ["body"])
        batch = isinstance(value, list)
        if batch:
            found = [(("body", index), item) for index, item in enumerate(value)]
            if len(body) > max_item:
                _check_sizes(found, max_item)
        else:
            if len(body) > max_item:
                raise TooLarge("a single record", max_item)
            found = [(("body",), value)]
    for loc, item in found:
        if not isinstance(item, dict):
            raise InputError(loc, f"expected a JSON object, got {_kind(item)}")
        problem = unstorable(item, risks) if any(risks) else None
        if problem is not None:
            raise InputError(loc, problem)
    return found, batch


def _lines(text: str, max_item: int) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        if len(line.encode("utf-8")) > max_item:
            raise TooLarge(f"line {number}", max_item)
        yield ("body", f"line {number}"), _parse(line, ["body", f"line {number}"])


def _parse(text: str, loc: list[Any]) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise InputError(loc, message) from None
    except (ValueError, RecursionError):
        raise InputError(loc, "invalid JSON: nested too deeply or a number too long") from None


def _check_sizes(found: list[tuple[tuple[Any, ...], Any]], max_item: int) -> None:
    for loc, item in found:
        if len(json.dumps(item, ensure_ascii=False).encode("utf-8")) > max_item:
            raise TooLarge(f"record {loc[-1]}", max_item)


def _kind(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )
