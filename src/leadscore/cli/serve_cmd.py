"""`leadscore serve` and `leadscore keys create|list|revoke`."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from leadscore.access.scopes import SCOPES, parse_scopes
from leadscore.cli.console import err, out
from leadscore.cli.options import DbOption
from leadscore.service import LeadService

keys_app = typer.Typer(help="API keys: create (shown once), list, revoke.", no_args_is_help=True)


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
    ingest_process: Annotated[
        bool | None,
        typer.Option(
            "--ingest-process/--inline-ingest",
            help="Apply ingest in a writer process beside each worker (a second core), or "
            "inline in the worker. Default: LEADSCORE_INGEST_PROCESS, else a writer process "
            "on SQLite and inline on PostgreSQL.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) until interrupted."""
    from leadscore.api.server import serve as run_server  # FastAPI loads for this command only
    from leadscore.api.settings import Settings

    settings = Settings.from_env(database=db, ingest_process=ingest_process)
    service = LeadService.open(settings.database)
    if ingest_process is None and not os.environ.get("LEADSCORE_INGEST_PROCESS"):
        # SQLite: about 40% more single events per second. On a database server the
        # groups wait on round trips in threads already; a writer only added CPU there.
        settings = settings.model_copy(update={"ingest_process": not service.store.networked})
    if not service.ready():
        service.init()
    if settings.database is not None:
        os.environ["LEADSCORE_DB"] = settings.database  # what worker processes read
    os.environ["LEADSCORE_INGEST_PROCESS"] = "on" if settings.ingest_process else "off"
    err.print(f"serving {escape(service.store.url)} on http://{host}:{port} ({workers} worker(s))")
    run_server(settings, host, port, workers, log_level)


@keys_app.command("create")
def create(
    scope: Annotated[
        list[str],
        typer.Option("--scope", help=f"One of {', '.join(SCOPES)}; repeat or comma-separate."),
    ],
    name: Annotated[str, typer.Option(help="What the key is for (shown in `keys list`).")] = "",
    db: DbOption = None,
) -> None:
    """Create an API key; it is printed once, alone on the last line, and never again."""
    scopes = parse_scopes(scope)
    service = _service(db)
    issued = service.keys.create(scopes, name)
    err.print(
        f"created key {issued.key.key_id} with scope(s) {', '.join(scopes)}; "
        "store it now, it cannot be shown again:"
    )
    print(issued.token)


@keys_app.command("list")
def list_keys(db: DbOption = None) -> None:
    """Keys by id, scopes, name, created and revoked times (never the secrets)."""
    table = Table("key id", "scopes", "name", "created", "revoked")
    for key in _service(db).keys.list():
        revoked = f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else ""
        table.add_row(
            key.key_id,
            ",".join(key.scopes),
            escape(key.name),
            f"{key.created_at:%Y-%m-%d %H:%M}",
            revoked,
        )
    out.print(table)


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The id shown by `keys list`.")], db: DbOption = None
) -> None:
    """Revoke a key: servers refuse it within their key cache time (30 s)."""
    _service(db).keys.revoke(key_id)
    err.print(f"revoked key {escape(key_id)}")


def _service(db: str | None) -> LeadService:
    service = LeadService.open(db)
    if not service.ready():
        service.init()
    return service


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(keys_app, name="keys")
