"""Imports point downward only (DESIGN.md): this walks every module and checks each arrow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "leadscore"

#: For each part of the package, the leadscore parts it may import.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "domain": {"errors"},
    "spec": {"domain", "errors"},
    "engine": {"domain", "spec", "errors"},
    "evaluate": {"domain", "engine", "spec", "errors"},
    "predict": {"domain", "spec", "engine", "evaluate", "errors"},
    "ingest": {"domain", "errors"},
    "simulate": {"domain", "errors"},
    "access": {"errors"},
    "stores": {"domain", "access", "errors"},
    "keyring": {"access", "domain", "stores", "errors"},
    "idempotent": {"access", "domain", "stores", "errors"},
    "realtime": {"access", "domain", "spec", "stores", "rescore", "privacy", "errors"},
    "rescore": {"domain", "engine", "spec", "stores", "batch", "webhooks", "errors"},
    "service": {
        "domain",
        "engine",
        "spec",
        "stores",
        "ingest",
        "rescore",
        "access",
        "keyring",
        "idempotent",
        "realtime",
        "notify",
        "privacy",
        "errors",
    },
    "api": {"api", "access", "domain", "spec", "ingest", "realtime", "service", "errors"},
    "demo": {"domain", "evaluate", "ingest", "service", "simulate", "errors"},
    "batch": {"domain", "engine", "spec", "ingest", "errors"},
    "webhooks": {"domain", "errors"},
    "notify": {"domain", "stores", "webhooks", "errors"},
    "privacy": {"domain", "stores", "webhooks", "errors"},
    "cli": {
        "cli",
        "batch",
        "domain",
        "spec",
        "service",
        "demo",
        "simulate",
        "api",
        "access",
        "predict",
        "evaluate",
        "errors",
    },
}
#: Frameworks that pure layers must never touch.
FRAMEWORKS = {"sqlalchemy", "alembic", "fastapi", "starlette", "typer", "click", "rich"}
PURE = {
    "domain",
    "spec",
    "engine",
    "evaluate",
    "predict",
    "ingest",
    "simulate",
    "errors",
    "webhooks",
    "access",
}


def _part(module: Path) -> str:
    relative = module.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imports(module: Path) -> set[str]:
    """Absolute module names imported, `from leadscore import x` as `leadscore.x`."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module.name}: use absolute imports (line {node.lineno})"
            if node.module == "leadscore":
                names.update(f"leadscore.{alias.name}" for alias in node.names)
            elif node.module:
                names.add(node.module)
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_downward(module: Path) -> None:
    part = _part(module)
    assert part in ALLOWED, f"{part} is not placed in a layer: add it to ALLOWED"
    for name in _imports(module):
        top = name.split(".")[0]
        if top == "leadscore" and "." in name:
            target = name.split(".")[1]
            if target == part:
                continue
            assert target in ALLOWED[part], f"{module.name}: {part} must not import {name}"
        if part in PURE:
            assert top not in FRAMEWORKS, f"{module.name}: {part} must stay pure, imports {name}"


def test_every_layer_exists() -> None:
    present = {_part(p) for p in MODULES}
    assert {"domain", "spec", "engine", "stores", "service", "cli"} <= present


def test_the_checker_sees_every_import_form(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "import sqlalchemy\nfrom leadscore import stores\nfrom leadscore.cli import app\n"
    )
    assert _imports(module) == {"sqlalchemy", "leadscore.stores", "leadscore.cli"}
