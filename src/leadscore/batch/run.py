"""`leadscore score --leads FILE [--events FILE] --rules FILE --out FILE`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.batch.arrow import chunks, to_arrow
from leadscore.batch.engines import Engine, workspace
from leadscore.batch.output import BatchWriter, output_format
from leadscore.batch.replay import replayed_stages
from leadscore.batch.tables import Source, events_table, leads_table
from leadscore.engine.many import score_many
from leadscore.spec.loader import load_spec
from leadscore.spec.model import ScoringModel

CORE_COLUMNS = ["lead_id", "fit", "engagement", "total", "tier", "grade", "stage", "signals"]
BATCH_ROWS = 100_000

#: (leads written so far, leads in all)
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BatchReport:
    leads: int
    replayed: int
    out: Path


def score_files(
    rules: Path,
    leads: Source,
    out: Path,
    as_of: datetime,
    events: Source | None = None,
    explain: bool = False,
    id_column: str = "lead_id",
    progress: Progress | None = None,
    engine: Engine | str = Engine.duckdb,
) -> BatchReport:
    """Score every lead in `leads`; nothing is written unless the whole run succeeds.

    DuckDB works within a memory limit, spilling to a temporary directory, and the result
    streams to the output in batches, so memory stays bounded whatever the events' size.
    Spark (`engine="spark"`) reads the same files, or catalog tables named `table:NAME`."""
    spec = load_spec(rules)
    output_format(out)
    with workspace(engine) as con:
        lead_rows = leads_table(con, leads, id_column)
        event_rows = events_table(con, events) if events is not None else None
        total = int(to_arrow(lead_rows.count()).column(0)[0].as_py())
        result = score_many(spec, lead_rows, event_rows, as_of)
        written = replayed = 0
        with BatchWriter(out) as writer:
            for table in chunks(result, BATCH_ROWS):
                table, count = _settled(table, spec, lead_rows, event_rows, as_of)
                writer.write(_shaped(table, spec, explain))
                written, replayed = written + table.num_rows, replayed + count
                if progress:
                    progress(written, total)
            if not written:
                writer.write(_shaped(to_arrow(result.limit(0)), spec, explain))
    return BatchReport(written, replayed, out)


def _settled(
    table: pa.Table,
    spec: ScoringModel,
    leads: ir.Table,
    events: ir.Table | None,
    as_of: datetime,
) -> tuple[pa.Table, int]:
    """Stages for the rare leads score_many leaves to the real-time replay."""
    pending = table.filter(table.column("needs_replay")).column("lead_id").to_pylist()
    if not pending:
        return table, 0
    stages = dict(replayed_stages(spec, pending, leads, events, as_of))
    stage = pc.coalesce(
        table.column("stage"),
        pa.array([stages.get(i) for i in table.column("lead_id").to_pylist()], pa.string()),
    )
    index = table.schema.get_field_index("stage")
    return table.set_column(index, "stage", stage), len(pending)


def _shaped(result: pa.Table, spec: ScoringModel, explain: bool) -> pa.Table:
    table = result.select(CORE_COLUMNS)
    if not explain:
        return table
    rules = spec.fit.rules + spec.engagement.rules
    points = [c for c in result.column_names if c.startswith(("fit_", "engagement_"))]
    for column, rule in zip(points, rules, strict=True):
        table = table.append_column(rule.name, result.column(column))
    return table
