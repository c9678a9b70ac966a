"""Sales decisions, kept forever: the lifecycle is replayed from them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, select

from leadscore.domain.decision import SalesDecision
from leadscore.stores.queries import chunks, ids
from leadscore.stores.records import decision_row, to_decision
from leadscore.stores.tables import decisions

_OF_LEADS = select(decisions).where(decisions.c.lead_id.in_(ids())).order_by(decisions.c.id)


class DecisionRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, decision: SalesDecision) -> None:
        self.connection.execute(decisions.insert(), [decision_row(decision)])

    def of_lead(self, lead_id: str) -> list[SalesDecision]:
        query = select(decisions).where(decisions.c.lead_id == lead_id).order_by(decisions.c.id)
        return [to_decision(row) for row in self.connection.execute(query)]

    def of_leads(self, lead_ids: Iterable[str]) -> dict[str, list[SalesDecision]]:
        """The decisions of each of these leads, oldest first."""
        grouped: dict[str, list[SalesDecision]] = defaultdict(list)
        for part in chunks(sorted(set(lead_ids))):
            for row in self.connection.execute(_OF_LEADS, {"ids": list(part)}):
                grouped[row.lead_id].append(to_decision(row))
        return dict(grouped)

    def by_lead(self) -> dict[str, list[SalesDecision]]:
        grouped: dict[str, list[SalesDecision]] = defaultdict(list)
        for row in self.connection.execute(select(decisions).order_by(decisions.c.id)):
            grouped[row.lead_id].append(to_decision(row))
        return dict(grouped)
