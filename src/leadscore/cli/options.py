"""Options shared by many commands."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from leadscore.domain.timeutil import parse_timestamp


def _as_of(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="LEADSCORE_DB",
        help="SQLite file path or SQLAlchemy URL.",
        show_default="./leadscore.db",
    ),
]
AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        parser=_as_of,
        metavar="TIMESTAMP",
        help="Score as of this ISO 8601 time; later events are ignored.",
        show_default="now",
    ),
]
AtOption = Annotated[
    datetime | None,
    typer.Option(
        "--at",
        parser=_as_of,
        metavar="TIMESTAMP",
        help="When the decision was made (ISO 8601); the lead is rescored as of then.",
        show_default="now",
    ),
]
