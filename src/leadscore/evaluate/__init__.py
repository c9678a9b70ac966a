"""Measure how well scores predict outcomes: pure functions over plain sequences."""

from leadscore.evaluate.bands import BandRate, conversion_by_band
from leadscore.evaluate.calibration import CalibrationBin, calibration_table
from leadscore.evaluate.gains import Decile, deciles
from leadscore.evaluate.handover import handover_auc
from leadscore.evaluate.metrics import average_precision, brier_score, roc_auc
from leadscore.evaluate.report import Evaluation, evaluate_score

__all__ = [
    "BandRate",
    "CalibrationBin",
    "Decile",
    "Evaluation",
    "average_precision",
    "brier_score",
    "calibration_table",
    "conversion_by_band",
    "deciles",
    "evaluate_score",
    "handover_auc",
    "roc_auc",
]
