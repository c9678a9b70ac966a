"""Buying signals: enough matching events inside a window that ends at `as_of`."""

from __future__ import annotations

from datetime import datetime

from leadscore.domain.event import Event
from leadscore.engine.matching import matches
from leadscore.engine.timeline import age_days
from leadscore.spec.model import Signal


def signal_active(signal: Signal, events: list[Event], as_of: datetime) -> bool:
    count = sum(
        1
        for event in events
        if age_days(as_of, event.occurred_at) <= signal.within_days and matches(signal, event)
    )
    return count >= signal.min_count


def active_signals(signals: list[Signal], events: list[Event], as_of: datetime) -> tuple[str, ...]:
    return tuple(signal.name for signal in signals if signal_active(signal, events, as_of))
