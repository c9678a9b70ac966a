"""An entry of the append-only audit log: who did what to which subject, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """`subject` is `kind:id` (`lead:L1`, `webhook:wh_…`, `key:…`); `before` and `after`
    hold only what changed, never personal data."""

    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
