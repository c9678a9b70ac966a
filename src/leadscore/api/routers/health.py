"""Liveness and metrics: no key needed, nothing personal in either."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel

from leadscore.api.app import ROUTERS
from leadscore.api.deps import service_of

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str


@router.get(
    "/healthz",
    response_model=Health,
    summary="Is the server up and its database usable?",
    responses={503: {"model": Health, "description": "The database is not ready"}},
)
def healthz(request: Request) -> JSONResponse:
    ready = service_of(request).ready()
    body = Health(status="ok" if ready else "degraded", database="ready" if ready else "not ready")
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


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
