"""The lifecycle as a replay: the stage a lead's history implies, with every transition.

Stages are re-derived from events and decisions in time order, so the result never depends
on the order data arrived in, and `as_of` sees only what was known then. Entry and exit
thresholds differ (hysteresis) so a lead near the boundary does not flap. Engagement is
compared with thresholds at PRECISION decimal places, so that set-based scoring, which sums
in another order, crosses every threshold at the same moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from leadscore.domain.decision import DecisionKind, SalesDecision
from leadscore.domain.stage import MARKETING_STAGES, Stage, StageTransition
from leadscore.domain.timeutil import utc
from leadscore.engine.moments import Moment
from leadscore.spec.model import Lifecycle, MqlCriteria

PRECISION = 9


@dataclass(slots=True)
class _State:
    stage: Stage
    since: datetime | None = None
    transitions: list[StageTransition] = field(default_factory=list)

    def move(self, to: Stage, at: datetime, reason: str, actor: str = "engine") -> None:
        if to != self.stage:
            self.transitions.append(StageTransition(self.stage, to, at, reason, actor))
            self.stage = to
        self.since = at


def replay(
    lifecycle: Lifecycle,
    fit: float,
    moments: Iterable[Moment],
    decisions: Iterable[SalesDecision],
) -> tuple[Stage, tuple[StageTransition, ...]]:
    state = _State(Stage(lifecycle.initial))
    items: list[tuple[datetime, int, Moment | SalesDecision]] = [
        (utc(moment.at), 0, moment) for moment in moments
    ]
    ordered = sorted(decisions, key=_decision_order)
    items += [(utc(decision.decided_at), 1, decision) for decision in ordered]
    items.sort(key=lambda item: (item[0], item[1]))
    for at, _, item in items:
        if isinstance(item, Moment):
            _on_moment(lifecycle, fit, item, state)
        else:
            _on_decision(lifecycle, item, at, state)
    return state.stage, tuple(state.transitions)


def _decision_order(decision: SalesDecision) -> tuple[object, ...]:
    """Decisions made at the same instant apply in a fixed order, not in arrival order."""
    kind = tuple(DecisionKind).index(decision.kind)
    at = utc(decision.decided_at)
    return (at, kind, decision.bant_confirmed, decision.reason, decision.actor)


def _on_moment(lifecycle: Lifecycle, fit: float, moment: Moment, state: _State) -> None:
    if state.stage not in MARKETING_STAGES:
        return
    floor = lifecycle.disqualify.fit_below
    if floor is not None and fit < floor:
        state.move(Stage.DISQUALIFIED, moment.at, f"fit {fit:g} below {floor:g}")
        return
    criteria = lifecycle.mql
    engagement = round(moment.engagement, PRECISION)
    raised = [name for name in criteria.or_signals if name in moment.signals]
    entry = bool(raised) or (
        fit >= criteria.fit_at_least and engagement >= criteria.engagement_at_least
    )
    if state.stage in (Stage.SUBSCRIBER, Stage.LEAD) and entry:
        state.move(Stage.MQL, moment.at, _why(criteria, raised, fit, engagement))
    elif state.stage == Stage.NURTURE and (
        moment.fresh.intersection(raised) or (entry and _recycle_due(lifecycle, state, moment.at))
    ):
        state.move(Stage.MQL, moment.at, f"recycled, {_why(criteria, raised, fit, engagement)}")
    elif state.stage == Stage.MQL and not raised:
        if fit < criteria.fit_exit:
            state.move(Stage.NURTURE, moment.at, f"fit {fit:g} below {criteria.fit_exit:g}")
        elif engagement < criteria.engagement_exit:
            state.move(
                Stage.NURTURE,
                moment.at,
                f"engagement {engagement:.1f} fell below {criteria.engagement_exit:g}",
            )


def _why(criteria: MqlCriteria, raised: list[str], fit: float, engagement: float) -> str:
    """Why a lead enters MQL: written only when it does (most moments move nobody)."""
    if raised:
        return f"signal: {', '.join(raised)}"
    return (
        f"fit {fit:g} and engagement {engagement:.1f} reached "
        f"{criteria.fit_at_least:g} / {criteria.engagement_at_least:g}"
    )


def _recycle_due(lifecycle: Lifecycle, state: _State, at: datetime) -> bool:
    if state.since is None:
        return True
    return at >= state.since + timedelta(days=lifecycle.nurture.recycle_after_days)


def _on_decision(
    lifecycle: Lifecycle, decision: SalesDecision, at: datetime, state: _State
) -> None:
    reason = decision.reason or decision.kind.value
    if decision.kind == DecisionKind.ACCEPT:
        needed = lifecycle.sql.bant_at_least
        if decision.bant_count >= needed:
            bant = ", ".join(decision.bant_confirmed) or "no BANT items"
            state.move(Stage.SQL, at, f"accepted by sales ({bant}): {reason}", decision.actor)
    else:
        stage, verb = _DECIDED[decision.kind]
        state.move(stage, at, f"{verb}: {reason}", decision.actor)


_DECIDED = {
    DecisionKind.REJECT: (Stage.NURTURE, "rejected by sales"),
    DecisionKind.DISQUALIFY: (Stage.DISQUALIFIED, "disqualified by sales"),
    DecisionKind.OPPORTUNITY: (Stage.OPPORTUNITY, "opportunity opened"),
    DecisionKind.WON: (Stage.CUSTOMER, "won"),
}
