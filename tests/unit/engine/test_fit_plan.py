"""engine.fit_plan: fit lines read from test outcomes equal the lines of `passes`."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from leadscore.domain import Lead
from leadscore.engine.fit import fit_contributions, fit_lines
from leadscore.spec.loader import load_spec
from leadscore.spec.model import FitGroup
from leadscore.spec.template import template_path

#: Standard fields (any value: leads are not type-checked), the derived `seniority`, and
#: custom attributes (absent ones read as None).
FIELDS = ("email", "title", "employees", "company")
CUSTOM = ("plan", "tags")
ATTRIBUTES = (*FIELDS, *CUSTOM, "seniority")
SCALARS: tuple[Any, ...] = (
    *(True, False, 0, 1, -1, 1.0, 0.5, -0.0, 250, 250.0, 2**53 + 1, 10, 5001),
    *("", " ", "1", "1.0", " 250 ", "250", "1e3", "nan", "inf", "-0", "true", "TRUE", "no"),
    *("software", "Software ", "SaaS", "vp", "c-level", "manager", "student", "individual"),
    *("straße", "STRASSE", "İ", "pro", "gmail"),
)
#: Values only leads hold: None, unhashable ones, nan, a number float() cannot take.
ODD: tuple[Any, ...] = (None, ["1"], [], {"a": 1}, float("nan"), float("inf"), 10**400)
EMAILS = (
    " x",
    "straße",
    "a@gmail.com",
    "b@Yahoo.co.uk",
    "c@example.com",
    "@aol.",
    " d@outlook.com",
    "1",
)
TITLES = ("VP Sales", "Chief Executive", "Marketing Manager", "Student intern", "Head of Growth")
PATTERNS = ("^1$", r"(?i)@(gmail|yahoo|hotmail|outlook|aol)\.", "soft", "^ ", r"^\d+$", "(?i)true")
PATTERNS += ("ß", "^$", r"\[", "VP|vp", "^(pro|1)")

numbers = st.sampled_from([-1, 0, 0.5, 1, 10, 199, 200, 250, 5000, 5001, 1e9])
scalars = st.one_of(st.sampled_from(SCALARS), st.integers(-300, 300), st.text(max_size=4))
values = st.one_of(
    scalars,
    st.sampled_from(ODD + EMAILS + TITLES),
    numbers,
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(scalars, max_size=2),
)


@st.composite
def attribute_tests(draw: st.DrawFn) -> dict[str, Any]:
    attribute = draw(st.sampled_from(ATTRIBUTES))
    kind = draw(st.sampled_from(["equals", "in", "not_in", "between", "at_least", "at_most"]))
    kind = draw(st.sampled_from([kind, "below", "matches", "exists", "missing"]))
    operand: object
    if kind == "equals":
        operand = draw(scalars)
    elif kind in ("in", "not_in"):
        operand = draw(st.lists(scalars, min_size=1, max_size=4))
    elif kind == "between":
        operand = sorted([draw(numbers), draw(numbers)])
    elif kind == "matches":
        operand = draw(st.sampled_from(PATTERNS))
    elif kind in ("exists", "missing"):
        operand = True
    else:
        operand = draw(numbers)
    return {"attribute": attribute, kind: operand}


@st.composite
def groups(draw: st.DrawFn) -> FitGroup:
    rules = [
        {
            "name": f"rule {index}",
            "when": draw(
                st.one_of(attribute_tests(), st.lists(attribute_tests(), min_size=1, max_size=3))
            ),
            "points": draw(st.sampled_from([-10, -0.5, 1, 5, 15, 0.1])),
        }
        for index in range(draw(st.integers(0, 7)))
    ]
    limit = draw(st.sampled_from([None, None, 0, 10, 20.5, -5]))
    return FitGroup.model_validate({"limit": limit, "rules": rules})


def near(operand: object) -> list[object]:
    """Values a test on `operand` tells apart, or may fail to: on its bounds, as text."""
    found = [operand, str(operand), f" {operand} ", f"{operand}".upper()]
    if isinstance(operand, int | float) and not isinstance(operand, bool):
        found += [float(operand), operand + 0.5, operand - 1]
    return found


@st.composite
def leads(draw: st.DrawFn, fit_groups: list[FitGroup]) -> Lead:
    """Values drawn from the pools, or near the groups' operands."""
    operands = [
        operand
        for group in fit_groups
        for rule in group.rules
        for test in rule.tests
        for item in [test.operand(test.operator)]
        for operand in (item if isinstance(item, list | tuple) else [item])
    ]
    nearby = [value for operand in operands for value in near(operand)]
    pick = st.one_of(values, st.sampled_from(nearby)) if nearby else values
    standard = {name: draw(pick) for name in FIELDS if draw(st.booleans())}
    if draw(st.booleans()):
        standard["email"] = draw(st.sampled_from(EMAILS))
    if draw(st.booleans()):
        standard["title"] = draw(st.sampled_from(TITLES))
    custom = {name: draw(pick) for name in CUSTOM if draw(st.booleans())}
    return Lead("lead", **standard, attributes=custom)


