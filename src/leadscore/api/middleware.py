"""One pure-ASGI middleware for every request: a body size cap, a latency metric and a log
line. Pure ASGI (not BaseHTTPMiddleware) because it runs on the hot path.

The log line names method, route template, status and milliseconds only: no path values,
query strings, headers or bodies, so neither personal data nor keys reach the logs.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from leadscore.api.metrics import Metrics

log = logging.getLogger("leadscore.api")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes; nothing was applied")


class RequestGuard:
    def __init__(self, app: ASGIApp, metrics: Metrics, max_body: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        limit = self.max_body
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, capped_receive, send_status)
        finally:
            route = _route(scope)
            seconds = time.perf_counter() - started
            self.metrics.observe(scope["method"], route, status, seconds)
            log.info("%s %s %d %.1fms", scope["method"], route, status, seconds * 1000)


def _route(scope: dict[str, Any]) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "(unmatched)"
