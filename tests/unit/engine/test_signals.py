"""engine.signals: enough matching events inside a window that ends at as_of."""

from __future__ import annotations

from datetime import timedelta

from leadscore.engine.signals import active_signals, signal_active
from leadscore.spec import Signal
from tests.unit.engine.builders import T0, day, event

PRICING = Signal.model_validate(
    {
        "name": "pricing interest",
        "event": "page_view",
        "where": {"url": {"matches": "/pricing"}},
        "within_days": 30,
        "min_count": 2,
    }
)
HAND_RAISE = Signal.model_validate(
    {"name": "hand raise", "event": ["demo_request", "contact_sales"], "within_days": 7}
)


def pricing_view(at):
    return event("page_view", at, url="/pricing")


def test_min_count_is_reached_not_exceeded():
    one = [pricing_view(T0)]
    two = [*one, pricing_view(day(1))]
    assert not signal_active(PRICING, one, day(2))
    assert signal_active(PRICING, two, day(2))


def test_the_window_includes_its_first_day_exactly():
    views = [pricing_view(T0), pricing_view(day(10))]
    assert signal_active(PRICING, views, day(30))
    assert not signal_active(PRICING, views, day(30) + timedelta(seconds=1))


def test_only_matching_events_count():
    views = [pricing_view(T0), event("page_view", T0, url="/blog"), event("email_open", T0)]
    assert not signal_active(PRICING, views, day(1))


def test_any_listed_event_type_counts():
    assert signal_active(HAND_RAISE, [event("contact_sales", T0)], day(7))
    assert signal_active(HAND_RAISE, [event("demo_request", T0)], day(7))
    assert not signal_active(HAND_RAISE, [event("demo_request", T0)], day(7.01))


def test_active_signals_keeps_the_model_order():
    events = [pricing_view(T0), pricing_view(T0), event("demo_request", T0)]
    assert active_signals([PRICING, HAND_RAISE], events, day(1)) == (
        "pricing interest",
        "hand raise",
    )
    assert active_signals([HAND_RAISE, PRICING], events, day(8)) == ("pricing interest",)
