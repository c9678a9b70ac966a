"""What is kept of an erased lead: a hash of its email and id, so a re-import is refused.

The digests are SHA-256 of the normalised value behind a fixed prefix: they tell whether
an incoming email is one that asked to be forgotten, without holding the email itself.
"""

from __future__ import annotations

import hashlib

from leadscore.errors import LeadscoreError

EMAIL = "email"
LEAD_ID = "lead_id"


def digest(kind: str, value: str) -> str:
    """Emails compare case-insensitively and without surrounding blanks; ids exactly."""
    normalised = value.strip().lower() if kind == EMAIL else value
    return hashlib.sha256(f"leadscore-suppression:{kind}:{normalised}".encode()).hexdigest()


class SuppressedError(LeadscoreError):
    """An import of a lead (by email or id) that was erased on request."""
