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
  estimator, with `explain(X)` giving exact per-row contributions.

Every name is imported on first use (`_HOMES`).

Pure: never imports stores, FastAPI, Typer or Rich.
"""

from importlib import import_module

#: Where each public name lives: loaded on first use, so importing one light module of
#: this package (`predict.outcome`, say) does not load pandas, scikit-learn or LightGBM.
_HOMES = {
    "ColumnKind": "kinds",
    "LeadScoreClassifier": "estimator",
    "LeakageWarning": "leakage",
    "PreparedTable": "prepared",
    "TableSchema": "schema",
    "binary_target": "target",
    "identifier_reason": "identifiers",
    "infer_kind": "kinds",
    "is_sentinel": "sentinels",
    "iter_table": "tables",
    "leakage_warnings": "leakage",
    "prepare_table": "prepared",
    "read_table": "tables",
    "single_column_auc": "leakage",
    "to_missing": "sentinels",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)


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
