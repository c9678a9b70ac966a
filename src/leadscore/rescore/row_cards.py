"""A ScoreCard from one row of score_many plus its explanation (explanations.py).

Complete for leads that stay in the initial stage with no sales decision; the others need
their stage history replayed (replays.py), which score_many does not give. Contributions
come out as score_one writes them: fit rules that applied, then the fit limit line, then
engagement rules that matched an event, then the engagement limit line; points, raw,
decayed and cap_hit alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from leadscore.domain.scorecard import Contribution, ScoreCard
from leadscore.domain.stage import Stage
from leadscore.engine.decay import capped
from leadscore.engine.limits import with_limit
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
    return ScoreCard(
        lead_id=row["lead_id"],
        as_of=as_of,
        fit=row["fit"],
        engagement=row["engagement"],
        total=row["total"],
        tier=row["tier"],
        grade=row["grade"],
        signals=tuple(row["signals"]),
        stage=Stage(row["stage"]) if stage is None else stage,
        contributions=(*_fit_lines(spec, row), *_engagement_lines(spec, row)),
    )


def _fit_lines(spec: ScoringModel, row: dict[str, Any]) -> list[Contribution]:
    lines = [
        Contribution("fit", rule.name, rule.points, rule.points, rule.points)
        for index, rule in enumerate(spec.fit.rules)
        if (row[applies_column(index)] if rule.points == 0 else row[rule_column("fit", index)])
    ]
    return with_limit("fit", lines, spec.fit.limit)


def _engagement_lines(spec: ScoringModel, row: dict[str, Any]) -> list[Contribution]:
    lines = []
    for found in row[LINES] or ():
        index = found["rule"]
        rule = spec.engagement.rules[index]
        points = row[rule_column("engagement", index)]
        cap_hit = capped(found["decayed"], rule.cap) != found["decayed"]
        lines.append(
            Contribution(
                group="engagement",
                rule=rule.name,
                points=points,
                raw=rule.points * found["events"],
                # Without a cap hit, score_one's decayed sum is its points: keep them equal.
                decayed=found["decayed"] if cap_hit else points,
                event_ids=tuple(found["event_ids"]),
                cap_hit=cap_hit,
            )
        )
    return with_limit("engagement", lines, spec.engagement.limit)
