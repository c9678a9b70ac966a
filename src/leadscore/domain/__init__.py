"""Plain domain types: no I/O, no frameworks."""

from leadscore.domain.decision import BANT_ITEMS, DecisionKind, SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.model_version import ModelVersion
from leadscore.domain.scorecard import Contribution, ScoreCard, StoredScore
from leadscore.domain.stage import Stage, StageTransition
from leadscore.domain.timeutil import parse_timestamp, utc

__all__ = [
    "BANT_ITEMS",
    "Contribution",
    "DecisionKind",
    "Event",
    "Lead",
    "ModelVersion",
    "SalesDecision",
    "ScoreCard",
    "Stage",
    "StageTransition",
    "StoredScore",
    "parse_timestamp",
    "utc",
]
