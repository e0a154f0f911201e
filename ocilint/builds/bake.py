"""Docker Bake files: every buildable target is a build.

Reads `docker-bake.hcl`, `docker-bake.json` and `docker-bake.override.hcl`/`.json` of one folder
together, in buildx's order (JSON before HCL, overrides last). HCL is parsed with python-hcl2.
For each target: `context` (relative to the Bake file's folder), `dockerfile` (relative to the
context), `args`, `labels`, `annotations`, `platforms`, `target` and `tags`, after `inherits`
(parents first, in order; maps merged key by key, `annotations` appended, other attributes
replaced) and `${VAR}` interpolation with the `variable` defaults. A target that inherits
`docker-metadata-action` gets the labels docker/metadata-action's bake file defines at CI time.

Targets checked: those named in a group, and those no other target inherits from (a target
only inherited from is a template). Environment variables that would override a variable's
default are not read, so results do not depend on the machine; a variable without a default
and any function call cannot be known offline.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ocilint.builds import common
from ocilint.builds.names import BAKE_FILES, is_bake_path
from ocilint.errors import InputError
from ocilint.hookspecs import hookimpl
from ocilint.model import Build, Location, MetadataEntry, PushedName

TOOL = "bake"
FILE_ORDER = BAKE_FILES
_INTERPOLATION = re.compile(r"(\$\$\{)|\$\{([^}]*)\}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_MERGED_MAPS = ("args", "labels")
# GitHub Actions' default environment, which Bake reads as variables: the form of each value
# is known, and the first three keep the capitals of GitHub names unless `lower()`ed.
GITHUB_VARIABLES = {
    "GITHUB_REPOSITORY": "owner/repo",
    "GITHUB_REPOSITORY_OWNER": "owner",
    "GITHUB_ACTOR": "actor",
    "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
}
_CASE_VARIABLES = ("GITHUB_REPOSITORY", "GITHUB_REPOSITORY_OWNER", "GITHUB_ACTOR")
_APPENDED = ("annotations",)


@hookimpl
def ocilint_build_file(path: str) -> bool | None:
    return True if is_bake_path(path) else None


@hookimpl
def ocilint_load_builds(path: str, data: bytes) -> list[Build] | None:
    if not is_bake_path(path):
        return None
    directory = os.path.dirname(path)
    named = os.path.basename(path).lower()
    sources: list[_File] = []
    for name in FILE_ORDER:
        candidate = os.path.join(directory, name)
        if name == named:
            sources.append(_parse(path, data.decode("utf-8", errors="replace")))
        elif os.path.isfile(candidate):
            try:
                with open(candidate, encoding="utf-8", errors="replace") as file:
                    sources.append(_parse(candidate, file.read()))
            except OSError as error:
                raise InputError(f"cannot read: {error.strerror}", candidate) from None
    return list(_Bake(sources).builds())


# --------------------------------------------------------------------------- reading


@dataclass
class _Value:
    """An attribute value: literal text (quotes removed), a bare expression, or a list/map."""

    raw: Any
    literal: bool


@dataclass
class _Block:
    name: str
    attributes: dict[str, Any]
    path: str
    line: int | None
    end: int | None


@dataclass
class _File:
    path: str
    lines: list[str]
    variables: dict[str, _Block] = field(default_factory=dict)
    groups: dict[str, _Block] = field(default_factory=dict)
    targets: dict[str, _Block] = field(default_factory=dict)


def _block_line(lines: list[str], kind: str, name: str, is_json: bool) -> int | None:
    if is_json:
        pattern = re.compile(rf'^\s*"{re.escape(name)}"\s*:')
    else:
        pattern = re.compile(rf'^\s*{kind}\s+"?{re.escape(name)}"?\s*\{{')
    for number, line in enumerate(lines, start=1):
        if pattern.match(line):
            return number
    return None


def _parse(path: str, text: str) -> _File:
    lines = text.split("\n")
    source = _File(path, lines)
    is_json = path.lower().endswith(".json")
    if is_json:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"invalid JSON: {error.msg}", path, error.lineno) from None
        if not isinstance(document, dict):
            raise InputError("a Bake file must be a JSON object", path, 1)
        blocks = {}
        for kind in ("variable", "group", "target"):
            section = document.get(kind) or {}
            if not isinstance(section, dict) or not all(
                isinstance(v, dict) for v in section.values()
            ):
                raise InputError(f"`{kind}` must map names to objects", path)
            blocks[kind] = [{name: value} for name, value in section.items()]
    else:
        blocks = _parse_hcl(path, text)
    starts = sorted(
        line
        for kind in ("variable", "group", "target", "function")
        for item in blocks.get(kind, [])
        for name in item
        if (line := _block_line(lines, kind, name, is_json)) is not None
    )
    for kind, store in (
        ("variable", source.variables),
        ("group", source.groups),
        ("target", source.targets),
    ):
        for item in blocks.get(kind, []) or []:
            if not isinstance(item, dict):
                continue
            for name, body in item.items():
                if not isinstance(body, dict):
                    body = {}
                line = _block_line(lines, kind, name, is_json)
                end = next(
                    (start - 1 for start in starts if line is not None and start > line), len(lines)
                )
                attributes = {key: value for key, value in body.items() if not key.startswith("__")}
                if is_json:
                    attributes = {key: _json_value(value) for key, value in attributes.items()}
                if kind == "target":
                    _check_types(name, attributes, path, lines, line)
                store[name] = _Block(name, attributes, path, line, end)
    return source


_LISTS = ("inherits", "platforms", "tags", "annotations")
_MAPS = ("labels", "args")


def _check_types(
    name: str, attributes: dict[str, Any], path: str, lines: list[str], line: int | None
) -> None:
    """Refuse what buildx refuses: a list attribute that is not a list, a map that is not."""
    for key, value in attributes.items():
        expected = "a list" if key in _LISTS else "a map" if key in _MAPS else None
        if expected is None or isinstance(value, list if key in _LISTS else dict):
            continue
        if isinstance(value, _Value) and not value.literal:
            continue  # an expression (a variable, a function): its value is not known here
        where = next(
            (
                number
                for number in range(line or 1, len(lines) + 1)
                if re.match(rf'^\s*"?{re.escape(key)}"?\s*[=:]', lines[number - 1])
            ),
            line,
        )
        raise InputError(f"`{key}` of Bake target `{name}` must be {expected}", path, where)


def _parse_hcl(path: str, text: str) -> dict[str, Any]:
    import io

    import hcl2
    from hcl2.utils import SerializationOptions

    options = SerializationOptions(with_comments=False, strip_string_quotes=False)
    try:
        document = hcl2.load(io.StringIO(text), serialization_options=options)
    except Exception as error:  # lark's errors carry the line; anything else is a bad file too
        line = getattr(error, "line", None)
        token = getattr(error, "token", None)
        if token is not None:
            what = f"unexpected `{str(token).strip() or repr(str(token))}`"
            column = getattr(error, "column", None)
            if isinstance(column, int) and column > 0:
                what += f" at column {column}"
        else:
            what = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
        raise InputError(
            f"invalid HCL: {what}", path, line if isinstance(line, int) and line > 0 else None
        ) from None
    result: dict[str, Any] = {}
    for kind in ("variable", "group", "target"):
        items = []
        for item in document.get(kind, []) or []:
            if isinstance(item, dict):
                items.append(
                    {
                        _unquote_name(name): {k: _hcl_value(v) for k, v in body.items()}
                        if isinstance(body, dict)
                        else {}
                        for name, body in item.items()
                    }
                )
        result[kind] = items
    return result


def _unquote_name(name: str) -> str:
    return name[1:-1] if len(name) >= 2 and name[0] == name[-1] == '"' else name


def _hcl_value(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) >= 2 and value[0] == value[-1] == '"':
            return _Value(json.loads(value) if "\\" in value else value[1:-1], True)
        heredoc = re.match(r"<<-?(\w+)\n(.*)\n\s*\1\s*\Z", value, re.S)
        if heredoc:
            return _Value(heredoc.group(2) + "\n", True)
        return _Value(value, False)
    if isinstance(value, list):
        return [_hcl_value(item) for item in value]
    if isinstance(value, dict):
        return {
            _map_key(key): _hcl_value(item)
            for key, item in value.items()
            if not str(key).startswith("__")
        }
    return _Value(value, True)


def _map_key(key: str) -> str:
    key = _unquote_name(str(key))
    if key.startswith("${") and key.endswith("}"):
        return key[2:-1]
    return key


def _json_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return _Value(value, True)


# --------------------------------------------------------------------------- evaluating


class _Unknown(Exception):
    def __init__(self, names: list[str]) -> None:
        self.names = names


class _Bake:
    def __init__(self, sources: list[_File]) -> None:
        self.sources = sources
        self.main = sources[0]
        self.variables: dict[str, _Block] = {}
        self.groups: dict[str, _Block] = {}
        self.targets: dict[str, list[_Block]] = {}
        for source in sources:
            self.variables.update(source.variables)
            self.groups.update(source.groups)
            for name, block in source.targets.items():
                self.targets.setdefault(name, []).append(block)
        self.lines = {source.path: source.lines for source in sources}
        self.case_spans: list[tuple[int, str]] | None = None  # recorded while evaluating a tag

    # values

    def _variable(self, name: str, depth: int) -> str:
        block = self.variables.get(name)
        default = block.attributes.get("default") if block is not None else None
        if default is None or (isinstance(default, _Value) and default.raw is None) or depth > 20:
            if name in GITHUB_VARIABLES:  # set by GitHub Actions: its form is known
                return GITHUB_VARIABLES[name]
            raise _Unknown([name])
        return self.text(default, depth + 1)

    def text(self, value: Any, depth: int = 0) -> str:
        """The string a value evaluates to; `_Unknown` when it depends on what is not known."""
        if isinstance(value, list | dict):
            raise _Unknown(["a list or map"])
        if not isinstance(value, _Value):
            return str(value)
        if not value.literal:
            expression = str(value.raw).strip()
            if expression.startswith("${") and expression.endswith("}"):
                expression = expression[2:-1].strip()
            if _IDENTIFIER.match(expression):
                return self._variable(expression, depth)
            raise _Unknown([expression])
        raw = value.raw
        if isinstance(raw, bool):
            return "true" if raw else "false"
        if not isinstance(raw, str):
            return "" if raw is None else str(raw)
        unknown: list[str] = []
        result = ""
        position = 0
        for match in _INTERPOLATION.finditer(raw):
            result += raw[position : match.start()]
            position = match.end()
            if match.group(1):
                result += "${"
                continue
            expression = match.group(2).strip()
            lowered = re.fullmatch(r"lower\(\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\)", expression)
            name = lowered.group(1) if lowered else expression
            if not _IDENTIFIER.match(name):
                unknown.append(expression)
                result += "x"
                continue
            if name in GITHUB_VARIABLES and not lowered and self.case_spans is not None:
                self.case_spans.append((len(result), name))
            try:
                text = self._variable(name, depth)
            except _Unknown as error:
                unknown.extend(error.names)
                text = "x"
            result += text.lower() if lowered else text
        result += raw[position:]
        if unknown:
            raise _Unknown(unknown)
        return result

    # targets

    def resolve(self, name: str, stack: tuple[str, ...] = ()) -> dict[str, Any]:
        if name in stack:
            cycle = " → ".join((*stack[stack.index(name) :], name))
            block = self.targets[name][0]
            raise InputError(
                f"Bake target `{name}` inherits from itself: {cycle}", block.path, block.line
            )
        attributes: dict[str, Any] = {"__inherits_metadata_action": None}
        for block in self.targets.get(name, []):
            for parent_value in block.attributes.get("inherits") or []:
                try:
                    parent = self.text(parent_value)
                except _Unknown:
                    continue
                if parent not in self.targets:
                    if parent == common.METADATA_ACTION_TARGET:
                        attributes["__inherits_metadata_action"] = (block, parent_value)
                        continue
                    raise InputError(
                        f"Bake target `{name}` inherits from `{parent}`, "
                        "which no Bake file defines",
                        block.path,
                        self._attribute_line(block, "inherits"),
                    )
                inherited = self.resolve(parent, (*stack, name))
                if parent == common.METADATA_ACTION_TARGET:
                    inherited["__inherits_metadata_action"] = (block, parent_value)
                _merge(attributes, inherited)
            own = {
                key: (block, value) for key, value in block.attributes.items() if key != "inherits"
            }
            _merge(attributes, own)
        return attributes

    def buildable(self) -> list[str]:
        in_groups: set[str] = set()
        for group in self.groups.values():
            for item in group.attributes.get("targets") or []:
                try:
                    in_groups.add(self.text(item))
                except _Unknown:
                    continue
        inherited: set[str] = set()
        for blocks in self.targets.values():
            for block in blocks:
                for item in block.attributes.get("inherits") or []:
                    try:
                        inherited.add(self.text(item))
                    except _Unknown:
                        continue
        return [
            name
            for name in self.targets
            if name != common.METADATA_ACTION_TARGET
            and (name in in_groups or name not in inherited)
        ]

    def builds(self) -> Iterator[Build]:
        for name in self.targets:  # buildx refuses a file with an `inherits` cycle anywhere
            self.resolve(name)
        for name in self.buildable():
            yield self._build(name, self.resolve(name))

    # locations

    def _attribute_line(self, block: _Block, key: str) -> int | None:
        lines = self.lines[block.path]
        if block.line is None:
            return None
        pattern = re.compile(rf'^\s*(?:"{re.escape(key)}"\s*:|{re.escape(key)}\s*=)')
        for number in range(block.line, (block.end or len(lines)) + 1):
            if number - 1 < len(lines) and pattern.match(lines[number - 1]):
                return number
        return block.line

    def _find(self, block: _Block, start: int | None, needle: str) -> Location:
        """The location of `needle` (a written string) at or after line `start` of `block`."""
        lines = self.lines[block.path]
        first = start or block.line or 1
        for number in range(first, (block.end or len(lines)) + 1):
            if number - 1 >= len(lines):
                break
            at = lines[number - 1].find(needle)
            if at >= 0:
                return Location(block.path, number, at + 1)
        return Location(block.path, start or block.line)

    def _attribute_location(self, block: _Block, key: str) -> Location:
        line = self._attribute_line(block, key)
        text = (
            self.lines[block.path][line - 1] if line and line <= len(self.lines[block.path]) else ""
        )
        column = len(text) - len(text.lstrip()) + 1 if text else None
        return Location(block.path, line, column)

    # one build

    def _entries(
        self, key: str, block: _Block, value: Any, origin: str, attribute: str
    ) -> MetadataEntry:
        start = self._attribute_line(block, attribute)
        key_location = self._find(block, start, key)
        raw = value.raw if isinstance(value, _Value) and isinstance(value.raw, str) else None
        try:
            text = self.text(value)
        except _Unknown as error:
            names = ", ".join(f"`{name}`" for name in error.names)
            return common.entry(
                key,
                None,
                key_location,
                origin,
                unknown_reason=f"its value depends on {names}, which has no value in the Bake file",
                unresolved=tuple(error.names),
            )
        if raw is not None and raw == text and "\n" not in raw:
            value_location = self._find(block, key_location.line, raw) if raw else key_location
            return common.entry(key, text, key_location, origin, value_location=value_location)
        return common.entry(
            key,
            text,
            key_location,
            origin,
            value_location=Location(key_location.path, key_location.line),
        )

    def _build(self, name: str, attributes: Mapping[str, Any]) -> Build:
        block = self.targets[name][0]
        display = common.relative_display(self.main.path)
        build_name = f"{display} target {name}"
        origin = f"set by Bake target `{name}`"
        location = Location(block.path, block.line, 1 if block.line else None)
        base = os.path.dirname(os.path.abspath(self.main.path))

        def get(key: str) -> tuple[_Block, Any] | None:
            found = attributes.get(key)
            return found if isinstance(found, tuple) else None

        dockerfile: str | None = None
        unknown_reason = ""
        dockerfile_location = location
        try:
            context_entry = get("context")
            context = self.text(context_entry[1]) if context_entry else "."
            file_entry = get("dockerfile")
            file = self.text(file_entry[1]) if file_entry else "Dockerfile"
            if file_entry:
                dockerfile_location = self._attribute_location(*file_entry[:1], "dockerfile")
            elif context_entry:
                dockerfile_location = self._attribute_location(context_entry[0], "context")
            if (
                "://" not in context
                and not context.startswith(("target:", "docker-image:"))
                and not get("dockerfile-inline")
            ):
                dockerfile = os.path.normpath(os.path.join(base, context, file))
        except _Unknown as error:
            dockerfile = None
            listed = ", ".join(f"`{name}`" for name in dict.fromkeys(error.names))
            unknown_reason = f"its context or Dockerfile depends on {listed}, unknown offline"

        labels: dict[str, MetadataEntry] = {}
        meta = attributes.get("__inherits_metadata_action")
        if meta:
            meta_block, _ = meta
            where = self._attribute_location(meta_block, "inherits")
            for item in common.metadata_action_entries(
                where, "set by docker/metadata-action's bake file (target `docker-metadata-action`)"
            ):
                labels[item.key] = item
        for key, (label_block, value) in (attributes.get("labels") or {}).items():
            if isinstance(value, _Value) and value.raw is None:
                labels.pop(key, None)  # `null` removes an inherited label
                continue
            labels.pop(key, None)
            labels[key] = self._entries(key, label_block, value, origin, "labels")

        annotations: list[tuple[str, MetadataEntry]] = []
        for annotation_block, value in attributes.get("annotations") or []:
            start = self._attribute_line(annotation_block, "annotations")
            try:
                text = self.text(value)
            except _Unknown:
                continue
            raw = value.raw if isinstance(value, _Value) and isinstance(value.raw, str) else text
            where = self._find(annotation_block, start, raw)
            try:
                levels, key, annotation_value = common.parse_annotation(text)
            except common.AnnotationSyntaxError as error:
                raise InputError(str(error), where.path, where.line) from None
            value_column = (
                where.column + len(raw) - len(annotation_value)
                if where.column and raw == text
                else None
            )
            for level in levels:
                annotations.append(
                    (
                        level,
                        common.entry(
                            key,
                            annotation_value,
                            where,
                            origin,
                            value_location=Location(where.path, where.line, value_column),
                        ),
                    )
                )

        build_args: dict[str, str] = {}
        for key, (_, value) in (attributes.get("args") or {}).items():
            try:
                build_args[key] = self.text(value)
            except _Unknown:
                continue

        platforms: tuple[str, ...] | None = ()
        platform_entry = get("platforms")
        if platform_entry and isinstance(platform_entry[1], list):
            try:
                platforms = tuple(self.text(item) for item in platform_entry[1])
            except _Unknown:
                platforms = None

        names: list[PushedName] = []
        tags_entry = get("tags")
        if tags_entry and isinstance(tags_entry[1], list):
            tag_block = tags_entry[0]
            start = self._attribute_line(tag_block, "tags")
            for item in tags_entry[1]:
                written = (
                    item.raw
                    if isinstance(item, _Value) and isinstance(item.raw, str)
                    else str(item)
                )
                where = self._find(tag_block, start, written)
                self.case_spans = []
                try:
                    text = self.text(item)
                    spans = [
                        (at, f"${{{name}}}")
                        for at, name in self.case_spans
                        if name in _CASE_VARIABLES
                    ]
                    names.append(common.pushed_name(written, where, text, (), spans))
                except _Unknown as error:
                    names.append(PushedName(written, written, where, unresolved=tuple(error.names)))
                finally:
                    self.case_spans = None

        target_entry = get("target")
        target: str | None = None
        if target_entry:
            try:
                target = self.text(target_entry[1])
            except _Unknown:
                target = None
        return Build(
            name=build_name,
            tool=TOOL,
            location=location,
            dockerfile=dockerfile,
            target=target or None,
            platforms=platforms,
            platforms_location=self._attribute_location(platform_entry[0], "platforms")
            if platform_entry
            else None,
            build_args=build_args,
            labels=tuple(labels.values()),
            annotations=tuple(annotations),
            names=tuple(names),
            dockerfile_location=dockerfile_location,
            dockerfile_unknown=unknown_reason,
            metadata_action_bake=bool(meta),
        )


def _merge(base: dict[str, Any], overlay: Mapping[str, Any]) -> None:
    """buildx's Target.Merge: maps key by key, annotations appended, the rest replaced.

    Values in `overlay` are (block, value) pairs from a block, or already-merged attributes
    from a resolved parent.
    """
    for key, item in overlay.items():
        if key == "__inherits_metadata_action":
            if item:
                base[key] = item
            continue
        if key in _MERGED_MAPS:
            merged = dict(base.get(key) or {})
            if isinstance(item, tuple):
                block, value = item
                if isinstance(value, dict):
                    for name, entry in value.items():
                        merged[name] = (block, entry)
            elif isinstance(item, dict):
                merged.update(item)
            base[key] = merged
        elif key in _APPENDED:
            appended = list(base.get(key) or [])
            if isinstance(item, tuple):
                block, value = item
                if isinstance(value, list):
                    appended.extend((block, entry) for entry in value)
            elif isinstance(item, list):
                appended.extend(item)
            base[key] = appended
        else:
            base[key] = item
