"""Ingest: what POST /v1/events and POST /v1/leads take and answer."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from leadscore.api.schemas.cards import ScoreCardOut, Standing

#: Text, or a number read as its digits (ids exported by tools that type them).
Id = str | float
#: ISO 8601 text (a date alone is midnight UTC; no zone means UTC) or epoch seconds.
Moment = str | float
#: Text; a number is kept as its digits.
Text = str | float


class EventIn(BaseModel):
    """An event; any other key becomes a property."""

    model_config = ConfigDict(extra="allow")

    event_id: Id = Field(description="unique per event: a repeat is skipped")
    lead_id: Id = Field(description="an unknown lead is created, unidentified")
    type: Id
    occurred_at: Moment
    properties: dict[str, Any] | None = Field(None, description="null or absent: none")


class SegmentCall(BaseModel):
    """A Segment-style call: track/page/screen become events, identify upserts a lead."""

    model_config = ConfigDict(extra="allow")

    type: Literal["track", "page", "screen", "identify", "group", "alias"]
    messageId: str = Field(min_length=1, max_length=200)
    userId: str | None = Field(None, max_length=200)
    anonymousId: str | None = Field(None, max_length=200)
    event: str | None = Field(None, description="the track call's event name")
    timestamp: Moment | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    traits: dict[str, Any] = Field(default_factory=dict)


class LeadIn(BaseModel):
    """A lead; blank fields keep what is stored; any other key is a custom attribute."""

    model_config = ConfigDict(extra="allow")

    lead_id: Id
    email: Text | None = None
    first_name: Text | None = None
    last_name: Text | None = None
    title: Text | None = None
    company: Text | None = None
    domain: Text | None = None
    industry: Text | None = None
    employees: int | float | str | None = Field(None, description="a whole number")
    annual_revenue: float | str | None = Field(None, description="a number")
    country: Text | None = None
    source: Text | None = None
    created_at: Moment | None = None
    do_not_email: bool | int | str | None = Field(None, description="true/false, 1/0, yes/no")
    do_not_call: bool | int | str | None = Field(None, description="true/false, 1/0, yes/no")
    attributes: dict[str, Any] | None = None


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
