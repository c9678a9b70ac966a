"""Pydantic models of what the API accepts and answers (they make the OpenAPI document)."""
