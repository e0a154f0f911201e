"""Inline ignore pragmas in Dockerfiles, applied after the rules ran.

The grammar, one comment per pragma:

    pragma    = "#" [blanks] "ocilint" [":"] blanks ["global" blanks] "ignore" [blanks] "="
                [blanks] selector {separator selector} [blanks reason]
    selector  = a rule code (OCL204), a rule name (unpinned-image) or `all`; any case
    separator = "," with optional blanks around it, or blanks alone
    reason    = ("#" | "--") any text

    # ocilint: ignore=OCL204,missing-required-label   (the next instruction)
    # ocilint: global ignore=OCL204 -- vendored       (the whole file)

A comment that starts `# ocilint:` (or `# ocilint ignore`) but does not follow the grammar is a
malformed pragma; a selector that names no rule is an unknown one. Both are reported by the
`invalid-pragma` rule (OCL003), like ruff's RUF100, and the valid selectors of the pragma still
apply. Rules never see pragmas.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ocilint.model import Finding

PRAGMA_RULE = "OCL003"

# Anything that looks meant as an ocilint pragma; `parse` decides whether it is well formed.
_ATTEMPT = re.compile(r"#\s*ocilint(?:\s*:|\s+(?:global\s+)?ignore\b)", re.IGNORECASE)
_HEAD = re.compile(
    r"#\s*ocilint\s*:?\s*(?P<scope>global\s+)?(?P<word>[A-Za-z_-]*)\s*(?P<eq>=?)\s*",
    re.IGNORECASE,
)
_REASON = re.compile(r"#|(?:(?<=\s)|(?<=,)|\A)--")
_TOKEN = re.compile(r"[^\s,]+")
_SELECTOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
_CODE_SHAPED = re.compile(r"[A-Za-z]{2,6}[0-9]{1,4}\Z")


@dataclass(frozen=True, slots=True)
class Selector:
    text: str  # as written
    after_blank: bool  # separated from the previous selector by blanks only (no comma)


@dataclass(frozen=True, slots=True)
class Pragma:
    """One pragma comment: its selectors, or what is wrong with its form."""

    file_wide: bool
    selectors: tuple[Selector, ...]
    head: str  # `# ocilint: ignore=` or `# ocilint: global ignore=`, normalised
    reason: str | None = None
    malformed: str | None = None  # what is wrong, when the comment does not follow the grammar

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(selector.text.lower() for selector in self.selectors)


def parse(comment: str) -> Pragma | None:
    """The pragma a comment holds, or None for an ordinary comment."""
    text = comment.strip()
    if not _ATTEMPT.match(text):
        return None
    head = _HEAD.match(text)
    assert head is not None  # _ATTEMPT matched, and every part of _HEAD is optional after it
    file_wide = bool(head.group("scope"))
    canonical = f"# ocilint: {'global ' if file_wide else ''}ignore="
    word = head.group("word")
    if word.lower() != "ignore":
        shown = f"`{word}`" if word else "nothing"
        return Pragma(
            file_wide, (), canonical, malformed=f"expected `ignore=` after `ocilint:`, got {shown}"
        )
    if not head.group("eq"):
        return Pragma(file_wide, (), canonical, malformed="`ignore` needs `=` and rule codes")
    rest = text[head.end() :]
    reason = None
    found = _REASON.search(rest)
    if found:
        reason = rest[found.end() :].strip()
        rest = rest[: found.start()]
    selectors: list[Selector] = []
    previous_end = 0
    for match in _TOKEN.finditer(rest):
        between = rest[previous_end : match.start()]
        selectors.append(Selector(match.group(), bool(selectors) and "," not in between))
        previous_end = match.end()
    if not selectors:
        return Pragma(file_wide, (), canonical, reason, "`ignore=` names no rule")
    for selector in selectors:
        if not _SELECTOR.match(selector.text):
            message = f"`{selector.text}` is not a rule code or name"
            return Pragma(file_wide, tuple(selectors), canonical, reason, message)
    return Pragma(file_wide, tuple(selectors), canonical, reason)


def parse_pragma(comment: str) -> tuple[bool, frozenset[str]] | None:
    """(is_file_wide, lower-cased selectors) of a well-formed pragma, else None."""
    pragma = parse(comment)
    if pragma is None or pragma.malformed:
        return None
    return pragma.file_wide, pragma.keys


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


def suppressions(
    comments: Iterable[tuple[int, str]], instruction_spans: Sequence[tuple[int, int]]
) -> Suppressions:
    """Collect pragmas; a line pragma covers the instruction after it (or the rest of the one
    it sits inside, for a comment within a continued instruction). A pragma with an error in
    its form still applies the selectors it names."""
    file_wide: set[str] = set()
    ranges: list[tuple[int, int, frozenset[str]]] = []
    for line, text in comments:
        pragma = parse(text)
        if pragma is None or not pragma.selectors:
            continue
        selectors = pragma.keys
        if pragma.file_wide:
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


@dataclass(frozen=True, slots=True)
class PragmaProblem:
    line: int
    message: str
    fix: str | None


def malformed(comments: Iterable[tuple[int, str]]) -> Iterator[PragmaProblem]:
    """Pragmas that do not follow the grammar."""
    for line, text in comments:
        pragma = parse(text)
        if pragma is not None and pragma.malformed:
            fix = "write `# ocilint: ignore=CODE[,CODE…] # reason`"
            yield PragmaProblem(line, f"malformed pragma: {pragma.malformed}", fix)


def unknown_selectors(
    comments: Iterable[tuple[int, str]], known: Collection[str], external: Collection[str] = ()
) -> Iterator[PragmaProblem]:
    """Selectors of well-formed pragmas that name no rule in `known` (lower-case codes and
    names; `all` is always known) nor in `external` (codes of other tools)."""
    accepted = {*known, *(code.lower() for code in external), "all"}
    for line, text in comments:
        pragma = parse(text)
        if pragma is None or pragma.malformed:
            continue
        unknown = [s for s in pragma.selectors if s.text.lower() not in accepted]
        if not unknown:
            continue
        first = unknown[0]
        index = pragma.selectors.index(first)
        trailing = pragma.selectors[index:]
        if first.after_blank and not _CODE_SHAPED.match(first.text):
            # `ignore=OCL204 pinned later`: words meant as a reason, without its `#`.
            words = " ".join(s.text for s in trailing)
            kept = ",".join(s.text for s in pragma.selectors[:index])
            reason = f"{words} {pragma.reason}" if pragma.reason else words
            yield PragmaProblem(
                line,
                f"`{words}` is not a rule: a reason goes after `#` or `--`",
                f"write `{pragma.head}{kept} # {reason}`",
            )
            continue
        for selector in unknown:
            yield PragmaProblem(
                line,
                f"`{selector.text}` in pragma names no rule",
                _did_you_mean(selector.text, known),
            )


def _did_you_mean(text: str, known: Collection[str]) -> str:
    import difflib

    # A near code is another rule, not a typo's correction; only names get a suggestion.
    names = sorted(key for key in known if not _CODE_SHAPED.match(key))
    close = [] if _CODE_SHAPED.match(text) else difflib.get_close_matches(text.lower(), names, n=1)
    if close:
        return f"use `{close[0]}`"
    return "remove it; `ocilint rules` lists the rules"
