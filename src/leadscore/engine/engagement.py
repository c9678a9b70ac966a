"""Engagement: what the lead did, each rule decayed then capped, the group then limited."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from leadscore.domain.event import Event
from leadscore.domain.scorecard import Contribution
from leadscore.engine.decay import capped, decay_factor
from leadscore.engine.limits import with_limit
from leadscore.engine.matching import matches
from leadscore.engine.timeline import age_days
from leadscore.spec.model import EngagementGroup, EngagementRule


def rule_line(
    group: EngagementGroup, rule: EngagementRule, hits: Sequence[Event], as_of: datetime
) -> Contribution | None:
    """The rule's line given the events it matched, or None when it matched none."""
    if not hits:
        return None
    half_life = group.half_life_of(rule)
    decayed = math.fsum(
        rule.points * decay_factor(age_days(as_of, e.occurred_at), half_life) for e in hits
    )
    points = capped(decayed, rule.cap)
    return Contribution(
        group="engagement",
        rule=rule.name,
        points=points,
        raw=rule.points * len(hits),
        decayed=decayed,
        event_ids=tuple(event.event_id for event in hits),
        cap_hit=points != decayed,
    )


def engagement_contributions(
    group: EngagementGroup,
    events: list[Event],
    as_of: datetime,
    hits: Sequence[Sequence[Event]] | None = None,
) -> list[Contribution]:
    """`events` are already deduplicated and not after `as_of` (see timeline.known_events).

    `hits[i]` may give the events rule i matched, when the caller has matched already.
    """
    if hits is None:
        hits = [[event for event in events if matches(rule, event)] for rule in group.rules]
    lines = [
        rule_line(group, rule, rule_hits, as_of)
        for rule, rule_hits in zip(group.rules, hits, strict=True)
    ]
    return with_limit("engagement", [line for line in lines if line is not None], group.limit)
