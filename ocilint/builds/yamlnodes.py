"""YAML documents with the line and column of every value, for Compose files and workflows.

PyYAML is imported here, on first use, so a run that reads no YAML never pays for it.
Mappings are `Map`s (dicts that remember where each key and value is), sequences are `Seq`s,
and strings are `Str`s that carry their position; other scalars are kept as their text.
"""

from __future__ import annotations

from typing import Any

from ocilint.errors import InputError


class Str(str):
    """A scalar's text with its 1-based position; `style` is `|` or `>` for block scalars."""

    line: int
    column: int
    style: str | None

    def __new__(cls, value: str, line: int, column: int, style: str | None = None) -> Str:
        made = super().__new__(cls, value)
        made.line = line
        made.column = column
        made.style = style
        return made

    def line_of(self, index: int) -> int:
        """The source line of line `index` (0-based) of the value."""
        if self.style in ("|", ">"):
            return self.line + 1 + index
        return self.line + index


class Map(dict[str, Any]):
    line: int = 0
    column: int = 0
    key_lines: dict[str, tuple[int, int]]


class Seq(list[Any]):
    line: int = 0
    column: int = 0


def load(path: str, text: str) -> Any:
    """The document in `text`; malformed YAML is an InputError naming the line."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(
            f"invalid YAML: {problem}", path, mark.line + 1 if mark else None
        ) from None
    if node is None:
        return None
    return _convert(node, set())


def _convert(node: Any, active: set[int]) -> Any:
    import yaml

    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.style in ("'", '"'):
            column += 1
        return Str(node.value, line, column, node.style if node.style in ("|", ">") else None)
    if id(node) in active:  # a recursive alias: keep it finite
        return None
    active = active | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        seq = Seq(_convert(item, active) for item in node.value)
        seq.line, seq.column = line, column
        return seq
    mapping = Map()
    mapping.line, mapping.column = line, column
    mapping.key_lines = {}
    merged: list[Map] = []
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            value = _convert(value_node, active)
            merged.extend(
                item
                for item in (value if isinstance(value, list) else [value])
                if isinstance(item, Map)
            )
            continue
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        mapping[key] = _convert(value_node, active)
        mapping.key_lines[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    for source in merged:  # `<<: *defaults`: keys written here win
        for key, value in source.items():
            if key not in mapping:
                mapping[key] = value
                mapping.key_lines[key] = source.key_lines.get(key, (source.line, source.column))
    return mapping


def position(parent: Map, key: str) -> tuple[int, int]:
    """Where the value of `key` is written (its key's line when the value has no position)."""
    value = parent.get(key)
    if isinstance(value, Str | Map | Seq):
        return value.line, value.column
    return parent.key_lines.get(key, (parent.line, parent.column))
