"""Training sets and outcome evaluations from the store: options shared by `training-set`,
`train --db` and `evaluate --db`, and the `training-set` command itself."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from leadscore.cli.console import err
from leadscore.cli.options import DbOption
from leadscore.domain.timeutil import parse_timestamp
from leadscore.errors import LeadscoreError
from leadscore.predict.outcome import Outcome
from leadscore.service import LeadService
from leadscore.spec.loader import load_spec

if TYPE_CHECKING:  # pandas, scikit-learn and LightGBM load when a command needs them
    from leadscore.predict.outcome_evaluation import OutcomeEvaluation
    from leadscore.predict.point_in_time import Cutoffs, TrainingSet
    from leadscore.predict.training import TrainReport

OutcomeOption = Annotated[
    Outcome,
    typer.Option(help="The outcome to predict: the lead reached this stage (or beyond)."),
]
WithinOption = Annotated[
    int,
    typer.Option("--within", min=1, help="Days after the cutoff the outcome must happen in."),
]
CutoffOption = Annotated[
    list[str] | None,
    typer.Option(
        "--cutoff",
        metavar="DATE|mql",
        help="A snapshot date (repeat for several), or `mql` for each lead's MQL moment.",
        show_default="--within days before the latest event or decision",
    ),
]


EvaluateAtOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE|mql",
        help="Store mode: score the leads as of this date, or each at its MQL moment (mql).",
        show_default="--within days before the latest event or decision",
    ),
]


def parse_as_of(value: str | None) -> datetime | Literal["mql"] | None:
    cutoffs = parse_cutoffs([value] if value else None)
    return cutoffs if cutoffs is None or cutoffs == "mql" else cutoffs[0]


def parse_cutoffs(values: list[str] | None) -> Cutoffs:
    """`--cutoff` values as dates, or "mql"; None means the default single snapshot."""
    if not values:
        return None
    if any(value.strip().lower() == "mql" for value in values):
        if len(values) > 1:
            raise LeadscoreError("--cutoff mql cannot be combined with dates")
        return "mql"
    try:
        return [parse_timestamp(value) for value in values]
    except ValueError as exc:
        raise LeadscoreError(f"--cutoff: {exc}; expected an ISO 8601 date or `mql`") from None


def store_training_set(
    db: str | None, outcome: Outcome, within: int, cutoffs: Cutoffs, unlabelled: bool = False
) -> TrainingSet:
    """The point-in-time table of the store's leads, built with the active scoring model;
    `unlabelled`: the rows to score at one cutoff (default: the latest known moment)."""
    from leadscore.predict.point_in_time import build_scoring_set, build_training_set

    service = LeadService.open(db)
    _, spec = service.active_model()
    histories = service.histories()
    if unlabelled:
        if cutoffs == "mql" or (cutoffs and len(cutoffs) > 1):
            raise LeadscoreError("--unlabelled takes one --cutoff date (default: the latest)")
        at = cutoffs[0] if cutoffs else None
        built = build_scoring_set(histories, spec, outcome, at)
    else:
        built = build_training_set(histories, spec, outcome, within, cutoffs)
    for note in built.notes:
        err.print(f"note: {note}", soft_wrap=True)
    return built


def store_evaluation(
    db: str | None,
    outcome: Outcome,
    within: int,
    as_of: datetime | Literal["mql"] | None,
    rules: Path | None = None,
) -> OutcomeEvaluation:
    """The rule score (the active model's, or `rules`') as of `as_of` against the outcome
    in the `within` days after it."""
    from leadscore.predict.outcome_evaluation import evaluate_outcome

    service = LeadService.open(db)
    spec = load_spec(rules) if rules is not None else service.active_model()[1]
    result = evaluate_outcome(service.histories(), spec, outcome, within, as_of)
    for note in result.rows.notes:
        err.print(f"note: {note}", soft_wrap=True)
    return result


TRAINING_TABLE = "training-set.parquet"


def train_from_store(
    db: str | None,
    outcome: Outcome,
    within: int,
    cutoffs: Cutoffs,
    out_dir: Path,
    *,
    exclude: Sequence[str] = (),
    folds: int = 5,
    seed: int = 0,
    progress: Callable[[str, int], None] = lambda label, total: None,
) -> TrainReport:
    """`train` on the store's point-in-time table, kept beside the model as
    DIR/training-set.parquet (the model's fingerprint is that file's). With several
    cutoffs, validation is a time split on `cutoff`, so no fold learns from a later
    snapshot of a lead it is tested on; with one, `cutoff` is constant and left out."""
    from leadscore.predict.training import train_file

    built = store_training_set(db, outcome, within, cutoffs)
    err.print(summary(built), soft_wrap=True)
    several = built.table["cutoff"].nunique() > 1
    with tempfile.TemporaryDirectory(prefix="leadscore-train-") as scratch:
        table = Path(scratch) / TRAINING_TABLE
        built.table.to_parquet(table, index=False)
        report = train_file(
            table,
            built.label,
            out_dir,
            id_column="lead_id",
            exclude=[*exclude, *([] if several else ["cutoff"])],
            time_column="cutoff" if several else None,
            folds=folds,
            seed=seed,
            progress=progress,
        )
        shutil.copyfile(table, out_dir / TRAINING_TABLE)
    return report


def summary(built: TrainingSet) -> str:
    table = built.table
    cutoffs = table["cutoff"].nunique()
    rows = f"{len(table):,} rows from {table['lead_id'].nunique():,} leads at {cutoffs:,} cutoff(s)"
    if not built.label:
        return f"{rows}, unlabelled, for `leadscore predict`"
    positives = int(table[built.label].sum())
    return (
        f"{rows}; {positives:,} with {built.label} ({positives / len(table):.1%}); "
        f"store known until {built.known_until:%Y-%m-%d %H:%M} UTC"
    )


def write_table(built: TrainingSet, path: Path) -> None:
    """CSV or Parquet by the file name; cutoffs as ISO 8601 text in CSV."""
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        built.table.to_parquet(path, index=False)
    elif name.endswith(".csv"):
        table = built.table.copy()
        table["cutoff"] = table["cutoff"].map(datetime.isoformat)
        table.to_csv(path, index=False)
    else:
        raise LeadscoreError(f"{path}: unknown table format (expected .csv or .parquet)")


def training_set(
    outcome: OutcomeOption,
    out: Annotated[Path, typer.Option("--out", help="The table to write: .csv or .parquet.")],
    within: WithinOption = 90,
    cutoff: CutoffOption = None,
    unlabelled: Annotated[
        bool,
        typer.Option(
            help="Rows to score instead: leads not yet at the outcome at one --cutoff "
            "(default: the latest event or decision), no label; for `leadscore predict`."
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Write a point-in-time training table from the store: features known at each cutoff,
    the outcome within the horizon after it."""
    built = store_training_set(db, outcome, within, parse_cutoffs(cutoff), unlabelled)
    write_table(built, out)
    err.print(f"{summary(built)} -> {out}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("training-set")(training_set)
