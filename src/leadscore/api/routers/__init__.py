"""One router per resource; importing this package appends each to `api.app.ROUTERS`."""

from leadscore.api.routers import health, privacy, webhooks

__all__ = ["health", "privacy", "webhooks"]
