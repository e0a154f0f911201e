"""Edits for rules: where a value, key or reference is written literally, and what may replace it.

Every helper returns None when no safe edit exists: the text comes from a variable, an escape
or a quote; it spans lines; or the replacement would read back differently in its place (a
space in an unquoted word, a quote inside quotes). Rules then give the fix text without edits.
"""

from __future__ import annotations

import itertools
from typing import Any

from ocilint.model import DIGEST_PLACEHOLDER, Edit, ImageUse, ImageUseKind, Location, MetadataEntry
from ocilint.shell import GO_SPACE


def _instruction_at(subject: Any, line: int) -> Any:
    model = getattr(subject, "dockerfile", None)
    if getattr(subject, "kind", None) != "dockerfile" or model is None:
        return None
    for instruction in model.parsed.instructions:
        if instruction.start_line <= line <= instruction.end_line:
            return instruction
    return None


def _logical_offset(instruction: Any, line: int, column: int) -> int | None:
    for offset, segment_line, segment_column in instruction.source_map.segments:
        if segment_line == line:
            return int(offset + column - segment_column)
    return None


def _quote_at(text: str, offset: int, escape: str) -> str:
    """The quote (`"`, `'` or empty) that is open at `offset` of a logical line."""
    quote = ""
    index = 0
    while index < offset and index < len(text):
        char = text[index]
        if quote != "'" and char == escape:
            index += 2
            continue
        if quote:
            if char == quote:
                quote = ""
        elif char in ("'", '"'):
            quote = char
        index += 1
    return quote


def reads_back(replacement: str, quote: str, escape: str) -> bool:
    """Whether `replacement`, written inside `quote` (or unquoted), is read as itself."""
    if not replacement or "\n" in replacement or "\r" in replacement:
        return False
    if quote == "'":
        return "'" not in replacement
    forbidden = {escape, "$", '"'}
    if not quote:
        forbidden |= {"'", *GO_SPACE}
    return not any(char in forbidden for char in replacement)


def _context(subject: Any, line: int, column: int) -> tuple[str, str] | None:
    """(open quote, escape character) at a position of a Dockerfile, or None if unknown."""
    instruction = _instruction_at(subject, line)
    if instruction is None:
        return None
    offset = _logical_offset(instruction, line, column)
    if offset is None:
        return None
    escape = subject.dockerfile.parsed.escape
    return _quote_at(instruction.line_text, offset, escape), escape


def value_edit(
    subject: Any, entry: MetadataEntry, start: int, end: int, replacement: str
) -> Edit | None:
    """Replace `entry.value[start:end]` where it is written, if it is written literally."""
    value = entry.value
    columns = entry.value_columns
    if value is None or not columns or not 0 <= start < end <= len(value):
        return None
    span = columns[start:end]
    if any(b != a + 1 for a, b in itertools.pairwise(span)):
        return None  # an escape or a quote inside the span
    line = entry.value_location.line
    if line is None:
        return None
    context = _context(subject, line, span[0])
    if context is None or not reads_back(replacement, *context):
        return None
    return Edit(line, span[0], line, span[-1] + 1, replacement, value[start:end])


def key_edit(subject: Any, entry: MetadataEntry, replacement: str) -> Edit | None:
    """Rename a label key written literally (unquoted, no variables)."""
    location = entry.location
    if not entry.key_known or location.line is None or location.column is None:
        return None
    context = _context(subject, location.line, location.column)
    if context is None or not reads_back(replacement, "", context[1]):
        return None
    return Edit.at(location, entry.key, replacement)


def reference_edit(subject: Any, use: ImageUse, replacement: str) -> Edit | None:
    """Replace an image reference written literally (no variables, no quotes)."""
    if use.unresolved or use.written != use.text:
        return None
    location = use.location
    if location.line is None or location.column is None:
        return None
    context = _context(subject, location.line, location.column)
    if context is None or context[0] or not reads_back(replacement, "", context[1]):
        return None
    return Edit.at(location, use.written, replacement)


