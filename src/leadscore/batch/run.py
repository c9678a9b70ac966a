"""`leadscore score --leads FILE [--events FILE] --rules FILE --out FILE`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from leadscore.batch.output import output_format, write_table
from leadscore.batch.replay import replayed_stages
from leadscore.batch.tables import connect, events_table, leads_table
from leadscore.engine.many import score_many
from leadscore.spec.loader import load_spec

CORE_COLUMNS = ["lead_id", "fit", "engagement", "total", "tier", "grade", "stage", "signals"]


@dataclass(frozen=True, slots=True)
class BatchReport:
    leads: int
    replayed: int
    out: Path


def score_files(
    rules: Path,
    leads: Path,
    out: Path,
    as_of: datetime,
    events: Path | None = None,
    explain: bool = False,
    id_column: str = "lead_id",
    progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Score every lead in `leads`; nothing is written unless the whole run succeeds."""
    spec = load_spec(rules)
    output_format(out)
    con = connect()
    lead_rows = con.create_table("leads", leads_table(con, leads, id_column), temp=True)
    event_rows = (
        con.create_table("events", events_table(con, events), temp=True)
        if events is not None
        else None
    )
    result = score_many(spec, lead_rows, event_rows, as_of).to_pyarrow()
    pending = result.filter(result.column("needs_replay")).column("lead_id").to_pylist()
    stages = dict(replayed_stages(spec, pending, lead_rows, event_rows, as_of, progress))
    stage = pc.coalesce(
        result.column("stage"),
        pa.array([stages.get(i) for i in result.column("lead_id").to_pylist()], pa.string()),
    )
    result = result.set_column(result.schema.get_field_index("stage"), "stage", stage)
    write_table(_shaped(result, spec.fit.rules + spec.engagement.rules, explain), out)
    return BatchReport(result.num_rows, len(pending), out)


def _shaped(result: pa.Table, rules: list, explain: bool) -> pa.Table:
    table = result.select(CORE_COLUMNS)
    if not explain:
        return table
    points = [c for c in result.column_names if c.startswith(("fit_", "engagement_"))]
    for column, rule in zip(points, rules, strict=True):
        table = table.append_column(rule.name, result.column(column))
    return table
