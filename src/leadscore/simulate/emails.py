"""Email marketing: a weekly programme of sends, and what each lead does with them.

Only reactions are events (a CRM does not log every delivered email as activity): opens,
clicks, the rare reply, and the unsubscribe that ends the programme. A mistyped address
bounces on the first send and gets no further mail. Leads in their buying window open and
click more, which is why nurture clicks are a buying signal.
"""

from __future__ import annotations

import random

from leadscore.simulate.clock import DAY, HOUR
from leadscore.simulate.content import campaign_for
from leadscore.simulate.leads import Prospect
from leadscore.simulate.stream import Stream


def email_programme(
    rng: random.Random, stream: Stream, prospect: Prospect, window: tuple[float, float] | None
) -> None:
    """Weekly sends from the day after creation until `end`, unsubscribe or bounce."""
    if not prospect.emailable:
        return
    intent = prospect.intent
    unsubscribe = 0.002 + 0.01 * (1.0 - intent) ** 2
    if prospect.persona.seniority == "student":
        unsubscribe += 0.01
    ts = stream.created + DAY * rng.uniform(0.5, 2.0)
    send = 0
    while ts <= stream.end:
        if prospect.bad_email:
            stream.add(ts + rng.uniform(30, 600), "email_bounce", {})
            return
        campaign = campaign_for(send, ts)
        engaged = 0.15 if window is not None and window[0] <= ts <= window[1] else 0.0
        if rng.random() < 0.12 + 0.4 * intent + engaged:
            _react(rng, stream, ts + rng.expovariate(1.0 / (5 * HOUR)), campaign, intent + engaged)
        if rng.random() < unsubscribe:
            stream.add(ts + rng.uniform(HOUR, DAY), "email_unsubscribe", {"campaign": campaign})
            return
        send += 1
        ts += DAY * (5.5 + 3.0 * rng.random())


def _react(rng: random.Random, stream: Stream, at: float, campaign: str, interest: float) -> None:
    """An opened email: maybe opened again, maybe clicked, rarely answered."""
    props = {"campaign": campaign}
    stream.add(at, "email_open", props)
    if rng.random() < 0.2:
        stream.add(at + rng.expovariate(1.0 / DAY), "email_open", props)
    if rng.random() < 0.06 + 0.3 * interest:
        stream.add(at + rng.uniform(5, 300), "email_click", props)
    if rng.random() < 0.005 + 0.04 * interest:
        stream.add(at + rng.uniform(HOUR, 2 * DAY), "email_reply", props)
