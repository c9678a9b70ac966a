"""One lead's event stream while it is being generated.

Behaviour is drawn as if time went on forever; the stream keeps only what happened after
the lead was created and not after the end of the simulation, which is what a CRM export
taken at `end` would contain. Events are plain tuples because millions are made.
"""

from __future__ import annotations

import math
import random
from typing import Any

#: Properties as a dict, or as JSON text already (the hot page-view path builds it directly).
Properties = dict[str, Any] | str
#: (epoch seconds, event type, properties)
RawEvent = tuple[float, str, Properties]


class Stream:
    __slots__ = ("created", "end", "events")

    def __init__(self, created: float, end: float) -> None:
        self.created = created
        self.end = end
        self.events: list[RawEvent] = []

    def add(self, ts: float, kind: str, properties: Properties) -> bool:
        """Record the event if it falls in (created, end]; say whether it did.

        Times are written in whole seconds, so "after created" means a second or more after.
        """
        if self.created + 1.0 <= ts <= self.end:
            self.events.append((ts, kind, properties))
            return True
        return False


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: exact and fast for the small means used here."""
    if mean <= 0:
        return 0
    limit = math.exp(-min(mean, 30.0))
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
