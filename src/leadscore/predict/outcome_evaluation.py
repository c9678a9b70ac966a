"""How well the rule-based score, as of a date, predicted an outcome in the horizon after it.

The evaluated rows are those of a point-in-time training set with that one cutoff: every
lead on record at the date and not yet at the outcome, scored with what was known then
(score_one as of the date, decisions included), labelled by what happened after it. Leads
scored after they converted would flatter the model; they are not in the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from leadscore.domain.history import LeadHistory
from leadscore.errors import LeadscoreError
from leadscore.evaluate.report import Evaluation, evaluate_score
from leadscore.predict.outcome import Outcome
from leadscore.predict.point_in_time import Cutoffs, TrainingSet, build_training_set
from leadscore.spec.model import ScoringModel


@dataclass(frozen=True)
class OutcomeEvaluation:
    """`as_of` is the one cutoff, or None when each lead was scored at its MQL moment."""

    evaluation: Evaluation
    rows: TrainingSet
    as_of: datetime | None


def evaluate_outcome(
    histories: Sequence[LeadHistory],
    spec: ScoringModel,
    outcome: Outcome,
    within_days: int = 90,
    as_of: datetime | Literal["mql"] | None = None,
    known_until: datetime | None = None,
) -> OutcomeEvaluation:
    """The rule score's ROC AUC, PR AUC, deciles and conversion by tier and grade at `as_of`
    (default: `within_days` before the latest time the store knows; "mql": each lead at
    the moment it became MQL, the hand-over question)."""
    cutoffs: Cutoffs = "mql" if as_of == "mql" else [as_of] if as_of is not None else None
    rows = build_training_set(histories, spec, outcome, within_days, cutoffs, known_until)
    table = rows.table
    labels = [bool(value) for value in table[rows.label]]
    try:
        evaluation = evaluate_score(
            labels,
            [float(value) for value in table["rule_total"]],
            tiers=list(table["rule_tier"]),
            grades=list(table["rule_grade"]),
            tier_order=_best_first(spec.tiers),
            grade_order=_best_first(spec.grades),
        )
    except ValueError as exc:
        raise LeadscoreError(f"cannot evaluate {rows.label}: {exc}") from None
    at = None if cutoffs == "mql" else table["cutoff"].iloc[0].to_pydatetime()
    return OutcomeEvaluation(evaluation, rows, at)


def _best_first(bands: dict[str, float]) -> list[str]:
    return sorted(bands, key=lambda name: -bands[name])
