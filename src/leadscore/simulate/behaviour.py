"""Behaviour: everything a lead does between being created and the end of the simulation.

Every lead gets the email programme and occasional visits. A lead that is in market (more
likely the higher its intent) also has a buying window of a few weeks: visits cluster and
ramp up, turn to pricing, product, customer stories and competitor pages, and bring
downloads, webinars and product questions. Many such leads finally raise a hand (demo
request, trial start or contact-sales form). Low-intent leads mostly open a few emails,
skim the blog, leave quickly and sometimes unsubscribe.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from leadscore.simulate import content
from leadscore.simulate.clock import DAY, working_time
from leadscore.simulate.emails import email_programme
from leadscore.simulate.leads import Prospect
from leadscore.simulate.stream import Stream, poisson
from leadscore.simulate.visits import WEEK, background, burst, landing


@dataclass(frozen=True, slots=True)
class Journey:
    """The parts of a lead's behaviour that sales and the outcome model react to."""

    window: tuple[float, float] | None
    hand_raise: float | None


def behave(rng: random.Random, prospect: Prospect, end: float) -> tuple[Stream, Journey]:
    """Draw a lead's whole event stream; return it with its buying journey."""
    stream = Stream(prospect.created, end)
    intent, offset = prospect.intent, prospect.company.utc_offset
    window = _buying_window(rng, prospect)
    landing(rng, stream, prospect.source)
    _source_touch(rng, stream, prospect)
    email_programme(rng, stream, prospect, window)
    background(rng, stream, 0.3 + 0.8 * intent, 0.4 * (1.0 - intent), offset)
    _social(rng, stream, intent)
    _early_content(rng, stream, intent)
    if window is None:
        return stream, _curious(rng, stream, prospect)
    start, stop = window
    length = stop - start
    sessions = poisson(rng, (1.0 + 4.0 * intent) * length / WEEK)
    burst(rng, stream, start, length, sessions, "research", offset)
    _research(rng, stream, start, length, intent, offset)
    if rng.random() >= 0.1 + 0.5 * intent:
        return stream, Journey(window, None)
    kind = _hand_raise_type(rng, prospect)
    at = working_time(rng, start + length * rng.uniform(0.5, 1.0), offset)
    return stream, Journey(window, at if _hand_raise(rng, stream, prospect, at, kind) else None)


def _buying_window(rng: random.Random, prospect: Prospect) -> tuple[float, float] | None:
    """High intent: in market soon after arriving. Low intent: rarely, and much later."""
    intent = prospect.intent
    if rng.random() >= 0.06 + 0.9 * intent:
        return None
    start = prospect.created + DAY * rng.expovariate(1.0 / (2.0 + 70.0 * (1.0 - intent)))
    return start, start + DAY * rng.uniform(10.0, 50.0)


def _source_touch(rng: random.Random, stream: Stream, prospect: Prospect) -> None:
    """The activity the source itself implies: a gated download, a webinar attended."""
    at = stream.created + rng.uniform(5, 120)
    if prospect.source in ("content syndication", "linkedin ads"):
        asset, kind = rng.choice(content.ASSETS_EARLY)
        stream.add(at, "content_download", {"asset": asset, "asset_type": kind})
    elif prospect.source == "webinar" and rng.random() < 0.6:
        kind, title = rng.choice(content.WEBINARS)
        when = stream.created + DAY * rng.uniform(1.0, 12.0)
        stream.add(when, "webinar_attended", {"kind": kind, "title": title})


def _social(rng: random.Random, stream: Stream, intent: float) -> None:
    weeks = (stream.end - stream.created) / WEEK
    for _ in range(poisson(rng, (0.01 + 0.08 * intent) * weeks)):
        network = "linkedin" if rng.random() < 0.8 else "twitter"
        action = rng.choices(("like", "comment", "share"), weights=(6, 2, 2))[0]
        at = rng.uniform(stream.created, stream.end)
        stream.add(at, "social_engagement", {"network": network, "action": action})


