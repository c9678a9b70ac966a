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
  the single steps;
- `LeadScoreClassifier`: the training recipe (logistic regression, LightGBM, EBM and their
  stacked blend compared by cross-validation, the winner calibrated) as a scikit-learn
  estimator, with `explain(X)` giving exact per-row contributions. Imported lazily, so
  the preparation steps load without LightGBM and interpret.

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


def __getattr__(name: str) -> object:
    if name == "LeadScoreClassifier":
        from leadscore.predict.estimator import LeadScoreClassifier

        return LeadScoreClassifier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ColumnKind",
    "LeadScoreClassifier",
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
