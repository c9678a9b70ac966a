"""Docs stay true to the code: every CLI command is in the README."""

from __future__ import annotations

from pathlib import Path

import typer

from leadscore.cli.app import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(application: typer.Typer, prefix: str = "leadscore") -> list[str]:
    names = [
        f"{prefix} {command.name or command.callback.__name__}"
        for command in application.registered_commands
    ]  # type: ignore[union-attr]
    for group in application.registered_groups:
        names += _commands(group.typer_instance, f"{prefix} {group.name}")  # type: ignore[arg-type]
    return names


def test_every_command_is_documented() -> None:
    commands = _commands(app)
    assert len(commands) >= 12
    missing = [name for name in commands if f"`{name}" not in README]
    assert not missing, f"README lacks: {missing}"
