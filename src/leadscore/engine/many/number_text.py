"""Number text as numbers, read alike on every engine and as Python's `float` reads it.

Spark's cast is Java's `Double.parseDouble`, which also reads "1.5d", "2f" and hex floats
("0x1p3") and refuses "1_000"; DuckDB and Python read "1_000" and refuse the others. So the
text must first have the shape of a decimal number (digits may be grouped with single
underscores), and underscores are dropped before the cast.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

DIGITS = r"[0-9](_?[0-9])*"
NUMBER = (
    rf"^[+-]?(({DIGITS})(\.({DIGITS})?)?|\.{DIGITS})([eE][+-]?{DIGITS})?$"
    r"|^[+-]?([iI][nN][fF]([iI][nN][iI][tT][yY])?|[nN][aA][nN])$"
)


def number(text: ir.StringValue) -> ir.FloatingValue:
    """The number `text` holds (surrounding blanks ignored); NULL if it holds none."""
    return _checked(text.strip())


def number_of(stripped: ir.StringValue, dialect: str) -> ir.FloatingValue:
    """`number` of text already stripped of blanks. DuckDB's own cast reads text as
    Python's float() does, so it needs no shape check there (the check costs a regex per
    value); every other engine gets the check."""
    if dialect == "duckdb":
        return stripped.try_cast("float64")
    return _checked(stripped)


def _checked(stripped: ir.StringValue) -> ir.FloatingValue:
    return stripped.re_search(NUMBER).ifelse(
        stripped.re_replace("_", "").try_cast("float64"), ibis.null("float64")
    )
