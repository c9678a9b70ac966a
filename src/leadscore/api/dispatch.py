"""The webhook dispatcher runs as long as the server does (a lifespan hook).

Each server process runs one; they share the outbox safely (rows are leased), so any
number of workers or servers may run on one database. Read at startup from the
environment: `LEADSCORE_WEBHOOKS=off` runs none (another process delivers),
`LEADSCORE_WEBHOOK_RETRY_BASE` (seconds, default 30) and `LEADSCORE_WEBHOOK_ATTEMPTS`
(default 15) shape the retries.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from leadscore.api.app import LIFESPAN_HOOKS
from leadscore.service import LeadService


@asynccontextmanager
async def run_dispatcher(app: FastAPI) -> AsyncIterator[None]:
    if os.environ.get("LEADSCORE_WEBHOOKS", "on").lower() == "off":
        yield
        return
    service: LeadService = app.state.service
    dispatcher = service.webhooks.dispatcher(environ=os.environ)
    dispatcher.start()
    try:
        yield
    finally:
        await asyncio.to_thread(dispatcher.stop)


LIFESPAN_HOOKS.append(run_dispatcher)
