"""A training table made ready for models: `prepare_table` and the `PreparedTable` it returns.

This is the one entry point for every learner (train, fit-points, training from the
store): it blanks sentinels, infers column kinds, leaves out identifiers, free text,
empty and constant columns and the `exclude`d ones (each with a note saying why), maps the
target to 0/1, fits the `TableSchema` (so prediction reads new files the same way) and
runs the leakage guard. Use `prepared.features` (one row per input row, same order),
`prepared.target`, `prepared.ids`, `prepared.notes` and `prepared.warnings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leadscore.errors import LeadscoreError
from leadscore.predict.identifiers import identifier_reason
from leadscore.predict.kinds import ColumnKind, day_first, to_dates
from leadscore.predict.leakage import LeakageWarning, leakage_warnings
from leadscore.predict.schema import USED, TableSchema, blank_sentinels, infer_kinds
from leadscore.predict.target import binary_target

LEFT_OUT = {
    ColumnKind.empty: "empty (no value in any row)",
    ColumnKind.constant: "the same value in every row",
    ColumnKind.text: "free text (too many distinct values to use as categories)",
}


@dataclass
class PreparedTable:
    """Features, target and ids of a training table, with what was left out and why."""

    features: pd.DataFrame
    target: np.ndarray
    schema: TableSchema
    id_column: str | None = None
    ids: pd.Series | None = None
    times: pd.Series | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[LeakageWarning] = field(default_factory=list)

    @property
    def positive_rate(self) -> float:
        return float(self.target.mean())


def prepare_table(
    frame: pd.DataFrame,
    target: str,
    *,
    id_column: str | None = None,
    exclude: Sequence[str] = (),
    time_column: str | None = None,
    where: str = "data",
    guard: bool = True,
) -> PreparedTable:
    """Prepare a raw table (as read by `read_table`) for training."""
    named = [target, *([id_column] if id_column else []), *exclude]
    named += [time_column] if time_column else []
    unknown = [name for name in named if name not in frame.columns]
    if unknown:
        raise LeadscoreError(
            f"{where}: no column {', '.join(map(repr, unknown))}; "
            f"columns are: {', '.join(map(str, frame.columns))}"
        )
    y = binary_target(frame[target], target)
    if y.min() == y.max():
        raise LeadscoreError(f"{where}: target {target!r} has one outcome only; need both")
    rest = frame.drop(columns=[target])
    return prepare_features(
        rest,
        y,
        id_column=id_column,
        exclude=exclude,
        time_column=time_column,
        where=where,
        guard=guard,
    )


def prepare_features(
    frame: pd.DataFrame,
    y: np.ndarray,
    *,
    id_column: str | None = None,
    exclude: Sequence[str] = (),
    time_column: str | None = None,
    where: str = "data",
    guard: bool = True,
) -> PreparedTable:
    """Like `prepare_table` for a table without its target, and the target as 0/1."""
    notes = [f"{name!r} left out: excluded" for name in exclude if name in frame.columns]
    skip = {*exclude, *([id_column] if id_column else [])}
    skip |= {time_column} if time_column else set()
    candidates = blank_sentinels(frame[[c for c in frame.columns if c not in skip]])
    kinds = infer_kinds(candidates)
    kept: dict[str, ColumnKind] = {}
    for name, kind in kinds.items():
        reason = None
        if kind in (ColumnKind.numeric, ColumnKind.categorical, ColumnKind.text):
            reason = identifier_reason(candidates[name])
        reason = reason or LEFT_OUT.get(kind)
        if reason:
            notes.append(f"{name!r} left out: {reason}")
        elif kind in USED:
            kept[name] = kind
    if not kept:
        raise LeadscoreError(f"{where}: no usable feature column left")
    schema = TableSchema.fit(frame, kept)
    features = schema.transform(frame, where)
    times = _times(frame, time_column, where) if time_column else None
    ids = frame[id_column] if id_column else None
    found = leakage_warnings(features, y) if guard else []
    return PreparedTable(features, y, schema, id_column, ids, times, notes, found)


def _times(frame: pd.DataFrame, column: str, where: str) -> pd.Series:
    text = frame[column]
    parsed = to_dates(text, day_first(text))
    bad = parsed.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise LeadscoreError(
            f"{where}: row {row}: time column {column!r} has {text.iloc[row - 1]!r}, "
            "expected a date or timestamp"
        )
    return parsed