def literal_reference(subject: Any, use: ImageUse) -> tuple[Location, str] | str:
    """Where `use`'s whole reference is written as plain text, and that text; or why it is not.
    That is the reference itself, or the default of the ARG it is written as (`$BASE`)."""
    quoted = len(use.written) == len(use.text) + 2 and use.written[1:-1] == use.text
    if quoted and use.written[0] == use.written[-1] and use.written[0] in "'\"":
        inner = use.location
        if inner.line is not None and inner.column is not None:
            inner = Location(inner.path, inner.line, inner.column + 1)
        context = _context(subject, inner.line or 0, inner.column or 0)
        if context is None or not reads_back(use.text, *context):
            return "the reference is not written as plain text here; pin it by hand"
        return inner, use.text
    if use.written == use.text:
        context = None
        if use.location.line is not None and use.location.column is not None:
            context = _context(subject, use.location.line, use.location.column)
        if context is None or context[0] or not reads_back(use.text, "", context[1]):
            return "the reference is not written as plain text here; pin it by hand"
        return use.location, use.text
    if "$" not in use.written:
        return "the reference is written with escapes here; pin it by hand"
    found = _arg_default(subject, use)
    if isinstance(found, str):
        return found
    location, default = found
    context = _context(subject, location.line or 0, location.column or 0)
    if context is None or not reads_back(default, *context):
        return "the ARG default is not written as plain text; pin it by hand"
    return found


def pin_edit(subject: Any, use: ImageUse) -> Edit | str:
    """The edit that pins `use` (its replacement holds `DIGEST_PLACEHOLDER`), or why there is
    none. A reference built from a build argument is pinned in the ARG's default, when that
    default is the whole reference."""
    found = literal_reference(subject, use)
    if isinstance(found, str):
        return found
    location, written = found
    edit = Edit.at(location, written, f"{written}@{DIGEST_PLACEHOLDER}")
    if edit is None:
        return "the reference has no position in a file"
    return _resolving(edit, use.text)


def _resolving(edit: Edit, reference: str) -> Edit:
    return Edit(
        edit.line,
        edit.column,
        edit.end_line,
        edit.end_column,
        edit.replacement,
        edit.original,
        resolve=reference,
    )


def _variable_name(written: str) -> str | None:
    if written.startswith("${") and written.endswith("}"):
        name = written[2:-1]
    elif written.startswith("$"):
        name = written[1:]
    else:
        return None
    return name if name and (name[0].isalpha() or name[0] == "_") and name.isidentifier() else None


def _arg_default(subject: Any, use: ImageUse) -> tuple[Location, str] | str:
    """Where the default of the ARG that `use` is written as is, and its text; or why not."""
    from ocilint.shell import split_raw_words

    name = _variable_name(use.written)
    if name is None:
        return (
            f"`{use.written}` is built from build arguments and other text; pin it where the "
            "whole reference is written (e.g. an ARG default holding all of it)"
        )
    model = subject.dockerfile
    line = use.location.line or 0
    instructions = model.parsed.instructions
    first_from = next((i for i in instructions if i.keyword == "FROM"), None)
    # The ARG declarations in scope: global ones for FROM; the stage's (then global) otherwise.
    candidates: list[tuple[str, Any, str | None, int]] = []
    for instruction in instructions:
        if instruction.start_line >= line:
            break
        if instruction.keyword == "FROM":
            if use.kind is not ImageUseKind.FROM:
                candidates = [c for c in candidates if c[0] == "global"]
            continue
        if instruction.keyword != "ARG":
            continue
        scope = (
            "global"
            if first_from is None or instruction.start_line < first_from.start_line
            else "stage"
        )
        if use.kind is ImageUseKind.FROM and scope == "stage":
            continue
        for word, offset in split_raw_words(instruction.args, model.parsed.escape):
            arg, eq, default = word.partition("=")
            if arg == name:
                start = instruction.args_offset + offset + len(arg) + 1
                candidates.append((scope, instruction, default if eq else None, start))
    stage = [c for c in candidates if c[0] == "stage"]
    chosen = stage[-1] if stage and stage[-1][2] is not None else None
    if chosen is None:
        globals_ = [c for c in candidates if c[0] == "global"]
        chosen = globals_[-1] if globals_ else None
    if chosen is None or chosen[2] is None:
        return f"`{use.written}` comes from ARG {name}, which has no default to pin"
    _, instruction, value, start = chosen
    assert value is not None
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" and value[1:-1] == use.text:
        value, start = value[1:-1], start + 1  # ARG BASE="python:3.12": pin inside the quotes
    if value != use.text:
        return (
            f"ARG {name}'s default `{value}` is not the whole reference `{use.text}` "
            "(a --build-arg or a variable changes it); pin it by hand"
        )
    arg_line, arg_column = instruction.position(start)
    end_line, _ = instruction.position(start + max(len(value) - 1, 0))
    if end_line != arg_line:
        return f"ARG {name}'s default spans lines; pin it by hand"
    return Location(use.location.path, arg_line, arg_column), value
