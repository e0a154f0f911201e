"""Dockerfile parsing and build resolution, following BuildKit's parser.

Two steps, both pure:

1. `parse(text)` turns text into instructions with 1-based line spans, the way BuildKit's
   `frontend/dockerfile/parser` does: parser directives (`# syntax=`, `# escape=`, `# check=`),
   line continuations with either escape character, comments and empty lines inside
   continuations, JSON and shell forms (JSON recognised as Go's json.Unmarshal does, without
   recursion), lines over 64 KiB (an error, as for BuildKit's reader), and heredocs in `RUN`,
   `COPY` and `ADD` (`<<EOF`, `<< EOF`, `<<-'EOF'`, `<<$EOF`, several per line) whose bodies are
   never read as instructions. Every character of an instruction maps back to its line and
   column. Work is linear in the input, and capped (MAX_INSTRUCTIONS, MAX_STAGES).
2. `resolve(parsed, build_args, platform_args)` follows the build: stages, their bases (an
   earlier stage, `scratch` or an external image), `ARG` scoping (global ARGs visible only to
   FROM lines unless a stage re-declares them, `--build-arg` overrides, BuildKit's automatic
   platform ARGs), `ENV`, label substitution and label inheritance between stages, and every
   external image the build pulls (`FROM`, `COPY --from`, `RUN --mount=…,from=`; a variable in
   either `from` is BuildKit's build error, not an image).

dockerfile-parse was measured against this and is not used: it reads heredoc bodies as
instructions, ignores `# escape=` for continuations, and reports only the last stage's own labels.

Problems that make Docker reject a Dockerfile are collected as `Problem`s, never raised, so one
bad instruction does not hide findings in the rest of the file.
"""

from __future__ import annotations

import bisect
import re
from collections import ChainMap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from types import MappingProxyType

from ocilint.shell import (
    EMPTY_ENVIRONMENT,
    GO_SPACE,
    GO_SPACE_CHARACTERS,
    Environment,
    ExpansionBudget,
    ExpansionLimitError,
    ShellSyntaxError,
    Word,
    process_word,
    split_raw_words,
)

_DIRECTIVE = re.compile(
    r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z"
)
_VALID_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_TOKEN_WHITESPACE = re.compile(r"[\t\v\f\r ]+")
_HEREDOC = re.compile(r"([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)\Z")
_STAGE_NAME = re.compile(r"[a-z][a-z0-9\-_.]*\Z")
_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")

KNOWN_INSTRUCTIONS = frozenset(
    {
        "add",
        "arg",
        "cmd",
        "copy",
        "entrypoint",
        "env",
        "expose",
        "from",
        "healthcheck",
        "label",
        "maintainer",
        "onbuild",
        "run",
        "shell",
        "stopsignal",
        "user",
        "volume",
        "workdir",
    }
)
_HEREDOC_INSTRUCTIONS = frozenset({"run", "copy", "add"})
_JSON_INSTRUCTIONS = frozenset({"run", "cmd", "entrypoint", "shell", "copy", "add", "volume"})
_LIST_FLAGS = frozenset({"mount", "exclude"})

# BuildKit rejects a line longer than this many bytes (bufio.MaxScanTokenSize - 1).
MAX_LINE_BYTES = 65535
# Budgets for one file, far above any real Dockerfile (see README "Limits").
MAX_INSTRUCTIONS = 200_000
MAX_STAGES = 100_000

# Set by BuildKit in the global scope from the target and build platforms.
AUTOMATIC_PLATFORM_ARGS = frozenset(
    {
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
    }
)


COPY_FROM_VARIABLE = (
    "variable expansion is not supported for --from, define a new stage with FROM using ARG "
    "from global scope as a workaround"
)
MOUNT_FROM_VARIABLE = "'from' doesn't support variable expansion, define alias stage instead"

# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True, slots=True)
class Problem:
    """Something Docker would reject, at a 1-based line and column."""

    message: str
    line: int
    column: int = 1
    end_line: int | None = None


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Maps offsets in an instruction's logical line to 1-based (line, column) positions."""

    segments: tuple[tuple[int, int, int], ...]  # (logical offset, line, column) per source line
    starts: tuple[int, ...] = ()  # each segment's logical offset, for the binary search

    def __post_init__(self) -> None:
        if not self.starts:
            object.__setattr__(self, "starts", tuple(segment[0] for segment in self.segments))

    def position(self, offset: int) -> tuple[int, int]:
        # The last segment starting at or before `offset` (binary search: an instruction may
        # span tens of thousands of continuation lines).
        index = bisect.bisect_right(self.starts, offset) - 1
        start, line, column = self.segments[max(index, 0)]
        return line, column + offset - start


@dataclass(frozen=True, slots=True)
class Flag:
    name: str
    value: str | None  # None for a flag written without `=`
    offset: int  # logical offset of the leading `--`
    value_offset: int  # logical offset of the value (after `=`)


@dataclass(frozen=True, slots=True)
class Heredoc:
    name: str
    start_line: int  # the first body line
    end_line: int  # the terminator line
    chomp: bool
    expand: bool


@dataclass(frozen=True, slots=True)
class Instruction:
    keyword: str  # upper case, e.g. "FROM"
    written: str  # the keyword as written
    line_text: str  # the logical line: continuations joined, comments removed
    flags: tuple[Flag, ...]
    args: str  # what follows the keyword and flags, trimmed
    args_offset: int
    start_line: int
    end_line: int  # includes heredoc bodies
    source_map: SourceMap
    heredocs: tuple[Heredoc, ...] = ()
    json_args: tuple[str, ...] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        return self.source_map.position(offset)

    def flag_values(self, name: str) -> list[Flag]:
        return [flag for flag in self.flags if flag.name == name]


