"""One row of an events file to an Event: four required fields, everything else a property."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from leadscore.domain.event import Event
from leadscore.ingest.values import FieldError, extra, identifier, is_blank, json_object, shown

REQUIRED: tuple[str, ...] = ("event_id", "lead_id", "type", "occurred_at")
_CORE = frozenset((*REQUIRED, "properties"))


def event_from_row(values: dict[str, Any], parse_time: Callable[[Any], datetime]) -> Event:
    """`properties` is a JSON object (or JSON text; blank means {}); other columns join it.

    A column that disagrees with the same key inside `properties` is refused rather than
    letting one silently win.
    """
    name = "event_id"
    try:
        event_id = identifier(values.get("event_id"))
        name = "lead_id"
        lead_id = identifier(values.get("lead_id"))
        name = "type"
        kind = identifier(values.get("type"))
        name = "occurred_at"
        raw = values.get("occurred_at")
        if is_blank(raw):
            raise ValueError("required value is missing")
        occurred_at = parse_time(raw)
        name = "properties"
        properties = json_object(values.get("properties"))
        for name, value in values.items():
            if name not in _CORE:
                _add(properties, name, extra(value))
    except ValueError as exc:
        raise FieldError(name, str(exc)) from None
    return Event(event_id, lead_id, kind, occurred_at, properties)


def _add(properties: dict[str, Any], name: str, value: Any) -> None:
    if value is None:
        return
    if name in properties and properties[name] != value:
        raise ValueError(
            f"{shown(value)} disagrees with properties[{name!r}] = {shown(properties[name])}"
        )
    properties[name] = value
