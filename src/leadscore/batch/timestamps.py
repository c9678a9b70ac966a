"""`occurred_at` text as timestamps, read alike on every engine.

Each engine's own cast is lax in its own way (Spark reads "2026" as a year and "T10:00" as
today; DuckDB reads "24:00" as the next day, zone names, and "2026-3-1"), so the text must
first have an ISO 8601 shape that both read as leadscore.ingest does: a date, then
optionally hours and minutes, seconds, a fraction and an offset.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from leadscore.batch.arrow import to_arrow

ISO_8601 = (
    r"^\d{4}-\d{2}-\d{2}"
    r"([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d*)?)?(Z|[+-]([01]\d|2[0-3])(:?\d{2}){0,2})?)?$"
)


def timestamp(text: ir.StringValue) -> ir.TimestampValue:
    """An ISO 8601 text as a UTC timestamp (no offset means UTC); NULL if it is not one."""
    stripped = text.strip()
    return ibis.cases(
        (stripped.re_search(ISO_8601), stripped.try_cast("timestamp('UTC')")),
        else_=ibis.null("timestamp('UTC')"),
    )


def first_unreadable(events: ir.Table) -> dict[str, Any] | None:
    """The first event (`row` counts from 0 in the table's order) whose `occurred_at` is
    not a timestamp, with its event_id and text; None if all are."""
    numbered = events.mutate(row=ibis.row_number())
    bad = numbered.filter(timestamp(numbered.occurred_at).isnull())
    first = to_arrow(bad.order_by("row").select("row", "event_id", "occurred_at").limit(1))
    return first.to_pylist()[0] if first.num_rows else None
