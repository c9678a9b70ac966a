"""One row of a leads file to a Lead: standard fields typed, every other column an attribute."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from leadscore.domain.lead import Lead
from leadscore.ingest.values import (
    FieldError,
    boolean,
    email,
    extra,
    identifier,
    integer,
    is_blank,
    json_object,
    number,
    text,
)

_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "email": email,
    "first_name": text,
    "last_name": text,
    "title": text,
    "company": text,
    "domain": text,
    "industry": text,
    "employees": integer,
    "annual_revenue": number,
    "country": text,
    "source": text,
    "do_not_email": boolean,
    "do_not_call": boolean,
}


def lead_from_row(values: dict[str, Any], parse_time: Callable[[Any], datetime]) -> Lead:
    """Only `lead_id` is required; an `attributes` object (JSON) merges into the custom columns.

    Custom values are kept as given (text stays text, JSON/Parquet scalars stay native) except
    that strings are stripped and blank cells are left out, so CSV and JSON agree.
    """
    name = "lead_id"
    fields: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    try:
        lead_id = identifier(values.get("lead_id"))
        for name, value in values.items():
            convert = _CONVERTERS.get(name)
            if convert is not None:
                fields[name] = convert(value)
            elif name == "created_at":
                fields[name] = None if is_blank(value) else parse_time(value)
            elif name == "attributes":
                attributes.update(json_object(value))
            elif name != "lead_id":
                kept = extra(value)
                if kept is not None:
                    attributes[name] = kept
    except ValueError as exc:
        raise FieldError(name, str(exc)) from None
    return Lead(lead_id=lead_id, attributes=attributes, **fields)
