"""What kind of values a column holds, inferred from the data (after sentinels are blanked).

- boolean: at most two distinct values, all of them yes/no words (yes, no, y, n, true,
  false, t, f, 1, 0) or a bool column;
- numeric: a number column, or text where at least `NUMERIC_SHARE` of the filled cells
  parse as numbers (the rest become missing);
- datetime: text where at least `DATETIME_SHARE` of the filled cells parse as dates
  (ISO 8601, or day-first when the data says so); models see its month and weekday;
- categorical: other text with at most `TEXT_SHARE` of the rows distinct;
- text: free text (more distinct values than that): left out with a note;
- empty / constant: no information, left out with a note.
"""

from __future__ import annotations

import warnings
from enum import StrEnum

import pandas as pd

NUMERIC_SHARE = 0.98
DATETIME_SHARE = 0.98
TEXT_SHARE = 0.5
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "1.0"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "0.0"})


class ColumnKind(StrEnum):
    boolean = "boolean"
    numeric = "numeric"
    datetime = "datetime"
    categorical = "categorical"
    text = "text"
    empty = "empty"
    constant = "constant"


def infer_kind(column: pd.Series) -> ColumnKind:
    """The kind of a column whose sentinels are already missing."""
    filled = column.dropna()
    if filled.empty:
        return ColumnKind.empty
    distinct = filled.astype(str).str.strip().str.lower().unique()
    if len(distinct) == 1:
        return ColumnKind.constant
    if pd.api.types.is_bool_dtype(column) or set(distinct) <= TRUE_WORDS | FALSE_WORDS:
        return ColumnKind.boolean
    if pd.api.types.is_numeric_dtype(column):
        return ColumnKind.numeric
    if pd.api.types.is_datetime64_any_dtype(column):
        return ColumnKind.datetime
    if to_numbers(filled).notna().mean() >= NUMERIC_SHARE:
        return ColumnKind.numeric
    if _looks_like_dates(filled):
        return ColumnKind.datetime
    if filled.nunique() > TEXT_SHARE * len(column) and filled.nunique() > 50:
        return ColumnKind.text
    return ColumnKind.categorical


def to_numbers(column: pd.Series) -> pd.Series:
    """Numbers as float; text that is no number becomes missing."""
    if pd.api.types.is_bool_dtype(column):
        return column.astype(float)
    return pd.to_numeric(column, errors="coerce").astype(float)


def to_booleans(column: pd.Series) -> pd.Series:
    """1.0 for yes-words, 0.0 for no-words, missing otherwise."""
    if pd.api.types.is_bool_dtype(column):
        return column.astype(float)
    words = column.astype(str).str.strip().str.lower()
    result = pd.Series(float("nan"), index=column.index)
    result[words.isin(TRUE_WORDS)] = 1.0
    result[words.isin(FALSE_WORDS)] = 0.0
    return result


def day_first(column: pd.Series) -> bool:
    """Whether date text is written day-first (some first part above 12, none in the second)."""
    parts = column.dropna().astype(str).str.extract(r"^(\d{1,2})[-/.](\d{1,2})[-/.]")
    if parts.dropna().empty:
        return False
    first, second = parts[0].dropna().astype(int), parts[1].dropna().astype(int)
    return bool((first > 12).any() and not (second > 12).any())


def to_dates(column: pd.Series, dayfirst: bool) -> pd.Series:
    """Timestamps (naive, UTC if a zone was given); unparsable text becomes missing."""
    if pd.api.types.is_datetime64_any_dtype(column):
        parsed = column
    else:
        text = column.astype("string")
        iso = not dayfirst and bool(text.dropna().head(100).str.match(r"\d{4}-").all())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            parsed = pd.to_datetime(
                text,
                errors="coerce",
                dayfirst=dayfirst,
                utc=True,
                format="ISO8601" if iso else "mixed",
            )
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed


def _looks_like_dates(filled: pd.Series) -> bool:
    sample = filled.astype(str).head(2000)
    if not sample.str.contains(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", regex=True).all():
        return False
    return bool(to_dates(sample, day_first(sample)).notna().mean() >= DATETIME_SHARE)
