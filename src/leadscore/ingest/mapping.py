"""Column-mapping files: other layouts become ours through reviewable YAML, not code.

```yaml
columns: {lead_id: Prospect ID, created_at: Created Date}    # target field: source column
values: {type: {Email Opened: email_open}}                    # per-field value translation
defaults: {type: page_view}                                   # when the field is absent/blank
timestamp_format: "%d-%m-%Y"                                  # strptime, for day-first dates
```

Every scalar is read as text (YAML's `yes` stays "yes"), so translations match cells exactly
and typed fields are converted by the same rules as data read from the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from leadscore.ingest.errors import IngestError
from leadscore.ingest.rows import listing
from leadscore.ingest.textfile import read_text
from leadscore.ingest.values import FieldError, is_blank

KEYS: tuple[str, ...] = ("columns", "values", "defaults", "timestamp_format")


@dataclass
class Mapping:
    path: Path
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    timestamp_format: str | None = None
    sources: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.sources = frozenset(self.columns.values())

    def rename_header(self, header: tuple[str, ...], data: Path) -> tuple[str, ...]:
        """The header as readers will see it; refuses mapped columns the file lacks."""
        for target, source in self.columns.items():
            if source not in header:
                message = f"mapped column {source!r} not found (columns found: {listing(header)})"
                raise IngestError(data, message, field=target)
        kept = tuple(name for name in header if name not in self.sources)
        for target, source in self.columns.items():
            if target in kept:
                raise IngestError(data, _clash(target, source), field=target)
        return kept + tuple(self.columns)

    def apply(self, row: dict[str, Any]) -> dict[str, Any]:
        """Rename, translate and fill one row (a fresh dict from a reader; it may be reused)."""
        if self.columns:
            renamed = {k: v for k, v in row.items() if k not in self.sources}
            for target, source in self.columns.items():
                if source in row:
                    if target in renamed:
                        raise FieldError(target, _clash(target, source))
                    renamed[target] = row[source]
            row = renamed
        self.translate(row)
        self.fill(row)
        return row

    def translate(self, row: dict[str, Any]) -> None:
        for name, table in self.values.items():
            value = row.get(name)
            if value is not None:
                key = value.strip() if isinstance(value, str) else _text_key(value)
                if key in table:
                    row[name] = table[key]

    def fill(self, row: dict[str, Any]) -> None:
        for name, default in self.defaults.items():
            if is_blank(row.get(name)):
                row[name] = default


def _clash(target: str, source: str) -> str:
    return f"the file has a {target!r} column and also maps {source!r} onto it; keep one"


def _text_key(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file; unknown keys are refused so typos do not pass silently."""
    path = Path(path)
    data = _parse(path, read_text(path, "mapping file"))
    if data is None or data == "":
        data = {}
    if not isinstance(data, dict):
        raise IngestError(path, f"expected a mapping with keys {', '.join(KEYS)}")
    for key in data:
        if key not in KEYS:
            raise IngestError(path, f"unknown key (expected one of: {', '.join(KEYS)})", field=key)
    tables = _section(path, "values", data.get("values"), nested=True)
    timestamp_format = data.get("timestamp_format") or None
    if timestamp_format is not None and not isinstance(timestamp_format, str):
        raise IngestError(
            path, "expected a strptime format such as '%d-%m-%Y'", field="timestamp_format"
        )
    mapping = Mapping(
        path=path,
        columns=_section(path, "columns", data.get("columns")),
        values={name: _section(path, f"values.{name}", t) for name, t in tables.items()},
        defaults=_section(path, "defaults", data.get("defaults")),
        timestamp_format=timestamp_format,
    )
    _check_text(mapping)
    return mapping


def _parse(path: Path, source: str) -> Any:
    """YAML with every scalar read as text (BaseLoader)."""
    try:
        return yaml.load(source, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        raise IngestError(path, f"not valid YAML: {problem}", line=line) from None
    except RecursionError:
        raise IngestError(path, "not valid YAML: nested too deeply") from None


def _check_text(mapping: Mapping) -> None:
    """YAML escapes can spell text no store takes: NUL and unpaired surrogates ("\\ud800")."""
    tables = [mapping.columns, mapping.defaults, *mapping.values.values()]
    texts = [mapping.timestamp_format or "", *mapping.values]
    texts += [text for table in tables for pair in table.items() for text in pair]
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            break
        if "\x00" in text:
            break
    else:
        return
    message = f"{text!r} holds NUL or an unpaired \\uD800-\\uDFFF escape; no store takes it"
    raise IngestError(mapping.path, message)


def _section(path: Path, key: str, value: Any, *, nested: bool = False) -> dict[str, Any]:
    """A `name: text` mapping (or `name: mapping` when nested); blank sections are empty."""
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise IngestError(path, "expected a mapping of name: value", field=key)
    for name, item in value.items():
        if nested and not (isinstance(item, dict) or item == ""):
            raise IngestError(
                path, "expected a mapping of source value: target value", field=f"{key}.{name}"
            )
        if not nested and (not isinstance(item, str) or not item):
            raise IngestError(path, "expected a single, non-empty value", field=f"{key}.{name}")
    return dict(value)
