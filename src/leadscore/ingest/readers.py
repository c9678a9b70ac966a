"""Read a leads or events file into domain objects: the public face of ingest.

`read_leads` / `read_events` validate the whole file before returning anything, so a caller
can apply it all-or-nothing; the first problem raises an IngestError naming file, row (and
line), field and what was expected. The `iter_*_batches` generators apply the same checks
while streaming big files: a later bad row raises after earlier batches were yielded, so
write those batches inside one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.ingest.errors import IngestError, where
from leadscore.ingest.events import REQUIRED, event_from_row
from leadscore.ingest.formats import detect_format
from leadscore.ingest.leads import lead_from_row
from leadscore.ingest.mapping import Mapping, load_mapping
from leadscore.ingest.segment import segment_events, segment_leads
from leadscore.ingest.source import open_source
from leadscore.ingest.stats import IngestStats
from leadscore.ingest.values import FieldError

BATCH_SIZE = 10_000
T = TypeVar("T")
MappingArg = Path | str | Mapping | None


def read_leads(
    path: Path | str,
    format: str | None = None,
    mapping: MappingArg = None,
    *,
    stats: IngestStats | None = None,
) -> list[Lead]:
    """Every lead in the file, in file order; a lead_id listed twice is refused."""
    batches = iter_lead_batches(path, format, mapping, batch_size=BATCH_SIZE, stats=stats)
    return [lead for batch in batches for lead in batch]


def read_events(
    path: Path | str,
    format: str | None = None,
    mapping: MappingArg = None,
    *,
    stats: IngestStats | None = None,
) -> list[Event]:
    """Every event in the file, in file order; repeats of an event_id are skipped and counted."""
    batches = iter_event_batches(path, format, mapping, batch_size=BATCH_SIZE, stats=stats)
    return [event for batch in batches for event in batch]


def iter_lead_batches(
    path: Path | str,
    format: str | None = None,
    mapping: MappingArg = None,
    batch_size: int = BATCH_SIZE,
    *,
    stats: IngestStats | None = None,
) -> Iterator[list[Lead]]:
    path, fmt, spec, stats = _prepare(path, format, mapping, stats)
    if fmt == "segment":
        yield from _chunks(segment_leads(path, spec, stats), batch_size)
        return
    source = open_source(path, fmt, spec)
    source.require(("lead_id",))
    seen: dict[str, tuple[int, int | None]] = {}
    batch: list[Lead] = []
    for row, line, values in source.rows:
        stats.rows += 1
        try:
            lead = lead_from_row(values, source.parse_time)
        except FieldError as exc:
            raise source.error(exc, row, line) from None
        first = seen.setdefault(lead.lead_id, (row, line))
        if first[0] != row:
            message = f"lead_id {lead.lead_id!r} already appears in {where(*first)}"
            raise IngestError(path, message, row=row, line=line, field="lead_id")
        batch.append(lead)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_event_batches(
    path: Path | str,
    format: str | None = None,
    mapping: MappingArg = None,
    batch_size: int = BATCH_SIZE,
    *,
    stats: IngestStats | None = None,
) -> Iterator[list[Event]]:
    path, fmt, spec, stats = _prepare(path, format, mapping, stats)
    if fmt == "segment":
        yield from _chunks(segment_events(path, spec, stats), batch_size)
        return
    source = open_source(path, fmt, spec)
    source.require(REQUIRED)
    seen: set[str] = set()
    batch: list[Event] = []
    for row, line, values in source.rows:
        stats.rows += 1
        try:
            event = event_from_row(values, source.parse_time)
        except FieldError as exc:
            raise source.error(exc, row, line) from None
        if event.event_id in seen:
            stats.duplicates += 1
            continue
        seen.add(event.event_id)
        batch.append(event)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _prepare(
    path: Path | str, format: str | None, mapping: MappingArg, stats: IngestStats | None
) -> tuple[Path, str, Mapping | None, IngestStats]:
    path = Path(path)
    fmt = detect_format(path, format)
    spec = mapping if isinstance(mapping, Mapping) or mapping is None else load_mapping(mapping)
    return path, fmt, spec, stats if stats is not None else IngestStats()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
