"""Raised hands along a lead's events, set-wise: whether a hand-raise signal (mql.or_signals)
was active just before each event's time, is active just after it, and was raised afresh by
an event at that very time.

A signal that needs one event (the usual `min_count: 1`) is active at t when its latest hit
at or before t is at most its window old. So the signals of one window share two running
maxima of their hit times (up to the row, and up to the row before), which cost far less
than the two range-framed counts per signal that a signal needing several events keeps.
Like the rest of the moments, the "before" state is read at the first event of a time and
the "after" state at the last.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from leadscore.engine.many.events import MICROS_PER_DAY, signal_flag
from leadscore.spec.model import ScoringModel


@dataclass(frozen=True, slots=True)
class Hands:
    """Per event: a hand raised just before its time, just after it, and afresh at it."""

    before: ir.BooleanValue
    after: ir.BooleanValue
    fresh: ir.BooleanValue


def raising_signals(spec: ScoringModel) -> list[int]:
    """Indexes of the signals that raise a hand (mql.or_signals)."""
    names = set(spec.lifecycle.mql.or_signals)
    return [i for i, signal in enumerate(spec.signals) if signal.name in names]


def window_micros(days: float) -> int:
    """The widest gap in microseconds that the real-time engine still counts as within
    `days` ((now - then) / 86400 > days drops an event)."""
    gap = int(days * MICROS_PER_DAY)
    while (gap + 1) / MICROS_PER_DAY <= days:
        gap += 1
    while gap / MICROS_PER_DAY > days:
        gap -= 1
    return gap


def _single_hit_gaps(spec: ScoringModel) -> dict[int, list[int]]:
    """The raising signals that one event activates, by window width in microseconds."""
    gaps: dict[int, list[int]] = {}
    for index in raising_signals(spec):
        signal = spec.signals[index]
        if signal.min_count == 1:
            gaps.setdefault(window_micros(signal.within_days), []).append(index)
    return gaps


def hand_windows(spec: ScoringModel, rows: ir.Table) -> dict[str, ir.Value]:
    """The window columns `hands` reads, over each lead's events in time order."""
    columns: dict[str, ir.Value] = {}
    for number, (_, indexes) in enumerate(sorted(_single_hit_gaps(spec).items())):
        hit = ibis.or_(*(rows[signal_flag(i)] for i in indexes))
        hit_time = hit.ifelse(rows._us, ibis.null("int64"))
        for name, until in ((f"_latest{number}", 0), (f"_latest_before{number}", -1)):
            frame = ibis.window(group_by=rows.lead_id, order_by=rows._us, rows=(None, until))
            columns[name] = hit_time.max().over(frame)
    single = {i for indexes in _single_hit_gaps(spec).values() for i in indexes}
    for index in raising_signals(spec):
        if index in single:
            continue
        hits = rows[signal_flag(index)].ifelse(1, 0).cast("int64")
        gap = window_micros(spec.signals[index].within_days)
        for name, until in ((f"_in{index}", 0), (f"_was{index}", -1)):
            frame = ibis.window(group_by=rows.lead_id, order_by=rows._us, range=(-gap, until))
            columns[name] = hits.sum().over(frame).fill_null(0)
    return columns


def hands(spec: ScoringModel, rows: ir.Table) -> Hands:
    """The hand-raise states of each event, from the columns of `hand_windows`."""
    before: list[ir.BooleanValue] = []
    after: list[ir.BooleanValue] = []
    fresh: list[ir.BooleanValue] = []
    gaps = sorted(_single_hit_gaps(spec))
    for number, gap in enumerate(gaps):
        latest, earlier = rows[f"_latest{number}"], rows[f"_latest_before{number}"]
        before.append((earlier >= rows._us - gap).fill_null(False))
        after.append((latest >= rows._us - gap).fill_null(False))
        fresh.append((latest == rows._us).fill_null(False))
    single = {i for indexes in _single_hit_gaps(spec).values() for i in indexes}
    for index in raising_signals(spec):
        if index in single:
            continue
        least = spec.signals[index].min_count
        was, now = rows[f"_was{index}"] >= least, rows[f"_in{index}"] >= least
        before.append(was)
        after.append(now)
        fresh.append(now & (rows[f"_in{index}"] > rows[f"_was{index}"]))
    no = ibis.literal(False)
    return Hands(
        before=ibis.or_(*before) if before else no,
        after=ibis.or_(*after) if after else no,
        fresh=ibis.or_(*fresh) if fresh else no,
    )
