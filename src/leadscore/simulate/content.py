"""The vendor's marketing content: site pages, email campaigns, assets, webinars, forms.

Which page a visitor reads depends on where they are in the buying journey: browsers read
the blog and bounce, researchers read product, pricing, customer stories, competitor
comparisons and docs, trial users live in the docs. The URL shapes are the ones the
default scoring model matches (`/pricing`, `/product/`, `/case-studies/`, `/vs/`, ...).
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from leadscore.simulate.clock import year_month


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BLOG = _words(
    "what-is-lead-scoring mql-vs-sql lead-scoring-model-template revops-metrics "
    "intent-data-101 b2b-funnel-benchmarks predictive-lead-scoring account-based-marketing "
    "sales-handoff-sla demand-gen-trends-2026 nurture-email-examples icp-worksheet "
    "attribution-models hubspot-scoring-limits marketo-scoring-tips bant-vs-meddic "
    "crm-data-hygiene pipeline-velocity webinar-playbook content-syndication-roi"
)
FEATURES = _words(
    "scoring rules signals lifecycle integrations warehouse-sync predictive analytics routing api"
)
CUSTOMERS = _words(
    "northwind contoso globex initech umbrella hooli acme-cloud stark-analytics "
    "wayne-fintech soylent-health"
)
COMPETITORS = _words("hubspot marketo pardot madkudu 6sense infer")
DOCS = _words(
    "getting-started quickstart scoring-model-reference csv-import api-reference "
    "salesforce-connector hubspot-connector postgres-setup sso webhooks"
)
OTHER = ("/about", "/careers", "/security", "/integrations", "/contact", "/partners")

#: Page kinds and their weights in each phase of the journey.
_KINDS = ("home", "blog", "product", "pricing", "case", "compare", "docs", "other")
_PHASES = {
    "browse": (15, 58, 7, 3, 2, 1, 4, 10),
    "research": (6, 12, 22, 16, 13, 9, 14, 8),
    "trial": (4, 8, 18, 10, 5, 3, 48, 4),
}
_CUMULATIVE = {phase: list(accumulate(weights)) for phase, weights in _PHASES.items()}

ASSETS_EARLY = (
    ("the-lead-scoring-playbook", "ebook"),
    ("state-of-b2b-demand-gen-2026", "ebook"),
    ("predictive-scoring-explained", "whitepaper"),
    ("warehouse-native-revops", "whitepaper"),
)
ASSETS_LATE = (
    ("northwind-cut-response-time-60", "case_study"),
    ("globex-doubled-sql-rate", "case_study"),
    ("lead-scoring-platforms-compared", "comparison_guide"),
    ("buyers-guide-scoring-tools", "comparison_guide"),
    ("platform-datasheet", "datasheet"),
    ("security-overview", "datasheet"),
)
WEBINARS = (
    ("webinar", "Scoring leads that sales trusts"),
    ("webinar", "From MQL to pipeline in 30 days"),
    ("webinar", "Buying signals that matter in 2026"),
    ("workshop", "Hands-on: build your first scoring model"),
    ("workshop", "Connect your warehouse in an hour"),
)
QUESTION_TOPICS = (
    "salesforce integration",
    "hubspot sync",
    "sso and scim",
    "api rate limits",
    "data residency",
    "custom scoring models",
    "pricing for teams",
    "security review",
    "warehouse connectors",
    "onboarding",
)
DEMO_FORMS = ("demo-request", "pricing-page-demo", "webinar-follow-up-demo")
SALES_FORMS = ("contact-sales", "enterprise-inquiry", "talk-to-an-expert")
PLANS = ("starter", "pro", "enterprise")


def page_url(rng: random.Random, phase: str) -> str:
    """A URL for one page view in a journey phase (`browse`, `research` or `trial`)."""
    cumulative = _CUMULATIVE[phase]
    kind = _KINDS[bisect(cumulative, rng.random() * cumulative[-1])]
    if kind == "home":
        return "/"
    if kind == "blog":
        return "/blog/" + rng.choice(BLOG)
    if kind == "product":
        return "/product/" + rng.choice(FEATURES)
    if kind == "pricing":
        return "/pricing"
    if kind == "case":
        section = "/case-studies/" if rng.random() < 0.6 else "/customers/"
        return section + rng.choice(CUSTOMERS)
    if kind == "compare":
        section = "/compare/" if rng.random() < 0.5 else "/vs/"
        return section + rng.choice(COMPETITORS)
    if kind == "docs":
        return "/docs/" + rng.choice(DOCS)
    return rng.choice(OTHER)


def campaign_for(send: int, ts: float) -> str:
    """Onboarding nurture for the first sends, then the monthly programme in rotation."""
    if send < 4:
        return f"nurture-onboarding-{send + 1}"
    year, month = year_month(ts)
    rotation = send % 4
    if rotation == 0:
        return f"newsletter-{year}-{month:02d}"
    if rotation == 1:
        return f"nurture-q{(month - 1) // 3 + 1}-{send // 4 % 6 + 1}"
    if rotation == 2:
        return f"product-update-{year}-{month:02d}"
    return f"webinar-invite-{year}-{month:02d}"
