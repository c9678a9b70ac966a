"""What sales decided about a lead, with the BANT items they confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

BANT_ITEMS: tuple[str, ...] = ("budget", "authority", "need", "timeline")


class DecisionKind(StrEnum):
    ACCEPT = "accept"  # sales-qualified: -> sql (with enough BANT)
    REJECT = "reject"  # not now: -> nurture
    DISQUALIFY = "disqualify"  # never: -> disqualified
    OPPORTUNITY = "opportunity"  # a deal was opened: -> opportunity
    WON = "won"  # the deal closed: -> customer


@dataclass(frozen=True, slots=True)
class SalesDecision:
    lead_id: str
    kind: DecisionKind
    decided_at: datetime
    reason: str = ""
    budget: bool = False
    authority: bool = False
    need: bool = False
    timeline: bool = False
    actor: str = "sales"

    @property
    def bant_count(self) -> int:
        return sum((self.budget, self.authority, self.need, self.timeline))

    @property
    def bant_confirmed(self) -> tuple[str, ...]:
        return tuple(item for item in BANT_ITEMS if getattr(self, item))
