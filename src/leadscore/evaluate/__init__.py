"""Measure how well scores predict outcomes: pure functions over plain sequences."""

from leadscore.evaluate.metrics import roc_auc

__all__ = ["roc_auc"]
