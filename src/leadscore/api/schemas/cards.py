"""A lead's score as the API shows it: the card with every point explained, its history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ContributionOut(BaseModel):
    group: str = Field(description="fit or engagement")
    rule: str
    points: float = Field(description="what counts towards the score")
    raw: float = Field(description="points before decay")
    decayed: float = Field(description="points after decay, before the rule's cap")
    event_ids: list[str]
    cap_hit: bool
    kind: str = Field(description="rule, or limit for a group's limit line")


class ScoreCardOut(BaseModel):
    lead_id: str
    as_of: datetime
    fit: float
    engagement: float
    total: float
    tier: str
    grade: str
    stage: str
    stage_reason: str
    signals: list[str]
    contributions: list[ContributionOut]


class Standing(BaseModel):
    """A lead's current numbers without the explanation."""

    lead_id: str
    total: float
    fit: float
    engagement: float
    tier: str
    grade: str
    stage: str
    signals: list[str]


class TransitionOut(BaseModel):
    from_stage: str
    to_stage: str
    at: datetime
    reason: str
    actor: str


class DecisionOut(BaseModel):
    kind: str
    decided_at: datetime
    reason: str
    bant: list[str]
    actor: str


class LeadOut(BaseModel):
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
    identified: bool = True
    attributes: dict[str, Any] = Field(default_factory=dict)


class LeadDetailOut(BaseModel):
    lead: LeadOut
    card: ScoreCardOut | None = Field(description="null until the lead is first scored")
    stage_history: list[TransitionOut]
    decisions: list[DecisionOut]


class LeadPage(BaseModel):
    items: list[Standing]
    next_cursor: str | None = Field(
        description="pass as `cursor` for the next page; null at the end"
    )


class Funnel(BaseModel):
    stages: dict[str, int] = Field(description="leads per lifecycle stage, in funnel order")
    total: int
