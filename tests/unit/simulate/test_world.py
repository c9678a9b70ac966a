"""Companies, personas and lead rows: the firmographics the scoring model reads."""

from __future__ import annotations

from statistics import median

from leadscore.domain import parse_timestamp
from leadscore.domain.lead import seniority_of
from leadscore.simulate import SimulationResult
from leadscore.simulate.companies import COUNTRIES, INDUSTRIES, company_at
from leadscore.simulate.personas import FREE_MAIL, TITLES
from tests.unit.simulate.csvfiles import read_rows

TEMPLATE_INDUSTRIES = {row[0] for row in INDUSTRIES}


def test_companies_are_a_pure_function_of_seed_and_index() -> None:
    company_at.cache_clear()
    first = [company_at(4, i) for i in range(50)]
    company_at.cache_clear()
    assert [company_at(4, i) for i in range(50)] == first
    assert [company_at(5, i) for i in range(50)] != first


def test_company_domains_never_collide() -> None:
    domains = [company_at(0, i).domain for i in range(10_000)]
    assert len(set(domains)) == len(domains)


def test_firmographics_are_plausible() -> None:
    companies = [company_at(1, i) for i in range(3_000)]
    assert {c.industry for c in companies} == TEMPLATE_INDUSTRIES
    assert {c.country for c in companies} <= {row[0] for row in COUNTRIES}
    assert all(1 <= c.employees <= 100_000 for c in companies)
    small = [c.annual_revenue for c in companies if c.employees < 50]
    large = [c.annual_revenue for c in companies if c.employees > 1_000]
    assert median(large) > 20 * median(small)


def test_titles_cover_every_seniority() -> None:
    levels = {seniority_of(title) for title, *_ in TITLES}
    assert levels == {"c-level", "vp", "director", "manager", "individual", "student"}


def test_lead_rows_are_well_formed(funnel: SimulationResult) -> None:
    rows = read_rows(funnel.leads_path)
    assert [row["lead_id"] for row in rows] == [f"L{i:06d}" for i in range(1, len(rows) + 1)]
    for row in rows:
        assert row["created_at"].endswith("Z")
        parse_timestamp(row["created_at"])
        assert row["do_not_email"] in ("true", "false")
        assert row["do_not_call"] in ("true", "false")
        assert row["industry"] in TEMPLATE_INDUSTRIES | {""}
        assert row["employees"] == "" or int(row["employees"]) >= 1
        assert "@" in row["email"]


def test_some_values_are_missing_as_in_a_real_crm(funnel: SimulationResult) -> None:
    rows = read_rows(funnel.leads_path)
    for column in ("title", "industry", "employees", "annual_revenue"):
        missing = sum(1 for row in rows if not row[column]) / len(rows)
        assert 0.005 < missing < 0.4, column


def test_free_mail_is_commoner_among_students(funnel: SimulationResult) -> None:
    rows = read_rows(funnel.leads_path)

    def free_share(selected: list[dict[str, str]]) -> float:
        free = [row for row in selected if row["email"].split("@")[1] in FREE_MAIL]
        return len(free) / max(1, len(selected))

    students = [row for row in rows if seniority_of(row["title"]) == "student"]
    others = [row for row in rows if seniority_of(row["title"]) not in ("student", None)]
    assert free_share(students) > 2 * free_share(others) > 0
