"""Set-based scoring over tables (Ibis): bulk rescoring, files, warehouses."""

from leadscore.engine.many.score_many import rule_column, score_many

__all__ = ["rule_column", "score_many"]
