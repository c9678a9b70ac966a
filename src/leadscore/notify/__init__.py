"""Webhook subscriptions and their delivery: the part that talks to receivers (httpx)."""
