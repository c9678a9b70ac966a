"""PlainRoute (api/deps.py) calls its endpoint with the request alone: a route that would
need FastAPI to solve anything is refused when it is declared, not run without it."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends, Request, Response

from leadscore.api.deps import PlainRoute


def test_a_plain_route_refuses_what_it_would_not_solve() -> None:
    router = APIRouter(route_class=PlainRoute)

    async def fine(request: Request) -> Response:
        return Response(b"ok")

    router.add_api_route("/fine", fine, methods=["POST"])

    async def query(limit: int) -> Response:
        return Response(b"no")

    async def needs() -> None:
        return None

    async def depends(request: Request, _: None = Depends(needs)) -> Response:
        return Response(b"no")

    for endpoint in (query, depends):
        with pytest.raises(TypeError, match="takes the request alone"):
            router.add_api_route("/other", endpoint, methods=["POST"])
