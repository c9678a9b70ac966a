"""Errors in a scoring-model file, each pointing at a line and a key."""

from __future__ import annotations

from dataclasses import dataclass

from leadscore.errors import LeadscoreError


@dataclass(frozen=True, slots=True)
class SpecIssue:
    source: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class SpecError(LeadscoreError):
    """A scoring-model file that cannot be used; `issues` lists every problem found."""

    def __init__(self, issues: list[SpecIssue]) -> None:
        self.issues = issues
        first = str(issues[0]) if issues else "invalid scoring model"
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        super().__init__(first + more)

    def details(self) -> str:
        return "\n".join(str(issue) for issue in self.issues)
