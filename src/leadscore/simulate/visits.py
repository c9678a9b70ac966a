"""Website visits: sessions of page views, their pages, dwell times and quick exits.

Visits come as a Poisson process whose rate depends on intent, and cluster inside the
buying window, where they also ramp up towards the hand-raise. A session is a short run of
page views; disengaged visitors often leave after a few seconds (a "quick exit").
"""

from __future__ import annotations

import math
import random
from statistics import NormalDist

from leadscore.simulate.clock import DAY, working_time
from leadscore.simulate.content import page_url
from leadscore.simulate.stream import Stream

WEEK = 7 * DAY

#: First pages seen by a lead who arrives through each source (None: arrived elsewhere).
LANDING: dict[str, tuple[str, ...] | None] = {
    "organic search": ("/blog/what-is-lead-scoring", "/blog/mql-vs-sql", "/blog/icp-worksheet"),
    "paid search": ("/pricing", "/product/scoring", "/compare/hubspot", "/product/predictive"),
    "linkedin ads": ("/blog/b2b-funnel-benchmarks", "/product/signals"),
    "webinar": ("/webinars",),
    "referral": ("/", "/pricing", "/customers/northwind"),
    "event": None,
    "content syndication": None,
    "direct": ("/", "/pricing", "/product/integrations"),
}


#: Dwell times of engaged page views: log-normal (median ~40 s, tail to 30 min), as an
#: inverse-CDF table because drawing a Gaussian per page view is the simulator's hot spot.
_DWELL = tuple(
    min(1_800, 6 + int(math.exp(NormalDist(3.5, 0.9).inv_cdf((i + 0.5) / 512)))) for i in range(512)
)


def _page_view(stream: Stream, ts: float, url: str, seconds: int) -> None:
    # URLs come from our own catalogue (no quotes or backslashes), so this is valid JSON.
    stream.add(ts, "page_view", f'{{"seconds_on_page":{seconds},"url":"{url}"}}')


def session(
    rng: random.Random,
    stream: Stream,
    ts: float,
    phase: str,
    quick_chance: float,
    first_url: str | None = None,
) -> None:
    """One visit: page views a few seconds to minutes apart; quick exits end it early."""
    draw = rng.random
    pages = 1 + int(rng.expovariate(1.0 / (2.6 if phase != "browse" else 1.2)))
    for page in range(pages):
        url = first_url if page == 0 and first_url else page_url(rng, phase)
        if draw() < quick_chance:
            _page_view(stream, ts, url, 1 + int(draw() * 5))
            return
        seconds = _DWELL[int(draw() * 512)]
        _page_view(stream, ts, url, seconds)
        ts += seconds + 1 + int(draw() * 15)


def landing(rng: random.Random, stream: Stream, source: str) -> None:
    """The visit during which the lead filled in the form that created it."""
    urls = LANDING[source]
    if urls is not None:
        session(rng, stream, stream.created + rng.uniform(5, 90), "browse", 0.0, rng.choice(urls))


def background(
    rng: random.Random, stream: Stream, per_week: float, quick_chance: float, offset: float
) -> int:
    """Occasional visits over the whole lifetime; returns how many happened."""
    if per_week <= 0:
        return 0
    count, ts = 0, stream.created
    while True:
        ts += rng.expovariate(per_week / WEEK)
        if ts > stream.end:
            return count
        session(rng, stream, working_time(rng, ts, offset), "browse", quick_chance)
        count += 1


def burst(
    rng: random.Random,
    stream: Stream,
    start: float,
    length: float,
    sessions: int,
    phase: str,
    offset: float,
) -> None:
    """`sessions` visits inside [start, start + length], denser towards the end (a ramp)."""
    for _ in range(sessions):
        at = start + length * rng.random() ** 0.6
        session(rng, stream, working_time(rng, at, offset), phase, 0.04)
