"""Privacy requests (admin): export everything held on a lead, erase it, record or lift
its objection to processing; and the audit log, read-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from leadscore.access.idempotency import Reply
from leadscore.access.keys import ApiKey
from leadscore.access.scopes import Scope
from leadscore.api.app import ROUTERS
from leadscore.api.deps import require_scope, run_io, service_of
from leadscore.api.errors import AUTH_RESPONSES, Problem
from leadscore.api.idempotency import PARAMETER, idempotency_of, response
from leadscore.api.routers.webhooks import actor_of

router = APIRouter(tags=["privacy"], dependencies=[Depends(require_scope(Scope.ADMIN))])
admin = require_scope(Scope.ADMIN)
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "No such lead (or no objection to lift)"}
}


class ObjectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=2000, description="e.g. how the person asked")


class ObjectionOut(BaseModel):
    lead_id: str
    reason: str
    actor: str
    at: datetime


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditPage(BaseModel):
    entries: list[AuditEntryOut]
    next_after: int | None = Field(description="pass as `after` for the next page; null at the end")


@router.get(
    "/v1/leads/{lead_id}/export",
    summary="Everything held on a lead: fields, events, scores, histories, decisions, "
    "webhooks sent about it, audit entries",
    responses={**AUTH_RESPONSES, **NOT_FOUND},
)
def export_lead(lead_id: str, request: Request) -> dict[str, Any]:
    return service_of(request).privacy.export(lead_id)


@router.delete(
    "/v1/leads/{lead_id}",
    status_code=204,
    summary="Erase a lead: personal data, events and history; its email and id are kept "
    "only as hashes so it is not imported again",
    responses={**AUTH_RESPONSES, **NOT_FOUND},
)
def erase_lead(lead_id: str, request: Request, key: ApiKey = Depends(admin)) -> Response:
    service_of(request).privacy.erase(lead_id, actor_of(key))
    return Response(status_code=204)


@router.post(
    "/v1/leads/{lead_id}/objection",
    response_model=ObjectionOut,
    summary="Record an objection (do not process / contact): scoring, stage changes and "
    "webhooks for the lead stop at once",
    responses={**AUTH_RESPONSES, **NOT_FOUND},
    openapi_extra={"parameters": [PARAMETER]},
)
async def object_to_processing(
    lead_id: str, body: ObjectionIn, request: Request, key: ApiKey = Depends(admin)
) -> Response:
    service = service_of(request)
    raw = await request.body()
    reply, replayed = await run_io(
        request,
        service.keyed,
        idempotency_of(request, key, raw),
        lambda found: Reply(200, ObjectionOut(**found).model_dump_json().encode()),
        service.privacy.object_in,
        lead_id,
        actor_of(key),
        body.reason,
    )
    return response(reply, replayed)


@router.delete(
    "/v1/leads/{lead_id}/objection",
    status_code=204,
    summary="Lift an objection: the lead is scored again from its next event or decision",
    responses={**AUTH_RESPONSES, **NOT_FOUND},
)
def withdraw_objection(lead_id: str, request: Request, key: ApiKey = Depends(admin)) -> Response:
    service_of(request).privacy.withdraw_objection(lead_id, actor_of(key))
    return Response(status_code=204)


@router.get(
    "/v1/audit",
    response_model=AuditPage,
    summary="The audit log, oldest first: stage changes, decisions, keys, webhooks, "
    "privacy requests",
    responses=AUTH_RESPONSES,
)
def audit_log(
    request: Request,
    subject: str | None = Query(None, max_length=260, description="e.g. lead:L1, webhook:wh_…"),
    action: str | None = Query(None, max_length=60, description="e.g. lead.stage_changed"),
    after: int = Query(0, ge=0, le=2**62, description="the next_after of the previous page"),
    limit: int = Query(100, ge=1, le=1000),
) -> AuditPage:
    entries = service_of(request).privacy.audit(subject, action, after, limit)
    out = [AuditEntryOut.model_validate(entry, from_attributes=True) for entry in entries]
    return AuditPage(entries=out, next_after=out[-1].id if len(out) == limit else None)


ROUTERS.append(router)
