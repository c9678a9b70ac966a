"""`leadscore fit-points`: learn a points card from outcomes, written as a scoring model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from leadscore.cli.console import err, out

if TYPE_CHECKING:
    from leadscore.predict.points import FitPointsReport


def fit_points_command(
    data: Annotated[Path, typer.Option(help="CSV or Parquet file of past leads with outcomes.")],
    target: Annotated[str, typer.Option(help="The outcome column (0/1, yes/no, ...).")],
    out_path: Annotated[Path, typer.Option("--out", help="The scoring-model file to write.")],
    id_column: Annotated[
        str | None, typer.Option("--id", help="The id column (never used as an attribute).")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="A column to leave out (repeat for several).")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="The model's name.", show_default="the data file's name")
    ] = None,
) -> None:
    """Bin each attribute, weigh the bins against outcomes and write integer points (0-100)."""
    from leadscore.predict.points import fit_points  # scikit-learn loads for this command only

    report = fit_points(data, target, out_path, id_column, exclude or [], name)
    for note in report.notes:
        err.print(f"note: {escape(note)}", soft_wrap=True)
    for warning in report.warnings:
        err.print(f"[bold yellow]warning:[/] {escape(str(warning))}", soft_wrap=True)
    out.print(_summary(report))
    err.print(
        f"{report.rows:,} leads, training ROC AUC {report.training_auc:.3f} -> "
        f"{escape(str(report.out))} (apply it with leadscore score --leads FILE --rules "
        f"{escape(str(report.out))} --out FILE)"
    )


def _summary(report: FitPointsReport) -> Table:
    table = Table(title="Points card", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("attribute")
    table.add_column("bins", justify="right")
    table.add_column("points", justify="right")
    table.add_column("information value", justify="right")
    attributes = sorted(report.card.attributes_, key=lambda a: -int(a.points.max()))  # type: ignore[union-attr]
    for attribute in attributes:
        points = attribute.points
        assert points is not None
        table.add_row(
            escape(attribute.column),
            str(len(points)),
            f"{int(points.min())} - {int(points.max())}",
            f"{attribute.information_value:.2f}",
        )
    tiers = ", ".join(f"{tier} ≥ {value:g}" for tier, value in report.card.tiers_.items())
    table.caption = f"tiers: {tiers}"
    return table


def register(app: typer.Typer) -> None:
    app.command("fit-points")(fit_points_command)
