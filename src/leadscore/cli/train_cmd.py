"""`leadscore train` and `leadscore predict`: predictive models on any lead table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from leadscore.cli.console import count_bar, err, out, progress_bar
from leadscore.cli.options import DbOption
from leadscore.cli.store_training import (
    CutoffOption,
    WithinOption,
    parse_cutoffs,
    train_from_store,
)
from leadscore.errors import LeadscoreError
from leadscore.predict.outcome import Outcome

if TYPE_CHECKING:  # pandas, scikit-learn and LightGBM load when a command needs them
    from leadscore.predict.training import TrainReport


@contextmanager
def _fit_progress() -> Iterator[Callable[[str, int], None]]:
    """Adapts the estimator's progress(label, total) calls to a progress bar."""
    with count_bar("training") as update:
        state = {"done": 0, "total": 0}

        def progress(label: str, total: int) -> None:
            if total:
                state["total"] = total
            else:
                state["done"] += 1
            update(state["done"], max(state["total"], state["done"]))

        yield progress


def train(
    out_dir: Annotated[Path, typer.Option("--out", help="Model directory to write.")],
    data: Annotated[
        Path | None, typer.Option(help="Training table: CSV or Parquet, one row per lead.")
    ] = None,
    target: Annotated[
        str | None, typer.Option(help="The binary outcome column (1/0, yes/no, won/lost…).")
    ] = None,
    id_column: Annotated[
        str | None, typer.Option("--id", help="Id column: not a feature, copied to predictions.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Column to leave out (repeat for several).")
    ] = None,
    time_column: Annotated[
        str | None,
        typer.Option("--time", help="Date column: validate on later rows (time split)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed for folds and models.")] = 0,
    folds: Annotated[int, typer.Option(min=2, max=20, help="Cross-validation folds.")] = 5,
    outcome: Annotated[
        Outcome | None,
        typer.Option(help="Store mode: train on the store's point-in-time rows for this outcome."),
    ] = None,
    within: WithinOption = 90,
    cutoff: CutoffOption = None,
    db: DbOption = None,
) -> None:
    """Train and compare predictive models on a table; keep the best, calibrated.

    With --outcome: on the store's point-in-time rows (see `leadscore training-set`)."""
    if outcome is not None:
        if data is not None or target is not None or id_column or time_column:
            raise LeadscoreError(
                "--outcome trains on the store: leave out --data, --target, --id, --time"
            )
        with _fit_progress() as progress:
            report = train_from_store(
                db,
                outcome,
                within,
                parse_cutoffs(cutoff),
                out_dir,
                exclude=exclude or [],
                folds=folds,
                seed=seed,
                progress=progress,
            )
        _report(report, out_dir)
        return
    if data is None or target is None:
        raise LeadscoreError("train needs --data FILE and --target COL, or --outcome (store)")
    from leadscore.predict.training import train_file

    with _fit_progress() as progress:
        report = train_file(
            data,
            target,
            out_dir,
            id_column=id_column,
            exclude=exclude or [],
            time_column=time_column,
            folds=folds,
            seed=seed,
            progress=progress,
        )
    _report(report, out_dir)


def _report(report: TrainReport, out_dir: Path) -> None:
    for note in report.prepared.notes:
        err.print(f"note: {escape(note)}")
    for warning in report.prepared.warnings:
        err.print(f"[bold yellow]warning:[/] {escape(str(warning))}")
    table = Table(
        title=f"{report.rows:,} rows, {report.metrics['validation']}", box=box.SIMPLE_HEAVY
    )
    for column in ("model", "ROC AUC", "PR AUC", "Brier", "calibration"):
        table.add_column(column, justify="left" if column in ("model", "calibration") else "right")
    for name, figures in report.metrics["candidates"].items():
        mark = " ★" if name == report.metrics["winner"] else ""
        table.add_row(
            name + mark,
            f"{figures['roc_auc']:.4f}",
            f"{figures['pr_auc']:.4f}",
            f"{figures['brier']:.4f}",
            str(figures["calibration"]),
        )
    out.print(table)
    tiers = ", ".join(f"{name} ≥ {bound:.3f}" for name, bound in report.metrics["tiers"].items())
    err.print(
        f"winner: {report.metrics['winner']} ({report.metrics['calibration']} calibration); "
        f"tiers by probability: {tiers}; model written to {escape(str(out_dir))}"
    )


def predict(
    model_dir: Annotated[Path, typer.Option("--model", help="Model directory from train.")],
    data: Annotated[Path, typer.Option(help="Table to score: CSV or Parquet.")],
    out_path: Annotated[Path, typer.Option("--out", help="Predictions: .csv or .parquet.")],
) -> None:
    """Score a table with a trained model, with the factors behind each score."""
    from leadscore.predict.model_dir import load_model
    from leadscore.predict.scoring import predict_file

    saved = load_model(model_dir)
    with progress_bar("scoring", None) as advance:
        rows = predict_file(saved, data, out_path, progress=advance)
    err.print(f"{rows:,} rows scored into {escape(str(out_path))}")


def register(app: typer.Typer) -> None:
    app.command()(train)
    app.command()(predict)
