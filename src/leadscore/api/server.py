"""Running the app under uvicorn: one process, or several workers sharing the database.

Workers are separate processes, each building its own app from the environment
(`app_from_env`); `leadscore serve` puts its options there before starting them.
"""

from __future__ import annotations

import logging

import uvicorn
from fastapi import FastAPI

from leadscore.api.app import create_app
from leadscore.api.settings import Settings

FACTORY = "leadscore.api.server:app_from_env"


def app_from_env() -> FastAPI:
    return create_app(Settings.from_env())


def serve(
    settings: Settings, host: str, port: int, workers: int = 1, log_level: str = "info"
) -> None:
    """Serve until interrupted. uvicorn's access log stays off: the app logs each request
    by route template (no ids, queries or headers), see api/middleware.py."""
    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    options = {"host": host, "port": port, "log_level": log_level, "access_log": False}
    if workers > 1:
        uvicorn.run(FACTORY, factory=True, workers=workers, **options)  # type: ignore[arg-type]
    else:
        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
