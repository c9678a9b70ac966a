"""Outcomes a training set or an evaluation can target, read from sales decisions.

A lead reaches SQL when sales accept it with enough BANT items (as the lifecycle replay
counts them), or when a deal is opened or won for it; it reaches opportunity when a deal is
opened or won; customer when won. Only decisions move a lead into these stages, so reading
them gives the same moments as the stage history, without depending on the scoring model.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from leadscore.domain.decision import DecisionKind, SalesDecision
from leadscore.domain.timeutil import utc


class Outcome(StrEnum):
    sql = "sql"
    opportunity = "opportunity"
    customer = "customer"


_REACHING: dict[Outcome, frozenset[DecisionKind]] = {
    Outcome.sql: frozenset({DecisionKind.ACCEPT, DecisionKind.OPPORTUNITY, DecisionKind.WON}),
    Outcome.opportunity: frozenset({DecisionKind.OPPORTUNITY, DecisionKind.WON}),
    Outcome.customer: frozenset({DecisionKind.WON}),
}


def reached_moments(
    decisions: Iterable[SalesDecision], outcome: Outcome, bant_at_least: int
) -> list[datetime]:
    """Every moment a decision put the lead at `outcome` or beyond, in time order."""
    kinds = _REACHING[outcome]
    return sorted(
        utc(decision.decided_at)
        for decision in decisions
        if decision.kind in kinds
        and (decision.kind != DecisionKind.ACCEPT or decision.bant_count >= bant_at_least)
    )


def label_name(outcome: Outcome, within_days: int) -> str:
    """The target column's name, saying what it means: `sql_within_90d`."""
    return f"{outcome.value}_within_{within_days}d"
