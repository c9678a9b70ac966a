"""A fit group compiled once into what its tests make of a lead: per tested attribute, the
tuple of its tests' outcomes (`tests.passes`, specialised per test).

Real-time scoring rescores a lead on every event, and most leads were never seen before:
a distinct email, company or headcount makes raw values a poor cache key. Which side of
each test a value falls on is a good one (a group has few outcome combinations), and
reading it costs a regex search or a comparison, not `passes`' generic coercions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

from leadscore.domain.lead import STANDARD_FIELDS, Lead, seniority_of
from leadscore.domain.scorecard import Contribution
from leadscore.engine.limits import with_limit
from leadscore.engine.tests import as_number, as_text, is_missing, regex
from leadscore.spec.model import FitGroup, Test

#: One test on a present value, given the value, `as_number` of it (None when the
#: attribute's tests never read it) and `as_text` of it (None when they never read it).
Check = Callable[[Any, float | None, str | None], bool]
#: All of an attribute's checks at once.
Outcomes = Callable[[Any, float | None, str | None], tuple[bool, ...]]
#: The outcomes of one attribute's tests on its value (the lead's title for `seniority`).
View = Callable[[object], tuple[bool, ...]]
#: Lines remembered per outcome combination, outcomes per text value, at most (per plan).
_MOST = 4096
_THRESHOLDS = frozenset({"between", "at_least", "at_most", "below"})
_COMPARED = frozenset({"equals", "in", "not_in"})


def fit_lines_of(group: FitGroup, applies: Iterable[bool]) -> list[Contribution]:
    """The fit lines of the rules that apply (one flag per rule of `group`, in order)."""
    lines = [
        Contribution("fit", rule.name, rule.points, rule.points, rule.points)
        for rule, applied in zip(group.rules, applies, strict=True)
        if applied
    ]
    return with_limit("fit", lines, group.limit)


class FitPlan:
    """`group` compiled: `outcomes(lead)` is a hashable view deciding every rule, and
    `lines(outcomes)` the group's lines for it (remembered, bounded)."""

    def __init__(self, group: FitGroup) -> None:
        self.group = group
        names = sorted({test.attribute for rule in group.rules for test in rule.tests})
        place = {name: index for index, name in enumerate(names)}
        tests: list[list[Test]] = [[] for _ in names]
        self._rules: list[tuple[tuple[int, int], ...]] = []
        for rule in group.rules:
            refs = []
            for test in rule.tests:
                at = place[test.attribute]
                refs.append((at, len(tests[at])))
                tests[at].append(test)
            self._rules.append(tuple(refs))
        self._parts = tuple(_part(name, found) for name, found in zip(names, tests, strict=True))
        self._lines: dict[tuple[tuple[bool, ...], ...], tuple[Contribution, ...]] = {}

    def outcomes(self, lead: Lead) -> tuple[tuple[bool, ...], ...]:
        """Raises whatever reading a value raises (a huge int, a title that is no text),
        even where `passes` would not read it (behind a rule's failing test)."""
        return tuple([view(read(lead)) for read, view in self._parts])

    def lines(self, outcomes: tuple[tuple[bool, ...], ...]) -> list[Contribution]:
        found = self._lines.get(outcomes)
        if found is None:
            applies = (all(outcomes[at][k] for at, k in refs) for refs in self._rules)
            if len(self._lines) >= _MOST:
                self._lines.clear()
            found = self._lines[outcomes] = tuple(fit_lines_of(self.group, applies))
        return list(found)


def _view(tests: Sequence[Test]) -> View:
    """The outcomes of one attribute's tests on a value, as `passes` gives them."""
    absent = tuple(test.operator == "missing" for test in tests)
    operators = {test.operator for test in tests}
    # `passes` reads as_number of any value it compares or ranges; of text, only ranges
    # and numeric operands use it (and float() of text raises nothing but ValueError).
    wants_number = bool(operators & (_THRESHOLDS | _COMPARED))
    wants_number_of_text = bool(operators & _THRESHOLDS) or any(
        as_number(option) is not None
        for test in tests
        if test.operator in _COMPARED
        for option in _options(test)
    )
    wants_text = bool(operators & (_COMPARED | {"matches"}))

    outcomes = _outcomes(tests)

    def of_text(value: str) -> tuple[bool, ...]:
        stripped = value.strip()
        if not stripped:
            return absent
        number = as_number(value) if wants_number_of_text else None
        return outcomes(value, number, stripped.casefold() if wants_text else None)

    # Text coerced for comparisons is remembered (industries, countries repeat); text
    # only searched or checked for presence (emails) costs less than remembering it.
    text_view = _remembered(of_text) if wants_number else of_text

    def view(value: object) -> tuple[bool, ...]:
        if value is None:
            return absent
        if type(value) is str:
            return text_view(value)
        if is_missing(value):
            return absent
        number = as_number(value) if wants_number else None
        return outcomes(value, number, as_text(value) if wants_text else None)

    return view


