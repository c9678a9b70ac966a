"""What an API key may do: ingest data, read scores, record sales decisions, or all (admin)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from leadscore.errors import LeadscoreError


class Scope(StrEnum):
    INGEST = "ingest"  # POST leads and events
    READ = "read"  # GET leads, cards, funnel
    SALES = "sales"  # record sales decisions (and read what they decide on)
    ADMIN = "admin"  # everything, including what later layers add (webhooks, privacy)


SCOPES: tuple[str, ...] = tuple(scope.value for scope in Scope)

#: Scopes a granted scope carries along besides itself.
_IMPLIED: dict[Scope, frozenset[Scope]] = {
    Scope.ADMIN: frozenset(Scope),
    Scope.SALES: frozenset({Scope.READ}),
}


def allows(granted: Iterable[Scope], needed: Scope) -> bool:
    """True when any granted scope is `needed` or implies it (admin implies all)."""
    return any(scope == needed or needed in _IMPLIED.get(scope, ()) for scope in granted)


def parse_scopes(values: Iterable[str]) -> tuple[Scope, ...]:
    """Scope names (comma-separated items allowed) to Scopes, refusing unknown ones."""
    names = [part.strip().lower() for value in values for part in value.split(",")]
    unknown = sorted({name for name in names if name and name not in SCOPES})
    if unknown:
        raise LeadscoreError(f"unknown scope(s) {unknown}; expected {', '.join(SCOPES)}")
    found = tuple(dict.fromkeys(Scope(name) for name in names if name))
    if not found:
        raise LeadscoreError(f"give at least one scope: {', '.join(SCOPES)}")
    return found
