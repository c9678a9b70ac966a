"""Which current scores a listing wants: each field None means "any"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScoreFilter:
    tier: str | None = None
    grade: str | None = None
    stage: str | None = None
    owner: str | None = None  # the lead's `owner` attribute
    signal: str | None = None  # an active buying signal
