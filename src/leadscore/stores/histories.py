"""Every lead's whole record (lead, events, decisions) as LeadHistory, for point-in-time work.

One ordered pass over each table; the whole store is held in memory as domain objects, which
suits training sets (tens of thousands of leads), not the million-lead rescoring path.
"""

from __future__ import annotations

from sqlalchemy import Connection

from leadscore.domain.history import LeadHistory
from leadscore.stores.decisions_repo import DecisionRepository
from leadscore.stores.events_repo import EventRepository
from leadscore.stores.leads_repo import LeadRepository


def lead_histories(connection: Connection) -> list[LeadHistory]:
    """One history per stored lead, in lead_id order; events in time order."""
    leads = {lead.lead_id: lead for lead in LeadRepository(connection).all()}
    decisions = DecisionRepository(connection).by_lead()
    events = dict(EventRepository(connection).by_lead())
    return [
        LeadHistory(
            leads[lead_id],
            tuple(events.get(lead_id, ())),
            tuple(decisions.get(lead_id, ())),
        )
        for lead_id in sorted(leads)
    ]
