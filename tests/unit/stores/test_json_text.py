"""JSON written by orjson on the hot path (stored JSON columns, ingest replies) reads back
as the stdlib's would, including what orjson refuses (integers beyond 64 bits)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from leadscore.api.render import dumps
from leadscore.stores.driver import json_text

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(values)
def test_stored_json_reads_back_as_written(value: Any) -> None:
    assert json.loads(json_text(value)) == value


@given(values)
def test_replies_read_back_as_written(value: Any) -> None:
    assert json.loads(dumps(value)) == value


def test_integers_beyond_64_bits_fall_back_to_the_stdlib() -> None:
    assert json_text({"n": 2**70}) == json.dumps({"n": 2**70})
    assert json.loads(dumps([2**70, "é"])) == [2**70, "é"]
    assert "é" in dumps(["é"]).decode("utf-8")  # UTF-8, not \\u escapes