def _outcomes(tests: Sequence[Test]) -> Outcomes:
    """All of an attribute's checks on a present value; ranges compared inline."""
    checks = tuple(_check(test) for test in tests)
    if len(checks) == 1:
        (check,) = checks
        return lambda value, number, text: (check(value, number, text),)
    if all(test.operator in _THRESHOLDS for test in tests):
        ranges = tuple(_range(test) for test in tests)
        nothing = (False,) * len(ranges)

        def ranged(value: object, number: float | None, text: str | None) -> tuple[bool, ...]:
            if number is None:
                return nothing
            return tuple(
                [
                    low <= number < high if open_ else low <= number <= high
                    for low, high, open_ in ranges
                ]
            )

        return ranged
    return lambda value, number, text: tuple([check(value, number, text) for check in checks])


def _seniority_view(view: View) -> View:
    """`seniority` is read from the title it derives from, remembered per title (the
    derivation is five regex searches)."""
    of_title = _remembered(lambda title: view(seniority_of(title)))

    def seniority(title: object) -> tuple[bool, ...]:
        if type(title) is str:
            return of_title(title)
        return view(seniority_of(title))  # type: ignore[arg-type]

    return seniority


def _remembered(view: Callable[[str], tuple[bool, ...]]) -> Callable[[str], tuple[bool, ...]]:
    known: dict[str, tuple[bool, ...]] = {}

    def remembered(value: str) -> tuple[bool, ...]:
        found = known.get(value)
        if found is None:
            if len(known) >= _MOST:
                known.clear()
            found = known[value] = view(value)
        return found

    return remembered


def _part(name: str, tests: Sequence[Test]) -> tuple[Callable[[Lead], object], View]:
    """How to read attribute `name` the way `Lead.attribute` does, and its view."""
    view = _view(tests)
    if name == "seniority":
        return attrgetter("title"), _seniority_view(view)
    if name in STANDARD_FIELDS:
        return attrgetter(name), view
    return (lambda lead: lead.attributes.get(name)), view


def _options(test: Test) -> list[object]:
    return [test.equals] if test.operator == "equals" else list(test.operand(test.operator))  # type: ignore[arg-type]


def _check(test: Test) -> Check:
    """`passes(test, value)` for a present value, with its number and text read once."""
    operator = test.operator
    if operator == "exists":
        return lambda value, number, text: True
    if operator == "missing":
        return lambda value, number, text: False
    if operator == "matches":
        search = regex(test.matches or "").search
        return lambda value, number, text: (
            search(value if isinstance(value, str) else text) is not None  # type: ignore[arg-type]
        )
    if operator in _COMPARED:
        return _compared(test)
    return _ranged(test)


def _compared(test: Test) -> Check:
    """`same` against each option: as numbers when both are numbers, else as text."""
    options = _options(test)
    numbers = [as_number(option) for option in options]
    by_number = frozenset(n for n in numbers if n is not None and n == n)  # nan equals nothing
    texts = frozenset(as_text(option) for option in options)
    only_text = frozenset(as_text(o) for o, n in zip(options, numbers, strict=True) if n is None)
    if any(n is not None for n in numbers):

        def found(value: object, number: float | None, text: str | None) -> bool:
            if number is None:
                return text in texts
            return number in by_number or text in only_text

    else:

        def found(value: object, number: float | None, text: str | None) -> bool:
            return text in texts

    if test.operator == "not_in":
        return lambda value, number, text: not found(value, number, text)
    return found


def _range(test: Test) -> tuple[float, float, bool]:
    """`_in_range` as `low <= number <= high`, or `< high` when open: infinite bounds
    keep the one-sided tests' answers for infinite numbers."""
    if test.between is not None:
        return test.between[0], test.between[1], False
    if test.at_least is not None:
        return test.at_least, math.inf, False
    if test.below is not None:
        return -math.inf, test.below, True
    return -math.inf, test.at_most, False  # type: ignore[return-value]


def _ranged(test: Test) -> Check:
    low, high, open_ = _range(test)
    if open_:
        return lambda value, number, text: number is not None and low <= number < high
    return lambda value, number, text: number is not None and low <= number <= high
