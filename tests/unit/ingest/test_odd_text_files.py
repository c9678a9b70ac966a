"""Odd CSV and JSON Lines input: a correct result or a one-line IngestError, never a crash."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from leadscore.ingest import IngestError, read_events, read_leads

EVENT = {"event_id": "e1", "lead_id": "L1", "type": "visit", "occurred_at": "2026-01-01"}


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def refused(path: Path, reader: Callable[[Path], object] = read_leads) -> str:
    """The error's text after the file name; it must be one line naming the file."""
    with pytest.raises(IngestError) as caught:
        reader(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message.removeprefix(f"{path}: ")


# --- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n", b" , \r\n"])
def test_csv_without_a_header_is_refused(tmp_path: Path, data: bytes) -> None:
    message = refused(write(tmp_path, "leads.csv", data))
    assert "expected a header row" in message or "names no columns" in message


@pytest.mark.parametrize("data", ["lead_id,email\n", "\ufefflead_id,email\r\n", "lead_id\n\n\n"])
def test_csv_header_only_is_zero_rows(tmp_path: Path, data: str) -> None:
    assert read_leads(write(tmp_path, "leads.csv", data)) == []
    header = "event_id,lead_id,type,occurred_at\r\n"
    assert read_events(write(tmp_path, "events.csv", header)) == []


def test_csv_bom_and_crlf_keep_names_and_line_numbers(tmp_path: Path) -> None:
    data = "\ufefflead_id,employees\r\nL1,3\r\nL2,x\r\n"
    assert refused(write(tmp_path, "leads.csv", data)).startswith("row 2 (line 3): employees:")
    leads = read_leads(write(tmp_path, "ok.csv", "\ufefflead_id,plan\r\nL1,pro\r\n"))
    assert [(lead.lead_id, lead.attributes) for lead in leads] == [("L1", {"plan": "pro"})]


def test_csv_extremely_long_field_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", "lead_id,note\nL1,ok\nL2," + "x" * 200_000 + "\n")
    assert refused(path).startswith("line 3: malformed CSV: field larger than field limit")


def test_csv_nul_character_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", b"lead_id,note\nL1,a\x00b\n")
    assert refused(path).startswith("line 2: NUL character")


def test_csv_attributes_json_with_nan_is_stored_as_null(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", 'lead_id,attributes\nL1,"{""a"": NaN, ""b"": [1e999]}"\n')
    assert read_leads(path)[0].attributes == {"a": None, "b": [None]}


# --- JSON Lines -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", ["", "\n\n   \n", "\ufeff\n"])
def test_jsonl_empty_is_zero_rows(tmp_path: Path, data: str) -> None:
    assert read_leads(write(tmp_path, "leads.jsonl", data)) == []


@pytest.mark.parametrize(
    ("line", "kind"),
    [("[1, 2]", "an array"), ("42", "a number"), ('"L1"', "a string"), ("null", "null")],
)
def test_jsonl_line_that_is_not_an_object(tmp_path: Path, line: str, kind: str) -> None:
    path = write(tmp_path, "leads.jsonl", f'{{"lead_id": "L1"}}\n{line}\n')
    assert refused(path) == f"row 2 (line 2): expected a JSON object, got {kind}"


def test_jsonl_first_line_an_array_then_objects(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.jsonl", '\n[1, 2]\n{"lead_id": "L1"}\n')
    assert refused(path).startswith("line 3: invalid JSON: Extra data")


def test_json_array_file_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.json", '\n[{"lead_id": "L1"},\n oops]\n')
    assert refused(path).startswith("line 3: invalid JSON: Expecting value")


@pytest.mark.parametrize(
    "value",
    ["1" * 5000, "[" * 100_000 + "]" * 100_000, "[" * 900 + "]" * 900],
    ids=["5000-digit-int", "recursion", "deep"],
)
def test_jsonl_numbers_and_nesting_python_cannot_hold(tmp_path: Path, value: str) -> None:
    path = write(
        tmp_path, "leads.jsonl", f'{{"lead_id": "L1"}}\n{{"lead_id": "L2", "x": {value}}}\n'
    )
    message = refused(path)
    assert message.startswith("row 2 (line 2): ")
    assert "nested" in message or "4300 digits" in message


@pytest.mark.parametrize("text", ["L\\ud800", "L\\udfff x", "a\\u0000b"])
def test_jsonl_text_databases_refuse(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "leads.jsonl", f'{{"lead_id": "L1", "note": {{"k": ["{text}"]}}}}\n')
    assert refused(path).startswith("row 1 (line 1): text holds \\u0000 or an unpaired")


def test_jsonl_escaped_surrogate_pair_and_long_line_are_fine(tmp_path: Path) -> None:
    rows = [{"lead_id": "L\ud83d\ude00"}, {"lead_id": "L2", "note": "x" * 1_000_000}]
    path = write(tmp_path, "leads.jsonl", "".join(json.dumps(row) + "\n" for row in rows))
    first, second = read_leads(path)
    assert first.lead_id == "L\U0001f600" and len(second.attributes["note"]) == 1_000_000


def test_jsonl_nan_and_infinity_in_attributes_and_properties(tmp_path: Path) -> None:
    lead = '{"lead_id": "L1", "a": NaN, "b": Infinity, "c": 1, "attributes": {"d": -Infinity}}'
    assert read_leads(write(tmp_path, "leads.jsonl", lead + "\n"))[0].attributes == {
        "c": 1,
        "d": None,
    }
    event = json.dumps({**EVENT, "score": math.nan, "properties": {"p": [math.inf]}})
    [stored] = read_events(write(tmp_path, "events.jsonl", event + "\n"))
    assert stored.properties == {"p": [None]}
    json.dumps(stored.properties, allow_nan=False)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("employees", "99999999999999999999999", "employees: expected a whole number between"),
        ("employees", "-9223372036854775809", "employees: expected a whole number between"),
        ("annual_revenue", "Infinity", "annual_revenue: expected a finite number"),
        ("annual_revenue", "1" + "0" * 400, "annual_revenue: expected a finite number"),
        ("created_at", "1e20", "created_at: epoch seconds out of range"),
        ("created_at", '"0001-01-01T00:00:00+05:00"', "created_at: timestamp out of range"),
        ("lead_id", '{"id": 1}', "lead_id: expected text or a number"),
    ],
)
def test_jsonl_lead_values_out_of_range(
    tmp_path: Path, field: str, value: str, expected: str
) -> None:
    row = (
        f'{{"lead_id": "L1", "{field}": {value}}}'
        if field != "lead_id"
        else f'{{"lead_id": {value}}}'
    )
    assert refused(write(tmp_path, "leads.jsonl", row + "\n")).startswith(
        f"row 1 (line 1): {expected}"
    )


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("9999-12-31T23:00-05:00", "timestamp out of range"),
        (-1e20, "epoch seconds out of range"),
        (math.inf, "epoch seconds out of range"),
        (math.nan, "required value is missing"),  # NaN is "no value", as in pandas Parquet
    ],
)
def test_event_time_out_of_range(tmp_path: Path, when: object, expected: str) -> None:
    line = json.dumps({**EVENT, "occurred_at": when})
    message = refused(write(tmp_path, "events.jsonl", line + "\n"), read_events)
    assert message.startswith(f"row 1 (line 1): occurred_at: {expected}")
