"""Each event with the rules and signals it matched, as score_many matched it.

score_many's prepared events (engine/many/events.py) keep lead ids but not event ids; a
stored card lists event ids, and the stage replay needs each event. So each event passes
through as its own lead (event ids are the store's primary key) and its real lead, type
and id are joined back. This repeats matching score_many has done, as its output keeps
none of it.
"""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.types as ir

from leadscore.engine.many.events import prepared_events, rule_flag, signal_flag
from leadscore.spec.model import ScoringModel

#: Columns holding the indexes of the engagement rules / signals an event matched.
RULES = "_rules"
SIGNALS = "_signals"


def matched_events(spec: ScoringModel, events: ir.Table, as_of: datetime) -> ir.Table:
    """Events up to `as_of`: lead_id, event_id, type, `_us` (microseconds since the epoch),
    `_age` (days before `as_of`), rule_flag(i) and signal_flag(i) for each rule and signal,
    and RULES / SIGNALS, the indexes of those that matched."""
    dialect = events._find_backend(use_default=True).name
    keyed = prepared_events(events.mutate(lead_id=events.event_id), spec, as_of, dialect)
    owners = events.select("lead_id", "event_id", "type")
    found = keyed.rename(event_id="lead_id").join(owners, "event_id")
    rules = [rule_flag(i) for i in range(len(spec.engagement.rules))]
    signals = [signal_flag(i) for i in range(len(spec.signals))]
    return found.mutate(**{RULES: _indexes(found, rules), SIGNALS: _indexes(found, signals)})


def _indexes(table: ir.Table, flags: list[str]) -> ir.ArrayValue:
    if not flags:
        return ibis.literal([], type="array<int64>")
    chosen = [
        table[flag].ifelse(ibis.literal(i, "int64"), ibis.null("int64"))
        for i, flag in enumerate(flags)
    ]
    return ibis.array(chosen).filter(lambda index: index.notnull())
