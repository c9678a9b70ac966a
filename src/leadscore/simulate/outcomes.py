"""Outcomes: which leads sales accepted (SQL) and which became customers (won).

Sales mostly qualifies leads that raised a hand, a few days later, and accepts them more
often the better their hidden fit and intent; an SDR occasionally qualifies an in-market
lead that answered outreach. Deals close weeks to months after qualification, with
probability driven by fit; deals that would close after `end` are still open, so their
`won_at` is empty. Sales conversations mostly follow qualification, but discovery calls
with leads that are then turned down happen too, as in any real CRM.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from leadscore.simulate.behaviour import Journey
from leadscore.simulate.clock import DAY, HOUR, working_time
from leadscore.simulate.leads import Prospect
from leadscore.simulate.stream import Stream, poisson
from leadscore.simulate.visits import burst

TOPICS = ("budget", "timeline", "pricing", "technical")
_FIRST_CALL = (2, 1, 3, 4)
_LATER_CALLS = (3, 3, 2, 2)
_GOING_NOWHERE = (1, 1, 3, 3)


@dataclass(frozen=True, slots=True)
class Outcome:
    sql_at: float | None
    won_at: float | None


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def decide(rng: random.Random, prospect: Prospect, stream: Stream, journey: Journey) -> Outcome:
    """Qualify (or not), add the sales-side events, and close (or not) by `end`."""
    sql_at = _qualification(rng, prospect, stream, journey)
    if sql_at is None or sql_at > stream.end:
        return Outcome(None, None)
    won_chance = _sigmoid(1.2 * prospect.fit + 1.0 * (prospect.intent - 0.5) - 0.8)
    won = rng.random() < won_chance
    cycle = 30.0 + (25.0 if prospect.company.employees > 1000 else 0.0)
    close = sql_at + DAY * cycle * math.exp(rng.gauss(0.0, 0.45))
    _sales_process(rng, prospect, stream, sql_at, close if won else None)
    return Outcome(sql_at, close if won and close <= stream.end else None)


def _qualification(
    rng: random.Random, prospect: Prospect, stream: Stream, journey: Journey
) -> float | None:
    """When sales accepted the lead, if ever (possibly after `end`)."""
    fit, intent = prospect.fit, prospect.intent
    offset = prospect.company.utc_offset
    if rng.random() < _sales_sourced_chance(prospect):  # an event booth, a referral, an SDR
        at = working_time(rng, prospect.created + DAY * rng.expovariate(1 / 20.0), offset)
        if rng.random() < 0.4:
            replied = at - DAY * rng.uniform(0.5, 3.0)
            stream.add(replied, "email_reply", {"campaign": f"sdr-outreach-{rng.randint(1, 4)}"})
        return at
    if journey.hand_raise is not None:
        if rng.random() < _sigmoid(1.2 * fit + 1.5 * (intent - 0.4) + 0.3):
            delay = 0.3 + rng.gammavariate(2.0, 1.2)
            accepted = working_time(rng, journey.hand_raise + DAY * delay, offset)
            return max(accepted, journey.hand_raise + 2 * HOUR)
        if rng.random() < 0.35:  # a discovery call, then "not a fit / not now"
            at = working_time(rng, journey.hand_raise + DAY * rng.uniform(1.0, 6.0), offset)
            _call(rng, stream, at, _GOING_NOWHERE)
        return None
    if journey.window is not None and rng.random() < 0.04:  # a cold call, wrong moment
        _call(rng, stream, rng.uniform(*journey.window), (1, 3, 1, 1))
    return None


def _sales_sourced_chance(prospect: Prospect) -> float:
    """Leads sales qualifies directly, whatever they did online: mostly good-fit ones."""
    direct = 0.03 if prospect.source in ("event", "referral") else 0.0
    return 0.012 + direct + 0.02 * max(prospect.fit + 0.3, 0.0)


def _sales_process(
    rng: random.Random, prospect: Prospect, stream: Stream, sql_at: float, won_at: float | None
) -> None:
    """Calls about the deal, and the buyer checking pricing and docs between them."""
    offset = prospect.company.utc_offset
    calls = 1 + poisson(rng, 1.0 + (1.5 if won_at is not None else 0.0))
    at = sql_at
    for index in range(calls):
        at = working_time(rng, at + DAY * rng.uniform(1.0, 12.0), offset)
        if won_at is not None and at >= won_at:
            break
        _call(rng, stream, at, _FIRST_CALL if index == 0 else _LATER_CALLS)
    burst(rng, stream, sql_at, 30 * DAY, poisson(rng, 2.0), "research", offset)


def _call(rng: random.Random, stream: Stream, at: float, weights: tuple[int, ...]) -> None:
    topic = rng.choices(TOPICS, weights=weights)[0]
    stream.add(at, "sales_conversation", {"topic": topic})
