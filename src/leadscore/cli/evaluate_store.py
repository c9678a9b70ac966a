"""`leadscore evaluate --outcome ... [--db URL]`: the rule score as of a date against what the
store says happened after it (the point-in-time rows of predict/outcome_evaluation.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from rich.markup import escape

from leadscore.cli.console import err, out
from leadscore.cli.evaluation_render import evaluation_json, evaluation_tables
from leadscore.cli.store_training import store_evaluation
from leadscore.predict.outcome import Outcome


def evaluate_from_store(
    db: str | None,
    outcome: Outcome,
    within: int,
    as_of: datetime | Literal["mql"] | None,
    rules: Path | None,
    json_path: Path | None,
) -> None:
    result = store_evaluation(db, outcome, within, as_of, rules)
    rows = result.rows
    when = (
        f"on {result.as_of:%Y-%m-%d %H:%M} UTC, scored as of then"
        if result.as_of
        else "when they became MQL, each scored as of that moment"
    )
    err.print(
        f"{rows.label}: leads not yet at {outcome.value} {when}; store known until "
        f"{rows.known_until:%Y-%m-%d %H:%M} UTC",
        soft_wrap=True,
    )
    for table in evaluation_tables(result.evaluation):
        out.print(table)
    if json_path is not None:
        about = {
            "db": db,
            "outcome": rows.label,
            "as_of": result.as_of.isoformat() if result.as_of else "mql",
            "known_until": rows.known_until.isoformat(),
            "score": f"total of {rules}" if rules is not None else "total of the active model",
            "notes": list(rows.notes),
        }
        json_path.write_text(evaluation_json(result.evaluation, about), encoding="utf-8")
        err.print(f"wrote {escape(str(json_path))}")
