"""One router per resource; importing this package appends each to `api.app.ROUTERS`."""

from leadscore.api.routers import decisions, events, funnel, health, leads, privacy, webhooks

__all__ = ["decisions", "events", "funnel", "health", "leads", "privacy", "webhooks"]
