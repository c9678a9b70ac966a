"""A lead: a person at a company, with firmographics, consent flags and custom attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

STANDARD_FIELDS: tuple[str, ...] = (
    "lead_id",
    "email",
    "first_name",
    "last_name",
    "title",
    "company",
    "domain",
    "industry",
    "employees",
    "annual_revenue",
    "country",
    "source",
    "created_at",
    "do_not_email",
    "do_not_call",
)

SENIORITY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("c-level", re.compile(r"(?i)\b(chief|ceo|cfo|cto|coo|cmo|cro|cio|founder|owner|president)\b")),
    ("vp", re.compile(r"(?i)\b(vp|svp|evp|vice president)\b")),
    ("director", re.compile(r"(?i)\b(director|head)\b")),
    ("manager", re.compile(r"(?i)\b(manager|lead|principal)\b")),
    ("student", re.compile(r"(?i)\b(student|intern)\b")),
)


def seniority_of(title: str | None) -> str | None:
    """Seniority bucket read from a job title, so rules can target level without regexes."""
    if not title:
        return None
    for level, pattern in SENIORITY_PATTERNS:
        if pattern.search(title):
            return level
    return "individual"


@dataclass(frozen=True, slots=True)
class Lead:
    lead_id: str
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    company: str | None = None
    domain: str | None = None
    industry: str | None = None
    employees: int | None = None
    annual_revenue: float | None = None
    country: str | None = None
    source: str | None = None
    created_at: datetime | None = None
    do_not_email: bool = False
    do_not_call: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)
    identified: bool = True

    @property
    def seniority(self) -> str | None:
        return seniority_of(self.title)

    def attribute(self, name: str) -> Any:
        """Look up a standard field, a derived one (`seniority`) or a custom attribute."""
        if name in STANDARD_FIELDS or name == "seniority":
            return getattr(self, name)
        return self.attributes.get(name)

    def updated_with(self, newer: Lead) -> Lead:
        """This lead after an import of `newer`: what the import left blank is kept.

        Attributes merge key by key; opt-outs (do_not_email / do_not_call) are sticky, so
        a file without those columns never re-opens a channel; identified stays identified.
        """
        changes = {
            f.name: getattr(newer, f.name)
            for f in fields(Lead)
            if f.name not in _MERGED and getattr(newer, f.name) is not None
        }
        return replace(
            self,
            **changes,
            attributes={**self.attributes, **newer.attributes},
            do_not_email=self.do_not_email or newer.do_not_email,
            do_not_call=self.do_not_call or newer.do_not_call,
            identified=self.identified or newer.identified,
        )


_MERGED = frozenset({"lead_id", "attributes", "do_not_email", "do_not_call", "identified"})
