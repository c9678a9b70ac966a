"""A small time-limited cache of verified keys, so a request costs no key lookup query.

A revoked key stays usable in a process for at most `ttl` seconds (default 30).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class TtlCache(Generic[V]):
    def __init__(self, ttl: float, size: int = 1024, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.size = size
        self._clock = clock
        self._items: dict[str, tuple[float, V]] = {}

    def get(self, key: str) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        if found[0] < self._clock():
            self._items.pop(key, None)
            return None
        return found[1]

    def put(self, key: str, value: V) -> None:
        if len(self._items) >= self.size:
            self._items.clear()
        self._items[key] = (self._clock() + self.ttl, value)

    def clear(self) -> None:
        self._items.clear()