def _early_content(rng: random.Random, stream: Stream, intent: float) -> None:
    for _ in range(poisson(rng, 0.1 + 0.3 * intent)):
        asset, kind = rng.choice(content.ASSETS_EARLY)
        at = rng.uniform(stream.created, stream.end)
        stream.add(at, "content_download", {"asset": asset, "asset_type": kind})


def _research(
    rng: random.Random, stream: Stream, start: float, length: float, intent: float, offset: float
) -> None:
    """Late-stage content, webinars and product questions inside the buying window."""
    for _ in range(poisson(rng, 0.3 + 1.2 * intent)):
        asset, kind = rng.choice(content.ASSETS_LATE)
        at = working_time(rng, start + length * rng.random(), offset)
        stream.add(at, "content_download", {"asset": asset, "asset_type": kind})
    if rng.random() < 0.15 + 0.35 * intent:
        kind, title = rng.choice(content.WEBINARS)
        at = working_time(rng, start + length * rng.random(), offset)
        stream.add(at, "webinar_attended", {"kind": kind, "title": title})
    for _ in range(poisson(rng, 0.1 + 1.0 * intent)):
        topic = rng.choice(content.QUESTION_TOPICS)
        channel = rng.choices(("chat", "email", "form"), weights=(5, 3, 2))[0]
        at = working_time(rng, start + length * rng.random() ** 0.5, offset)
        stream.add(at, "product_question", {"topic": topic, "channel": channel})


def _curious(rng: random.Random, stream: Stream, prospect: Prospect) -> Journey:
    """Tire-kickers: a trial or demo out of curiosity, with no project behind it."""
    chance = 0.03 + (0.05 if prospect.persona.seniority in ("individual", "student") else 0.0)
    if rng.random() >= chance:
        return Journey(None, None)
    kind = rng.choices(("trial_start", "demo_request", "contact_sales"), weights=(6, 3, 1))[0]
    at = working_time(rng, rng.uniform(stream.created, stream.end), prospect.company.utc_offset)
    return Journey(None, at if _hand_raise(rng, stream, prospect, at, kind) else None)


def _hand_raise(
    rng: random.Random, stream: Stream, prospect: Prospect, at: float, kind: str
) -> bool:
    """Record a demo, trial or contact-sales form; False when it falls outside the stream."""
    if not stream.add(at, kind, _hand_raise_props(rng, kind)):
        return False
    offset = prospect.company.utc_offset
    if kind == "trial_start":  # trial users live in the docs and product for two weeks
        burst(rng, stream, at, 14 * DAY, poisson(rng, 4.0), "trial", offset)
    if rng.random() < 0.2:  # a second form a few days later, e.g. a demo during the trial
        second = "demo_request" if kind != "demo_request" else "contact_sales"
        later = working_time(rng, at + DAY * rng.uniform(1.0, 10.0), offset)
        stream.add(later, second, _hand_raise_props(rng, second))
    return True


def _hand_raise_type(rng: random.Random, prospect: Prospect) -> str:
    """Hands-on roles at smaller firms try; executives and large firms call sales."""
    employees, level = prospect.company.employees, prospect.persona.seniority
    trial = 30 + (25 if level in ("individual", "manager") and employees < 500 else 0)
    contact = 20 + (25 if employees > 2000 or level == "c-level" else 0)
    return rng.choices(
        ("demo_request", "trial_start", "contact_sales"), weights=(50, trial, contact)
    )[0]


def _hand_raise_props(rng: random.Random, kind: str) -> dict[str, str]:
    if kind == "trial_start":
        return {"plan": rng.choices(content.PLANS, weights=(5, 4, 1))[0]}
    forms = content.DEMO_FORMS if kind == "demo_request" else content.SALES_FORMS
    return {"form": rng.choice(forms)}
