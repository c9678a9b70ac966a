"""`leadscore rules init|check|apply|list`: the scoring-model file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from leadscore.cli.console import err, out, progress_bar
from leadscore.cli.options import AsOfOption, DbOption
from leadscore.errors import LeadscoreError
from leadscore.service import LeadService
from leadscore.spec.loader import load_spec
from leadscore.spec.template import DEFAULT_TEMPLATE, template_text

app = typer.Typer(help="Write, check and activate scoring-model files.")


@app.command("init")
def rules_init(
    path: Annotated[Path, typer.Argument(help="Where to write it; - for stdout.")] = Path(
        "scoring-model.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write the shipped default scoring model (b2b-saas) to PATH to start from."""
    if str(path) == "-":
        out.file.write(template_text())
        return
    if path.exists() and not force:
        raise LeadscoreError(f"{path} already exists; pass --force to overwrite it")
    path.write_text(template_text(), encoding="utf-8")
    err.print(f"wrote the {DEFAULT_TEMPLATE} scoring model to {escape(str(path))}")


@app.command("check")
def rules_check(path: Annotated[Path, typer.Argument(help="Scoring-model file.")]) -> None:
    """Validate a scoring-model file; errors name the line and key."""
    spec = load_spec(path)
    out.print(
        f"{escape(str(path))}: ok — {escape(spec.name)}: {len(spec.fit.rules)} fit rules, "
        f"{len(spec.engagement.rules)} engagement rules, {len(spec.signals)} signals"
    )


@app.command("apply")
def rules_apply(
    path: Annotated[Path, typer.Argument(help="Scoring-model file.")],
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Make PATH the active scoring model (a new version) and rescore every lead."""
    service = LeadService.open(db)
    with progress_bar("rescoring", service.lead_count()) as advance:
        version, report = service.apply_model(path, as_of=as_of, progress=advance)
    err.print(
        f"version {version.version} ({escape(version.name)}) is active; {report.scored:,} leads "
        f"rescored, {report.changed:,} changed"
    )


@app.command("list")
def rules_list(db: DbOption = None) -> None:
    """Show every scoring-model version the store has kept."""
    table = Table(title="Scoring-model versions", title_justify="left")
    for name in ("version", "name", "created", "active"):
        table.add_column(name)
    for version in LeadService.open(db).model_versions():
        table.add_row(
            str(version.version),
            escape(version.name),
            f"{version.created_at:%Y-%m-%d %H:%M}",
            "yes" if version.active else "",
        )
    out.print(table)
