"""Buying signals: enough matching events inside a window that ends at `as_of`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from leadscore.domain.event import Event
from leadscore.engine.matching import matches
from leadscore.engine.timeline import age_days
from leadscore.spec.model import Signal


def _recent_enough(signal: Signal, hits: Sequence[Event], as_of: datetime) -> bool:
    recent = sum(1 for event in hits if age_days(as_of, event.occurred_at) <= signal.within_days)
    return recent >= signal.min_count


def signal_active(signal: Signal, events: Sequence[Event], as_of: datetime) -> bool:
    return _recent_enough(signal, [event for event in events if matches(signal, event)], as_of)


def active_signals(
    signals: Sequence[Signal],
    events: Sequence[Event],
    as_of: datetime,
    hits: Sequence[Sequence[Event]] | None = None,
) -> tuple[str, ...]:
    """`hits[i]`, when given, holds the events signal i matched (see compiled.py)."""
    if hits is None:
        hits = [[event for event in events if matches(signal, event)] for signal in signals]
    return tuple(
        signal.name
        for signal, found in zip(signals, hits, strict=True)
        if _recent_enough(signal, found, as_of)
    )
