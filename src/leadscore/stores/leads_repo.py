"""Leads: upsert, look up, stream, and unidentified placeholders for unknown ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from sqlalchemy import Connection, func, select

from leadscore.domain.lead import Lead
from leadscore.stores.driver import Driver, marks
from leadscore.stores.lead_state import LeadState, Locked, standing
from leadscore.stores.queries import CHUNK, chunks, existing, ids
from leadscore.stores.records import LEAD_COLUMNS, lead_row, to_lead
from leadscore.stores.tables import leads
from leadscore.stores.upsert import insert_new, upsert

_MANY = select(leads).where(leads.c.lead_id.in_(ids()))

#: The leads, locked, joined to what rescoring them asks (lead_state.py). Plain SQL run on
#: the driver's cursor: this is the first statement of every real-time request.
_STATES = (
    "SELECT "
    + ", ".join(f"l.{name}" for name in LEAD_COLUMNS)
    + ", s.model_version, s.fit, s.engagement, s.total, s.tier, s.grade, s.stage,"
    " s.stage_since, o.lead_id,"
    " EXISTS (SELECT 1 FROM decisions d WHERE d.lead_id = l.lead_id),"
    " (SELECT version FROM scoring_models WHERE active)"
    " FROM leads l LEFT JOIN scores s ON s.lead_id = l.lead_id"
    " LEFT JOIN lead_objections o ON o.lead_id = l.lead_id"
    " WHERE l.lead_id IN ({}) ORDER BY l.lead_id"
)
_FOR_UPDATE = " FOR UPDATE OF l"
_CREATED_AT = LEAD_COLUMNS.index("created_at")
_FLAGS = tuple(LEAD_COLUMNS.index(name) for name in ("do_not_email", "do_not_call", "identified"))
_ATTRIBUTES = LEAD_COLUMNS.index("attributes")
_N = len(LEAD_COLUMNS)


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
        unidentified; returns the leads and the ids created (see `lock_states`)."""
        locked = self.lock_states(ids, now)
        return {lead_id: state.lead for lead_id, state in locked.states.items()}, locked.created

    def lock_states(self, ids: Iterable[str], now: datetime) -> Locked:
        """Lock these leads for the rest of the transaction, creating unknown ones as
        unidentified; returns each one's state (lead_state.py), the ids created and the
        active model's version.

        Rows are locked in lead_id order (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
        write transactions are serial already), so two writers to one lead queue up
        instead of both rescoring from what they saw before the other's events.
        """
        wanted = sorted(set(ids))
        found: dict[str, LeadState] = {}
        version = self._locked(wanted, found)
        missing = [lead_id for lead_id in wanted if lead_id not in found]
        created: set[str] = set()
        if missing:
            rows = [lead_row(Lead(lead_id, identified=False), now) for lead_id in missing]
            created = insert_new(self.connection, leads, rows, "lead_id")
            version = self._locked(missing, found) or version
        return Locked(found, created, version)

    def _locked(self, ids: Sequence[str], found: dict[str, LeadState]) -> int | None:
        """Adds the states of `ids` to `found`; returns the active model's version."""
        driver = Driver(self.connection)
        tail = _FOR_UPDATE if driver.postgres else ""
        version = None
        for part in chunks(ids):
            for row in driver.rows(_STATES.format(marks(len(part))) + tail, part):
                found[row[0]] = _state(driver, row)
                version = row[-1]
        return version

    def get_many(self, ids: Iterable[str]) -> dict[str, Lead]:
        found: dict[str, Lead] = {}
        for part in chunks(sorted(set(ids))):
            for row in self.connection.execute(_MANY, {"ids": list(part)}):
                lead = to_lead(row)
                found[lead.lead_id] = lead
        return found

    def get(self, lead_id: str, *, lock: bool = False) -> Lead | None:
        """The lead; with `lock`, its row locked for the rest of the transaction
        (PostgreSQL), so a writer that rescores it queues behind real-time ingest."""
        query = select(leads).where(leads.c.lead_id == lead_id)
        row = self.connection.execute(query.with_for_update() if lock else query).first()
        return to_lead(row) if row else None

    def all(self) -> Iterator[Lead]:
        result = self.connection.execute(select(leads), execution_options={"yield_per": CHUNK})
        for row in result:
            yield to_lead(row)

    def count(self) -> int:
        return self.connection.scalar(select(func.count()).select_from(leads)) or 0


def _state(driver: Driver, row: tuple[object, ...]) -> LeadState:
    values = list(row[:_N])
    values[_CREATED_AT] = driver.time_out(values[_CREATED_AT])
    for index in _FLAGS:
        values[index] = bool(values[index])
    values[_ATTRIBUTES] = driver.json_out(values[_ATTRIBUTES])
    lead = Lead(*values)  # type: ignore[arg-type]
    score = row[_N : _N + 7]
    stored = None if score[0] is None else standing(score, row[_N + 7] is not None)
    return LeadState(lead, stored, row[_N + 8] is not None, bool(row[_N + 9]))
