"""Malformed scoring-model files: every error names the file, the line and the dotted key."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from leadscore.errors import LeadscoreError
from leadscore.spec import SpecError, load_spec, load_spec_text

CASES = {
    "unknown key": (
        """\
        name: broken
        fit:
          rules:
            - name: software
              when: {attribute: industry, equals: software}
              points: 10
              colour: red
        """,
        7,
        "fit.rules[0].colour",
        "unknown key",
    ),
    "wrong type": (
        """\
        name: broken
        engagement:
          half_life_days: a quarter
        """,
        3,
        "engagement.half_life_days",
        "valid number",
    ),
    "negative cap": (
        """\
        name: broken
        engagement:
          rules:
            - name: opened
              event: email_open
              points: 1
              cap: -10
        """,
        7,
        "engagement.rules[0].cap",
        "greater than 0",
    ),
    "invalid regex": (
        """\
        name: broken
        fit:
          rules:
            - name: senior
              when:
                attribute: title
                matches: "(vp|head"
              points: 10
        """,
        7,
        "fit.rules[0].when.matches",
        "not a valid regular expression",
    ),
    "between low above high": (
        """\
        name: broken
        fit:
          rules:
            - name: mid-market
              when:
                attribute: employees
                between: [5000, 200]
              points: 20
        """,
        7,
        "fit.rules[0].when.between",
        "low <= high",
    ),
    "two operators in one test": (
        """\
        name: broken
        fit:
          rules:
            - name: mid-market
              when:
                attribute: employees
                at_least: 200
                at_most: 5000
              points: 20
        """,
        5,
        "fit.rules[0].when",
        "got at_least, at_most",
    ),
    "two operators in a property test": (
        """\
        name: broken
        engagement:
          rules:
            - name: pricing
              event: page_view
              where:
                url: {matches: /pricing, equals: /pricing}
              points: 10
        """,
        7,
        "engagement.rules[0].where.url",
        "got equals, matches",
    ),
    "duplicate key": (
        """\
        name: broken
        fit:
          limit: 100
          limit: 50
        """,
        4,
        "fit.limit",
        "key given twice",
    ),
    "unknown or_signals name": (
        """\
        name: broken
        signals:
          - name: demo
            event: demo_request
            within_days: 30
        lifecycle:
          mql:
            or_signals:
              - demo
              - contact sales
        """,
        10,
        "lifecycle.mql.or_signals[1]",
        "unknown signal 'contact sales'; defined signals: demo",
    ),
    "duplicate rule names across groups": (
        """\
        name: broken
        fit:
          rules:
            - name: webinar
              when: {attribute: source, equals: webinar}
              points: 5
        engagement:
          rules:
            - name: webinar
              event: webinar_attended
              points: 10
        """,
        9,
        "engagement.rules[0].name",
        "rule name 'webinar' is used twice",
    ),
    "duplicate signal names": (
        """\
        name: broken
        signals:
          - name: demo
            event: demo_request
            within_days: 30
          - name: demo
            event: trial_start
            within_days: 30
        """,
        6,
        "signals[1].name",
        "signal name 'demo' is used twice",
    ),
    "fit exit threshold above entry": (
        """\
        name: broken
        lifecycle:
          mql:
            fit_at_least: 40
            exit:
              fit_below: 45
        """,
        6,
        "lifecycle.mql.exit.fit_below",
        "must not be above fit_at_least",
    ),
    "engagement exit threshold above entry": (
        """\
        name: broken
        lifecycle:
          mql:
            engagement_at_least: 40
            exit:
              engagement_below: 60
        """,
        6,
        "lifecycle.mql.exit.engagement_below",
        "must not be above engagement_at_least",
    ),
    "tiers with equal thresholds": (
        """\
        name: broken
        tiers: {cold: 0, warm: 50, hot: 50}
        """,
        2,
        "tiers",
        "distinct",
    ),
}


@pytest.mark.parametrize(("text", "line", "key", "message"), CASES.values(), ids=CASES.keys())
def test_an_invalid_file_names_file_line_and_key(tmp_path, text, line, key, message):
    path = tmp_path / "scoring.yaml"
    path.write_text(dedent(text), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    first = caught.value.issues[0]
    assert (first.source, first.line, first.key) == (str(path), line, key)
    assert message in first.message
    assert str(caught.value).startswith(f"{path}:{line}: {key}: ")


def test_a_yaml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "scoring.yaml"
    path.write_text("name: broken\nfit:\n  rules: [\n    - name: x\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value).startswith(f"{path}:4: not valid YAML")


def test_text_is_named_by_its_source():
    with pytest.raises(SpecError, match=r"^team-model\.yaml:2: colour: unknown key$"):
        load_spec_text("name: x\ncolour: red\n", source="team-model.yaml")


def test_every_problem_is_listed(tmp_path):
    path = tmp_path / "scoring.yaml"
    path.write_text("name: x\ncolour: red\nengagement:\n  limit: lots\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert set(caught.value.details().splitlines()) == {
        f"{path}:2: colour: unknown key",
        f"{path}:4: engagement.limit: Input should be a valid number, "
        "unable to parse string as a number",
    }
    assert str(caught.value).endswith("(and 1 more)")


@pytest.mark.parametrize("text", ["", "- a list\n", "just text\n"])
def test_a_file_that_is_not_a_mapping_is_refused(text):
    with pytest.raises(SpecError, match="expected a mapping"):
        load_spec_text(text, source="empty.yaml")


def test_a_missing_file_is_a_leadscore_error(tmp_path):
    missing = Path(tmp_path / "nope.yaml")
    with pytest.raises(LeadscoreError, match=f"^{missing}: cannot read"):
        load_spec(missing)
