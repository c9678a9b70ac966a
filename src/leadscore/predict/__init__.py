"""Predictive scoring: tabular preparation, the leakage guard, estimators and model files.

Foundation shared by `leadscore train`, `leadscore predict`, `leadscore fit-points` and
training from the store:

- `read_table(path)` / `iter_table(path, chunk_rows)`: CSV (cells as text) or Parquet;
- `prepare_table(frame, target, id_column=..., exclude=..., time_column=...)` returns a
  `PreparedTable`: `features` (numbers and yes/no as float, categories as pandas
  `category` with rare values pooled into "other", dates as month/weekday), `target`
  (0/1), `ids`, `schema` (a `TableSchema` that reads later files the same way),
  `notes` (columns left out and why) and `warnings` (the leakage guard's findings);
- `binary_target`, `leakage_warnings`, `identifier_reason`, `infer_kind`, `to_missing` for
  the single steps.

Pure: never imports stores, FastAPI, Typer or Rich.
"""

from leadscore.predict.identifiers import identifier_reason
from leadscore.predict.kinds import ColumnKind, infer_kind
from leadscore.predict.leakage import LeakageWarning, leakage_warnings, single_column_auc
from leadscore.predict.prepared import PreparedTable, prepare_table
from leadscore.predict.schema import TableSchema
from leadscore.predict.sentinels import is_sentinel, to_missing
from leadscore.predict.tables import iter_table, read_table
from leadscore.predict.target import binary_target

__all__ = [
    "ColumnKind",
    "LeakageWarning",
    "PreparedTable",
    "TableSchema",
    "binary_target",
    "identifier_reason",
    "infer_kind",
    "is_sentinel",
    "iter_table",
    "leakage_warnings",
    "prepare_table",
    "read_table",
    "single_column_auc",
    "to_missing",
]
