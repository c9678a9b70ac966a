"""Companies: the accounts leads work for, with firmographics drawn like a real market.

Company sizes are log-normal (many small firms, a long tail of giants), revenue follows
size times an industry-dependent revenue per employee, and `need` is a hidden account-level
"in market right now" factor that makes colleagues at one company behave alike. Each
company is a pure function of (seed, index), so leads can be generated in any order.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: (industry, share of companies, log-median employees, revenue per employee in USD)
INDUSTRIES: tuple[tuple[str, float, float, float], ...] = (
    ("software", 18, 4.0, 190_000),
    ("saas", 10, 3.8, 170_000),
    ("fintech", 6, 3.9, 260_000),
    ("it services", 8, 4.3, 110_000),
    ("financial services", 8, 4.8, 300_000),
    ("healthcare", 8, 4.8, 120_000),
    ("manufacturing", 9, 4.9, 230_000),
    ("retail", 7, 4.5, 160_000),
    ("media", 5, 3.9, 150_000),
    ("education", 7, 4.4, 70_000),
    ("government", 3, 5.6, 90_000),
    ("nonprofit", 4, 3.4, 60_000),
    ("other", 7, 4.0, 120_000),
)

#: (ISO-2 country, share, UTC offset in hours, domain suffix)
COUNTRIES: tuple[tuple[str, float, float, str], ...] = (
    ("US", 38, -6, ".com"),
    ("CA", 5, -5, ".ca"),
    ("GB", 10, 0, ".co.uk"),
    ("DE", 8, 1, ".de"),
    ("FR", 5, 1, ".fr"),
    ("NL", 4, 1, ".nl"),
    ("AU", 4, 10, ".com.au"),
    ("IN", 9, 5.5, ".in"),
    ("BR", 4, -3, ".com.br"),
    ("ES", 3, 1, ".es"),
    ("IT", 3, 1, ".it"),
    ("SG", 2, 8, ".sg"),
    ("JP", 3, 9, ".jp"),
    ("MX", 2, -6, ".mx"),
)

_STEMS = _words(
    "blue north bright clear data cloud iron silver quant vertex nova terra apex lumen "
    "orbit pixel signal true swift open deep green red sky stone river summit prime "
    "astro bold core echo fern flux glide harbor ion jade keen lark maple nimbus oak "
    "pine quill rapid sage tidal umber vivid wild zen arc beacon cedar delta ember "
    "falcon granite hazel indigo juniper kite lunar meadow nexus onyx polar quartz "
    "radiant solar tango ultra velvet willow xeno yonder zephyr amber birch cobalt "
    "dune everest fjord glacier horizon isle jasper kelp lotus mosaic neon opal"
)
_ENDINGS = _words(
    "peak wind path stack forge bridge scale wave works loop point line base gate "
    "field mark sight shift spring light craft hub ly ify io ra wise tree stone bit "
    "grid flow mind leaf bay yard port view rock dale ware cast lane vault"
)
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "software": ("Software", "Labs", "Technologies", "Systems"),
    "saas": ("", "HQ", "Cloud", "Labs"),
    "fintech": ("Pay", "Finance", "Capital", "Money"),
    "it services": ("Consulting", "IT", "Solutions", "Digital"),
    "financial services": ("Bank", "Financial", "Insurance", "Partners"),
    "healthcare": ("Health", "Medical", "Care", "Clinics"),
    "manufacturing": ("Industries", "Manufacturing", "Components", "Group"),
    "retail": ("Stores", "Retail", "Goods", "Market"),
    "media": ("Media", "Studios", "Publishing", "News"),
    "education": ("University", "Academy", "Learning", "College"),
    "government": ("Council", "Agency", "Authority", "Department"),
    "nonprofit": ("Foundation", "Trust", "Alliance", "Fund"),
    "other": ("Group", "Co", "Holdings", "Partners"),
}
_EXTRA_TLDS = (".io", ".ai", ".co", ".net", ".tech", ".app", ".cloud", ".org")
_COMPOUNDS = len(_STEMS) * len(_ENDINGS)
_SPREAD = 7919  # a prime that does not divide _COMPOUNDS: neighbours get unrelated names


@dataclass(frozen=True, slots=True)
class Company:
    index: int
    name: str
    domain: str
    industry: str
    employees: int
    annual_revenue: int
    country: str
    utc_offset: float
    need: float


def _weighted(rng: random.Random, table: tuple[tuple, ...]) -> tuple:
    return rng.choices(table, weights=[row[1] for row in table])[0]


def _compound(index: int) -> tuple[str, int]:
    """A unique made-up brand for every index, so domains never collide."""
    variant, slot = divmod(index, _COMPOUNDS)
    stem, ending = divmod(slot * _SPREAD % _COMPOUNDS, len(_ENDINGS))
    return _STEMS[stem] + _ENDINGS[ending], variant


def _domain(brand: str, variant: int, country_tld: str) -> str:
    if variant == 0:
        return brand + country_tld
    if variant <= len(_EXTRA_TLDS):
        return brand + _EXTRA_TLDS[variant - 1]
    return f"{brand}{variant}.com"


def _round_revenue(value: float) -> int:
    """Three significant figures, as companies report it."""
    magnitude = 10 ** max(0, int(math.log10(max(value, 1.0))) - 2)
    return int(round(value / magnitude) * magnitude)


@lru_cache(maxsize=65_536)
def company_at(seed: int, index: int) -> Company:
    """The company with this index in the market of this seed (pure, cached)."""
    rng = random.Random(f"{seed}:company:{index}")
    industry, _, log_median, per_employee = _weighted(rng, INDUSTRIES)
    country, _, utc_offset, tld = _weighted(rng, COUNTRIES)
    employees = int(min(100_000, max(1, round(math.exp(rng.gauss(log_median, 1.9))))))
    revenue = employees * per_employee * math.exp(rng.gauss(0, 0.45))
    brand, variant = _compound(index)
    suffix = rng.choice(_SUFFIXES[industry])
    name = f"{brand.capitalize()} {suffix}".strip()
    return Company(
        index=index,
        name=name,
        domain=_domain(brand, variant, tld),
        industry=industry,
        employees=employees,
        annual_revenue=_round_revenue(revenue),
        country=country,
        utc_offset=utc_offset,
        need=rng.gauss(0.0, 1.0),
    )
