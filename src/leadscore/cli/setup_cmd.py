"""`leadscore init|simulate|demo`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from leadscore.cli.console import err, out, progress_bar
from leadscore.cli.options import DbOption
from leadscore.cli.render import cards_table, funnel_table
from leadscore.demo import run_demo
from leadscore.service import LeadService
from leadscore.simulate import simulate as run_simulation


def init(db: DbOption = None) -> None:
    """Create or upgrade the database and activate the default scoring model."""
    service = LeadService.open(db)
    version = service.init()
    err.print(
        f"{escape(service.store.url)} is ready; active scoring model: {escape(version.name)} "
        f"(version {version.version})"
    )


def simulate(
    leads: Annotated[int, typer.Option("--leads", min=1, help="How many leads.")] = 5_000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 0,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write into.")] = Path(
        "simulated"
    ),
) -> None:
    """Write a realistic B2B funnel: leads.csv, events.csv and outcomes.csv."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with progress_bar("simulating", leads) as advance:
        result = run_simulation(out_dir, leads=leads, seed=seed, progress=advance)
    err.print(
        f"{result.leads:,} leads, {result.events:,} events, {result.sql:,} became SQL, "
        f"{result.won:,} won -> {escape(str(out_dir))}/"
    )


def demo(
    leads: Annotated[int, typer.Option("--leads", min=100, help="How many leads.")] = 5_000,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 7,
    top: Annotated[int, typer.Option(help="How many top leads to show.")] = 15,
    data_dir: Annotated[Path, typer.Option("--dir", help="Where simulated files go.")] = Path(
        "demo-data"
    ),
    db: Annotated[str, typer.Option("--db", help="Demo database (recreated).")] = "demo.db",
) -> None:
    """Simulate leads, ingest them into SQLite, score, and show the best leads and the funnel."""
    result = run_demo(data_dir, db, leads=leads, seed=seed, top=top, track=progress_bar)
    out.print(
        f"\n[bold]leadscore demo[/]: {result.leads:,} simulated leads, {result.events:,} events, "
        f"scored as of {result.as_of:%Y-%m-%d} with the default model"
    )
    out.print(cards_table(result.top, title=f"Top {len(result.top)} leads"))
    out.print(funnel_table(result.funnel))
    out.print(
        f"Score vs. outcome: scored just before sales accepted them, the {result.sql:,} leads "
        f"that became SQL rank above the others with ROC AUC [bold]{result.auc:.3f}[/]."
    )
    me = _invoked_as()
    out.print("\nNext:")
    for line in (
        f"{me} explain {result.top[0].lead_id} --db {db}",
        f"{me} leads --stage mql --db {db}",
        f"{me} rules init my-model.yaml",
    ):
        out.print(f"  {line}", markup=False)


def _invoked_as() -> str:
    """How the user ran us (e.g. .venv/bin/leadscore under make), for copy-paste hints."""
    program = Path(sys.argv[0])
    if program.name != "leadscore":
        return "leadscore"
    try:
        return str(program.resolve().relative_to(Path.cwd()))
    except ValueError:
        return "leadscore"


def register(app: typer.Typer) -> None:
    for command in (init, simulate, demo):
        app.command()(command)
