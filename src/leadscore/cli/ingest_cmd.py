"""`leadscore ingest leads|events PATH`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leadscore.cli.console import err
from leadscore.cli.options import AsOfOption, DbOption
from leadscore.service import IngestReport, LeadService

app = typer.Typer(help="Load leads or events from CSV, JSON Lines, Parquet or Segment JSON.")

PathArg = Annotated[Path, typer.Argument(help="File to read (.csv, .jsonl, .parquet).")]
FormatOption = Annotated[
    str | None,
    typer.Option("--format", help="csv, jsonl, parquet or segment [default: from the file name]."),
]
MappingOption = Annotated[
    Path | None, typer.Option("--mapping", help="YAML file mapping other column names.")
]
NoScoreOption = Annotated[
    bool, typer.Option("--no-score", help="Store only; score later with `leadscore score`.")
]


def _report(kind: str, report: IngestReport) -> None:
    parts = [f"{report.stored:,} {kind} stored"]
    if report.duplicates:
        parts.append(f"{report.duplicates:,} already known (skipped)")
    if report.leads_created:
        parts.append(f"{report.leads_created:,} unidentified leads created")
    if report.rescored:
        parts.append(f"{report.rescored:,} leads rescored")
    err.print(", ".join(parts))


@app.command("leads")
def ingest_leads(
    path: PathArg,
    format: FormatOption = None,
    mapping: MappingOption = None,
    no_score: NoScoreOption = False,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Upsert leads; the whole file is checked first and stored in one transaction."""
    service = LeadService.open(db)
    _report("leads", service.ingest_leads(path, format, mapping, not no_score, as_of))


@app.command("events")
def ingest_events(
    path: PathArg,
    format: FormatOption = None,
    mapping: MappingOption = None,
    no_score: NoScoreOption = False,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Add events (repeated event ids are skipped) and rescore the leads they touch."""
    service = LeadService.open(db)
    _report("events", service.ingest_events(path, format, mapping, not no_score, as_of))
