"""Leads: upsert (POST /v1/leads), the ranked list (GET /v1/leads), one lead's card."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from leadscore.access.keys import ApiKey
from leadscore.access.scopes import Scope
from leadscore.api import render
from leadscore.api.app import OPENAPI_MODELS, ROUTERS
from leadscore.api.bodies import is_ndjson, read_capped, records
from leadscore.api.deps import ingest_of, require_scope, service_of
from leadscore.api.errors import AUTH_RESPONSES, INPUT_RESPONSES, InputError, Problem
from leadscore.api.idempotency import PARAMETER, idempotency_of, response
from leadscore.api.schemas.cards import LeadDetailOut, LeadPage
from leadscore.api.schemas.ingest import IngestOut, LeadIn
from leadscore.domain.lead import Lead
from leadscore.domain.score_filter import ScoreFilter
from leadscore.domain.stage import Stage
from leadscore.errors import UnknownChoiceError
from leadscore.ingest.records import lead_record
from leadscore.ingest.values import FieldError
from leadscore.realtime import IngestRequest

router = APIRouter(tags=["leads"])

_LEAD = {"$ref": "#/components/schemas/LeadIn"}
BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"anyOf": [_LEAD, {"type": "array", "items": _LEAD}]}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    },
}
NOT_FOUND = {404: {"model": Problem, "description": "No lead with this id"}}


@router.post(
    "/v1/leads",
    status_code=201,
    response_model=IngestOut,
    summary="Upsert one lead or many (JSON object, array or NDJSON) and rescore them",
    responses={
        200: {"model": IngestOut, "description": "No lead in the request: nothing changed"},
        201: {"model": IngestOut, "description": "Leads upserted and rescored"},
        **AUTH_RESPONSES,
        **INPUT_RESPONSES,
    },
    openapi_extra={"requestBody": BODY, "parameters": [PARAMETER]},
)
async def post_leads(
    request: Request, key: ApiKey = Depends(require_scope(Scope.INGEST))
) -> Response:
    settings = request.app.state.settings
    body = await read_capped(request, settings.max_batch_bytes)
    found, batch = records(body, is_ndjson(request), settings.max_event_bytes)
    leads: list[Lead] = []
    seen: dict[str, object] = {}
    for loc, values in found:
        try:
            lead = lead_record(values)
        except FieldError as exc:
            raise InputError([*loc, exc.field] if exc.field else loc, exc.message) from None
        if lead.lead_id in seen:
            raise InputError([*loc, "lead_id"], f"lead {lead.lead_id!r} appears twice")
        seen[lead.lead_id] = loc
        leads.append(lead)
    idempotency = idempotency_of(request, key, body)
    work = IngestRequest((), leads, render.ingest_render(not batch), idempotency)
    result, reply = await ingest_of(request).submit(work, len(leads))
    assert reply is not None
    if result is not None:
        request.app.state.metrics.count("leadscore_leads_upserted_total", result.leads_upserted)
    return response(reply, replayed=result is None)


@router.get(
    "/v1/leads",
    response_model=LeadPage,
    summary="Leads by score, best first; filter by tier, grade, stage, owner or signal",
    responses={**AUTH_RESPONSES, 422: INPUT_RESPONSES[422]},
    dependencies=[Depends(require_scope(Scope.READ))],
)
def list_leads(
    request: Request,
    tier: Annotated[str | None, Query(max_length=100)] = None,
    grade: Annotated[str | None, Query(max_length=100)] = None,
    stage: Stage | None = None,
    owner: Annotated[str | None, Query(max_length=200, description="attribute `owner`")] = None,
    signal: Annotated[str | None, Query(max_length=200, description="an active signal")] = None,
    sort: Literal["-score", "score"] = "-score",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: Annotated[str | None, Query(max_length=600)] = None,
) -> Response:
    ascending = sort == "score"
    where = ScoreFilter(tier, grade, stage.value if stage else None, owner, signal)
    after = _position(cursor, ascending) if cursor else None
    try:
        page = service_of(request).lead_page(where, limit + 1, after, ascending)
    except UnknownChoiceError as exc:
        raise InputError(["query", exc.field], str(exc)) from None
    items = [render.standing(stored.card) for stored in page[:limit]]
    following = None
    if len(page) > limit:
        last = page[limit - 1].card
        following = _cursor(last.total, last.lead_id, ascending)
    return Response(
        render.dumps({"items": items, "next_cursor": following}), 200, media_type="application/json"
    )


@router.get(
    "/v1/leads/{lead_id}",
    response_model=LeadDetailOut,
    summary="One lead: its card with every point explained, signals, stage history, decisions",
    responses={**AUTH_RESPONSES, **NOT_FOUND, 422: INPUT_RESPONSES[422]},
    dependencies=[Depends(require_scope(Scope.READ))],
)
def get_lead(request: Request, lead_id: str) -> Response:
    detail = service_of(request).detail(lead_id)
    return Response(render.dumps(render.detail(detail)), 200, media_type="application/json")


def _cursor(total: float, lead_id: str, ascending: bool) -> str:
    raw = json.dumps([total, lead_id, "asc" if ascending else "desc"]).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _position(cursor: str, ascending: bool) -> tuple[float, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        total, lead_id, direction = json.loads(raw)
        valid = isinstance(total, int | float) and isinstance(lead_id, str)
        position = (float(total), lead_id)
    except (binascii.Error, ValueError, TypeError, OverflowError, RecursionError):
        valid = False
    if not valid or direction != ("asc" if ascending else "desc"):
        raise InputError(["query", "cursor"], "not a cursor this listing handed out (same sort)")
    return position


ROUTERS.append(router)
OPENAPI_MODELS.extend((LeadIn,))