@dataclass(frozen=True, slots=True)
class Directive:
    name: str
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class ParsedDockerfile:
    instructions: tuple[Instruction, ...]
    directives: tuple[Directive, ...]
    comments: tuple[tuple[int, str], ...]  # (line, text without leading whitespace)
    escape: str
    problems: tuple[Problem, ...]
    line_count: int
    limit_exceeded: str | None = None  # set when parsing stopped at MAX_INSTRUCTIONS/MAX_STAGES


def _shown(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _trim_newline(line: str) -> str:
    return line.rstrip("\r\n")


def _lstrip_count(text: str) -> int:
    return len(text) - len(text.lstrip(GO_SPACE_CHARACTERS))


def _trim_continuation(line: str, escape: str) -> tuple[str, bool]:
    """Return (line without the continuation escape, is_end_of_instruction)."""
    stripped = line.rstrip(" \t")
    if stripped.endswith(escape) and (len(stripped) == 1 or stripped[-2] != escape):
        return stripped[:-1], False
    return line, True


_PLAIN_FLAG = re.compile("--[^" + re.escape(GO_SPACE_CHARACTERS) + "'\"\\\\]*")


def _extract_flags(text: str, base: int) -> tuple[list[tuple[str, int]], int]:
    """BuildKit's extractBuilderFlags: leading `--flag` words; returns them and where args start.

    Quotes are removed from flag words and backslash escapes the next character, as BuildKit
    does. Offsets are logical-line offsets (`base` is the offset of `text`).
    """
    words: list[tuple[str, int]] = []
    i = 0
    n = len(text)
    while True:
        while i < n and text[i] in GO_SPACE:
            i += 1
        if i >= n:
            return words, base + n
        if not text.startswith("--", i):
            return words, base + i
        start = i
        plain = _PLAIN_FLAG.match(text, i)  # the usual case, without a per-character loop
        if plain and (plain.end() == n or text[plain.end()] in GO_SPACE):
            i = plain.end()
            if plain.group() == "--":
                return words, base + i
            words.append((plain.group(), base + start))
            continue
        chars: list[str] = []
        quote = ""
        while i < n:
            ch = text[i]
            if quote:
                if ch == quote:
                    quote = ""
                    i += 1
                    continue
            elif ch in GO_SPACE:
                break
            elif ch in ("'", '"'):
                quote = ch
                i += 1
                continue
            if ch == "\\":
                if i + 1 == n:
                    i += 1
                    continue
                i += 1
                ch = text[i]
            chars.append(ch)
            i += 1
        word = "".join(chars)
        if word == "--":
            return words, base + i
        words.append((word, base + start))


class _Lines:
    """Physical lines with BuildKit's directive handling."""

    def __init__(self, text: str) -> None:
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.index = 0
        self.escape = "\\"
        self.directives_done = False
        self.directives: list[Directive] = []
        self.seen_directives: set[str] = set()
        self.problems: list[Problem] = []

    def check_length(self, line_text: str, line: int) -> None:
        """BuildKit reads lines with Go's bufio.Scanner, which fails on a line over 64 KiB."""
        if len(line_text) > MAX_LINE_BYTES // 4 and len(line_text.encode()) > MAX_LINE_BYTES:
            self.problems.append(
                Problem(f"dockerfile line greater than max allowed size of {MAX_LINE_BYTES}", line)
            )

    def check_directive(self, token: str, line: int) -> None:
        if self.directives_done:
            return
        match = _DIRECTIVE.match(token)
        if not match or match.group(1).lower() not in _VALID_DIRECTIVES:
            self.directives_done = True
            return
        name, value = match.group(1).lower(), match.group(2)
        if name in self.seen_directives:
            self.problems.append(Problem(f"only one {name} parser directive can be used", line))
            return
        self.seen_directives.add(name)
        self.directives.append(Directive(name, value, line))
        if name == "escape":
            if value in ("\\", "`"):
                self.escape = value
            else:
                self.problems.append(
                    Problem(f"invalid escape token '{value}' does not match ` or \\", line)
                )


def parse(
    text: str,
    max_instructions: int = MAX_INSTRUCTIONS,
    max_stages: int = MAX_STAGES,
) -> ParsedDockerfile:
    """Split a Dockerfile into instructions as BuildKit does. Never raises.

    Parsing stops at the first instruction beyond `max_instructions` or FROM beyond
    `max_stages`; `ParsedDockerfile.limit_exceeded` then says which limit was passed.
    """
    src = _Lines(text)
    lines = src.lines
    instructions: list[Instruction] = []
    comments: list[tuple[int, str]] = []
    stages = 0
    limit_exceeded: str | None = None
    while src.index < len(lines):
        number = src.index + 1
        src.check_length(lines[src.index], number)
        content = _trim_newline(lines[src.index])
        src.index += 1
        lead = _lstrip_count(content)
        token = content[lead:]
        src.check_directive(token, number)
        if token.startswith("#"):
            comments.append((number, token))
            continue
        first, end_of_instruction = _trim_continuation(token, src.escape)
        if end_of_instruction and first == "":
            continue
        pieces = [first]
        length = len(first)
        segments = [(0, number, lead + 1)]
        last = number
        while not end_of_instruction and src.index < len(lines):
            last = src.index + 1
            src.check_length(lines[src.index], last)
            content = _trim_newline(lines[src.index])
            src.index += 1
            stripped = content[_lstrip_count(content) :]
            if stripped.startswith("#"):
                comments.append((last, stripped))
                continue
            if stripped == "":
                continue
            piece, end_of_instruction = _trim_continuation(content, src.escape)
            segments.append((length, last, 1))
            pieces.append(piece)
            length += len(piece)
        logical = "".join(pieces)
        instruction = _instruction(logical, number, last, SourceMap(tuple(segments)), src)
        if instruction is None:
            continue
        if len(instructions) >= max_instructions:
            limit_exceeded = f"more than {max_instructions:,} instructions"
            break
        if instruction.keyword == "FROM":
            stages += 1
            if stages > max_stages:
                limit_exceeded = f"more than {max_stages:,} build stages"
                break
        instructions.append(_attach_heredocs(instruction, src))
    return ParsedDockerfile(
        instructions=tuple(instructions),
        directives=tuple(src.directives),
        comments=tuple(comments),
        escape=src.escape,
        problems=tuple(src.problems),
        line_count=len(lines),
        limit_exceeded=limit_exceeded,
    )


def _instruction(
    logical: str, start: int, end: int, source_map: SourceMap, src: _Lines
) -> Instruction | None:
    lead = _lstrip_count(logical)
    body = logical[lead:].rstrip(GO_SPACE_CHARACTERS)
    if not body:
        return None
    parts = _TOKEN_WHITESPACE.split(body, maxsplit=1)
    written = parts[0]
    keyword = written.lower()
    flags: list[Flag] = []
    args_offset = lead + len(body)
    if len(parts) == 2:
        rest_offset = lead + body.index(parts[1], len(written))
        words, args_offset = _extract_flags(parts[1], rest_offset)
        for word, offset in words:
            name, eq, value = word[2:].partition("=")
            value_offset = offset + 2 + len(name) + 1
            flags.append(Flag(name.lower(), value if eq else None, offset, value_offset))
    args = logical[args_offset:].strip(GO_SPACE_CHARACTERS)
    if args:
        args_offset = logical.index(args, args_offset)
    json_args: tuple[str, ...] | None = None
    if keyword in _JSON_INSTRUCTIONS and args.startswith("["):
        decoded = decode_json_array(args)
        if decoded is not None:
            items, strings_only = decoded
            if strings_only:
                json_args = items
            else:
                line, column = source_map.position(args_offset)
                src.problems.append(
                    Problem(
                        f"{keyword.upper()}: when using JSON array syntax, arrays must be "
                        "comprised of strings only",
                        line,
                        column,
                    )
                )
    return Instruction(
        keyword=keyword.upper(),
        written=written,
        line_text=logical,
        flags=tuple(flags),
        args=args,
        args_offset=args_offset,
        start_line=start,
        end_line=end,
        source_map=source_map,
        json_args=json_args,
    )


def _onbuild_can_hold_heredoc(args: str) -> bool:
    inner = _TOKEN_WHITESPACE.split(args.strip(), maxsplit=1)
    if not inner or inner[0].lower() not in _HEREDOC_INSTRUCTIONS:
        return False
    if len(inner) == 2:
        _, rest_offset = _extract_flags(inner[1], 0)
        rest = inner[1][rest_offset:].strip(GO_SPACE_CHARACTERS)
        if rest.startswith("[") and decode_json_array(rest) is not None:
            return False
    return True


def _heredoc_markers(instruction: Instruction) -> list[tuple[str, bool, bool]] | str:
    """(name, chomp, expand) of each heredoc the instruction opens, as BuildKit finds them.

    Returns an error message instead when a heredoc word does not lex (`<<'EOF`).
    """
    keyword = instruction.keyword.lower()
    line = instruction.line_text
    if "<<" not in line:
        return []
    if keyword == "onbuild":
        if not _onbuild_can_hold_heredoc(instruction.args):
            return []
    elif keyword not in _HEREDOC_INSTRUCTIONS or instruction.json_args is not None:
        return []
    if "<<" not in line:  # no word can be a marker: skip lexing (most instructions)
        return []
    try:
        words, _ = _heredoc_lex(line, raw=True)
    except ValueError:
        return []  # BuildKit ignores a line it cannot split: no heredoc
    markers: list[tuple[str, bool, bool]] = []
    for word in words:
        match = _HEREDOC.match(word)
        if not match or not match.group(3):
            continue
        try:
            names, quoted = _heredoc_lex(match.group(3), raw=False)
        except ValueError as error:
            return f"heredoc {word.strip()}: {error}"
        if len(names) != 1:
            continue  # `<<EOF sh` is not a heredoc word
        markers.append((names[0], match.group(2) == "-", not quoted))
    return markers


_HEREDOC_SPACE = frozenset(" \t\r")


def _quote_end(text: str, start: int) -> int:
    """Index just past the quote opened at `start` (BuildKit's rules, escape `\\`), or -1."""
    quote = text[start]
    if quote == "'":
        end = text.find("'", start + 1)
        return -1 if end < 0 else end + 1
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == '"':
            return i + 1
        i += 2 if ch == "\\" and i + 1 < len(text) and text[i + 1] in '"$\\' else 1
    return -1


def _heredoc_lex(text: str, *, raw: bool) -> tuple[list[str], bool]:
    """BuildKit's lexer as its heredoc search runs it: escape `\\`, unset variables as written.

    With `raw` (heredocsFromLine) quotes and escapes stay in the words and an unquoted `<<`
    keeps the blanks after it in its word, so `<< EOF` is one word; `<<-` then blanks is kept
    together too, as BuildKit's TestHeredocsFromLine expects. Without it (heredocFromMatch)
    quotes and escapes are removed, so `<<$EOF` ends at the line `$EOF`. Returns the words and
    whether a quote was used; raises ValueError for an unterminated quote.
    """
    words: list[str] = []
    word: list[str] = []
    quoted = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in ("'", '"'):
            end = _quote_end(text, i)
            if end < 0:
                kind = "single-quote" if ch == "'" else "double-quote"
                raise ValueError(f"unexpected end of statement while looking for matching {kind}")
            piece = text[i:end] if raw else text[i + 1 : end - 1]
            if ch == '"' and not raw:
                piece = re.sub(r'\\(["$\\])', r"\1", piece)
            word.append(piece)
            quoted = True
            i = end
        elif ch == "\\":
            word.append(text[i : i + 2] if raw else text[i + 1 : i + 2])
            i += 2
        elif raw and text.startswith("<<", i):
            j = i + 2
            if j + 1 < n and text[j] == "-" and text[j + 1] in _HEREDOC_SPACE:
                j += 1
            while j < n and text[j] in _HEREDOC_SPACE:
                j += 1
            word.append(text[i:j])
            i = j
        elif ch in GO_SPACE:
            if any(word):
                words.append("".join(word))
            word = []
            i += 1
        else:
            word.append(ch)
            i += 1
    if any(word):
        words.append("".join(word))
    return words, quoted


_JSON_TOKEN = re.compile(
    r'[ \t\n\r]*(?:("(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")'
    r"|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)|([\[\]{},:]))"
)
_JSON_MAX_DEPTH = 10000  # Go's encoding/json refuses deeper documents


def decode_json_array(text: str) -> tuple[tuple[str, ...], bool] | None:
    """The top-level items of `text` if it is exactly one JSON array (as Go's json.Unmarshal
    accepts it), and whether they are all strings; None if it is not valid JSON.

    Iterative, so a deeply nested array costs no recursion; non-string items are never
    converted (no big-integer parsing).
    """
    import json

    items: list[str] = []
    strings_only = True
    stack: list[str] = []  # open containers, "[" or "{"
    expect = "value"  # value, first-value, key, first-key, colon, next, end
    pos = 0
    while True:
        match = _JSON_TOKEN.match(text, pos)
        if match is None:
            return (
                (tuple(items), strings_only)
                if expect == "end" and not text[pos:].strip(" \t\n\r")
                else None
            )
        pos = match.end()
        string, scalar, punct = match.groups()
        if expect in ("value", "first-value"):
            if punct == "]" and expect == "first-value":
                stack.pop()
            elif punct in ("[", "{"):
                if not stack and punct != "[":
                    return None  # the top level must be an array
                if len(stack) == 1:
                    strings_only = False
                stack.append(punct)
                if len(stack) > _JSON_MAX_DEPTH:
                    return None
                expect = "first-value" if punct == "[" else "first-key"
                continue
            elif string is not None or scalar is not None:
                if len(stack) == 1:
                    if string is None:
                        strings_only = False
                    else:
                        items.append(json.loads(string))
                elif not stack:
                    return None  # the top level must be an array
            else:
                return None
        elif expect in ("key", "first-key"):
            if punct == "}" and expect == "first-key":
                stack.pop()
            elif string is not None:
                expect = "colon"
                continue
            else:
                return None
        elif expect == "colon":
            if punct != ":":
                return None
            expect = "value"
            continue
        elif expect == "next":
            if punct == ",":
                expect = "value" if stack[-1] == "[" else "key"
                continue
            if punct != ("]" if stack[-1] == "[" else "}"):
                return None
            stack.pop()
        else:
            return None  # anything after the top-level array
        expect = "next" if stack else "end"


def _attach_heredocs(instruction: Instruction, src: _Lines) -> Instruction:
    markers = _heredoc_markers(instruction)
    if isinstance(markers, str):
        src.problems.append(Problem(markers, instruction.start_line, 1, instruction.end_line))
        return instruction
    if not markers:
        return instruction
    heredocs: list[Heredoc] = []
    end = instruction.end_line
    for name, chomp, expand in markers:
        body_start = src.index + 1
        terminated = False
        while src.index < len(src.lines):
            src.check_length(src.lines[src.index], src.index + 1)
            candidate = _trim_newline(src.lines[src.index])
            src.index += 1
            end = src.index
            if chomp:
                candidate = candidate.lstrip("\t")
            if candidate == name:
                terminated = True
                break
        if not terminated:
            src.problems.append(
                Problem(
                    f"unterminated heredoc `{_shown(name)}`: no line `{_shown(name)}` closes it",
                    instruction.start_line,
                    1,
                    end,
                )
            )
            break
        heredocs.append(Heredoc(name, body_start, end, chomp, expand))
    return replace(instruction, end_line=end, heredocs=tuple(heredocs))


# --------------------------------------------------------------------------- resolution


class BaseKind:
    STAGE = "stage"
    SCRATCH = "scratch"
    IMAGE = "image"
    UNKNOWN = "unknown"  # depends on a variable without a value


@dataclass(frozen=True, slots=True)
class Label:
    """A LABEL assignment after substitution, with the positions of its key and value."""

    key: str
    value: str | None  # None when it depends on an unknown variable
    key_written: str
    value_written: str
    line: int
    column: int
    end_line: int
    end_column: int
    value_line: int
    value_column: int
    value_columns: tuple[int, ...]  # column of each value character when on one line
    unresolved: tuple[str, ...]
    stage_index: int
    key_known: bool = True
    out_of_scope: tuple[str, ...] = ()  # global ARGs used without `ARG NAME` in the stage
    declare_in: int | None = None  # the stage that should say `ARG NAME` (where it was used)


@dataclass(frozen=True, slots=True)
class Stage:
    index: int
    name: str | None  # the alias, lower-cased as Docker does
    base_written: str
    base: str  # after substitution of global ARGs (unknown parts kept as written)
    base_kind: str
    base_stage: int | None  # index of the earlier stage used as base
    base_unresolved: tuple[str, ...]
    platform: str | None
    from_instruction: Instruction
    base_column: int
    instructions: tuple[Instruction, ...]
    labels: tuple[Label, ...]  # this stage's own LABELs, in order

    @property
    def display_name(self) -> str:
        return f"stage `{self.name}`" if self.name else f"stage {self.index}"


@dataclass(frozen=True, slots=True)
class ExternalImage:
    """An image the build pulls, with where it is named."""

    written: str
    text: str
    kind: str  # "FROM", "COPY --from", "RUN --mount from"
    line: int
    column: int
    end_line: int
    end_column: int
    unresolved: tuple[str, ...]
    stage_index: int
    unset: tuple[str, ...] = ()  # variables that were not declared and so expanded as empty


@dataclass(frozen=True, slots=True)
class Dockerfile:
    parsed: ParsedDockerfile
    stages: tuple[Stage, ...]
    external_images: tuple[ExternalImage, ...]
    global_args: Mapping[str, str | None]
    problems: tuple[Problem, ...]
    platform: str | None = None  # the target platform the build was resolved for

    def stage_named(self, name: str) -> Stage | None:
        wanted = name.lower()
        for stage in self.stages:
            if stage.name == wanted:
                return stage
        return None

    def effective_labels(self, stage: Stage) -> tuple[dict[str, Label], str | None]:
        """Labels of the image built by `stage`, inherited ones included (last one wins).

        Returns the labels and the external base image whose own labels are unknown (None when
        the chain starts at `scratch`).
        """
        chain: list[Stage] = []
        current: Stage | None = stage
        while current is not None:
            chain.append(current)
            current = self.stages[current.base_stage] if current.base_stage is not None else None
        root = chain[-1]
        unknown_base = None if root.base_kind == BaseKind.SCRATCH else root.base
        labels: dict[str, Label] = {}
        for item in reversed(chain):
            for label in item.labels:
                labels.pop(label.key, None)
                labels[label.key] = label
        return labels, unknown_base


class _StageEnvironment(Environment):
    """A stage's variables. Global ARGs the stage did not declare are unset here, even when
    the stage's base is an external image (whose ENV could otherwise define any name)."""

    __slots__ = ("out_of_scope",)

    def __init__(
        self,
        values: Mapping[str, str | None],
        out_of_scope: Mapping[str, str | None],
        *,
        unset_is_unknown: bool,
    ) -> None:
        super().__init__(values, unset_is_unknown=unset_is_unknown)
        self.out_of_scope = out_of_scope

    def lookup(self, name: str) -> tuple[bool, str | None]:
        if name not in self.values and name in self.out_of_scope:
            return False, ""
        return super().lookup(name)


@dataclass
class _StageState:
    env: dict[str, str | None] = field(default_factory=dict)
    args: dict[str, str | None] = field(default_factory=dict)
    unset_is_unknown: bool = True
    global_args: Mapping[str, str | None] = field(default_factory=dict)
    # ENV name -> the out-of-scope global ARGs its value used, and the stage that used them
    causes: dict[str, tuple[tuple[str, ...], int]] = field(default_factory=dict)

    def out_of_scope(self, pair: Label) -> tuple[tuple[str, ...], int]:
        """The global ARGs that made `pair` empty, directly or through an ENV, and the stage
        that should declare them."""
        names = set(pair.out_of_scope)
        stage = pair.stage_index
        for variable in _VARIABLE.findall(pair.key_written + pair.value_written):
            inherited, where = self.causes.get(variable, ((), stage))
            if inherited and not names:
                stage = where
            names.update(inherited)
        return tuple(sorted(names)), stage

    def environment(self) -> _StageEnvironment:
        # ENV overrides ARG of the same name. A view, not a copy: copying per instruction made
        # a file of many ENV lines quadratic.
        merged = ChainMap(self.env, self.args)
        return _StageEnvironment(merged, self.global_args, unset_is_unknown=self.unset_is_unknown)


class _Resolver:
    def __init__(
        self,
        parsed: ParsedDockerfile,
        build_args: Mapping[str, str],
        platform_args: Mapping[str, str] | None,
    ) -> None:
        self.parsed = parsed
        self.escape = parsed.escape
        self.build_args = dict(build_args)
        self.problems: list[Problem] = []
        self.budget = ExpansionBudget()  # one for the whole file
        self.stages: list[Stage] = []
        self.stage_by_name: dict[str, int] = {}
        self.final_env: list[_StageState] = []
        self.images: list[ExternalImage] = []
        # BuildKit defines the platform ARGs in the global scope. A --build-arg of the same name
        # counts only where an ARG declares it (global_arg, stage_arg), as for any build arg;
        # without platform values (a library caller) the build args stand in for them.
        self.global_args: dict[str, str | None] = {
            name: self.build_args.get(name) if platform_args is None else platform_args.get(name)
            for name in AUTOMATIC_PLATFORM_ARGS
        }
        self.declared_stage_names = {
            words[2].lower()
            for instruction in parsed.instructions
            if instruction.keyword == "FROM"
            and len(words := instruction.args.split()) == 3
            and words[1].lower() == "as"
        }

    def problem(self, instruction: Instruction, message: str, offset: int | None = None) -> None:
        if offset is None:
            line, column = instruction.start_line, instruction.source_map.segments[0][2]
        else:
            line, column = instruction.position(offset)
        self.problems.append(Problem(message, line, column, instruction.end_line))

    def expand(
        self, instruction: Instruction, text: str, offset: int, env: Environment
    ) -> Word | None:
        # BuildKit's wording, with the text that failed (often a template placeholder).
        shown = text if len(text) <= 60 else text[:59] + "…"
        try:
            return process_word(text, env, self.escape, budget=self.budget)
        except ExpansionLimitError as error:
            line, _ = instruction.position(offset + error.offset)
            raise error.at(line, f"{instruction.keyword}: cannot expand `{shown}`") from None
        except ShellSyntaxError as error:
            message = f"{instruction.keyword}: failed to process `{shown}`: {error}"
            self.problem(instruction, message, offset + error.offset)
            return None

    def run(self) -> Dockerfile:
        groups: list[list[Instruction]] = []
        for instruction in self.parsed.instructions:
            keyword = instruction.keyword.lower()
            if keyword not in KNOWN_INSTRUCTIONS:
                self.problem(instruction, f"unknown instruction: {instruction.written}")
                continue
            if keyword == "from":
                groups.append([instruction])
            elif groups:
                groups[-1].append(instruction)
            elif keyword == "arg":
                self.global_arg(instruction)
            else:
                self.problem(
                    instruction,
                    f"{instruction.keyword} before the first FROM: no build stage in current "
                    "context (only ARG may come before FROM)",
                )
        for group in groups:
            self.stage(group)
        if not groups and self.parsed.instructions:
            last = self.parsed.instructions[-1]
            self.problems.append(
                Problem(
                    "no FROM instruction: a Dockerfile needs at least one build stage",
                    last.start_line,
                )
            )
        problems = sorted([*self.parsed.problems, *self.problems], key=lambda p: (p.line, p.column))
        return Dockerfile(
            parsed=self.parsed,
            stages=tuple(self.stages),
            external_images=tuple(self.images),
            global_args=MappingProxyType(dict(self.global_args)),
            problems=tuple(problems),
        )

    def arg_words(self, instruction: Instruction) -> Iterable[tuple[str, str | None, int]]:
        """(name, raw default or None, offset of the default) for each ARG word."""
        words = split_raw_words(instruction.args, self.escape)
        if not words:
            self.problem(instruction, "ARG requires at least one argument")
        for word, offset in words:
            name, eq, value = word.partition("=")
            try:
                name = process_word(name, escape=self.escape).value
            except ShellSyntaxError as error:
                self.problem(instruction, f"ARG: {error}", instruction.args_offset + offset)
                continue
            except ExpansionLimitError as error:
                raise error.at(instruction.start_line, "ARG") from None
            if not name:
                self.problem(
                    instruction, "ARG names can not be blank", instruction.args_offset + offset
                )
                continue
            yield (
                name,
                (value if eq else None),
                instruction.args_offset + offset + len(word) - len(value),
            )

    def global_arg(self, instruction: Instruction) -> None:
        env = Environment(self.global_args)
        for name, default, offset in self.arg_words(instruction):
            if name in self.build_args:
                self.global_args[name] = self.build_args[name]
            elif default is None:
                if name not in AUTOMATIC_PLATFORM_ARGS:  # those keep their automatic value
                    self.global_args[name] = None
            else:
                word = self.expand(instruction, default, offset, env)
                self.global_args[name] = None if word is None or word.unresolved else word.value

    def stage(self, group: list[Instruction]) -> None:
        from_instruction = group[0]
        index = len(self.stages)
        words = [
            (m.group(), m.start()) for m in re.finditer(r"[^\t\v\f\r ]+", from_instruction.args)
        ]
        name: str | None = None
        if len(words) == 3 and words[1][0].lower() == "as":
            name = words[2][0].lower()
            if not _STAGE_NAME.match(name):
                self.problem(
                    from_instruction,
                    f'invalid name for build stage: "{words[2][0]}", name can\'t start with a '
                    "number or contain symbols",
                    from_instruction.args_offset + words[2][1],
                )
                name = None
            elif name in self.stage_by_name:
                self.problem(
                    from_instruction,
                    f'duplicate stage name "{name}"',
                    from_instruction.args_offset + words[2][1],
                )
        elif len(words) != 1:
            self.problem(from_instruction, "FROM requires either one or three arguments")
        for flag in from_instruction.flags:
            if flag.name != "platform":
                self.problem(from_instruction, f"FROM: unknown flag: --{flag.name}", flag.offset)
            elif flag.value is None:
                self.problem(
                    from_instruction, "FROM: missing a value on flag: --platform", flag.offset
                )

        global_env = Environment(self.global_args)
        base_written = words[0][0] if words else ""
        base_offset = from_instruction.args_offset + (words[0][1] if words else 0)
        word = (
            self.expand(from_instruction, base_written, base_offset, global_env) if words else None
        )
        base = word.value if word else base_written
        unresolved = tuple(sorted(word.unresolved)) if word else ()
        if words and word is not None and not base:
            self.problem(
                from_instruction,
                f"FROM: base name ({base_written}) should not be blank",
                base_offset,
            )
        platform = None
        for flag in from_instruction.flag_values("platform"):
            if flag.value is not None:
                expanded = self.expand(from_instruction, flag.value, flag.value_offset, global_env)
                platform = expanded.value if expanded else flag.value

        base_stage: int | None = None
        if unresolved:
            kind = BaseKind.UNKNOWN
        elif base == "scratch":  # BuildKit compares case-sensitively
            kind = BaseKind.SCRATCH
        else:
            kind = BaseKind.IMAGE
            earlier = self.stage_by_name.get(base.lower())
            if earlier is not None:
                kind, base_stage = BaseKind.STAGE, earlier
        state = _StageState(global_args=self.global_args)
        if base_stage is not None:
            parent = self.final_env[base_stage]
            state.env = dict(parent.env)
            state.causes = dict(parent.causes)
            state.unset_is_unknown = parent.unset_is_unknown
        else:
            state.unset_is_unknown = kind != BaseKind.SCRATCH
        line, column = from_instruction.position(base_offset)
        if kind in (BaseKind.IMAGE, BaseKind.UNKNOWN) and base:
            self.images.append(
                ExternalImage(
                    base_written,
                    base,
                    "FROM",
                    line,
                    column,
                    line,
                    column + len(base_written),
                    unresolved,
                    index,
                    tuple(sorted(word.unset)) if word else (),
                )
            )
        labels: list[Label] = []
        for instruction in group[1:]:
            keyword = instruction.keyword
            if keyword == "ARG":
                self.stage_arg(instruction, state)
            elif keyword in ("ENV", "LABEL"):
                for pair in self.key_values(instruction, state.environment(), index):
                    causes, where = state.out_of_scope(pair)
                    if keyword == "ENV":
                        state.env[pair.key] = pair.value
                        state.causes.pop(pair.key, None)
                        if causes:
                            state.causes[pair.key] = (causes, where)
                    elif causes:
                        labels.append(replace(pair, out_of_scope=causes, declare_in=where))
                    else:
                        labels.append(pair)
            elif keyword == "COPY":
                for flag in instruction.flag_values("from"):
                    self.copy_from(instruction, flag, state, index)
            elif keyword == "RUN":
                for flag in instruction.flag_values("mount"):
                    self.mount_from(instruction, flag, state, index)
        self.final_env.append(state)
        if name is not None:
            self.stage_by_name.setdefault(name, index)
        self.stages.append(
            Stage(
                index=index,
                name=name,
                base_written=base_written,
                base=base,
                base_kind=kind,
                base_stage=base_stage,
                base_unresolved=unresolved,
                platform=platform,
                from_instruction=from_instruction,
                base_column=column,
                instructions=tuple(group),
                labels=tuple(labels),
            )
        )

    def stage_arg(self, instruction: Instruction, state: _StageState) -> None:
        for name, default, offset in self.arg_words(instruction):
            if name in self.build_args:
                state.args[name] = self.build_args[name]
            elif default is not None:
                word = self.expand(instruction, default, offset, state.environment())
                state.args[name] = None if word is None or word.unresolved else word.value
            elif name in self.global_args:
                state.args[name] = self.global_args[name]
            else:
                state.args[name] = None

    def key_values(self, instruction: Instruction, env: Environment, stage: int) -> list[Label]:
        keyword = instruction.keyword
        args = instruction.args
        words = split_raw_words(args, self.escape)
        if not words:
            self.problem(instruction, f"{keyword} requires at least one argument")
            return []
        raw_pairs: list[tuple[str, int, str, int]] = []
        if "=" not in words[0][0]:
            parts = _TOKEN_WHITESPACE.split(args, maxsplit=1)
            if len(parts) < 2:
                self.problem(instruction, f"{keyword} must have two arguments")
                return []
            value_offset = args.index(parts[1], len(parts[0]))
            raw_pairs.append((parts[0], 0, parts[1], value_offset))
        else:
            for word, offset in words:
                if "=" not in word:
                    self.problem(
                        instruction,
                        f'{keyword}: syntax error - can\'t find = in "{word}". '
                        "Must be of the form: name=value",
                        instruction.args_offset + offset,
                    )
                    return []
                key, _, value = word.partition("=")
                raw_pairs.append((key, offset, value, offset + len(key) + 1))
        pairs: list[Label] = []
        base = instruction.args_offset
        for key_raw, key_offset, value_raw, value_offset in raw_pairs:
            key_word = self.expand(instruction, key_raw, base + key_offset, env)
            value_word = self.expand(instruction, value_raw, base + value_offset, env)
            if key_word is None or value_word is None:
                continue
            if not key_word.value:
                self.problem(instruction, f"{keyword} names can not be blank", base + key_offset)
                continue
            pairs.append(
                self.pair(
                    instruction,
                    (key_word, key_raw, base + key_offset),
                    (value_word, value_raw, base + value_offset),
                    stage,
                )
            )
        return pairs

    def pair(
        self,
        instruction: Instruction,
        key_part: tuple[Word, str, int],
        value_part: tuple[Word, str, int],
        stage: int,
    ) -> Label:
        key, key_raw, key_offset = key_part
        value, value_raw, value_offset = value_part
        line, column = instruction.position(key_offset)
        end_offset = value_offset + len(value_raw)
        end_line, end_column = instruction.position(max(end_offset - 1, key_offset))
        first = value_offset + (value.offsets[0] if value.offsets else 0)
        value_line, value_column = instruction.position(first)
        offsets = value.offsets
        columns: list[int] = []
        if offsets and _literal_on_one_line(instruction, value_offset, offsets, value_line):
            columns = list(range(value_column, value_column + len(offsets)))
        else:
            # A substituted value's characters share one offset: one position per run.
            for source_index, run in groupby(offsets):
                char_line, char_column = instruction.position(value_offset + source_index)
                if char_line != value_line:
                    columns = []
                    break
                columns.extend([char_column] * len(list(run)))
        unresolved = tuple(sorted(key.unresolved | value.unresolved))
        out_of_scope = tuple(
            sorted(name for name in key.unset | value.unset if name in self.global_args)
        )
        return Label(
            key=key.value,
            value=None if value.unresolved else value.value,
            key_written=key_raw,
            value_written=value_raw,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column + 1,
            value_line=value_line,
            value_column=value_column,
            value_columns=tuple(columns),
            unresolved=unresolved,
            stage_index=stage,
            key_known=not key.unresolved,
            out_of_scope=out_of_scope,
        )

    def is_stage_reference(self, text: str, stage_index: int) -> bool:
        lowered = text.lower()
        if lowered.isdigit() and lowered.isascii():
            return True  # a number is always a stage index, never an image
        return lowered in self.stage_by_name or lowered == "scratch"

    def add_image(
        self, instruction: Instruction, written: str, offset: int, word: Word, kind: str, stage: int
    ) -> None:
        line, column = instruction.position(offset)
        end_line, end_column = instruction.position(offset + max(len(written) - 1, 0))
        self.images.append(
            ExternalImage(
                written,
                word.value,
                kind,
                line,
                column,
                end_line,
                end_column + 1,
                tuple(sorted(word.unresolved)),
                stage,
                tuple(sorted(word.unset)),
            )
        )

    def copy_from(
        self, instruction: Instruction, flag: Flag, state: _StageState, stage: int
    ) -> None:
        if not flag.value:
            return
        # dockerfile2llb processes --from with no variables at all and refuses any change.
        word = self.expand(instruction, flag.value, flag.value_offset, EMPTY_ENVIRONMENT)
        if word is None:
            return
        if word.value != flag.value:
            self.problem(instruction, COPY_FROM_VARIABLE, flag.offset)
            return
        if self.is_stage_reference(word.value, stage) or self.later_stage(word.value):
            return
        self.add_image(instruction, flag.value, flag.value_offset, word, "COPY --from", stage)

    def later_stage(self, text: str) -> bool:
        return text.lower() in self.declared_stage_names

    def mount_from(
        self, instruction: Instruction, flag: Flag, state: _StageState, stage: int
    ) -> None:
        if not flag.value:
            return
        for field_text, field_offset in _csv_fields(flag.value):
            key, eq, value = field_text.partition("=")
            if not eq or key.lower() != "from" or not value:
                continue
            offset = flag.value_offset + field_offset + len(key) + 1
            dollar = value.find("$")
            if dollar != -1 and dollar != len(value) - 1:  # BuildKit's parseMount check
                self.problem(instruction, MOUNT_FROM_VARIABLE, flag.offset)
                continue
            word = self.expand(instruction, value, offset, EMPTY_ENVIRONMENT)
            if word is None or self.is_stage_reference(word.value, stage):
                continue
            if self.later_stage(word.value):
                continue
            self.add_image(instruction, value, offset, word, "RUN --mount from", stage)


def _csv_fields(text: str) -> list[tuple[str, int]]:
    """Split a `--mount` value on commas outside double quotes, like Go's encoding/csv."""
    fields: list[tuple[str, int]] = []
    start = 0
    in_quotes = False
    chars: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            if in_quotes and i + 1 < len(text) and text[i + 1] == '"':
                chars.append('"')
                i += 2
                continue
            in_quotes = not in_quotes
        elif ch == "," and not in_quotes:
            fields.append(("".join(chars), start))
            chars = []
            start = i + 1
        else:
            chars.append(ch)
        i += 1
    fields.append(("".join(chars), start))
    return fields


def resolve(
    parsed: ParsedDockerfile,
    build_args: Mapping[str, str] | None = None,
    platform_args: Mapping[str, str] | None = None,
) -> Dockerfile:
    """Follow the build: stages, ARG/ENV scoping, labels and external images.

    Raises only ExpansionLimitError (with its line), for a file past the shell's expansion limits.

    `platform_args` holds BuildKit's automatic platform ARGs (TARGETARCH, …) for the platform
    built (see ocilint.platforms.automatic_args); without them those ARGs have no known value.
    """
    model = _Resolver(parsed, build_args or {}, platform_args).run()
    return replace(model, platform=(platform_args or {}).get("TARGETPLATFORM"))


def load(
    text: str,
    build_args: Mapping[str, str] | None = None,
    platform_args: Mapping[str, str] | None = None,
) -> Dockerfile:
    """Parse and resolve a Dockerfile's text."""
    return resolve(parse(text), build_args, platform_args)


def stage_names(dockerfile: Dockerfile) -> Sequence[str]:
    return [stage.name for stage in dockerfile.stages if stage.name]


def _literal_on_one_line(
    instruction: Instruction, base: int, offsets: tuple[int, ...], line: int
) -> bool:
    """Whether a value's characters are written one after another (no substitution, quote or
    escape) on one source line, so that their columns follow each other too."""
    first = offsets[0]
    return (
        offsets[-1] - first == len(offsets) - 1
        and instruction.position(base + offsets[-1])[0] == line
        and offsets == tuple(range(first, first + len(offsets)))
    )
