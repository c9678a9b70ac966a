"""Dependencies routes share: the facade, the calling API key and its scope check.

Routers declare `dependencies=[Depends(require_scope(Scope.READ))]` (or take the key as
a parameter with `key: ApiKey = Depends(require_scope(...))`) and reach the facade with
`service_of(request)`: routes never query the store themselves. The hot ingest route
calls `key_of` itself instead (see `BEARER`): FastAPI's dependency solving cost more
than the check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Depends, HTTPException, Request, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from leadscore.access.keys import ApiKey
from leadscore.access.scopes import Scope, allows
from leadscore.api.errors import InputError
from leadscore.api.ingest_queue import IngestQueue
from leadscore.api.ingest_writer import IngestWriter
from leadscore.service import LeadService

T = TypeVar("T")
bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer lsk_…`")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}
#: The OpenAPI `security` of a route that calls `key_of` itself: what `require_scope`
#: declares through its `bearer` dependency.
BEARER = {"security": [{bearer.scheme_name: []}]}


class PlainRoute(APIRoute):
    """A route whose endpoint takes the request alone and returns a Response, called as it
    is: FastAPI's dependency solving, for a route with nothing to solve, cost the hot ingest
    route more than its own work. The OpenAPI document still comes from the route."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        if self.dependant.dependencies or self.dependant.query_params or self.body_field:
            raise TypeError(f"{self.path}: a PlainRoute endpoint takes the request alone")
        endpoint: Callable[[Request], Coroutine[Any, Any, Response]] = self.endpoint
        return endpoint


def ingest_of(request: Request) -> IngestQueue | IngestWriter:
    """Where the app's ingest goes: its group-commit queue (api/ingest_queue.py), or while
    the server runs with one, the writer process (api/ingest_writer.py)."""
    ingest: IngestQueue | IngestWriter = request.app.state.ingest
    return ingest


def service_of(request: Request) -> LeadService:
    service: LeadService = request.app.state.service
    return service


async def run_io(request: Request, work: Callable[..., T], *args: Any) -> T:
    """Run facade work that talks to the database: in a worker thread when the database is
    a server (the event loop serves other requests while this one waits on round trips),
    inline on SQLite (its writers queue on one lock anyway; a thread would only add cost)."""
    if service_of(request).store.networked:
        return await run_in_threadpool(work, *args)
    return work(*args)


def require_scope(scope: Scope) -> Callable[..., Awaitable[ApiKey]]:
    """A dependency: 401 without a valid key, 403 when the key lacks `scope` (admin has all)."""

    async def check(
        request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
    ) -> ApiKey:
        return _checked(request, credentials.credentials if credentials else None, scope)

    check.__name__ = f"require_{scope.value}"
    return check


def key_of(request: Request, scope: Scope) -> ApiKey:
    """`require_scope(scope)` called directly: the bearer token read as `HTTPBearer`
    reads it, then the same 401/403. A route using it declares `openapi_extra=BEARER`."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    usable = scheme.lower() == "bearer" and token
    return _checked(request, token if usable else None, scope)


def _checked(request: Request, token: str | None, scope: Scope) -> ApiKey:
    if token is None:
        raise HTTPException(401, "missing API key: send Authorization: Bearer <key>", _CHALLENGE)
    key = service_of(request).keys.verify(token)
    if key is None:
        raise HTTPException(401, "unknown or revoked API key", _CHALLENGE)
    if not allows(key.scopes, scope):
        raise HTTPException(403, f"this API key lacks the {scope.value!r} scope")
    request.state.api_key = key
    return key


async def known_query(request: Request) -> None:
    """A dependency of every router's routes (`create_app`): a query parameter the route
    does not declare is a 422 (a misspelt filter such as `?teir=hot` must not silently list
    everything)."""
    if not request.query_params:
        return
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    declared = {param.alias for param in _query_params(dependant)}
    for name in request.query_params:
        if name not in declared:
            raise InputError(["query", name], "unknown query parameter")


def no_query(request: Request) -> None:
    """`known_query` for a route that declares no query parameter, called by the route
    itself (its router is in `app.QUERY_FREE`)."""
    if request.scope["query_string"]:
        for name in request.query_params:
            raise InputError(["query", name], "unknown query parameter")


def _query_params(dependant: Any) -> list[Any]:
    found = list(dependant.query_params)
    for sub in dependant.dependencies:
        found += _query_params(sub)
    return found
