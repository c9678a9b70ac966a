"""All stored events as Arrow record batches, for set-based scoring of the whole store.

Reading a million events through SQLAlchemy rows (type processing, one `Event` each) costs
more than scoring them set-wise, so this reads plain tuples from the driver's cursor and
lets Arrow parse the columns: `properties` stays JSON text, `occurred_at` becomes a UTC
timestamp whether the driver hands back text (SQLite) or naive datetimes (PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
from sqlalchemy import Connection, Text, cast, select

from leadscore.stores.tables import events

SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("lead_id", pa.string()),
        ("type", pa.string()),
        ("occurred_at", pa.timestamp("us", tz="UTC")),
        ("properties", pa.string()),
    ]
)
ROWS = 100_000


def event_batches(connection: Connection, rows: int = ROWS) -> Iterator[pa.RecordBatch]:
    """Every event, `rows` at a time, in no particular order, with the columns of SCHEMA."""
    query = select(
        events.c.event_id,
        events.c.lead_id,
        events.c.type,
        events.c.occurred_at,
        cast(events.c.properties, Text),
    )
    sql = str(query.compile(dialect=connection.dialect))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        while part := cursor.fetchmany(rows):
            yield _batch(part)
    finally:
        cursor.close()


def _batch(rows: list[tuple[object, ...]]) -> pa.RecordBatch:
    event_id, lead_id, kind, occurred_at, properties = zip(*rows, strict=True)
    return pa.record_batch(
        [
            pa.array(event_id, pa.string()),
            pa.array(lead_id, pa.string()),
            pa.array(kind, pa.string()),
            _utc(occurred_at),
            pa.array(properties, pa.string()),
        ],
        schema=SCHEMA,
    )


def _utc(values: tuple[object, ...]) -> pa.Array:
    """Stored times are naive UTC (see types.UtcDateTime), as text or as datetimes."""
    column = pa.array(values)
    if pa.types.is_string(column.type):
        column = column.cast(pa.timestamp("us"))
    return column.cast(pa.timestamp("us", tz="UTC"))
