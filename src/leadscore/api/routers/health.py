"""Liveness and metrics: no key needed, nothing personal in either."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from leadscore.api.app import ROUTERS
from leadscore.api.deps import service_of

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str


@router.get("/healthz", response_model=Health, summary="Is the server up and its database usable?")
def healthz(request: Request) -> Health:
    ready = service_of(request).ready()
    return Health(status="ok" if ready else "degraded", database="ready" if ready else "not ready")


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    summary="Prometheus metrics (text format) of this worker process",
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(request: Request) -> PlainTextResponse:
    body = request.app.state.metrics.render()
    return PlainTextResponse(body, media_type="text/plain; version=0.0.4")


ROUTERS.append(router)
