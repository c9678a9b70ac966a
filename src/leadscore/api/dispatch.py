"""The webhook dispatcher runs as long as the server does (a lifespan hook).

Each server process runs one; they share the outbox safely (rows are leased), so any
number of workers or servers may run on one database.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from leadscore.api.app import LIFESPAN_HOOKS
from leadscore.service import LeadService


@asynccontextmanager
async def run_dispatcher(app: FastAPI) -> AsyncIterator[None]:
    service: LeadService = app.state.service
    dispatcher = service.webhooks.dispatcher()
    dispatcher.start()
    try:
        yield
    finally:
        await asyncio.to_thread(dispatcher.stop)


LIFESPAN_HOOKS.append(run_dispatcher)
