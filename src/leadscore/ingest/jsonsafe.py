"""Custom attributes and event properties as plain JSON: what every store can hold.

Readers hand over native values (Parquet: datetime, Decimal, bytes, nested lists and
structs; JSON: NaN and Infinity). `json_safe` turns them into str, int, float, bool, None,
list and dict with str keys, or refuses what has no faithful JSON form (binary data).
"""

from __future__ import annotations

import json
import math
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

_PLAIN = (str, int, bool, type(None))
_FLAT = frozenset(_PLAIN)
_SCALAR_KEYS = (bool, int, float, Decimal, date, time, type(None))


class _Unsafe(ValueError):
    """What cannot be stored, and the keys/indexes leading to it (filled in on the way out)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what
        self.path: list[str] = []


def json_safe(value: Any) -> Any:
    """The value as plain JSON; NaN and +-inf become None (no value), like an empty cell.

    Dates, times and datetimes become ISO 8601 text, durations seconds, Decimal a float (an
    int when whole and small), Parquet maps (lists of key/value tuples) objects, other tuples lists.
    Raises ValueError, saying where inside the value, for binary data and anything else
    JSON cannot hold.
    """
    if type(value) in _FLAT:
        return value
    try:
        return _safe(value)
    except _Unsafe as exc:
        at = f" at {''.join(exc.path)}" if exc.path else ""
        raise ValueError(f"{exc.what}{at} cannot be stored; {_HINT}") from None
    except RecursionError:
        raise ValueError("value nested too deeply to store") from None


_HINT = "custom values must be text, numbers, true/false, lists or objects"


def _key(key: Any) -> str:
    """Object keys are text in JSON; numbers and flags are written as JSON would write them."""
    if isinstance(key, str):
        return key
    if isinstance(key, _SCALAR_KEYS):
        safe = _safe(key)
        return safe if isinstance(safe, str) else json.dumps(safe)
    raise _Unsafe(f"a {type(key).__name__} object key")


def _safe(value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        for key, item in value.items():  # fast path: text keys, plain values (a copy is made)
            if type(key) is not str or not (type(item) in _FLAT or _finite(item)):
                return {_key(key): _item(key, item) for key, item in value.items()}
        return dict(value)
    if isinstance(value, list | tuple):
        if value and all(isinstance(pair, tuple) and len(pair) == 2 for pair in value):
            return _safe(_pairs(value))  # a Parquet map: (key, value) tuples
        return [_item(index, item) for index, item in enumerate(value)]
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, bytes | bytearray | memoryview):
        raise _Unsafe("binary data")
    raise _Unsafe(f"a {type(value).__name__} value")


def _finite(item: Any) -> bool:
    return type(item) is float and math.isfinite(item)


def _item(key: object, item: Any) -> Any:
    if isinstance(item, _PLAIN):
        return item
    try:
        return _safe(item)
    except _Unsafe as exc:
        exc.path.insert(0, f"[{key!r}]")
        raise


def _pairs(pairs: list[tuple[Any, Any]]) -> dict[Any, Any]:
    try:
        return dict(pairs)
    except TypeError:
        raise _Unsafe("a map with object or list keys") from None


def _decimal(value: Decimal) -> int | float | None:
    """An int when whole and of at most 18 digits (exact in int64), else the nearest float."""
    if not value.is_finite():
        return None
    if value.adjusted() < 18 and value == value.to_integral_value():
        return int(value)
    result = float(value)
    return result if math.isfinite(result) else None
