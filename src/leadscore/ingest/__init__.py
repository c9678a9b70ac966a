"""Read leads and events from CSV, JSON Lines, Parquet and Segment files into domain objects.

Pure reading and validation: no database, no framework. Errors are IngestError (a
LeadscoreError) whose one-line message names the file, row (and line), field and what was
expected, e.g. `events.csv: row 3 (line 4): occurred_at: not an ISO 8601 timestamp: 'x'`.
"""

from leadscore.ingest.errors import IngestError
from leadscore.ingest.formats import FORMATS, detect_format
from leadscore.ingest.mapping import Mapping, load_mapping
from leadscore.ingest.readers import (
    iter_event_batches,
    iter_lead_batches,
    read_events,
    read_leads,
)
from leadscore.ingest.segment_traits import snake_case
from leadscore.ingest.stats import IngestStats

__all__ = [
    "FORMATS",
    "IngestError",
    "IngestStats",
    "Mapping",
    "detect_format",
    "iter_event_batches",
    "iter_lead_batches",
    "load_mapping",
    "read_events",
    "read_leads",
    "snake_case",
]
