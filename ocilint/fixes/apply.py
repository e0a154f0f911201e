"""Edits into text: positions to offsets, overlaps, the end-backwards splice, and diffs.

Lines and columns are those of the Dockerfile parser: lines split at `\\n` (a `\\r` before it
belongs to the line and is kept), columns count characters, and a byte order mark at the start
of the file is not part of line 1's columns. Everything outside the edited spans is copied as
it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ocilint.model import DIGEST_PLACEHOLDER, Edit


@dataclass(frozen=True, slots=True)
class Splice:
    start: int
    end: int
    text: str
    edit: Edit


def _line_starts(text: str) -> list[int]:
    starts = [1 if text.startswith("\ufeff") else 0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _offset(text: str, starts: list[int], line: int, column: int) -> int | None:
    if not 1 <= line <= len(starts) or column < 1:
        return None
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(text)  # the `\n` ends the line
    offset = start + column - 1
    return offset if offset <= end else None


def splices(text: str, edits: Iterable[Edit], digests: Mapping[str, str]) -> list[Splice]:
    """The edits that can be made, as offsets: each must hold its `original` text, pinning
    edits need their digest in `digests`, and of overlapping edits the first one (in the order
    given) wins; identical edits are made once. Sorted by position."""
    starts = _line_starts(text)
    chosen: list[Splice] = []
    for edit in edits:
        start = _offset(text, starts, edit.line, edit.column)
        end = _offset(text, starts, edit.end_line, edit.end_column)
        if start is None or end is None or end < start:
            continue
        if edit.original is not None and text[start:end] != edit.original:
            continue
        replacement = edit.replacement
        if edit.resolve is not None:
            digest = digests.get(edit.resolve)
            if digest is None:
                continue
            replacement = replacement.replace(DIGEST_PLACEHOLDER, digest)
        if replacement == text[start:end]:
            continue
        splice = Splice(start, end, replacement, edit)
        if any(s.start == start and s.end == end and s.text == replacement for s in chosen):
            continue
        if any(start < s.end and s.start < end for s in chosen):
            continue  # overlaps an edit taken already; the next round makes it if still needed
        if start == end and any(s.start == start for s in chosen):
            continue
        chosen.append(splice)
    return sorted(chosen, key=lambda s: s.start)


def apply(text: str, chosen: list[Splice]) -> str:
    """Splice from the end backwards, so earlier offsets stay valid."""
    for splice in sorted(chosen, key=lambda s: s.start, reverse=True):
        text = text[: splice.start] + splice.text + text[splice.end :]
    return text


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=f"a/{path.lstrip('/')}",
        tofile=f"b/{path.lstrip('/')}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines
