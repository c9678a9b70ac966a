"""`leadscore`: the command-line face of the facade."""

from __future__ import annotations

from typing import Any

import typer
from rich.text import Text
from typer.core import TyperGroup

from leadscore.cli import (
    evaluate_cmd,
    ingest_cmd,
    points_cmd,
    rules_cmd,
    scoring_cmd,
    serve_cmd,
    setup_cmd,
    store_training,
    train_cmd,
)
from leadscore.cli.console import err
from leadscore.errors import LeadscoreError
from leadscore.spec.errors import SpecError


class _Group(TyperGroup):
    """Bad input ends with exit code 2 and one line on stderr, never a traceback."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SpecError as exc:
            fail(exc.details())
        except LeadscoreError as exc:
            fail(str(exc))
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}")


def fail(message: str) -> None:
    err.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)
    raise typer.Exit(2)


app = typer.Typer(
    cls=_Group,
    name="leadscore",
    help="Readable lead scoring: score, qualify and hand over leads with every point explained.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
setup_cmd.register(app)
serve_cmd.register(app)
scoring_cmd.register(app)
evaluate_cmd.register(app)
points_cmd.register(app)
store_training.register(app)
train_cmd.register(app)
app.add_typer(ingest_cmd.app, name="ingest")
app.add_typer(rules_cmd.app, name="rules")


def main() -> None:
    app()
