"""Hidden traits: the truth about a lead that the scoring model can only guess at.

`fit` (a z-like number, about -3..3) is how good a customer the lead's company and role
would be; `intent` (0..1) is how actively they are looking to buy right now. Both drive
behaviour and outcomes, but neither is written out: a scoring model only sees the noisy,
partly missing attributes and the events, exactly as in real life. Intent is partly
correlated with fit (good-fit companies are more often in market) and shared within a
company through its `need`.
"""

from __future__ import annotations

import math
import random

from leadscore.simulate.companies import Company
from leadscore.simulate.personas import Persona

_INDUSTRY_FIT = {
    "software": 1.0,
    "saas": 1.0,
    "fintech": 0.9,
    "it services": 0.6,
    "financial services": 0.4,
    "healthcare": 0.2,
    "manufacturing": 0.1,
    "retail": 0.1,
    "media": 0.1,
    "education": -0.5,
    "government": -0.6,
    "nonprofit": -0.7,
    "other": -0.3,
}
_SENIORITY_FIT = {
    "c-level": 0.6,
    "vp": 0.7,
    "director": 0.6,
    "manager": 0.3,
    "individual": -0.2,
    "student": -1.6,
}
_FUNCTION_FIT = {
    "marketing": 0.3,
    "revenue operations": 0.4,
    "sales": 0.2,
    "executive": 0.1,
    "engineering": -0.2,
    "finance": -0.2,
    "operations": -0.1,
    "education": -0.5,
}
_TARGET_COUNTRIES = frozenset({"US", "CA", "GB", "DE", "FR", "NL", "AU"})


def _size_fit(employees: int) -> float:
    if employees <= 10:
        return -1.0
    if employees < 50:
        return -0.3
    if employees < 200:
        return 0.3
    if employees <= 5000:
        return 0.8
    return 0.4


def hidden_fit(rng: random.Random, company: Company, persona: Persona, free_mail: bool) -> float:
    """Ideal-customer-profile fit from the *true* firmographics plus unobserved noise."""
    score = (
        _INDUSTRY_FIT[company.industry]
        + _size_fit(company.employees)
        + _SENIORITY_FIT[persona.seniority]
        + _FUNCTION_FIT[persona.job_function]
        + (0.2 if company.country in _TARGET_COUNTRIES else -0.2)
        - (0.3 if free_mail else 0.0)
    )
    return score - 1.0 + rng.gauss(0.0, 0.6)


def hidden_intent(rng: random.Random, fit: float, need: float, source_boost: float) -> float:
    """Buying intent in 0..1: mostly low, a long tail of leads actively evaluating."""
    z = 0.35 * fit + 0.55 * need + source_boost + rng.gauss(0.0, 0.9)
    return 1.0 / (1.0 + math.exp(-(z - 1.4)))
