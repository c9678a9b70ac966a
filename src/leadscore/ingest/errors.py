"""Ingest errors: one line naming the file, the row (and line), the field and what was expected."""

from __future__ import annotations

from pathlib import Path

from leadscore.errors import LeadscoreError


def where(row: int | None, line: int | None) -> str:
    """`row 3 (line 4)`: the data row for people counting records, the line for editors."""
    if row is None:
        return f"line {line}" if line is not None else ""
    return f"row {row} (line {line})" if line is not None else f"row {row}"


class IngestError(LeadscoreError):
    """A leads or events file (or mapping file) that cannot be read as it is.

    `row` is the 1-based data row (in CSV the first row after the header is row 1), `line`
    the physical line it starts on (CSV, JSON Lines), `field` the column; each is None when
    the problem is not tied to one. `str(error)` is always a single line.
    """

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        row: int | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.message = " ".join(message.splitlines())
        self.row = row
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [str(self.path), where(self.row, self.line), self.field or "", self.message]
        return ": ".join(part for part in parts if part)

    def __reduce__(self) -> tuple[object, ...]:
        state = {"row": self.row, "line": self.line, "field": self.field}
        return (type(self), (self.path, self.message), state)
