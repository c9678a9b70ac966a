"""Leads: one person at one company, arriving through a marketing source at some moment.

A lead row is what a CRM would hold: some fields are missing (forms leave them optional,
enrichment fails) and a few are wrong. The hidden traits that drive behaviour travel with
the row in a `Prospect` but are never written to `leads.csv`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from leadscore.domain.lead import STANDARD_FIELDS
from leadscore.simulate.clock import iso, working_time
from leadscore.simulate.companies import Company, company_at
from leadscore.simulate.personas import Persona, make_contact, pick_persona
from leadscore.simulate.traits import hidden_fit, hidden_intent

LEAD_COLUMNS: tuple[str, ...] = (*STANDARD_FIELDS, "job_function", "utm_campaign")

#: (source, share, intent boost): referrals and direct visitors already know what they want,
#: syndicated content downloaders mostly do not.
SOURCES: tuple[tuple[str, float, float], ...] = (
    ("organic search", 24, 0.1),
    ("paid search", 14, 0.2),
    ("linkedin ads", 11, -0.1),
    ("webinar", 10, 0.0),
    ("referral", 6, 0.6),
    ("event", 8, 0.1),
    ("content syndication", 15, -0.6),
    ("direct", 12, 0.3),
)
_SOURCE_WEIGHTS = [row[1] for row in SOURCES]
_GDPR = frozenset({"GB", "DE", "FR", "NL", "ES", "IT"})
LEADS_PER_COMPANY = 3.2


@dataclass(frozen=True, slots=True)
class Prospect:
    lead_id: str
    row: tuple[str, ...]
    company: Company
    persona: Persona
    source: str
    created: float
    fit: float
    intent: float
    emailable: bool
    bad_email: bool
    free_mail: bool


def lead_id_of(index: int) -> str:
    return f"L{index + 1:06d}"


def company_count(leads: int) -> int:
    return max(1, round(leads / LEADS_PER_COMPANY))


def make_prospect(
    rng: random.Random, seed: int, index: int, companies: int, start: float, end: float
) -> Prospect:
    """The lead with this index: company, persona, contact, source, time, hidden traits."""
    company = _pick_company(rng, seed, companies)
    persona = pick_persona(rng, company.employees)
    contact = make_contact(rng, company.domain, persona, company.employees)
    source, _, boost = rng.choices(SOURCES, weights=_SOURCE_WEIGHTS)[0]
    created = working_time(rng, rng.uniform(start, end), company.utc_offset)
    created = float(int(min(end - 60.0, max(start, created))))
    fit = hidden_fit(rng, company, persona, contact.free_mail)
    intent = hidden_intent(rng, fit, company.need, boost)
    do_not_email = rng.random() < 0.03
    do_not_call = rng.random() < (0.14 if company.country in _GDPR else 0.04)
    lead_id = lead_id_of(index)
    anonymous = rng.random() < (0.25 if contact.free_mail else 0.015)
    row = (
        lead_id,
        contact.email,
        _maybe(rng, contact.first_name, 0.01),
        _maybe(rng, contact.last_name, 0.015),
        _maybe(rng, persona.title, 0.04),
        "" if anonymous else company.name,
        "" if anonymous else _maybe(rng, company.domain, 0.03),
        "" if anonymous else _maybe(rng, company.industry, 0.06),
        "" if anonymous else _maybe(rng, str(company.employees), 0.08),
        "" if anonymous else _maybe(rng, str(company.annual_revenue), 0.25),
        _maybe(rng, company.country, 0.02),
        source,
        iso(created),
        _flag(do_not_email),
        _flag(do_not_call),
        _maybe(rng, persona.job_function, 0.1),
        _utm(rng, source, persona, created),
    )
    return Prospect(
        lead_id=lead_id,
        row=row,
        company=company,
        persona=persona,
        source=source,
        created=created,
        fit=fit,
        intent=intent,
        emailable=not do_not_email,
        bad_email=contact.bad_email,
        free_mail=contact.free_mail,
    )


def _pick_company(rng: random.Random, seed: int, companies: int) -> Company:
    """Bigger companies send more leads: accept a candidate with a chance rising with size."""
    for _ in range(8):
        company = company_at(seed, rng.randrange(companies))
        if rng.random() < 0.2 + 0.2 * math.log10(company.employees):
            return company
    return company


def _maybe(rng: random.Random, value: str, missing: float) -> str:
    """Optional form fields and failed enrichment leave some values empty."""
    return "" if rng.random() < missing else value


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _utm(rng: random.Random, source: str, persona: Persona, created: float) -> str:
    quarter = f"q{(int(iso(created)[5:7]) - 1) // 3 + 1}"
    if source == "paid search":
        return rng.choice(("brand-search", "generic-lead-scoring", "competitor-terms"))
    if source == "linkedin ads":
        return f"li-{persona.job_function.replace(' ', '-')}-{quarter}"
    if source == "content syndication":
        return rng.choice(("synd-techtarget", "synd-integrate", "synd-madison-logic"))
    if source == "event":
        return rng.choice(("saastr-2026", "dreamforce-2025", "inbound-2025", "revops-summit"))
    if source == "webinar":
        return f"webinar-{quarter}"
    return ""
