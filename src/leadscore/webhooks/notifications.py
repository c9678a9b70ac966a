"""Which webhook notifications a change of one lead's card gives.

Pure: the store calls `notifications(before, after)` with the card it held and the card it
is about to save, in the transaction that saves it, and writes one outbox row per match.
A notification describes the change between two stored cards, so a rescore that changes
nothing notifies nobody, and replays never notify twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.stage import Stage


class EventKind(StrEnum):
    MQL = "lead.mql"  # the lead became marketing-qualified
    SQL = "lead.sql"  # sales accepted the lead
    TIER_CHANGED = "lead.tier_changed"  # e.g. warm -> hot
    RECYCLED = "lead.recycled"  # sent back to marketing: entered nurture
    DELETED = "lead.deleted"  # erased on request; only the id is sent


EVENT_KINDS: tuple[str, ...] = tuple(kind.value for kind in EventKind)

_ENTERED: dict[Stage, EventKind] = {
    Stage.MQL: EventKind.MQL,
    Stage.SQL: EventKind.SQL,
    Stage.NURTURE: EventKind.RECYCLED,
}


@dataclass(frozen=True, slots=True)
class Standing:
    """What a change is measured against: the stage and tier of the lead's stored card."""

    stage: Stage
    tier: str


@dataclass(frozen=True, slots=True)
class Notification:
    """One thing to tell subscribers: its kind and the JSON `data` of the payload."""

    kind: EventKind
    lead_id: str
    data: dict[str, Any]


def stage_before(before: Standing | ScoreCard | None, after: ScoreCard) -> Stage:
    """The stage the lead was in before `after`: a lead never scored before started in
    the first stage of its replayed history."""
    if before is not None:
        return before.stage
    return after.transitions[0].from_stage if after.transitions else after.stage


def notifications(before: Standing | ScoreCard | None, after: ScoreCard) -> list[Notification]:
    """lead.mql / lead.sql / lead.recycled when the stage enters MQL / SQL / nurture,
    lead.tier_changed when a scored lead's tier moves."""
    previous = stage_before(before, after)
    found: list[Notification] = []
    if after.stage != previous and after.stage in _ENTERED:
        found.append(Notification(_ENTERED[after.stage], after.lead_id, _data(before, after)))
    if before is not None and before.tier != after.tier:
        found.append(Notification(EventKind.TIER_CHANGED, after.lead_id, _data(before, after)))
    return found


def deleted(lead_id: str, at: datetime) -> Notification:
    """The lead was erased: the payload holds its id and when, nothing else."""
    return Notification(EventKind.DELETED, lead_id, {"lead_id": lead_id, "deleted_at": _iso(at)})


def _data(before: Standing | ScoreCard | None, after: ScoreCard) -> dict[str, Any]:
    """Scores and stages only: no personal data leaves in a webhook; receivers fetch the
    lead with an API key when they need more."""
    return {
        "lead_id": after.lead_id,
        "stage": after.stage.value,
        "previous_stage": stage_before(before, after).value,
        "stage_reason": after.stage_reason,
        "tier": after.tier,
        "previous_tier": before.tier if before is not None else None,
        "grade": after.grade,
        "fit": after.fit,
        "engagement": after.engagement,
        "total": after.total,
        "signals": list(after.signals),
        "as_of": _iso(after.as_of),
    }


def _iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def payload(notification: Notification, timestamp: datetime) -> dict[str, Any]:
    """The Standard Webhooks payload shape: `type`, `timestamp`, `data`."""
    return {
        "type": notification.kind.value,
        "timestamp": _iso(timestamp),
        "data": notification.data,
    }
