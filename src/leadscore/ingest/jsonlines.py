"""JSON Lines (one object per line), or one JSON array of objects, as (row, line, values).

Python's json accepts more than the stores can hold, so each record is also checked for what
would only fail later: NUL characters, unpaired surrogate escapes ("\\ud800"), and nesting
deep enough to exhaust recursion. NaN and Infinity are turned to None further on (`jsonsafe`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from leadscore.ingest.errors import IngestError
from leadscore.ingest.rows import Row
from leadscore.ingest.textfile import not_utf8, open_text, unreadable

MAX_DEPTH = 64
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_KINDS: dict[type, str] = {list: "an array", str: "a string", int: "a number", float: "a number"}
_KINDS.update({bool: "true/false", type(None): "null"})


def iter_json(path: Path) -> Iterator[Row]:
    """JSON Lines (one object per line); a file holding one JSON array of objects works too."""
    try:
        with open_text(path) as handle:
            yield from _json_rows(path, handle)
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    except OSError as exc:
        raise unreadable(path, exc) from None


def _json_rows(path: Path, handle: TextIO) -> Iterator[Row]:
    row = 0
    for line, text in enumerate(handle, 1):
        if not text.strip():
            continue
        if row == 0 and text.lstrip().startswith("["):
            yield from _json_array(path, text + handle.read(), line - 1)
            return
        row += 1
        try:
            values = json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON: {exc.msg} (column {exc.colno})"
            raise IngestError(path, message, row=row, line=line) from None
        except (ValueError, RecursionError):
            raise IngestError(path, _UNREADABLE, row=row, line=line) from None
        yield row, line, _record(path, values, _risks(text), row, line)


def _json_array(path: Path, text: str, offset: int) -> Iterator[Row]:
    """The whole file is one array; `offset` blank lines came before it."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise IngestError(path, message, line=exc.lineno + offset) from None
    except (ValueError, RecursionError):
        raise IngestError(path, _UNREADABLE) from None
    risks = _risks(text)
    for row, values in enumerate(items, 1):
        yield row, None, _record(path, values, risks, row, None)


_UNREADABLE = "invalid JSON: nested too deeply, or a number longer than 4300 digits"


def _risks(text: str) -> tuple[bool, bool]:
    """Cheap scans of the raw text: could it nest too deeply, could it hold bad characters?"""
    deep = text.count("[") + text.count("{") > MAX_DEPTH
    escapes = "\\u" in text and ("\\u0000" in text or _SURROGATE.search(text) is not None)
    return deep, escapes


def _record(
    path: Path, values: Any, risks: tuple[bool, bool], row: int, line: int | None
) -> dict[str, Any]:
    """The parsed record, refused unless it is an object that storage can hold."""
    if not isinstance(values, dict):
        kind = _KINDS.get(type(values), type(values).__name__)
        raise IngestError(path, f"expected a JSON object, got {kind}", row=row, line=line)
    deep, escapes = risks
    problem = None
    if deep and _too_deep(values):
        problem = f"values nested more than {MAX_DEPTH} levels deep"
    elif escapes and not all(map(_storable, _strings(values))):
        problem = "text holds \\u0000 or an unpaired \\uD800-\\uDFFF escape; databases refuse both"
    if problem is not None:
        raise IngestError(path, problem, row=row, line=line)
    return values


def text_risks(raw: str) -> tuple[bool, bool]:
    """Could JSON text `raw` nest too deeply, could it hold unstorable characters? Two cheap
    scans; `unstorable` needs only look closer when one says yes."""
    return _risks(raw)


def unstorable(values: dict[str, Any], risks: tuple[bool, bool]) -> str | None:
    """Why a record cannot be stored (too deep, NUL, an unpaired surrogate), or None;
    `risks` is `text_risks` of the text it was parsed from."""
    deep, escapes = risks
    if deep and _too_deep(values):
        return f"values nested more than {MAX_DEPTH} levels deep"
    if escapes and not all(map(_storable, _strings(values))):
        return "text holds \\u0000 or an unpaired \\uD800-\\uDFFF escape; databases refuse both"
    return None


def _too_deep(values: dict[str, Any]) -> bool:
    if not any(isinstance(value, dict | list) for value in values.values()):
        return False  # flat, as most records are: depth 1 (a body of many holds many `{`)
    stack: list[tuple[Any, int]] = [(values, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _strings(values: dict[str, Any]) -> Iterator[str]:
    """Every key and text value, however deep (without recursion)."""
    stack: list[Any] = [values]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
