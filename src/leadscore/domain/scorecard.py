"""The result of scoring one lead: every point with the rule and events behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from leadscore.domain.stage import Stage, StageTransition


@dataclass(frozen=True, slots=True)
class Contribution:
    """One line of the explanation.

    `raw` is the points before decay, `decayed` after decay and before the cap, `points`
    what counts. Group-limit lines have `kind="limit"` and no events.
    """

    group: str
    rule: str
    points: float
    raw: float
    decayed: float
    event_ids: tuple[str, ...] = ()
    cap_hit: bool = False
    kind: str = "rule"

    def as_json(self) -> dict[str, Any]:
        """Built by hand: dataclasses.asdict deep-copies and dominated bulk rescoring time."""
        return {
            "group": self.group,
            "rule": self.rule,
            "points": self.points,
            "raw": self.raw,
            "decayed": self.decayed,
            "event_ids": list(self.event_ids),
            "cap_hit": self.cap_hit,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class ScoreCard:
    lead_id: str
    as_of: datetime
    fit: float
    engagement: float
    total: float
    tier: str
    grade: str
    signals: tuple[str, ...]
    stage: Stage
    contributions: tuple[Contribution, ...]
    transitions: tuple[StageTransition, ...] = field(default=())

    @property
    def stage_reason(self) -> str:
        return self.transitions[-1].reason if self.transitions else "initial stage"


@dataclass(frozen=True, slots=True)
class StoredScore:
    """A lead's current card as kept in the store, with the model version that made it."""

    card: ScoreCard
    model_version: int
    stage_since: datetime | None
