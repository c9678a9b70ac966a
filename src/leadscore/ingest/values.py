"""Raw cell values to typed field values; every refusal says what was expected and what came."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from leadscore.domain.timeutil import parse_timestamp, utc

_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f"})


class FieldError(ValueError):
    """A value that does not fit its field; the reader adds the file, row and line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def shown(value: Any) -> str:
    """The value as Python would write it, cut short so messages stay one readable line."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def is_blank(value: Any) -> bool:
    """None, an empty or all-space string, or NaN (pandas-written Parquet's "no value")."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def text(value: Any) -> str | None:
    """Stripped text, or None when blank; whole floats lose their `.0` (ids read as numbers)."""
    if isinstance(value, str):
        return value.strip() or None
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def identifier(value: Any) -> str:
    result = value.strip() if type(value) is str else text(value)
    if not result:
        raise ValueError("required value is missing")
    return result


def email(value: Any) -> str | None:
    result = text(value)
    if result is None:
        return None
    local, _, domain = result.partition("@")
    if not local or not domain or "@" in domain:
        raise ValueError(f"expected an email address with one '@', got {shown(value)}")
    return result.lower()


def integer(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if is_blank(value):
        return None
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value)
    try:
        whole = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        whole = math.nan
    if whole.is_integer():
        return int(whole)
    raise ValueError(f"expected a whole number, got {shown(value)}")


def number(value: Any) -> float | None:
    if is_blank(value):
        return None
    if not isinstance(value, bool):
        try:
            result = float(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            result = math.nan
        if math.isfinite(result):
            return result
    raise ValueError(f"expected a number, got {shown(value)}")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if is_blank(value):
        return False
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise ValueError(f"expected true/false, yes/no, y/n, t/f or 1/0, got {shown(value)}")


def json_object(value: Any) -> dict[str, Any]:
    """A dict from an object, a JSON string (empty means {}) or a Parquet map's key/value pairs."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, str):
        if not value or value.isspace():
            return {}
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            problem = f"invalid JSON ({exc.msg} at char {exc.pos})"
            raise ValueError(f"{problem}: {shown(value)}") from None
        if isinstance(value, dict):
            return value
    elif is_blank(value):
        return {}
    elif isinstance(value, list) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        return dict(value)
    raise ValueError(f"expected a JSON object, got {shown(value)}")


def extra(value: Any) -> Any:
    """A custom column's value kept as given: strings stripped, blanks become absent (None)."""
    if isinstance(value, str):
        return value.strip() or None
    return None if is_blank(value) else value


def iso_timestamp(value: Any) -> datetime:
    """`parse_timestamp` with a fast path for the common case: clean ISO 8601 text."""
    if type(value) is str:
        try:
            return utc(datetime.fromisoformat(value))
        except ValueError:
            pass
    return parse_timestamp(value)


def timestamp_parser(fmt: str | None) -> Callable[[Any], datetime]:
    """ISO 8601 by default; with a strptime format (e.g. day-first dates) text must match it."""
    if fmt is None:
        return iso_timestamp

    def parse(value: Any) -> datetime:
        if isinstance(value, str):
            try:
                return utc(datetime.strptime(value.strip(), fmt))
            except ValueError:
                raise ValueError(f"expected a timestamp like {fmt!r}, got {shown(value)}") from None
        return parse_timestamp(value)

    return parse
