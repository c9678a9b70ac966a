"""GET /v1/funnel: how many leads stand at each lifecycle stage."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from leadscore.access.scopes import Scope
from leadscore.api.app import ROUTERS
from leadscore.api.deps import require_scope, service_of
from leadscore.api.errors import AUTH_RESPONSES
from leadscore.api.schemas.cards import Funnel

router = APIRouter(tags=["leads"])


@router.get(
    "/v1/funnel",
    response_model=Funnel,
    summary="Leads per lifecycle stage, in funnel order",
    responses=AUTH_RESPONSES,
    dependencies=[Depends(require_scope(Scope.READ))],
)
def funnel(request: Request) -> Funnel:
    stages = service_of(request).funnel()
    return Funnel(stages=stages, total=sum(stages.values()))


ROUTERS.append(router)
