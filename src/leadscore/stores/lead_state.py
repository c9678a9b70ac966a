"""What rescoring a lead needs to know about it besides its events, read in one query.

A real-time request locks the leads it touches; the same statement (joined to their
stored score, objection and decisions) answers what rescoring would otherwise ask in four
more: the stored card's numbers (is a history row due?), stage and tier (stage change,
notifications), whether the lead objected (its card is kept) and whether it has sales
decisions to replay (most have none, so that query is skipped).
"""

from __future__ import annotations

from dataclasses import dataclass

from leadscore.domain.lead import Lead

#: Digits kept when comparing stored and new numbers for a history row.
PRECISION = 6


@dataclass(frozen=True, slots=True)
class StoredStanding:
    """A lead's stored card, as far as saving a new one compares with it."""

    signature: tuple[object, ...]
    stage: str
    tier: str
    staged: bool  # it has stage history rows (the card has a stage_since)


@dataclass(frozen=True, slots=True)
class LeadState:
    lead: Lead
    stored: StoredStanding | None
    objected: bool
    decided: bool


@dataclass(frozen=True, slots=True)
class Locked:
    """What locking a request's leads gives: their states, the ids created just now, and
    the active scoring model's version, read by the same statement (a round trip fewer
    on PostgreSQL; None when no statement ran or no model is active)."""

    states: dict[str, LeadState]
    created: set[str]
    model_version: int | None


def signature(values: tuple[object, ...]) -> tuple[object, ...]:
    """(model_version, fit, engagement, total, tier, grade, stage) with the numbers
    rounded: a new history row is written only when this changes."""
    return tuple(round(value, PRECISION) if isinstance(value, float) else value for value in values)


def standing(values: tuple[object, ...], staged: bool) -> StoredStanding:
    """From the seven history fields in `signature` order."""
    return StoredStanding(signature(values), str(values[6]), str(values[4]), staged)
