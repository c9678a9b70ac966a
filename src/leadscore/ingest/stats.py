"""Counts from one read, so callers can report what happened to every row."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IngestStats:
    """Pass one to a reader to learn what it counted; nothing is dropped without a count.

    - `rows`: data rows (or Segment calls) read from the file.
    - `duplicates`: rows skipped because their `event_id` (Segment: `messageId`) was already
      seen earlier in the same file; the first copy is kept, which makes ingest idempotent.
    - `skipped`: Segment calls that hold the other kind of record (identify calls when reading
      events, track/page/screen calls when reading leads) or none we store (group, alias).
    """

    rows: int = 0
    duplicates: int = 0
    skipped: int = 0
