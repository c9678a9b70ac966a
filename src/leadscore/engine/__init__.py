"""Pure scoring: the scoring model applied to leads and their events. No I/O."""

from leadscore.engine.incremental import LeadScorer
from leadscore.engine.score_one import score_one

__all__ = ["LeadScorer", "score_one"]
