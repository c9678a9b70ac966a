"""Opening the files ingest reads: UTF-8 text (a BOM dropped), every failure an IngestError."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from leadscore.ingest.errors import IngestError


def open_text(path: Path, newline: str | None = None) -> TextIO:
    """UTF-8 text decoded in C for speed; on UnicodeDecodeError raise `not_utf8(path)`."""
    try:
        return path.open(encoding="utf-8-sig", newline=newline)
    except OSError as exc:
        raise unreadable(path, exc) from None


def read_text(path: Path, what: str = "file") -> str:
    """The whole file as text (mapping files and other small YAML/JSON)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    except OSError as exc:
        raise unreadable(path, exc, what) from None


def unreadable(path: Path, exc: OSError, what: str = "file") -> IngestError:
    """A file that cannot be opened or read: missing, a directory, no permission, I/O error."""
    return IngestError(path, f"cannot read {what}: {exc.strerror or exc}")


def not_utf8(path: Path) -> IngestError:
    """Find the first line that is not UTF-8, so the message can point at it."""
    problem = "not UTF-8 text{}; save as UTF-8"
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    byte = f" (byte {raw[exc.start]:#04x} at column {exc.start + 1})"
                    return IngestError(path, problem.format(byte), line=number)
    except OSError as exc:
        return unreadable(path, exc)
    return IngestError(path, problem.format(""))
