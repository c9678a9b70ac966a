"""Everything the store knows about one lead: the lead, its events and sales decisions.

Point-in-time work (training sets, evaluations against outcomes) starts from these and cuts
them at a moment with `known_at`, so what comes after the cut cannot reach a feature.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadscore.domain.decision import SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.timeutil import utc


@dataclass(frozen=True, slots=True)
class LeadHistory:
    lead: Lead
    events: tuple[Event, ...] = ()
    decisions: tuple[SalesDecision, ...] = ()

    def known_at(self, moment: datetime) -> LeadHistory:
        """The history as it stood at `moment`: events and decisions at or before it.

        The lead's attributes are not versioned in the store, so they are the current ones.
        """
        moment = utc(moment)
        return LeadHistory(
            self.lead,
            tuple(event for event in self.events if utc(event.occurred_at) <= moment),
            tuple(d for d in self.decisions if utc(d.decided_at) <= moment),
        )

    def first_known(self) -> datetime | None:
        """When the lead entered the record: `created_at`, else its first event or decision."""
        if self.lead.created_at is not None:
            return utc(self.lead.created_at)
        moments = [utc(e.occurred_at) for e in self.events]
        moments += [utc(d.decided_at) for d in self.decisions]
        return min(moments, default=None)

    def last_moment(self) -> datetime | None:
        """The latest event or decision: how far this lead's record reaches."""
        moments = [utc(e.occurred_at) for e in self.events]
        moments += [utc(d.decided_at) for d in self.decisions]
        return max(moments, default=None)
