"""A stored version of a scoring model: the YAML as applied, and whether it is active."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ModelVersion:
    version: int
    name: str
    source: str
    created_at: datetime
    active: bool
