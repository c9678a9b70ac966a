"""Hypothesis strategies shared by the property tests: scoring models, leads, events, times.

Everything is drawn from small vocabularies (event types, property values, attribute values)
so that rules, signals and tests actually match what is generated, and sizes are bounded so
a property test runs in a fraction of a second.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from hypothesis import strategies as st

from leadscore.domain import DecisionKind, Event, Lead, SalesDecision, Stage
from leadscore.spec import ScoringModel
from leadscore.spec.model import OPERATORS

#: Every generated timestamp lies in the year after BASE (as_of a little beyond).
BASE = datetime(2024, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 86_400
LEAD_ID = "lead-1"

EVENT_TYPES: tuple[str, ...] = (
    "page_view",
    "email_open",
    "email_click",
    "demo_request",
    "contact_sales",
    "email_unsubscribe",
)

#: Property and attribute vocabularies: text values, numeric ranges and regexes per key.
TEXT_VALUES: dict[str, tuple[str, ...]] = {
    "url": ("/", "/pricing", "/product/api", "/customers/acme", "/compare/rival", "/blog/x"),
    "topic": ("budget", "timeline", "Budget", "weather"),
    "campaign": ("Nurture-Q1", "launch", "nurture-2"),
    "industry": ("software", "fintech", "Software ", "retail", "healthcare"),
    "title": ("VP Sales", "Head of Growth", "Student", "Engineer", "Chief Executive Officer"),
    "email": ("ann@gmail.com", "bo@acme.io", "cy@Yahoo.com", "dee@corp.example"),
    "country": ("US", "DE", "FR", "BR", "us"),
    "seniority": ("c-level", "vp", "director", "manager", "student", "individual"),
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

Signs = Literal["any", "positive"]


# --------------------------------------------------------------------------- values and tests


def values_for(key: str) -> st.SearchStrategy[Any]:
    """Present (non-missing) values a lead attribute or event property may hold."""
    if key in NUMBER_RANGES:
        low, high = NUMBER_RANGES[key]
        number = st.integers(low, high)
        # CSV-style numbers as text must compare like numbers.
        return st.one_of(number, number.map(str))
    return st.sampled_from(TEXT_VALUES.get(key, ("acme", "globex", "initech")))


def _scalar(key: str) -> st.SearchStrategy[Any]:
    if key in NUMBER_RANGES:
        low, high = NUMBER_RANGES[key]
        return st.integers(low, high)
    return st.sampled_from(TEXT_VALUES.get(key, ("acme", "globex")))


def _number(key: str) -> st.SearchStrategy[int]:
    low, high = NUMBER_RANGES.get(key, (0, 100))
    return st.integers(low, high)


@st.composite
def value_tests(draw: st.DrawFn, key: str) -> dict[str, Any]:
    """A test (one operator and its operand) as it would be written in YAML."""
    operator = draw(st.sampled_from(OPERATORS))
    if operator == "equals":
        return {"equals": draw(_scalar(key))}
    if operator in ("in", "not_in"):
        return {operator: draw(st.lists(_scalar(key), min_size=1, max_size=3))}
    if operator == "between":
        low, high = sorted(draw(st.lists(_number(key), min_size=2, max_size=2)))
        return {"between": [low, high]}
    if operator in ("at_least", "at_most"):
        return {operator: draw(_number(key))}
    if operator == "matches":
        return {"matches": draw(st.sampled_from(PATTERNS))}
    return {operator: True}  # exists / missing


@st.composite
def where_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """Property filters: a test per key, or a bare scalar (shorthand for `equals`)."""
    keys = draw(st.lists(st.sampled_from(PROPERTY_KEYS), max_size=2, unique=True))
    return {
        key: draw(st.one_of(value_tests(key), _scalar(key), _scalar(key).map(str)))
        for key in keys
    }


def _event_field(draw: st.DrawFn) -> str | list[str]:
    types = draw(st.lists(st.sampled_from(EVENT_TYPES), min_size=1, max_size=2, unique=True))
    return types[0] if len(types) == 1 and draw(st.booleans()) else types


# --------------------------------------------------------------------------- the model


def _points(signs: Signs) -> st.SearchStrategy[float]:
    positive = st.one_of(st.integers(1, 40).map(float), st.sampled_from([0.5, 2.5, 12.75]))
    if signs == "positive":
        return positive
    return st.one_of(positive, positive.map(lambda p: -p))


@st.composite
def fit_rule_dicts(draw: st.DrawFn, index: int) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(ATTRIBUTE_KEYS), min_size=1, max_size=2))
    tests = [{"attribute": key, **draw(value_tests(key))} for key in keys]
    when: Any = tests[0] if len(tests) == 1 and draw(st.booleans()) else tests
    return {"name": f"fit {index}", "when": when, "points": draw(_points("any"))}


@st.composite
def engagement_rule_dicts(draw: st.DrawFn, index: int, signs: Signs = "any") -> dict[str, Any]:
    rule: dict[str, Any] = {
        "name": f"engagement {index}",
        "event": _event_field(draw),
        "points": draw(_points(signs)),
    }
    where = draw(where_dicts())
    if where:
        rule["where"] = where
    if draw(st.booleans()):
        rule["cap"] = draw(st.sampled_from([1.0, 5.0, 10.0, 25.0, 37.5, 60.0]))
    if not draw(st.booleans()):
        rule["decay"] = False
    if draw(st.booleans()):
        rule["half_life_days"] = draw(st.sampled_from([3.0, 14.0, 45.5, 90.0, 365.0]))
    return rule


@st.composite
def signal_dicts(draw: st.DrawFn, index: int) -> dict[str, Any]:
    signal: dict[str, Any] = {
        "name": f"signal {index}",
        "event": _event_field(draw),
        "within_days": draw(st.sampled_from([1.0, 7.0, 30.0, 45.5, 90.0])),
        "min_count": draw(st.integers(1, 3)),
    }
    where = draw(where_dicts())
    if where:
        signal["where"] = where
    return signal


def _bands(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, float]]:
    thresholds = st.lists(st.integers(-30, 150), min_size=1, max_size=len(names), unique=True)
    return thresholds.map(lambda values: {names[i]: float(v) for i, v in enumerate(values)})


@st.composite
def lifecycle_dicts(draw: st.DrawFn, signal_names: list[str]) -> dict[str, Any]:
    fit_entry = draw(st.integers(-10, 60))
    engagement_entry = draw(st.integers(0, 80))
    exit_: dict[str, float] = {}
    if draw(st.booleans()):
        exit_["fit_below"] = fit_entry - draw(st.integers(0, 20))
    if draw(st.booleans()):
        exit_["engagement_below"] = engagement_entry - draw(st.integers(0, 30))
    or_signals = draw(st.lists(st.sampled_from(signal_names), unique=True)) if signal_names else []
    lifecycle: dict[str, Any] = {
        "initial": draw(st.sampled_from([Stage.SUBSCRIBER.value, Stage.LEAD.value])),
        "mql": {
            "fit_at_least": fit_entry,
            "engagement_at_least": engagement_entry,
            "or_signals": or_signals,
            "exit": exit_,
        },
        "sql": {"bant_at_least": draw(st.integers(0, 4))},
        "nurture": {"recycle_after_days": draw(st.sampled_from([0, 1, 30, 90]))},
    }
    if draw(st.booleans()):
        lifecycle["disqualify"] = {"fit_below": draw(st.integers(-40, 10))}
    return lifecycle


@st.composite
def model_dicts(draw: st.DrawFn, signs: Signs = "any") -> dict[str, Any]:
    """A valid scoring-model document; `signs="positive"` keeps engagement points above 0."""
    n_fit = draw(st.integers(0, 5))
    n_engagement = draw(st.integers(0, 6))
    n_signals = draw(st.integers(0, 4))
    signals = [draw(signal_dicts(i)) for i in range(n_signals)]
    engagement: dict[str, Any] = {
        "rules": [draw(engagement_rule_dicts(i, signs)) for i in range(n_engagement)]
    }
    if draw(st.booleans()):
        engagement["half_life_days"] = draw(st.sampled_from([7.0, 30.0, 90.0, 180.0]))
    if draw(st.booleans()):
        engagement["limit"] = draw(st.integers(10, 120))
    fit: dict[str, Any] = {"rules": [draw(fit_rule_dicts(i)) for i in range(n_fit)]}
    if draw(st.booleans()):
        fit["limit"] = draw(st.integers(0, 80))
    return {
        "name": "generated",
        "fit": fit,
        "engagement": engagement,
        "tiers": draw(_bands(("cold", "warm", "hot", "on fire"))),
        "grades": draw(_bands(("D", "C", "B", "A"))),
        "signals": signals,
        "lifecycle": draw(lifecycle_dicts([s["name"] for s in signals])),
    }


def models(signs: Signs = "any") -> st.SearchStrategy[ScoringModel]:
    """Valid `ScoringModel`s covering every operator, caps, decay, limits, bands, lifecycle."""
    return model_dicts(signs).map(ScoringModel.model_validate)


# --------------------------------------------------------------------------- leads


def _maybe(key: str) -> st.SearchStrategy[Any]:
    return st.one_of(values_for(key), st.sampled_from(MISSING_VALUES))


@st.composite
def leads(draw: st.DrawFn, lead_id: str = LEAD_ID) -> Lead:
    """A lead with standard fields and custom attributes, any of them possibly missing."""
    employees = draw(st.one_of(st.none(), st.integers(0, 8000), st.integers(0, 8000).map(str)))
    custom = {key: draw(_maybe(key)) for key in ("plan", "nps") if draw(st.booleans())}
    return Lead(
        lead_id=lead_id,
        email=draw(_maybe("email")),
        title=draw(_maybe("title")),
        company=draw(st.one_of(st.none(), st.just(""), st.sampled_from(["Acme", "Globex"]))),
        industry=draw(_maybe("industry")),
        employees=employees,  # type: ignore[arg-type]  # CSV text must work as well
        annual_revenue=draw(st.one_of(st.none(), st.floats(0, 5e7, allow_nan=False))),
        country=draw(_maybe("country")),
        attributes=custom,
    )


# --------------------------------------------------------------------------- events and times


def moments_in_year() -> st.SearchStrategy[datetime]:
    """Instants in the year after BASE; whole days often, so equal timestamps occur."""
    seconds = st.one_of(
        st.integers(0, 365).map(lambda day: day * 86_400),
        st.integers(0, YEAR_SECONDS),
    )
    return seconds.map(lambda s: BASE + timedelta(seconds=s))


def as_of_times() -> st.SearchStrategy[datetime]:
    """Scoring times from the start of the event year to a month after it."""
    return st.integers(0, YEAR_SECONDS + 30 * 86_400).map(lambda s: BASE + timedelta(seconds=s))


@st.composite
def properties(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(PROPERTY_KEYS), max_size=3, unique=True))
    return {key: draw(_maybe(key)) for key in keys}


@st.composite
def single_events(
    draw: st.DrawFn,
    event_id: str,
    lead_id: str = LEAD_ID,
    types: tuple[str, ...] = EVENT_TYPES,
    at: st.SearchStrategy[datetime] | None = None,
) -> Event:
    return Event(
        event_id=event_id,
        lead_id=lead_id,
        type=draw(st.sampled_from(types)),
        occurred_at=draw(at if at is not None else moments_in_year()),
        properties=draw(properties()),
    )


@st.composite
def event_lists(
    draw: st.DrawFn, max_size: int = 25, lead_id: str = LEAD_ID, duplicates: bool = True
) -> list[Event]:
    """One lead's events with distinct ids, plus (by default) some exact copies of them."""
    size = draw(st.integers(0, max_size))
    events = [draw(single_events(f"e{i}", lead_id)) for i in range(size)]
    if duplicates and events:
        events += draw(st.lists(st.sampled_from(events), max_size=3))
    return events


@st.composite
def decision_lists(
    draw: st.DrawFn, lead_id: str = LEAD_ID, max_size: int = 3
) -> list[SalesDecision]:
    """Sales decisions (accept / reject / disqualify) at instants in the event year."""
    decisions = []
    for _ in range(draw(st.integers(0, max_size))):
        flags = draw(st.lists(st.booleans(), min_size=4, max_size=4))
        decisions.append(
            SalesDecision(
                lead_id=lead_id,
                kind=draw(st.sampled_from(list(DecisionKind))),
                decided_at=draw(moments_in_year()),
                reason=draw(st.sampled_from(["", "no budget", "wrong person"])),
                budget=flags[0],
                authority=flags[1],
                need=flags[2],
                timeline=flags[3],
            )
        )
    return decisions
