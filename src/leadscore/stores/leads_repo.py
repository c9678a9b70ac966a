"""Leads: upsert, look up, stream, and unidentified placeholders for unknown ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from sqlalchemy import Connection, func, select

from leadscore.domain.lead import Lead
from leadscore.stores.queries import CHUNK, chunks, existing, ids
from leadscore.stores.records import lead_row, to_lead
from leadscore.stores.tables import leads
from leadscore.stores.upsert import insert_new, upsert

_MANY = select(leads).where(leads.c.lead_id.in_(ids()))
_LOCKED = _MANY.order_by(leads.c.lead_id).with_for_update()


class LeadRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def upsert(self, batch: Sequence[Lead], now: datetime) -> None:
        rows = [lead_row(lead, now) for lead in batch]
        for start in range(0, len(rows), CHUNK):
            upsert(self.connection, leads, rows[start : start + CHUNK], "lead_id")

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return existing(self.connection, leads.c.lead_id, ids)

    def add_unidentified(self, ids: Iterable[str], now: datetime) -> None:
        rows = [lead_row(Lead(lead_id, identified=False), now) for lead_id in sorted(set(ids))]
        if rows:
            self.connection.execute(leads.insert(), rows)

    def lock(self, ids: Iterable[str], now: datetime) -> tuple[dict[str, Lead], set[str]]:
        """Lock these leads for the rest of the transaction, creating unknown ones as
        unidentified; returns the leads and the ids created.

        Rows are locked in lead_id order (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
        write transactions are serial already), so two writers to one lead queue up
        instead of both rescoring from what they saw before the other's events.
        """
        wanted = sorted(set(ids))
        found = self._locked(wanted)
        missing = [lead_id for lead_id in wanted if lead_id not in found]
        created: set[str] = set()
        if missing:
            rows = [lead_row(Lead(lead_id, identified=False), now) for lead_id in missing]
            created = insert_new(self.connection, leads, rows, "lead_id")
            found.update(self._locked(missing))
        return found, created

    def _locked(self, ids: Sequence[str]) -> dict[str, Lead]:
        found: dict[str, Lead] = {}
        for part in chunks(ids):
            for row in self.connection.execute(_LOCKED, {"ids": list(part)}):
                found[row.lead_id] = to_lead(row)
        return found

    def get_many(self, ids: Iterable[str]) -> dict[str, Lead]:
        found: dict[str, Lead] = {}
        for part in chunks(sorted(set(ids))):
            for row in self.connection.execute(_MANY, {"ids": list(part)}):
                lead = to_lead(row)
                found[lead.lead_id] = lead
        return found

    def get(self, lead_id: str) -> Lead | None:
        row = self.connection.execute(select(leads).where(leads.c.lead_id == lead_id)).first()
        return to_lead(row) if row else None

    def all(self) -> Iterator[Lead]:
        result = self.connection.execute(select(leads), execution_options={"yield_per": CHUNK})
        for row in result:
            yield to_lead(row)

    def count(self) -> int:
        return self.connection.scalar(select(func.count()).select_from(leads)) or 0
