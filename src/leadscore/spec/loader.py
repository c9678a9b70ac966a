"""Read a scoring-model file and turn every problem into file:line: key: message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from leadscore.spec.errors import SpecError, SpecIssue
from leadscore.spec.model import CrossReferenceError, ScoringModel
from leadscore.spec.yaml_loader import StrictBoolLoader
from leadscore.spec.yaml_nodes import child, duplicate_keys, line_of

Loc = tuple[str | int, ...]


def load_spec(path: str | Path) -> ScoringModel:
    """Load and validate the scoring-model file at `path`."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError([SpecIssue(str(file), None, "", f"cannot read: {exc.strerror}")]) from None
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text (byte {exc.object[exc.start]:#x} at offset {exc.start})"
        raise SpecError([SpecIssue(str(file), None, "", message)]) from None
    return load_spec_text(text, source=str(file))


def load_spec_text(text: str, source: str = "<scoring model>") -> ScoringModel:
    """Validate scoring-model YAML given as text; `source` names it in errors."""
    try:
        loader = StrictBoolLoader(text)
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SpecError([SpecIssue(source, line, "", f"not valid YAML: {exc.problem}")]) from None
    if not isinstance(data, dict) or root is None:
        raise SpecError([SpecIssue(source, 1, "", "expected a mapping with at least `name:`")])
    duplicates = [
        SpecIssue(source, node.start_mark.line + 1, _dotted(path), "key given twice")
        for path, node in duplicate_keys(root)
    ]
    if duplicates:
        raise SpecError(duplicates)
    try:
        return ScoringModel.model_validate(data)
    except ValidationError as exc:
        raise SpecError(_issues(exc, root, source)) from None


def _issues(error: ValidationError, root: yaml.Node, source: str) -> list[SpecIssue]:
    issues: list[SpecIssue] = []
    for detail in error.errors(include_url=False):
        loc: Loc = tuple(detail["loc"])
        cause: Any = (detail.get("ctx") or {}).get("error")
        if isinstance(cause, CrossReferenceError):
            loc = loc + cause.path
        message = str(cause) if cause is not None else detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = "unknown key"
        path = _data_path(loc, root)
        issue = SpecIssue(source, line_of(root, path), _dotted(path), message)
        if not any(seen.key == issue.key for seen in issues):  # one per key: unions repeat
            issues.append(issue)
    return issues


def _data_path(loc: Loc, root: yaml.Node) -> Loc:
    """Drop pydantic's union and validator tags from a location, keeping real keys."""
    path: list[str | int] = []
    node: yaml.Node | None = root
    for part in loc:
        step = child(node, part) if node is not None else None
        if step is None and not isinstance(part, int):
            continue
        path.append(part)
        node = step
    return tuple(path)


def _dotted(path: Loc) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