def outcome(lines: Callable[[], object]) -> object:
    """The lines, or the kind of error: a value `passes` cannot read fails the same way."""
    try:
        return lines()
    except Exception as error:  # its type is the outcome here
        return type(error)


@settings(deadline=None, max_examples=400)
@given(st.lists(groups(), min_size=1, max_size=3), st.data())
def test_remembered_outcomes_give_the_lines_of_passes(fit_groups, data):
    """Every lead twice per group, groups interleaved, so remembered lines and seniorities
    are read back for leads whose values differ but test alike."""
    some_leads = data.draw(st.lists(leads(fit_groups), min_size=1, max_size=8))
    for _ in range(2):
        for lead in some_leads:
            for group in fit_groups:
                expected = outcome(lambda: fit_lines(group, lead))  # noqa: B023
                assert outcome(lambda: fit_contributions(group, lead)) == expected  # noqa: B023


def test_every_pool_operand_against_every_pool_value():
    """Exhaustive over the pools, for pairs too rare to draw (`"nan"` equals nothing)."""
    tests: list[dict[str, Any]] = [{"exists": True}, {"missing": True}]
    tests += [{"matches": pattern} for pattern in PATTERNS]
    for operand in SCALARS:
        tests += [{"equals": operand}, {"in": [operand, "software"]}, {"not_in": [operand]}]
    for bound in (0, 1, 10, 250, 5001):
        tests += [{"at_least": bound}, {"at_most": bound}, {"below": bound}]
        tests += [{"between": [bound, bound]}, {"between": [-1, bound]}]
    held = [*SCALARS, *ODD, *EMAILS, *TITLES, [], ["software"]]
    for test, beside in product(tests, [None, {"at_least": -1e9}]):
        # Alone, and beside a range (all ranges on an attribute are compared inline).
        rules = [{"name": "r", "when": {"attribute": "plan", **test}, "points": 1}]
        if beside:
            rules.append({"name": "s", "when": {"attribute": "plan", **beside}, "points": 2})
        group = FitGroup.model_validate({"rules": rules})
        for value in [*held, *held]:
            lead = Lead("lead", attributes={"plan": value})
            expected = outcome(lambda: fit_lines(group, lead))  # noqa: B023
            assert outcome(lambda: fit_contributions(group, lead)) == expected, (test, value)  # noqa: B023


def test_the_default_model_on_distinct_leads():
    group = load_spec(template_path()).fit
    for number in range(300):
        lead = Lead(
            f"L{number}",
            email=f"person{number}@{['gmail.com', 'Yahoo.fr', 'example.com', 'aol'][number % 4]}",
            industry=["software", "fintech", " Retail", "education", None][number % 5],
            employees=[5, 40, 300, 1200, 8000, "250", None, 5000.5, True][number % 9],
            annual_revenue=[None, 2e7, 19_999_999, "3e7"][number % 4],
            title=[*TITLES, "Engineer", None][number % 7],
            company=[None, "Acme", " "][number % 3],
            country=["US", "us ", "FR", None][number % 4],
        )
        assert fit_contributions(group, lead) == fit_lines(group, lead)
        assert fit_contributions(group, lead) == fit_lines(group, lead)


def test_changing_the_returned_lines_changes_no_later_answer():
    group = load_spec(template_path()).fit
    lead = Lead("a", industry="software", employees=300, title="CEO", company="Acme")
    fit_contributions(group, lead).clear()
    assert fit_contributions(group, lead) == fit_lines(group, lead) != []


def test_a_value_no_test_can_read_fails_only_where_passes_reads_it():
    """`passes` stops at a rule's first failing test; a number too big for a float (or a
    title that is no text) behind it must not fail the lead."""
    group = FitGroup.model_validate(
        {
            "rules": [
                {
                    "name": "pro and big",
                    "when": [
                        {"attribute": "plan", "equals": "pro"},
                        {"attribute": "employees", "at_least": 100},
                        {"attribute": "seniority", "equals": "vp"},
                    ],
                    "points": 5,
                },
                {"name": "named", "when": {"attribute": "email", "exists": True}, "points": 1},
            ]
        }
    )
    lead = Lead("a", email="a@b.c", employees=10**400, title=5, attributes={"plan": "free"})  # type: ignore[arg-type]
    assert [line.rule for line in fit_contributions(group, lead)] == ["named"]
    assert fit_contributions(group, lead) == fit_lines(group, lead)
