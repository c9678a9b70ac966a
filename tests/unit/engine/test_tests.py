"""engine.tests: one test of the scoring model applied to one value."""

from __future__ import annotations

import pytest

from leadscore.engine.tests import as_number, is_missing, passes
from leadscore.spec import Test as ValueTest


def check(value: object, **operator: object) -> bool:
    return passes(ValueTest.model_validate(operator), value)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_value_passes_only_missing(value):
    assert is_missing(value)
    assert check(value, missing=True)
    assert not check(value, exists=True)
    assert not check(value, equals="")
    assert not check(value, not_in=["x"])  # not even the negative test
    assert not check(value, at_most=100)
    assert not check(value, matches=".*")


@pytest.mark.parametrize("value", [0, False, "0", "no"])
def test_falsy_values_are_present(value):
    assert check(value, exists=True)
    assert not check(value, missing=True)


def test_equals_compares_text_without_case_or_surrounding_space():
    assert check("Software ", equals="software")
    assert not check("soft", equals="software")


def test_numbers_compare_as_numbers_even_when_given_as_text():
    assert check("250", equals=250)
    assert check(250, equals="250.0")
    assert check(250.0, in_=[100, 250])
    assert check(" 250 ", between=[200, 5000])
    assert not check("250", equals=25)


def test_text_that_is_not_a_number_never_passes_a_range():
    assert not check("lots", at_least=0)
    assert not check("lots", at_most=1e9)
    assert not check("lots", between=[-1e9, 1e9])
    assert as_number("lots") is None


def test_booleans_are_not_numbers():
    assert as_number(True) is None
    assert not check(True, equals=1)
    assert check(True, equals=True)
    assert check("TRUE", equals=True)
    assert not check(True, at_least=0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("fintech", True), ("FinTech", True), ("retail", False), (5, False)],
)
def test_in_and_not_in_are_opposites_for_present_values(value, expected):
    options = ["software", "fintech"]
    assert check(value, in_=options) is expected
    assert check(value, not_in=options) is not expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(199.99, False), (200, True), (5000, True), ("5000", True), (5000.01, False)],
)
def test_between_includes_both_ends(value, expected):
    assert check(value, between=[200, 5000]) is expected


def test_at_least_and_at_most_include_the_threshold():
    assert check(10, at_least=10)
    assert not check(9.999, at_least=10)
    assert check(10, at_most=10)
    assert not check(10.001, at_most=10)
    assert check(-5, at_most=0)


def test_below_excludes_the_threshold():
    assert check(9.999, below=10)
    assert not check(10, below=10)
    assert not check("lots", below=1e9)
    assert not check(None, below=1e9)


def test_matches_searches_anywhere_and_is_case_sensitive_unless_told():
    assert check("https://x.io/pricing?a=1", matches="/pricing")
    assert not check("/PRICING", matches="/pricing")
    assert check("/PRICING", matches="(?i)/pricing")
    assert check("Jane, VP of Sales", matches=r"(?i)\b(vp|head)\b")


def test_matches_on_a_number_uses_its_text():
    assert check(250, matches=r"^25")
    assert check(True, matches="^true$")
