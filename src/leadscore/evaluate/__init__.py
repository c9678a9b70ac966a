"""Measure how well scores predict outcomes: pure functions over plain sequences."""

from leadscore.evaluate.handover import handover_auc
from leadscore.evaluate.metrics import roc_auc

__all__ = ["handover_auc", "roc_auc"]
