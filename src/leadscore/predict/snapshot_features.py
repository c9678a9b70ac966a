"""A lead's features as known at a cutoff: attributes, event aggregates, the rule score.

`snapshot_features` is handed a history already cut at the cutoff (LeadHistory.known_at),
so nothing after the cutoff can reach a feature whatever this module computes. Event counts
cover windows ending at the cutoff; the rule-based fit, engagement, tier, grade, signals and
stage are score_one's as of the cutoff, decisions known then included.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from leadscore.domain.history import LeadHistory
from leadscore.domain.timeutil import utc
from leadscore.engine.score_one import score_one
from leadscore.engine.timeline import known_events
from leadscore.spec.model import ScoringModel

#: Event-count windows in days before the cutoff; `all` counts everything before it.
WINDOWS: tuple[int, ...] = (7, 30, 90)
#: Lead fields that describe the lead (identifiers, names and free text are left out).
ATTRIBUTES: tuple[str, ...] = (
    "seniority",
    "industry",
    "employees",
    "annual_revenue",
    "country",
    "source",
    "do_not_email",
    "do_not_call",
)
DAY = 86_400.0


def snapshot_features(
    spec: ScoringModel, known: LeadHistory, cutoff: datetime, event_types: Iterable[str]
) -> dict[str, Any]:
    """Features of `known` (a history cut at `cutoff`) as one flat row."""
    cutoff = utc(cutoff)
    fixed = _attributes(known, cutoff)
    computed = {**_event_aggregates(known, cutoff, event_types), **_rule_score(spec, known, cutoff)}
    custom: dict[str, Any] = {}
    for name, value in sorted(known.lead.attributes.items()):
        key = column_name(name)
        key = f"attribute_{key}" if key in fixed or key in computed else key
        custom[key] = value if isinstance(value, str | int | float | bool) else str(value)
    return {**fixed, **custom, **computed}


def _attributes(known: LeadHistory, cutoff: datetime) -> dict[str, Any]:
    lead = known.lead
    row: dict[str, Any] = {name: lead.attribute(name) for name in ATTRIBUTES}
    row["free_email"] = _free_email(lead.email)
    first = known.first_known()
    row["age_days"] = (cutoff - first).total_seconds() / DAY if first else math.nan
    return row


_FREE_MAIL = ("gmail.", "yahoo.", "hotmail.", "outlook.", "aol.", "icloud.", "proton")


def _free_email(email: str | None) -> bool | None:
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].lower()
    return domain.startswith(_FREE_MAIL)


def _event_aggregates(
    known: LeadHistory, cutoff: datetime, event_types: Iterable[str]
) -> dict[str, Any]:
    events = known_events(known.events, cutoff)  # one copy per event_id, none after cutoff
    ages = [((cutoff - e.occurred_at).total_seconds() / DAY, e.type) for e in events]
    row: dict[str, Any] = {
        "events_all": len(ages),
        "distinct_event_types": len({kind for _, kind in ages}),
        "days_since_last_event": min((age for age, _ in ages), default=math.nan),
        "days_since_first_event": max((age for age, _ in ages), default=math.nan),
    }
    for days in WINDOWS:
        row[f"events_{days}d"] = sum(1 for age, _ in ages if age < days)
    by_type: dict[str, list[float]] = defaultdict(list)
    for age, kind in ages:
        by_type[kind].append(age)
    for kind in sorted(set(event_types)):
        kind_ages = by_type.get(kind, [])
        name = column_name(kind)
        name = f"type_{name}" if f"{name}_all" in row else name  # a type called "events"
        for days in WINDOWS:
            row[f"{name}_{days}d"] = sum(1 for age in kind_ages if age < days)
        row[f"{name}_all"] = len(kind_ages)
    return row


def _rule_score(spec: ScoringModel, known: LeadHistory, cutoff: datetime) -> dict[str, Any]:
    card = score_one(spec, known.lead, known.events, cutoff, known.decisions)
    row: dict[str, Any] = {
        "rule_fit": card.fit,
        "rule_engagement": card.engagement,
        "rule_total": card.total,
        "rule_tier": card.tier,
        "rule_grade": card.grade,
        "stage_at_cutoff": card.stage.value,
    }
    for signal in spec.signals:
        row[f"signal_{column_name(signal.name)}"] = signal.name in card.signals
    return row


def column_name(name: str) -> str:
    """A column name from an event type or signal name: `pricing interest` -> `pricing_interest`."""
    return re.sub(r"\W+", "_", name.strip()).strip("_").lower() or "unnamed"
