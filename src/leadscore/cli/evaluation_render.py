"""An Evaluation as Rich tables for the terminal, or as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator

from rich import box
from rich.table import Table

from leadscore.evaluate.bands import BandRate
from leadscore.evaluate.report import Evaluation


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for index, column in enumerate(columns):
        table.add_column(column, justify="left" if index == 0 else "right", no_wrap=True)
    return table


def evaluation_tables(result: Evaluation) -> Iterator[Table]:
    summary = _table("Score against outcomes", "measure", "value")
    summary.add_row("rows", f"{result.rows:,}")
    summary.add_row("converted", f"{result.positives:,} ({result.base_rate:.1%})")
    summary.add_row("ROC AUC", f"{result.roc_auc:.4f}")
    summary.add_row("PR AUC (average precision)", f"{result.pr_auc:.4f}")
    if result.brier is not None:
        summary.add_row("Brier score", f"{result.brier:.4f}")
    yield summary
    for title, bands in (("Conversion by tier", result.tiers), ("by grade", result.grades)):
        if bands is not None:
            yield _bands(title, bands)
    gains = _table(
        "Lift and cumulative gains by decile (1 = best scores)",
        "decile", "scores", "leads", "converted", "rate", "lift", "cum. gain", "cum. lift",
    )  # fmt: skip
    for part in result.deciles:
        gains.add_row(
            str(part.decile),
            f"{_score(part.min_score)} - {_score(part.max_score)}",
            f"{part.count:,}",
            f"{part.positives:,}",
            f"{part.rate:.1%}",
            f"{part.lift:.2f}",
            f"{part.cumulative_gain:.1%}",
            f"{part.cumulative_lift:.2f}",
        )
    yield gains
    if result.calibration is not None:
        calibration = _table("Calibration", "probability", "leads", "predicted", "observed")
        for bin_ in result.calibration:
            calibration.add_row(
                f"{bin_.low:.1f} - {bin_.high:.1f}",
                f"{bin_.count:,}",
                f"{bin_.mean_predicted:.1%}",
                f"{bin_.observed_rate:.1%}",
            )
        yield calibration


def _score(value: float) -> str:
    """A whole score as is, a probability to 4 significant digits (the table stays narrow)."""
    return f"{value:g}" if value == round(value) else f"{value:.4g}"


def _bands(title: str, bands: list[BandRate]) -> Table:
    table = _table(title, "band", "leads", "converted", "rate", "share of converted")
    for band in bands:
        table.add_row(
            band.band,
            f"{band.count:,}",
            f"{band.positives:,}",
            f"{band.rate:.1%}" if band.count else "-",
            f"{band.share_of_positives:.1%}",
        )
    return table


def evaluation_json(result: Evaluation, about: dict[str, object]) -> str:
    return json.dumps({**about, **result.to_dict()}, indent=2) + "\n"
