"""The default scoring model that ships with leadscore."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_TEMPLATE = "b2b-saas"


def template_path(name: str = DEFAULT_TEMPLATE) -> Path:
    return Path(str(resources.files("leadscore.spec") / "templates" / f"{name}.yaml"))


def template_text(name: str = DEFAULT_TEMPLATE) -> str:
    return template_path(name).read_text(encoding="utf-8")
