"""Hypothesis strategies shared by the property tests: scoring models, leads, events, times.

Everything is drawn from small vocabularies (event types, property and attribute values) so
that generated rules, signals and tests actually match generated data, and sizes are bounded
so a property test runs in a fraction of a second. Strategies are built once at import time:
building them inside `@composite` functions costs more than drawing from them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from hypothesis import strategies as st

from leadscore.domain import DecisionKind, Event, Lead, SalesDecision, Stage
from leadscore.spec import ScoringModel
from leadscore.spec.model import OPERATORS

#: Every generated event lies in the year after BASE; as_of may run a month beyond it.
BASE = datetime(2024, 1, 1, tzinfo=UTC)
DAY_SECONDS = 86_400
YEAR_SECONDS = 365 * DAY_SECONDS
LEAD_ID = "lead-1"

EVENT_TYPES: tuple[str, ...] = (
    "page_view",
    "email_open",
    "email_click",
    "demo_request",
    "contact_sales",
    "email_unsubscribe",
)
#: Used by no generated rule or signal: tests add rules for it when they need one.
SPARE_EVENT_TYPE = "email_bounce"

TEXT_VALUES: dict[str, tuple[str, ...]] = {
    "url": ("/", "/pricing", "/product/api", "/customers/acme", "/compare/rival", "/blog/x"),
    "topic": ("budget", "timeline", "Budget", "weather"),
    "campaign": ("Nurture-Q1", "launch", "nurture-2"),
    "industry": ("software", "fintech", "Software ", "retail", "healthcare"),
    "title": ("VP Sales", "Head of Growth", "Student", "Engineer", "Chief Executive Officer"),
    "email": ("ann@gmail.com", "bo@acme.io", "cy@Yahoo.com", "dee@corp.example"),
    "country": ("US", "DE", "FR", "BR", "us"),
    "seniority": ("c-level", "vp", "director", "manager", "student", "individual"),
    "company": ("Acme", "Globex"),
    "plan": ("free", "pro", "enterprise"),
}
NUMBER_RANGES: dict[str, tuple[int, int]] = {
    "seconds_on_page": (0, 120),
    "employees": (0, 8000),
    "annual_revenue": (0, 50_000_000),
    "nps": (0, 10),
}
PATTERNS: tuple[str, ...] = (
    "/pricing",
    "^/(compare|vs)/",
    "(?i)nurture",
    "(?i)soft",
    "(?i)\\b(vp|head|chief)\\b",
    "@(gmail|yahoo)\\.",
    "^\\d+$",
    "e$",
)
PROPERTY_KEYS: tuple[str, ...] = ("url", "topic", "campaign", "seconds_on_page")
ATTRIBUTE_KEYS: tuple[str, ...] = (
    "industry",
    "title",
    "email",
    "country",
    "seniority",
    "employees",
    "annual_revenue",
    "company",
    "plan",
    "nps",
)
MISSING_VALUES: tuple[Any, ...] = (None, "", "   ")

Signs = Literal["any", "positive", "negative"]


# --------------------------------------------------------------------------- values and tests


def _scalar(key: str) -> st.SearchStrategy[Any]:
    if key in NUMBER_RANGES:
        return st.integers(*NUMBER_RANGES[key])
    return st.sampled_from(TEXT_VALUES[key])


def _present(key: str) -> st.SearchStrategy[Any]:
    """A value as data holds it: numbers also as CSV-style text, which must still compare."""
    if key in NUMBER_RANGES:
        return st.one_of(_scalar(key), _scalar(key).map(str))
    return _scalar(key)


def _test(key: str) -> st.SearchStrategy[dict[str, Any]]:
    """Any of the ten operators with an operand that sometimes matches values of `key`."""
    scalar, number = _scalar(key), st.integers(*NUMBER_RANGES.get(key, (0, 100)))
    options = st.lists(scalar, min_size=1, max_size=3)
    by_operator = {
        "equals": scalar.map(lambda value: {"equals": value}),
        "in": options.map(lambda values: {"in": values}),
        "not_in": options.map(lambda values: {"not_in": values}),
        "between": st.tuples(number, number).map(lambda b: {"between": sorted(b)}),
        "at_least": number.map(lambda value: {"at_least": value}),
        "at_most": number.map(lambda value: {"at_most": value}),
        "below": number.map(lambda value: {"below": value}),
        "matches": st.sampled_from(PATTERNS).map(lambda pattern: {"matches": pattern}),
        "exists": st.just({"exists": True}),
        "missing": st.just({"missing": True}),
    }
    assert set(by_operator) == set(OPERATORS)
    return st.one_of(*by_operator.values())


PRESENT = {key: _present(key) for key in (*TEXT_VALUES, *NUMBER_RANGES)}
MAYBE = {key: st.one_of(value, st.sampled_from(MISSING_VALUES)) for key, value in PRESENT.items()}
TESTS = {key: _test(key) for key in (*TEXT_VALUES, *NUMBER_RANGES)}

#: `where:` filters: a test per property key, or a bare scalar (shorthand for `equals`).
WHERE = st.fixed_dictionaries(
    {},
    optional={
        key: st.one_of(TESTS[key], _scalar(key), _scalar(key).map(str)) for key in PROPERTY_KEYS
    },
)
ATTRIBUTE_TEST = st.one_of(
    *(TESTS[key].map(lambda test, key=key: {"attribute": key, **test}) for key in ATTRIBUTE_KEYS)
)
EVENT_FIELD = st.one_of(
    st.sampled_from(EVENT_TYPES),
    st.lists(st.sampled_from(EVENT_TYPES), min_size=1, max_size=2, unique=True),
)
PROPERTIES = st.fixed_dictionaries({}, optional={key: MAYBE[key] for key in PROPERTY_KEYS})


# --------------------------------------------------------------------------- the model

_POSITIVE = st.one_of(st.integers(1, 40).map(float), st.sampled_from([0.5, 2.5, 12.75]))
POINTS: dict[str, st.SearchStrategy[float]] = {
    "positive": _POSITIVE,
    "negative": _POSITIVE.map(lambda p: -p),
    "any": st.one_of(_POSITIVE, _POSITIVE.map(lambda p: -p)),
}
_HALF_LIVES = st.sampled_from([3.0, 14.0, 45.5, 90.0, 365.0])
_CAPS = st.sampled_from([1.0, 5.0, 10.0, 25.0, 37.5, 60.0])


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if value is not None}


def fit_rule_dicts(index: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "name": st.just(f"fit {index}"),
            "when": st.one_of(ATTRIBUTE_TEST, st.lists(ATTRIBUTE_TEST, min_size=1, max_size=2)),
            "points": POINTS["any"],
        }
    )


def engagement_rule_dicts(index: int, signs: Signs = "any") -> st.SearchStrategy[dict[str, Any]]:
    """An engagement rule: caps, decay on/off and its own half-life are each optional."""
    return st.fixed_dictionaries(
        {"name": st.just(f"engagement {index}"), "event": EVENT_FIELD, "points": POINTS[signs]},
        optional={
            "where": WHERE,
            "cap": _CAPS,
            "decay": st.booleans(),
            "half_life_days": _HALF_LIVES,
        },
    )


def signal_dicts(index: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "name": st.just(f"signal {index}"),
            "event": EVENT_FIELD,
            "within_days": st.sampled_from([1.0, 7.0, 30.0, 45.5, 90.0]),
            "min_count": st.integers(1, 3),
        },
        optional={"where": WHERE},
    )


def _bands(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, float]]:
    thresholds = st.lists(st.integers(-30, 150), min_size=1, max_size=len(names), unique=True)
    return thresholds.map(lambda values: {names[i]: float(v) for i, v in enumerate(values)})


@st.composite
def lifecycle_dicts(draw: st.DrawFn, signal_names: list[str]) -> dict[str, Any]:
    """Entry thresholds with exit thresholds at or below them; or_signals that exist."""
    fit_entry = draw(st.integers(-10, 60))
    engagement_entry = draw(st.integers(0, 80))
    fit_exit = draw(_optional(st.integers(0, 20).map(lambda gap: fit_entry - gap)))
    engagement_exit = draw(_optional(st.integers(0, 30).map(lambda gap: engagement_entry - gap)))
    or_signals = draw(st.lists(st.sampled_from(signal_names), unique=True)) if signal_names else []
    lifecycle: dict[str, Any] = {
        "initial": draw(st.sampled_from([Stage.SUBSCRIBER.value, Stage.LEAD.value])),
        "mql": {
            "fit_at_least": fit_entry,
            "engagement_at_least": engagement_entry,
            "or_signals": or_signals,
            "exit": _drop_none({"fit_below": fit_exit, "engagement_below": engagement_exit}),
        },
        "sql": {"bant_at_least": draw(st.integers(0, 4))},
        "nurture": {"recycle_after_days": draw(st.sampled_from([0, 1, 30, 90]))},
    }
    disqualify_below = draw(_optional(st.integers(-40, 10)))
    if disqualify_below is not None:
        lifecycle["disqualify"] = {"fit_below": disqualify_below}
    return lifecycle


@st.composite
def model_dicts(draw: st.DrawFn, signs: Signs = "any") -> dict[str, Any]:
    """A valid scoring-model document; `signs` restricts the sign of engagement points."""
    signals = [draw(signal_dicts(i)) for i in range(draw(st.integers(0, 4)))]
    engagement_rules = [
        draw(engagement_rule_dicts(i, signs)) for i in range(draw(st.integers(0, 6)))
    ]
    fit_rules = [draw(fit_rule_dicts(i)) for i in range(draw(st.integers(0, 5)))]
    engagement_limit = draw(_optional(st.sampled_from([5, 10, 25, 40, 60, 100])))
    fit_limit = draw(_optional(st.sampled_from([0, 10, 20, 35, 50])))
    return {
        "name": "generated",
        "fit": _drop_none({"limit": fit_limit, "rules": fit_rules}),
        "engagement": _drop_none(
            {
                "half_life_days": draw(_optional(st.sampled_from([7.0, 30.0, 90.0, 180.0]))),
                "limit": engagement_limit,
                "rules": engagement_rules,
            }
        ),
        "tiers": draw(_bands(("cold", "warm", "hot", "on fire"))),
        "grades": draw(_bands(("D", "C", "B", "A"))),
        "signals": signals,
        "lifecycle": draw(lifecycle_dicts([signal["name"] for signal in signals])),
    }


def models(signs: Signs = "any") -> st.SearchStrategy[ScoringModel]:
    """Valid `ScoringModel`s covering every operator, caps, decay, limits, bands, lifecycle."""
    return model_dicts(signs).map(ScoringModel.model_validate)


# --------------------------------------------------------------------------- leads


def leads(lead_id: str = LEAD_ID) -> st.SearchStrategy[Lead]:
    """A lead with standard fields and custom attributes, any of them possibly missing."""
    return st.builds(
        Lead,
        lead_id=st.just(lead_id),
        email=MAYBE["email"],
        title=MAYBE["title"],
        company=MAYBE["company"],
        industry=MAYBE["industry"],
        employees=st.one_of(st.none(), PRESENT["employees"]),
        annual_revenue=st.one_of(st.none(), st.floats(0, 5e7)),
        country=MAYBE["country"],
        attributes=st.fixed_dictionaries({}, optional={"plan": MAYBE["plan"], "nps": MAYBE["nps"]}),
    )


# --------------------------------------------------------------------------- events and times


def _after_base(seconds: st.SearchStrategy[int]) -> st.SearchStrategy[datetime]:
    return seconds.map(lambda s: BASE + timedelta(seconds=s))


#: Instants in the year after BASE; often whole days, so equal timestamps occur.
MOMENTS = _after_base(
    st.one_of(st.integers(0, 365).map(lambda day: day * DAY_SECONDS), st.integers(0, YEAR_SECONDS))
)


def as_of_times() -> st.SearchStrategy[datetime]:
    """Scoring times from the start of the event year to a month after it."""
    return _after_base(st.integers(0, YEAR_SECONDS + 30 * DAY_SECONDS))


def single_events(
    event_id: str,
    lead_id: str = LEAD_ID,
    types: tuple[str, ...] = EVENT_TYPES,
    at: st.SearchStrategy[datetime] = MOMENTS,
) -> st.SearchStrategy[Event]:
    return st.builds(
        Event,
        event_id=st.just(event_id),
        lead_id=st.just(lead_id),
        type=st.sampled_from(types),
        occurred_at=at,
        properties=PROPERTIES,
    )


_ROWS = st.tuples(st.sampled_from(EVENT_TYPES), MOMENTS, PROPERTIES)


@st.composite
def event_lists(
    draw: st.DrawFn, max_size: int = 20, lead_id: str = LEAD_ID, duplicates: bool = True
) -> list[Event]:
    """One lead's events with distinct ids, plus (by default) some exact copies of them."""
    rows = draw(st.lists(_ROWS, max_size=max_size))
    events = [Event(f"e{i}", lead_id, kind, at, props) for i, (kind, at, props) in enumerate(rows)]
    if duplicates and events:
        events += draw(st.lists(st.sampled_from(events), max_size=3))
    return events


#: A few whole days on which decisions pile up, so same-instant decisions are common.
BUSY_DAYS = _after_base(st.sampled_from([30, 90, 200]).map(lambda day: day * DAY_SECONDS))
_BANT = st.booleans()


def decision_lists(
    lead_id: str = LEAD_ID,
    max_size: int = 3,
    at: st.SearchStrategy[datetime] = st.one_of(BUSY_DAYS, MOMENTS),
    min_size: int = 0,
) -> st.SearchStrategy[list[SalesDecision]]:
    """Sales decisions (accept / reject / disqualify, any BANT items) in the event year."""
    decision = st.builds(
        SalesDecision,
        lead_id=st.just(lead_id),
        kind=st.sampled_from(list(DecisionKind)),
        decided_at=at,
        reason=st.sampled_from(["", "no budget", "wrong person"]),
        budget=_BANT,
        authority=_BANT,
        need=_BANT,
        timeline=_BANT,
    )
    return st.lists(decision, min_size=min_size, max_size=max_size)
