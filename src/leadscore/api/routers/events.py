"""POST /v1/events: one event, a JSON array, or NDJSON; Segment track/identify calls too.

Each request is applied whole or not at all (see realtime.py): new events are stored, the
leads they touch rescored, and the reply lists each such lead as it stands; a repeated
event_id (messageId) changes nothing and, alone, answers 200. Requests that arrive
together share a transaction when they share no lead (api/ingest_queue.py).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from leadscore.access.scopes import Scope
from leadscore.api.app import OPENAPI_MODELS, QUERY_FREE, ROUTERS
from leadscore.api.bodies import is_ndjson, read_capped, records
from leadscore.api.deps import BEARER, PlainRoute, ingest_of, key_of, no_query
from leadscore.api.errors import AUTH_RESPONSES, INPUT_RESPONSES, InputError
from leadscore.api.idempotency import PARAMETER, idempotency_of, response
from leadscore.api.render import ingest_render
from leadscore.api.schemas.ingest import EventIn, IngestOut, SegmentCall
from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.ingest.records import record_item
from leadscore.ingest.values import FieldError
from leadscore.realtime import IngestRequest

router = APIRouter(tags=["ingest"], route_class=PlainRoute)

_ONE_OF = {
    "oneOf": [
        {"$ref": "#/components/schemas/EventIn"},
        {"$ref": "#/components/schemas/SegmentCall"},
    ]
}
BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"anyOf": [_ONE_OF, {"type": "array", "items": _ONE_OF}]}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    },
}


@router.post(
    "/v1/events",
    status_code=201,
    response_model=IngestOut,
    summary="Ingest events (one, a JSON array, or NDJSON) and rescore the leads they touch",
    responses={
        200: {"model": IngestOut, "description": "Every event was already stored: nothing changed"},
        201: {"model": IngestOut, "description": "New events stored, their leads rescored"},
        **AUTH_RESPONSES,
        **INPUT_RESPONSES,
    },
    openapi_extra={"requestBody": BODY, "parameters": [PARAMETER], **BEARER},
)
async def post_events(request: Request) -> Response:
    key = key_of(request, Scope.INGEST)  # not a dependency: see api/deps.py
    no_query(request)  # not a dependency either (app.QUERY_FREE)
    settings = request.app.state.settings
    body = await read_capped(request, settings.max_batch_bytes)
    found, batch = records(body, is_ndjson(request), settings.max_event_bytes)
    events: list[Event] = []
    leads: list[Lead] = []
    for loc, values in found:
        try:
            item = record_item(values)
        except FieldError as exc:
            raise InputError([*loc, exc.field] if exc.field else loc, exc.message) from None
        if isinstance(item, Event):
            events.append(item)
        elif isinstance(item, Lead):
            leads.append(item)
    idempotency = idempotency_of(request, key, body)
    work = IngestRequest(events, leads, ingest_render(not batch), idempotency, len(found))
    result, reply = await ingest_of(request).submit(work, len(found))
    assert reply is not None
    if result is not None:
        metrics = request.app.state.metrics
        metrics.count("leadscore_events_ingested_total", result.stored)
        metrics.count("leadscore_events_duplicate_total", result.duplicates)
    return response(reply, replayed=result is None)


ROUTERS.append(router)
QUERY_FREE.append(router)
OPENAPI_MODELS.extend((EventIn, SegmentCall))
