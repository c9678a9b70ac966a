"""Errors as HTTP answers: 422 with the field path for bad input, 404 for unknown records.

Every 422 has FastAPI's own shape, `{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`,
whether pydantic or leadscore's own checks found the problem, so clients parse one shape.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

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


def install(app: FastAPI) -> None:
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
