"""Every measure of one score against outcomes, gathered for printing or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from leadscore.evaluate.bands import BandRate, conversion_by_band
from leadscore.evaluate.calibration import CalibrationBin, calibration_table
from leadscore.evaluate.gains import Decile, deciles
from leadscore.evaluate.metrics import average_precision, brier_score, roc_auc


@dataclass(frozen=True, slots=True)
class Evaluation:
    rows: int
    positives: int
    base_rate: float
    roc_auc: float
    pr_auc: float
    brier: float | None
    deciles: list[Decile]
    calibration: list[CalibrationBin] | None
    tiers: list[BandRate] | None
    grades: list[BandRate] | None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def evaluate_score(
    labels: Sequence[bool | int],
    scores: Sequence[float],
    probabilities: Sequence[float] | None = None,
    tiers: Sequence[str] | None = None,
    grades: Sequence[str] | None = None,
    tier_order: Sequence[str] = (),
    grade_order: Sequence[str] = (),
) -> Evaluation:
    """Ranking measures on `scores`; Brier and calibration only when probabilities are given."""
    positives = sum(1 for label in labels if label)
    if not labels or positives in (0, len(labels)):
        raise ValueError(
            f"the target needs both outcomes; got {positives} positive of {len(labels)} rows"
        )
    return Evaluation(
        rows=len(labels),
        positives=positives,
        base_rate=positives / len(labels),
        roc_auc=roc_auc(labels, scores),
        pr_auc=average_precision(labels, scores),
        brier=brier_score(labels, probabilities) if probabilities is not None else None,
        deciles=deciles(labels, scores),
        calibration=calibration_table(labels, probabilities) if probabilities is not None else None,
        tiers=conversion_by_band(labels, tiers, tier_order) if tiers is not None else None,
        grades=conversion_by_band(labels, grades, grade_order) if grades is not None else None,
    )
