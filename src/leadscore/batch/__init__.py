"""Batch scoring of files and tables with score_many: the `leadscore score --leads` job."""

from leadscore.batch.engines import Engine
from leadscore.batch.run import BatchReport, score_files

__all__ = ["BatchReport", "Engine", "score_files"]
