"""Errors as HTTP answers: 422 with the field path for bad input, 404 for unknown records.

Every 422 has FastAPI's own shape, `{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`,
whether pydantic or leadscore's own checks found the problem, so clients parse one shape.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from leadscore.access.idempotency import IdempotencyConflict
from leadscore.errors import LeadscoreError, NotFoundError


class Problem(BaseModel):
    """An error other than bad input: what went wrong, in one line."""

    detail: str


class InvalidItem(BaseModel):
    loc: list[str | int] = Field(description="where: body / query / path / header, then keys")
    msg: str
    type: str


class Invalid(BaseModel):
    """Bad input: every problem found, each with the path of the offending field."""

    detail: list[InvalidItem]


class InputError(LeadscoreError):
    """Bad input at a place in the request (`loc`, as FastAPI's validation errors)."""

    def __init__(self, loc: Sequence[str | int], message: str) -> None:
        super().__init__(message)
        self.loc = tuple(loc)
        self.message = message


def unprocessable(loc: Sequence[str | int], message: str) -> JSONResponse:
    item = {"loc": list(loc), "msg": message, "type": "value_error"}
    return JSONResponse({"detail": [item]}, status_code=422)


async def _input_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputError)
    return unprocessable(exc.loc, exc.message)


async def _idempotency_conflict(_request: Request, exc: Exception) -> JSONResponse:
    return unprocessable(["header", "Idempotency-Key"], str(exc))


async def _not_found(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=404)


async def _leadscore_error(_request: Request, exc: Exception) -> JSONResponse:
    return unprocessable(["body"], str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's answers, except that a body FastAPI cannot parse is a 422 like every
    other bad input, and a 405 lists every method the path supports (each method is a
    route of its own, so Starlette's Allow header names only one)."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        return unprocessable(["body"], "not a JSON document in UTF-8")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        path = request.url.path
        methods = {
            method
            for route in request.app.routes
            if isinstance(route, APIRoute) and route.path_regex.match(path)
            for method in route.methods
        }
        headers["Allow"] = ", ".join(sorted(methods))
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(IdempotencyConflict, _idempotency_conflict)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(LeadscoreError, _leadscore_error)


#: Responses every authenticated route can give, for the OpenAPI document.
AUTH_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Missing, unknown or revoked API key"},
    403: {"model": Problem, "description": "The key lacks the scope this route needs"},
}
#: Responses of routes that take input.
INPUT_RESPONSES: dict[int | str, dict[str, object]] = {
    413: {"model": Problem, "description": "Body (500 KB) or one record (32 KB) too large"},
    422: {"model": Invalid, "description": "Bad input, with the path of each offending field"},
}
