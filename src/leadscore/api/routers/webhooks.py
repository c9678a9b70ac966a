"""Webhook subscriptions (admin): create (the secret is shown in that answer only), list,
read, delete, and the deliveries queued or made for one."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

import leadscore.api.dispatch  # noqa: F401  (the dispatcher starts with the server)
from leadscore.access.idempotency import Reply
from leadscore.access.keys import ApiKey
from leadscore.access.scopes import Scope
from leadscore.api.app import ROUTERS
from leadscore.api.deps import require_scope, run_io, service_of
from leadscore.api.errors import AUTH_RESPONSES, Problem
from leadscore.api.idempotency import PARAMETER, idempotency_of, response
from leadscore.domain.webhook import Delivery, Subscription

router = APIRouter(tags=["webhooks"], dependencies=[Depends(require_scope(Scope.ADMIN))])

EventName = Literal["lead.mql", "lead.sql", "lead.tier_changed", "lead.recycled", "lead.deleted"]
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "No such subscription"}
}


#: 1 to 65535.
PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        max_length=2000,
        pattern=r"^https?://[A-Za-z0-9.-]+(:" + PORT + r")?([/?#]\S*)?$",
        description="absolute http(s) URL; redirects are not followed",
    )
    events: list[EventName] = Field(min_length=1, max_length=5)


class WebhookPublic(BaseModel):
    id: str
    url: str
    events: list[str]
    active: bool
    created_at: datetime
    disabled_at: datetime | None
    disabled_reason: str | None


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="`whsec_…`: verify signatures with it; shown only here")


class DeliveryPublic(BaseModel):
    id: int
    message_id: str
    kind: str
    lead_id: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str | None
    delivered_at: datetime | None


def _public(item: Subscription) -> dict[str, object]:
    return {
        "id": item.subscription_id,
        "url": item.url,
        "events": list(item.events),
        "active": item.active,
        "created_at": item.created_at,
        "disabled_at": item.disabled_at,
        "disabled_reason": item.disabled_reason,
    }


def _delivery(item: Delivery) -> DeliveryPublic:
    return DeliveryPublic(
        id=item.id,
        message_id=item.message_id,
        kind=item.kind,
        lead_id=item.lead_id,
        state=item.state.value,
        attempts=item.attempts,
        next_attempt_at=item.next_attempt_at,
        last_status=item.last_status,
        last_error=item.last_error,
        delivered_at=item.delivered_at,
    )


@router.post(
    "/v1/webhooks",
    status_code=201,
    response_model=WebhookCreated,
    summary="Subscribe a URL to lead notifications; answers with its whsec_ secret",
    responses=AUTH_RESPONSES,
    openapi_extra={"parameters": [PARAMETER]},
)
async def create_webhook(
    body: WebhookCreate, request: Request, key: ApiKey = Depends(require_scope(Scope.ADMIN))
) -> Response:
    service = service_of(request)

    def render(created: Subscription) -> Reply:
        out = WebhookCreated(**_public(created), secret=created.secret)  # type: ignore[arg-type]
        return Reply(201, out.model_dump_json().encode())

    raw = await request.body()
    reply, replayed = await run_io(
        request,
        service.keyed,
        idempotency_of(request, key, raw),
        render,
        service.webhooks.create_in,
        body.url,
        body.events,
        actor_of(key),
    )
    return response(reply, replayed)


def actor_of(key: ApiKey) -> str:
    """Who did it, for the audit log: the key's id (its name may be a person's)."""
    return f"api-key:{key.key_id}"


@router.get(
    "/v1/webhooks",
    response_model=list[WebhookPublic],
    summary="Webhook subscriptions (secrets are never listed)",
    responses=AUTH_RESPONSES,
)
def list_webhooks(request: Request) -> list[WebhookPublic]:
    return [WebhookPublic(**_public(item)) for item in service_of(request).webhooks.list()]  # type: ignore[arg-type]


@router.get(
    "/v1/webhooks/{webhook_id}",
    response_model=WebhookPublic,
    summary="One webhook subscription",
    responses={**AUTH_RESPONSES, **NOT_FOUND},
)
def get_webhook(webhook_id: str, request: Request) -> WebhookPublic:
    return WebhookPublic(**_public(service_of(request).webhooks.get(webhook_id)))  # type: ignore[arg-type]


@router.get(
    "/v1/webhooks/{webhook_id}/deliveries",
    response_model=list[DeliveryPublic],
    summary="Deliveries queued or made for a subscription, oldest first",
    responses={**AUTH_RESPONSES, **NOT_FOUND},
)
def list_deliveries(webhook_id: str, request: Request) -> list[DeliveryPublic]:
    return [_delivery(item) for item in service_of(request).webhooks.deliveries(webhook_id)]


@router.delete(
    "/v1/webhooks/{webhook_id}",
    status_code=204,
    summary="Delete a subscription and its queued deliveries",
    responses={**AUTH_RESPONSES, **NOT_FOUND},
)
def delete_webhook(
    webhook_id: str, request: Request, key: ApiKey = Depends(require_scope(Scope.ADMIN))
) -> Response:
    service_of(request).webhooks.delete(webhook_id, actor_of(key))
    return Response(status_code=204)


ROUTERS.append(router)
