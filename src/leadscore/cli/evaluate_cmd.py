"""`leadscore evaluate`: how well a score (a column, a points card, a trained model) predicts
outcomes in a data file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from leadscore.cli.console import err, out
from leadscore.cli.evaluate_store import evaluate_from_store
from leadscore.cli.evaluation_render import evaluation_json, evaluation_tables
from leadscore.cli.options import DbOption
from leadscore.cli.store_training import EvaluateAtOption, WithinOption, parse_as_of
from leadscore.errors import LeadscoreError
from leadscore.evaluate.report import evaluate_score
from leadscore.predict.outcome import Outcome


def evaluate(
    data: Annotated[
        Path | None, typer.Option(help="CSV or Parquet file with the outcome column.")
    ] = None,
    target: Annotated[
        str | None, typer.Option(help="With --data: the outcome column (0/1, yes/no, ...).")
    ] = None,
    rules: Annotated[
        Path | None, typer.Option(help="Score the file with this scoring-model file.")
    ] = None,
    score: Annotated[
        str | None, typer.Option(help="Or: a column that already holds a score.")
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(help="Or: score the file with this model directory (from train)."),
    ] = None,
    probability: Annotated[
        str | None, typer.Option(help="A column of predicted probabilities (Brier, calibration).")
    ] = None,
    id_column: Annotated[
        str | None, typer.Option("--id", help="With --rules: the id column, as for score.")
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write every figure to this JSON file.")
    ] = None,
    outcome: Annotated[
        Outcome | None,
        typer.Option(help="Store mode: the outcome the rule score is measured against."),
    ] = None,
    within: WithinOption = 90,
    as_of: EvaluateAtOption = None,
    db: DbOption = None,
) -> None:
    """ROC AUC, PR AUC, Brier, conversion by tier and grade, lift and gains, calibration.

    With --outcome: the store's rule score as of --as-of (a date or each lead's MQL moment)
    against the outcome after it."""
    if outcome is not None:
        if data is not None or target is not None or score is not None or model is not None:
            raise LeadscoreError(
                "--outcome reads the store: leave out --data, --target, --score, --model"
            )
        evaluate_from_store(db, outcome, within, parse_as_of(as_of), rules, json_path)
        return
    if data is None or target is None:
        raise LeadscoreError("evaluate needs --data FILE and --target COL")
    if sum(given is not None for given in (rules, score, model)) != 1:
        raise LeadscoreError("give exactly one of --rules FILE, --score COL or --model DIR")
    if model is not None and (probability is not None or id_column is not None):
        raise LeadscoreError(
            "--model gives the probabilities and reads rows in order: leave out "
            "--probability and --id"
        )
    from leadscore.cli.evaluate_data import load_scored  # pandas loads for this command only

    scored = load_scored(data, target, score, rules, probability, id_column, model)
    try:
        result = evaluate_score(
            scored.labels,
            scored.scores,
            scored.probabilities,
            scored.tiers,
            scored.grades,
            scored.tier_order,
            scored.grade_order,
        )
    except ValueError as exc:
        raise LeadscoreError(f"{data}: {exc}") from None
    for table in evaluation_tables(result):
        out.print(table)
    if json_path is not None:
        if model is not None:
            measured = f"probability of the model in {model}"
        else:
            measured = score if score is not None else f"total of {rules}"
        about = {
            "data": str(data),
            "target": target,
            "score": measured,
            "probability": measured if model is not None else probability,
        }
        json_path.write_text(evaluation_json(result, about), encoding="utf-8")
        err.print(f"wrote {escape(str(json_path))}")


def register(app: typer.Typer) -> None:
    app.command()(evaluate)
