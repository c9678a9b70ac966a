"""A real webhook receiver on 127.0.0.1 for tests: it checks each request's Standard
Webhooks signature the way the README tells receivers to (hmac + base64 only, no
leadscore code) and answers from a script of statuses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def signature_is_valid(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """The README's receiver snippet."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    fresh = abs(time.time() - int(headers["webhook-timestamp"])) <= 300
    given = [part.split(",", 1)[1] for part in headers["webhook-signature"].split()]
    return fresh and any(hmac.compare_digest(expected, sig) for sig in given)


@dataclass(frozen=True)
class Received:
    webhook_id: str
    payload: dict[str, Any]
    verified: bool
    at: float


class Receiver:
    """`script` holds (status, headers) answers used in order; then `default` forever."""

    def __init__(self, script: list[tuple[int, dict[str, str]]] | None = None) -> None:
        self.secret = ""
        self.received: list[Received] = []
        self.script = deque(script or [])
        self.default = (204, {})
        self._arrived = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver._record(headers, body)
                status, extra = receiver.script.popleft() if receiver.script else receiver.default
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def _record(self, headers: dict[str, str], body: bytes) -> None:
        try:
            verified = signature_is_valid(self.secret, headers, body)
        except (KeyError, ValueError, IndexError):
            verified = False
        item = Received(headers.get("webhook-id", ""), json.loads(body), verified, time.monotonic())
        with self._arrived:
            self.received.append(item)
            self._arrived.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
