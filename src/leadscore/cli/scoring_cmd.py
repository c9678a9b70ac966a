"""`leadscore score|leads|explain|decide|funnel`."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from leadscore.batch import Engine, score_files
from leadscore.cli.console import count_bar, err, out, progress_bar
from leadscore.cli.options import AsOfOption, AtOption, DbOption
from leadscore.cli.render import (
    cards_csv,
    cards_json,
    cards_table,
    detail_json,
    explain_tables,
    funnel_table,
)
from leadscore.domain.decision import DecisionKind
from leadscore.domain.stage import Stage
from leadscore.domain.timeutil import now_utc
from leadscore.errors import LeadscoreError
from leadscore.service import LeadService


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def score(
    as_of: AsOfOption = None,
    db: DbOption = None,
    leads: Annotated[
        Path | None,
        typer.Option(
            help="File mode: score this CSV/Parquet leads file (with --engine spark, or a "
            "catalog table: table:db.leads)."
        ),
    ] = None,
    events: Annotated[
        Path | None, typer.Option(help="File mode: their events file or table (optional).")
    ] = None,
    rules: Annotated[Path | None, typer.Option(help="File mode: the scoring-model file.")] = None,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="File mode: result .csv or .parquet.")
    ] = None,
    explain: Annotated[
        bool, typer.Option(help="File mode: add one column per rule with its points.")
    ] = False,
    id_column: Annotated[
        str, typer.Option("--id", help="File mode: the leads' id column.")
    ] = "lead_id",
    engine: Annotated[
        Engine,
        typer.Option(
            help="File mode: run on DuckDB in this process, or on Spark (the active session, "
            "else LEADSCORE_SPARK_MASTER, default local[*]; needs leadscore[spark])."
        ),
    ] = Engine.duckdb,
) -> None:
    """Rescore every lead in the store, or (with --leads) score files set-wise."""
    if leads is not None or events is not None or out_path is not None:
        _score_files(leads, events, rules, out_path, as_of, explain, id_column, engine)
        return
    if engine != Engine.duckdb:
        raise LeadscoreError("--engine applies to file mode: score --leads FILE|table:NAME ...")
    service = LeadService.open(db)
    with progress_bar("scoring", service.lead_count()) as advance:
        report = service.score(as_of=as_of, progress=advance)
    err.print(
        f"{report.scored:,} leads scored as of {report.as_of:%Y-%m-%d %H:%M} UTC, "
        f"{report.changed:,} changed"
    )


def _score_files(
    leads: Path | None,
    events: Path | None,
    rules: Path | None,
    out_path: Path | None,
    as_of: datetime | None,
    explain: bool,
    id_column: str,
    engine: Engine,
) -> None:
    if leads is None or rules is None or out_path is None:
        raise LeadscoreError("file mode needs --leads, --rules and --out (--events is optional)")
    with count_bar("scoring") as update:
        report = score_files(
            rules, leads, out_path, as_of or now_utc(), events, explain, id_column, update, engine
        )
    err.print(
        f"{report.leads:,} leads scored -> {escape(str(report.out))}"
        + (f" ({report.replayed:,} replayed by the real-time engine)" if report.replayed else "")
    )


def leads(
    tier: Annotated[str | None, typer.Option(help="Only this tier (e.g. hot).")] = None,
    stage: Annotated[Stage | None, typer.Option(help="Only this lifecycle stage.")] = None,
    grade: Annotated[str | None, typer.Option(help="Only this grade (e.g. A).")] = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many; 0 for all.")] = 20,
    format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List scored leads, best first."""
    service = LeadService.open(db)
    stored = service.ranked(tier, stage.value if stage else None, grade, limit or None)
    cards = [item.card for item in stored]
    if format == OutputFormat.csv:
        out.file.write(cards_csv(cards))
    elif format == OutputFormat.json:
        out.file.write(cards_json(cards) + "\n")
    else:
        out.print(cards_table(cards))


def explain(
    lead_id: Annotated[str, typer.Argument(help="The lead to explain.")],
    format: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = (
        OutputFormat.table
    ),
    db: DbOption = None,
) -> None:
    """Show every point of a lead's score, its signals, stage history and decisions."""
    service = LeadService.open(db)
    detail = service.detail(lead_id)
    if format == OutputFormat.json:
        out.file.write(detail_json(detail) + "\n")
        return
    version, _ = service.active_model()
    for part in explain_tables(detail, version.name):
        out.print(part)


def decide(
    lead_id: Annotated[str, typer.Argument(help="The lead decided on.")],
    decision: Annotated[
        DecisionKind,
        typer.Argument(help="accept, reject, disqualify, opportunity or won."),
    ],
    reason: Annotated[str, typer.Option(help="Why (required to reject or disqualify).")] = "",
    bant: Annotated[
        list[str] | None,
        typer.Option(
            help="Confirmed BANT items: budget, authority, need, timeline "
            "(repeat the option or separate with commas).",
        ),
    ] = None,
    actor: Annotated[str, typer.Option(help="Who decided.")] = "sales",
    at: AtOption = None,
    db: DbOption = None,
) -> None:
    """Record a sales decision: accept -> sql (with enough BANT), reject -> nurture,
    disqualify -> disqualified, opportunity -> opportunity, won -> customer."""
    items = [part for value in bant or [] for part in value.split(",")]
    detail = LeadService.open(db).decide(lead_id, decision, reason, items, actor, at)
    stage = detail.score.card.stage.value if detail.score else "unscored"
    err.print(f"{escape(lead_id)}: {decision.value} recorded; stage is now {stage}")


def funnel(db: DbOption = None) -> None:
    """Count leads per lifecycle stage."""
    out.print(funnel_table(LeadService.open(db).funnel()))


def register(app: typer.Typer) -> None:
    for command in (score, leads, explain, decide, funnel):
        app.command()(command)
