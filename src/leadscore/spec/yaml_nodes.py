"""Walk a composed YAML node tree: find the line behind a key path, spot duplicate keys."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

Loc = tuple[str | int, ...]


def child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _key_node(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if key.value == part:
                return key
    return None


def line_of(root: yaml.Node, path: Loc) -> int:
    """1-based line of the deepest node on `path` (the key itself when it is the last step)."""
    node = root
    line = root.start_mark.line + 1
    for index, part in enumerate(path):
        last = index == len(path) - 1
        found = _key_node(node, part) if last else None
        nxt = child(node, part)
        if found is not None:
            return found.start_mark.line + 1
        if nxt is None:
            return line
        node = nxt
        line = node.start_mark.line + 1
    return line


def duplicate_keys(node: yaml.Node, path: Loc = ()) -> Iterator[tuple[Loc, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key, value in node.value:
            if key.value in seen:
                yield (*path, key.value), key
            seen.add(key.value)
            yield from duplicate_keys(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from duplicate_keys(item, (*path, index))
