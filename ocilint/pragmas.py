"""Inline ignore pragmas in Dockerfiles, applied after the rules ran.

    # ocilint: ignore=OCL204,missing-required-label   (the next instruction)
    # ocilint: global ignore=OCL204                    (the whole file)

Codes or rule names, comma-separated; `all` matches every rule. Anything after a further `#`
is a free-text reason. Rules never see pragmas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ocilint.model import Finding

_PRAGMA = re.compile(
    r"#\s*ocilint:?\s+(?P<scope>global\s+)?ignore\s*=\s*(?P<codes>[A-Za-z0-9_,\s-]+?)\s*(?:#.*)?\Z"
)


@dataclass(frozen=True, slots=True)
class Suppressions:
    file_wide: frozenset[str]
    ranges: tuple[tuple[int, int, frozenset[str]], ...]  # (first line, last line, selectors)

    def suppresses(self, finding: Finding) -> bool:
        keys = {finding.code.lower(), finding.name.lower()}
        if "all" in self.file_wide or keys & self.file_wide:
            return True
        line = finding.location.line
        if line is None:
            return False
        for first, last, selectors in self.ranges:
            if first <= line <= last and ("all" in selectors or keys & selectors):
                return True
        return False


NO_SUPPRESSIONS = Suppressions(frozenset(), ())


def parse_pragma(comment: str) -> tuple[bool, frozenset[str]] | None:
    """(is_file_wide, selectors) for a pragma comment, or None for an ordinary comment."""
    match = _PRAGMA.match(comment.strip())
    if not match:
        return None
    selectors = frozenset(
        part.strip().lower() for part in match.group("codes").split(",") if part.strip()
    )
    return bool(match.group("scope")), selectors


def suppressions(
    comments: Iterable[tuple[int, str]], instruction_spans: Sequence[tuple[int, int]]
) -> Suppressions:
    """Collect pragmas; a line pragma covers the instruction after it (or the rest of the one
    it sits inside, for a comment within a continued instruction)."""
    file_wide: set[str] = set()
    ranges: list[tuple[int, int, frozenset[str]]] = []
    for line, text in comments:
        pragma = parse_pragma(text)
        if pragma is None:
            continue
        is_file_wide, selectors = pragma
        if is_file_wide:
            file_wide |= selectors
            continue
        for start, end in instruction_spans:
            if start < line <= end:
                ranges.append((line + 1, end, selectors))
                break
            if start > line:
                ranges.append((start, end, selectors))
                break
    return Suppressions(frozenset(file_wide), tuple(ranges))
