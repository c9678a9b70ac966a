"""POST /v1/leads/{id}/decision: sales accept (with BANT), reject, disqualify, open a deal, win."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from leadscore.access.idempotency import Reply
from leadscore.access.keys import ApiKey
from leadscore.access.scopes import Scope
from leadscore.api import render
from leadscore.api.app import ROUTERS
from leadscore.api.deps import require_scope, run_io, service_of
from leadscore.api.errors import AUTH_RESPONSES, INPUT_RESPONSES, Problem
from leadscore.api.idempotency import PARAMETER, idempotency_of, response
from leadscore.api.schemas.cards import LeadDetailOut
from leadscore.domain.decision import BANT_ITEMS, DecisionKind

router = APIRouter(tags=["sales"])


class DecisionIn(BaseModel):
    decision: DecisionKind = Field(
        description="accept -> sql (needs enough BANT), reject -> nurture and disqualify -> "
        "disqualified (both need a reason), opportunity, won -> customer"
    )
    reason: str = Field("", max_length=2000)
    bant: list[str] = Field(
        default_factory=list, max_length=4, description=f"confirmed: {', '.join(BANT_ITEMS)}"
    )
    actor: str | None = Field(None, max_length=200, description="who decided (default: the key)")
    at: datetime | None = Field(None, description="when (default: now); back-dating is replayed")


@router.post(
    "/v1/leads/{lead_id}/decision",
    response_model=LeadDetailOut,
    summary="Record a sales decision; the lead is rescored and its stage follows",
    responses={
        **AUTH_RESPONSES,
        404: {"model": Problem, "description": "No lead with this id"},
        **INPUT_RESPONSES,
    },
    openapi_extra={"parameters": [PARAMETER]},
)
async def post_decision(
    request: Request,
    lead_id: str,
    decision: DecisionIn,
    key: ApiKey = Depends(require_scope(Scope.SALES)),
) -> Response:
    service = service_of(request)
    body = await request.body()
    actor = decision.actor or key.name or f"api-key:{key.key_id}"

    reply, replayed = await run_io(
        request,
        service.decide_once,
        idempotency_of(request, key, body),
        lambda detail: Reply(200, render.dumps(render.detail(detail))),
        lead_id,
        decision.decision,
        decision.reason,
        decision.bant,
        actor,
        decision.at,
    )
    return response(reply, replayed)


ROUTERS.append(router)
