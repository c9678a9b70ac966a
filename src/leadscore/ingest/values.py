"""Raw cell values to typed field values; every refusal says what was expected and what came."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from leadscore.domain.timeutil import parse_timestamp, utc
from leadscore.ingest.jsonsafe import json_safe

_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f"})
_DIGITS = re.compile(r"[+-]?[0-9]+")
_NOT_NUMBERS = (bool, bytes, bytearray)  # float() would take b"1"; True is not a count


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
    """Required text; a whole-number id reads as its digits, objects and lists are refused."""
    if type(value) is str:
        result: str | None = value.strip()
    elif isinstance(value, bool | dict | list | tuple | bytes):
        raise ValueError(f"expected text or a number, got {shown(value)}")
    else:
        result = text(value)
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


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # what every database integer column holds


def integer(value: Any) -> int | None:
    """A whole number (`250`, `"250.0"`, `1e3`) that fits a signed 64-bit column."""
    if is_blank(value):
        return None
    whole = _whole(value)
    if whole is None:
        raise ValueError(f"expected a whole number, got {shown(value)}")
    if not INT64_MIN <= whole <= INT64_MAX:
        bounds = f"between {INT64_MIN} and {INT64_MAX}"
        raise ValueError(f"expected a whole number {bounds}, got {shown(value)}")
    return whole


def _whole(value: Any) -> int | None:
    if isinstance(value, _NOT_NUMBERS):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        value = value.strip()
        if len(value) <= 40 and _DIGITS.fullmatch(value):
            return int(value)
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return int(result) if result.is_integer() else None


def number(value: Any) -> float | None:
    """A finite float; "nan", "inf" and infinite values are refused (a NaN float is blank)."""
    if is_blank(value):
        return None
    try:
        result = None if isinstance(value, _NOT_NUMBERS) else float(value)
    except OverflowError:  # an int too big for a float
        result = math.inf
    except (TypeError, ValueError):
        result = None
    if result is None:
        raise ValueError(f"expected a number, got {shown(value)}")
    if not math.isfinite(result):
        raise ValueError(f"expected a finite number, got {shown(value)}")
    return result


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
    """A JSON-safe dict from an object, JSON text (empty means {}) or a Parquet map's pairs."""
    if isinstance(value, str):
        if not value or value.isspace():
            return {}
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            problem = f"invalid JSON ({exc.msg} at char {exc.pos})"
            raise ValueError(f"{problem}: {shown(value)}") from None
        except (ValueError, RecursionError):
            problem = "invalid JSON (nested too deeply or a number too long)"
            raise ValueError(f"{problem}: {shown(value)}") from None
    elif is_blank(value):
        return {}
    elif isinstance(value, list) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        value = json_safe(value) or {}  # a Parquet map: key/value pairs
    if isinstance(value, dict):
        return json_safe(value)
    raise ValueError(f"expected a JSON object, got {shown(value)}")


def extra(value: Any) -> Any:
    """A custom column's value as JSON: strings stripped, blanks (and NaN, inf) become None."""
    if isinstance(value, str):
        return value.strip() or None
    return None if is_blank(value) else json_safe(value)


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
        if not isinstance(value, str):
            return parse_timestamp(value)
        try:
            moment = datetime.strptime(value.strip(), fmt)
        except ValueError:
            raise ValueError(f"expected a timestamp like {fmt!r}, got {shown(value)}") from None
        try:
            return utc(moment)
        except ValueError:
            raise ValueError(f"timestamp out of range in UTC: {shown(value)}") from None

    return parse
