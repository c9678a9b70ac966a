"""Segment naming to ours: snake_case event names, identify traits to lead fields."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from leadscore.domain.lead import STANDARD_FIELDS
from leadscore.ingest.values import FieldError, is_blank, shown, text

_TRAIT_ALIASES = {
    "employee_count": "employees",
    "number_of_employees": "employees",
    "job_title": "title",
    "website": "domain",
    "revenue": "annual_revenue",
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")


@lru_cache(maxsize=4096)
def snake_case(name: str) -> str:
    """`Demo Requested`, `demoRequested`, `demo-requested` all become `demo_requested`."""
    return _NON_WORD.sub("_", _CAMEL.sub("_", name.strip())).strip("_").lower()


def lead_values(call: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Traits to lead fields, and whether the call named a user (not only an anonymousId).

    camelCase trait names are matched to our fields (`firstName` -> `first_name`), a `company`
    object is unpacked (name, industry, employee_count; the rest as `company_<key>`), an
    `address.country` fills `country`; every other trait is kept as a custom attribute.
    """
    user_id = text(call.get("userId"))
    lead_id = user_id or text(call.get("anonymousId"))
    if lead_id is None:
        raise FieldError("userId", "expected a userId or an anonymousId")
    traits = call.get("traits")
    if not isinstance(traits, dict | None):
        raise FieldError("traits", f"expected a JSON object, got {shown(traits)}")
    values: dict[str, Any] = {}
    for key, value in (traits or {}).items():
        name = _TRAIT_ALIASES.get(snake_case(key), snake_case(key))
        is_field = name in STANDARD_FIELDS and name != "lead_id" and not isinstance(value, dict)
        values[name if is_field else key] = value
    address, company = values.get("address"), values.get("company")
    if isinstance(address, dict) and not is_blank(address.get("country")):
        values.setdefault("country", address["country"])
    if isinstance(company, dict):
        del values["company"]
        for key, value in company.items():
            name = (
                "company" if key == "name" else _TRAIT_ALIASES.get(snake_case(key), snake_case(key))
            )
            values.setdefault(name if name in STANDARD_FIELDS else f"company_{key}", value)
    values["lead_id"] = lead_id
    return values, user_id is not None
