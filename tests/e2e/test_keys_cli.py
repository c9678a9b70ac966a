"""`leadscore keys create|list|revoke`: the key alone on the last line, shown once."""

from __future__ import annotations

from typing import Any

from leadscore.access.keys import parse_key


def test_create_list_revoke(run: Any) -> None:
    made = run("keys", "create", "--scope", "ingest,read", "--name", "tracker")
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    parsed = parse_key(token)
    assert parsed is not None
    key_id, _ = parsed
    listed = run("keys", "list")
    assert key_id in listed.stdout and "ingest,read" in listed.stdout and "tracker" in listed.stdout
    assert token not in listed.stdout and parsed[1] not in listed.stdout
    assert run("keys", "revoke", key_id).exit_code == 0
    again = run("keys", "revoke", key_id)
    assert again.exit_code == 2 and "no active API key" in again.output


def test_unknown_scopes_are_refused(run: Any) -> None:
    answer = run("keys", "create", "--scope", "root")
    assert answer.exit_code == 2 and "unknown scope" in answer.output
