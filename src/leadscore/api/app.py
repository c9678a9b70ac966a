"""The FastAPI app: `create_app(settings, service=None)`.

Extending it (other parts of leadscore plug in here, at import time of their module):

- `ROUTERS` is the list of APIRouters the app mounts, in order. Append yours:
  `from leadscore.api.app import ROUTERS; ROUTERS.append(my_router)` from a module that
  `leadscore.api.routers` imports (add it to `routers/__init__.py`).
- `LIFESPAN_HOOKS` is the list of lifespan hooks: each is called with the app and returns
  an async context manager entered when the server starts and left when it stops (e.g.
  a background dispatcher). `app.state.service` (the facade) and `app.state.settings` are
  set before any hook runs.

Routes reach the facade through `api.deps.service_of(request)` and guard themselves with
`api.deps.require_scope(Scope.X)`; they never import the stores. Every router's routes
refuse unknown query parameters (`deps.known_query`) unless the router is in `QUERY_FREE`
and its routes do it themselves. The app's own lifespan hook, `writer_running`
(api/ingest_writer.py), comes before the others.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from importlib.metadata import version
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from leadscore.api import errors
from leadscore.api.deps import known_query
from leadscore.api.ingest_queue import IngestQueue
from leadscore.api.ingest_writer import writer_running
from leadscore.api.metrics import Metrics
from leadscore.api.middleware import RequestGuard
from leadscore.api.settings import Settings
from leadscore.service import LeadService

LifespanHook = Callable[[FastAPI], AbstractAsyncContextManager[None]]

#: Routers mounted by create_app, in order (see the module docstring).
ROUTERS: list[APIRouter] = []
#: Lifespan hooks entered at startup, left at shutdown (see the module docstring).
LIFESPAN_HOOKS: list[LifespanHook] = []
#: Routers whose routes take no query parameter and refuse any themselves
#: (`deps.no_query`) rather than through `deps.known_query`, which every other router gets:
#: on the hot ingest route FastAPI's dependency solving costs more than the check.
QUERY_FREE: list[APIRouter] = []
#: Models that routes reference from hand-written OpenAPI bodies ($ref by class name).
OPENAPI_MODELS: list[type[BaseModel]] = []

DESCRIPTION = """Real-time lead scoring: push leads and events in, read explained scores,
record sales decisions. Every route but `/healthz` and `/metrics` needs an API key
(`Authorization: Bearer lsk_…`) with the right scope: ingest, read, sales or admin."""


def create_app(settings: Settings | None = None, service: LeadService | None = None) -> FastAPI:
    """The app over `service` (default: the facade over `settings.database`)."""
    import leadscore.api.routers  # noqa: F401  (fills ROUTERS)

    settings = settings or Settings.from_env()
    if service is None:
        service = LeadService.open(settings.database)
    service.keys.set_cache_seconds(settings.key_cache_seconds)
    hooks = [writer_running, *LIFESPAN_HOOKS]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            for hook in hooks:
                await stack.enter_async_context(hook(app))
            yield

    app = FastAPI(
        responses={422: errors.INPUT_RESPONSES[422]},
        title="leadscore",
        version=version("leadscore"),
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = service
    app.state.metrics = Metrics()
    app.state.ingest = IngestQueue(
        service.realtime, threaded=service.store.networked, metrics=app.state.metrics
    )
    errors.install(app)
    for router in ROUTERS:
        checked = [] if router in QUERY_FREE else [Depends(known_query)]
        app.include_router(router, dependencies=checked)
    app.add_middleware(RequestGuard, metrics=app.state.metrics, max_body=settings.max_batch_bytes)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus the models hand-written request bodies refer to."""
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for model in OPENAPI_MODELS:
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(found.pop("$defs", {}))
            schemas[model.__name__] = found
        app.openapi_schema = document
    return app.openapi_schema
