"""Which reader a file needs: the `format` asked for, else its extension, then a Segment sniff."""

from __future__ import annotations

import json
from pathlib import Path

from leadscore.ingest.errors import IngestError
from leadscore.ingest.textfile import unreadable

FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet", "segment")

#: Segment call types we recognise (`group` and `alias` are read and counted, not stored).
SEGMENT_CALLS = frozenset({"track", "page", "screen", "identify", "group", "alias"})

_EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_ALIASES = {"ndjson": "jsonl", "json": "jsonl", "pq": "parquet"}
_ACCEPTED = (
    "accepted formats: csv (.csv), jsonl (.jsonl, .ndjson, .json), parquet (.parquet, .pq), "
    "segment (Segment track/identify JSON lines)"
)


def detect_format(path: Path, format: str | None = None) -> str:
    """The format name to read `path` with; refuses missing files and unknown formats early."""
    try:
        exists, regular = path.exists(), path.is_file()
    except OSError as exc:  # a name too long, a folder we may not enter
        raise unreadable(path, exc) from None
    if not exists:
        raise IngestError(path, "file not found")
    if not regular:
        kind = "a directory" if path.is_dir() else "not a regular file"
        raise IngestError(path, f"{kind}; pass the path of one data file")
    if format is not None:
        name = format.strip().lower()
        name = _ALIASES.get(name, name)
        if name not in FORMATS:
            raise IngestError(path, f"unknown format {format!r} ({_ACCEPTED})")
        return name
    found = _EXTENSIONS.get(path.suffix.lower())
    if found is None:
        suffix = path.suffix or "(none)"
        raise IngestError(path, f"unknown file extension {suffix!r}; pass a format ({_ACCEPTED})")
    if found == "jsonl" and looks_like_segment(path):
        return "segment"
    return found


def looks_like_segment(path: Path) -> bool:
    """True when the first record is a Segment call: a known `type` and a `messageId`."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            first = next((line for line in handle if line.strip()), "")
    except OSError as exc:
        raise unreadable(path, exc) from None
    try:
        call = json.loads(first) if first else None
    except (ValueError, RecursionError):  # JSONDecodeError, or the reader will say what is wrong
        return False
    return isinstance(call, dict) and is_segment_type(call.get("type")) and "messageId" in call


def is_segment_type(kind: object) -> bool:
    return isinstance(kind, str) and kind in SEGMENT_CALLS
