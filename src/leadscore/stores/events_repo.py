"""Events: idempotent insert keyed by `event_id`, read per lead or streamed grouped by lead."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

import pyarrow as pa
from sqlalchemy import Connection, func, select

from leadscore.domain.event import Event
from leadscore.stores.driver import Driver, marks
from leadscore.stores.event_batches import event_batches
from leadscore.stores.queries import CHUNK, chunks
from leadscore.stores.records import to_event
from leadscore.stores.tables import events

#: Up to this many events, one multi-row INSERT ... RETURNING beats a lookup and an
#: executemany (and a group-committed handful of requests is one statement).
FEW = 20
_COLUMNS = "event_id, lead_id, type, occurred_at, properties, received_at"
#: Plain SQL on the driver's cursor (driver.py): every real-time request runs these.
_INSERT = f"INSERT INTO events ({_COLUMNS}) VALUES ({marks(6)})"
_KNOWN = "SELECT event_id FROM events WHERE event_id IN ({})"
_OF_LEADS = (
    "SELECT event_id, lead_id, type, occurred_at, properties FROM events"
    " WHERE lead_id IN ({}) ORDER BY lead_id, occurred_at, event_id"
)


class EventRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        driver = Driver(self.connection)
        found: set[str] = set()
        for part in chunks(sorted(set(ids))):
            found.update(row[0] for row in driver.rows(_KNOWN.format(marks(len(part))), part))
        return found

    def insert(self, batch: Sequence[Event], now: datetime) -> None:
        driver = Driver(self.connection)
        received = driver.time_in(now)
        for start in range(0, len(batch), CHUNK):
            part = batch[start : start + CHUNK]
            driver.many(_INSERT, _rows(driver, part, received))

    def insert_new(self, batch: Sequence[Event], now: datetime) -> set[str]:
        """Insert the events whose event_id is not stored yet; returns the ids inserted.

        A few events go in with one multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING;
        a batch asks which ids are known first and inserts the rest with a plain
        executemany, which the drivers run far faster than large RETURNING statements.
        (The caller holds the leads' locks, so no other writer adds these leads' events.)
        """
        if len(batch) <= FEW:
            driver = Driver(self.connection)
            rows = driver.rows(_insert_new(len(batch)), _flat(driver, batch, now))
            return {row[0] for row in rows}
        known = self.known_ids(event.event_id for event in batch)
        fresh = [event for event in batch if event.event_id not in known]
        self.insert(fresh, now)
        return {event.event_id for event in fresh}

    def insert_new_reading(
        self, batch: Sequence[Event], now: datetime
    ) -> tuple[set[str], dict[str, list[Event]] | None]:
        """`insert_new`, and on PostgreSQL for a few events also the events their leads had
        before (older ones, in time order, for every lead of the batch) from the same
        statement, saving a round trip; None where they were not read."""
        driver = Driver(self.connection)
        if not driver.postgres or not batch or len(batch) > FEW:
            return self.insert_new(batch, now), None
        leads = sorted({event.lead_id for event in batch})
        params = [*_flat(driver, batch, now), *leads]
        stored: set[str] = set()
        older: dict[str, list[Event]] = {lead_id: [] for lead_id in leads}
        rows = driver.rows(_insert_reading(len(batch), len(leads)), params)
        for event_id, lead_id, kind, at, properties, inserted in rows:
            if inserted:
                stored.add(event_id)
            else:
                moment = driver.time_out(at)
                older[lead_id].append(Event(event_id, lead_id, kind, moment, properties or {}))
        for found in older.values():
            found.sort(key=Event.sort_key)
        return stored, older

    def of_lead(self, lead_id: str) -> list[Event]:
        query = select(events).where(events.c.lead_id == lead_id).order_by(events.c.occurred_at)
        return [to_event(row) for row in self.connection.execute(query)]

    def of_leads(
        self, lead_ids: Iterable[str], in_hand: Mapping[str, Event] | None = None
    ) -> dict[str, list[Event]]:
        """The events of each of these leads, in time order, with one query per chunk of ids.

        `in_hand`: events of this transaction's insert by event_id, as the caller holds
        them; their rows are not converted back. What `insert` writes reads back equal
        (text as is, timestamps to the microsecond in UTC, properties through a JSON
        round trip of the plain JSON values `ingest` produces), so the result is the same.
        """
        driver = Driver(self.connection)
        time_out, json_out = driver.time_out, driver.json_out
        hand = in_hand or {}
        found: dict[str, list[Event]] = {}
        for part in chunks(sorted(set(lead_ids))):
            rows = driver.rows(_OF_LEADS.format(marks(len(part))), part)
            for lead_id, group in groupby(rows, key=itemgetter(1)):
                found[lead_id] = [
                    hand.get(event_id)
                    or Event(event_id, lead_id, kind, time_out(at), json_out(properties) or {})
                    for event_id, _, kind, at, properties in group
                ]
        return found

    def batches(self) -> Iterator[pa.RecordBatch]:
        """All events as Arrow batches (see event_batches.py), for set-based scoring."""
        return event_batches(self.connection)

    def by_lead(self) -> Iterator[tuple[str, list[Event]]]:
        """All events, one lead at a time; memory holds one lead's history."""
        query = select(events).order_by(events.c.lead_id, events.c.occurred_at)
        rows = self.connection.execute(query, execution_options={"yield_per": CHUNK * 5})
        for lead_id, group in groupby(rows, key=lambda row: row.lead_id):
            yield lead_id, [to_event(row) for row in group]

    def count(self) -> int:
        return self.connection.scalar(select(func.count()).select_from(events)) or 0


def _values(driver: Driver, event: Event, received: object) -> tuple[object, ...]:
    return (
        event.event_id,
        event.lead_id,
        event.type,
        driver.time_in(event.occurred_at),
        driver.json_in(event.properties),
        received,
    )


def _rows(driver: Driver, batch: Sequence[Event], received: object) -> list[tuple[object, ...]]:
    return [_values(driver, event, received) for event in batch]


def _flat(driver: Driver, batch: Sequence[Event], now: datetime) -> list[object]:
    """The parameters of a multi-row insert of `batch`, row after row."""
    received = driver.time_in(now)
    return [value for event in batch for value in _values(driver, event, received)]


@lru_cache(maxsize=FEW)
def _insert_new(count: int) -> str:
    rows = ", ".join([f"({marks(6)})"] * count)
    return (
        f"INSERT INTO events ({_COLUMNS}) VALUES {rows}"
        " ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
    )


@lru_cache(maxsize=FEW * FEW)
def _insert_reading(count: int, leads: int) -> str:
    """PostgreSQL: insert `count` events and read what their `leads` leads had before in
    one statement (the main query does not see the WITH's insert: one snapshot)."""
    return (
        f"WITH new AS ({_insert_new(count)})"
        " SELECT event_id, lead_id, type, occurred_at, properties, false FROM events"
        f" WHERE lead_id IN ({marks(leads)})"
        " UNION ALL SELECT event_id, NULL, NULL, NULL, NULL, true FROM new"
    )
