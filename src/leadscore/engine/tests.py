"""Apply one test of the scoring model to one value.

Numbers compare as numbers, everything else as case-insensitive text, so `employees: "250"`
from a CSV and `equals: 250` in YAML agree. A missing value passes only `missing`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from leadscore.spec.model import Test


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().casefold()


def same(value: object, expected: object) -> bool:
    left, right = as_number(value), as_number(expected)
    if left is not None and right is not None:
        return left == right
    return as_text(value) == as_text(expected)


@lru_cache(maxsize=1024)
def regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def passes(test: Test, value: object) -> bool:
    operator = test.operator
    if operator == "missing":
        return is_missing(value)
    if is_missing(value):
        return False
    if operator == "exists":
        return True
    if operator == "equals":
        return same(value, test.equals)
    if operator in ("in", "not_in"):
        found = any(same(value, option) for option in test.operand(operator))  # type: ignore[union-attr]
        return found if operator == "in" else not found
    if operator == "matches":
        text = value if isinstance(value, str) else as_text(value)
        return regex(test.matches or "").search(text) is not None
    return _in_range(test, as_number(value))


def _in_range(test: Test, number: float | None) -> bool:
    if number is None:
        return False
    if test.between is not None:
        return test.between[0] <= number <= test.between[1]
    if test.at_least is not None:
        return number >= test.at_least
    if test.below is not None:
        return number < test.below
    return test.at_most is not None and number <= test.at_most
