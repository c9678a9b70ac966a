"""A ScoreCard from one row of score_many plus its explanation (explanations.py).

Complete for leads that stay in the initial stage with no sales decision; the others need
their stage history replayed (replays.py), which score_many does not give. Contributions
come out as score_one writes them: fit rules that applied, then the fit limit line, then
engagement rules that matched an event, then the engagement limit line; points, raw,
decayed and cap_hit alike. The figures are the sums of those lines, as in score_one (so
the contributions add up to the score exactly); signals and stage are score_many's.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from leadscore.domain.scorecard import Contribution, ScoreCard
from leadscore.domain.stage import Stage
from leadscore.engine.bands import band
from leadscore.engine.decay import capped
from leadscore.engine.limits import group_total, with_limit
from leadscore.engine.many import rule_column
from leadscore.rescore.explanations import LINES, applies_column
from leadscore.spec.model import ScoringModel


def needs_stage_replay(spec: ScoringModel, row: dict[str, Any], decided: bool) -> bool:
    """Whether the lead's stage history must be replayed (replays.py): it has sales
    decisions, score_many left its stage to the replay, or it left the initial stage (so it
    has transitions to record)."""
    return decided or row["needs_replay"] or row["stage"] != spec.lifecycle.initial.value


def card_from_row(
    spec: ScoringModel, row: dict[str, Any], as_of: datetime, stage: Stage | None = None
) -> ScoreCard:
    """`as_of` is in UTC, as score_one returns it; `stage`, when given, replaces the row's."""
    fit_lines = _fit_lines(spec, row)
    engagement_lines = _engagement_lines(spec, row)
    total = group_total(fit_lines + engagement_lines)
    fit = group_total(fit_lines)
    return ScoreCard(
        lead_id=row["lead_id"],
        as_of=as_of,
        fit=fit,
        engagement=group_total(engagement_lines),
        total=total,
        tier=band(spec.tiers, total),
        grade=band(spec.grades, fit),
        signals=tuple(row["signals"]),
        stage=Stage(row["stage"]) if stage is None else stage,
        contributions=(*fit_lines, *engagement_lines),
    )


def _fit_lines(spec: ScoringModel, row: dict[str, Any]) -> list[Contribution]:
    lines = [
        Contribution("fit", rule.name, rule.points, rule.points, rule.points)
        for index, rule in enumerate(spec.fit.rules)
        if (row[applies_column(index)] if rule.points == 0 else row[rule_column("fit", index)])
    ]
    return with_limit("fit", lines, spec.fit.limit)


def _engagement_lines(spec: ScoringModel, row: dict[str, Any]) -> list[Contribution]:
    """As engagement.rule_line writes them, from each matching event's decayed points."""
    lines = []
    for found in row[LINES] or ():
        rule = spec.engagement.rules[found["rule"]]
        decayed = math.fsum(found["points"])
        points = capped(decayed, rule.cap)
        lines.append(
            Contribution(
                group="engagement",
                rule=rule.name,
                points=points,
                raw=rule.points * len(found["event_ids"]),
                decayed=decayed,
                event_ids=tuple(found["event_ids"]),
                cap_hit=points != decayed,
            )
        )
    return with_limit("engagement", lines, spec.engagement.limit)
