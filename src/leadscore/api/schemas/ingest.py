"""Ingest: what POST /v1/events and POST /v1/leads take and answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from leadscore.api.schemas.cards import ScoreCardOut, Standing


class EventIn(BaseModel):
    """An event; any other key becomes a property."""

    model_config = ConfigDict(extra="allow")

    event_id: str = Field(min_length=1, max_length=200)
    lead_id: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=200)
    occurred_at: datetime
    properties: dict[str, Any] = Field(default_factory=dict)


class SegmentCall(BaseModel):
    """A Segment-style call: track/page/screen become events, identify upserts a lead."""

    model_config = ConfigDict(extra="allow")

    type: Literal["track", "page", "screen", "identify", "group", "alias"]
    messageId: str = Field(min_length=1, max_length=200)
    userId: str | None = Field(None, max_length=200)
    anonymousId: str | None = Field(None, max_length=200)
    event: str | None = Field(None, description="the track call's event name")
    timestamp: datetime | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    traits: dict[str, Any] = Field(default_factory=dict)


class LeadIn(BaseModel):
    """A lead; blank fields keep what is stored; any other key is a custom attribute."""

    model_config = ConfigDict(extra="allow")

    lead_id: str = Field(min_length=1, max_length=200)
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
    do_not_email: bool | None = None
    do_not_call: bool | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


class IngestOut(BaseModel):
    received: int = Field(description="records in the request")
    stored: int = Field(description="new events stored")
    duplicates: int = Field(description="events whose event_id (messageId) was already stored")
    leads_created: int = Field(
        description="leads created, unidentified when only events named them"
    )
    leads_upserted: int = Field(description="lead records applied")
    card: ScoreCardOut | None = Field(
        None, description="for a request of one record: that lead's card after it"
    )
    leads: list[Standing] = Field(description="every lead the request touched, as it stands now")
