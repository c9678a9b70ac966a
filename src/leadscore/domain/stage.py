"""Lifecycle stages and the transitions between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Stage(StrEnum):
    SUBSCRIBER = "subscriber"
    LEAD = "lead"
    MQL = "mql"
    SQL = "sql"
    OPPORTUNITY = "opportunity"
    CUSTOMER = "customer"
    NURTURE = "nurture"
    DISQUALIFIED = "disqualified"


#: Stages that scores move a lead in and out of; the others are set by people.
MARKETING_STAGES = frozenset({Stage.SUBSCRIBER, Stage.LEAD, Stage.MQL, Stage.NURTURE})

#: Funnel order used for reports.
FUNNEL_ORDER: tuple[Stage, ...] = (
    Stage.SUBSCRIBER,
    Stage.LEAD,
    Stage.MQL,
    Stage.SQL,
    Stage.OPPORTUNITY,
    Stage.CUSTOMER,
    Stage.NURTURE,
    Stage.DISQUALIFIED,
)


@dataclass(frozen=True, slots=True)
class StageTransition:
    from_stage: Stage
    to_stage: Stage
    at: datetime
    reason: str
    actor: str = "engine"
