"""One property of a JSON document as text, parsed once, in the engine's own function.

Ibis's JSON accessors parse the document again for every type they try; scoring reads each
property a rule needs once, as the text JSON holds (numbers as written, `true`/`false`,
strings unquoted, null as NULL), and compares it the way engine/tests.py compares values.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from leadscore.errors import LeadscoreError


@ibis.udf.scalar.builtin(name="json_extract_string")
def _duckdb_text(document: str, path: str) -> str:  # type: ignore[empty-body]
    """DuckDB's json_extract_string."""


@ibis.udf.scalar.builtin(name="get_json_object")
def _spark_text(document: str, path: str) -> str:  # type: ignore[empty-body]
    """Spark's get_json_object."""


def json_text(document: ir.StringValue, key: str, dialect: str) -> ir.StringValue:
    if dialect == "duckdb":
        return _duckdb_text(document, '$."' + key.replace('"', '\\"') + '"')
    if dialect == "pyspark":
        return _spark_text(document, "$['" + key.replace("'", "\\'") + "']")
    raise LeadscoreError(f"reading JSON properties on {dialect!r} is not supported")
