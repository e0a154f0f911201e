"""Dockerfile word processing: quotes, escapes and variable substitution.

A port of BuildKit's `frontend/dockerfile/shell/lex.go`, the code Docker runs on the arguments
of `LABEL`, `ENV`, `ARG`, `FROM` and the `--from`/`--platform` flags, with two additions a
linter needs:

- every character of a result remembers the offset of the source character it came from, so a
  finding inside a label value can point at its exact column;
- a variable can be *unknown* (a build argument without a value, or an environment variable that
  may come from an external base image). Its expansion is kept as written and its name is reported
  in `Word.unresolved`, so rules can say "cannot be checked" instead of guessing.

Unlike BuildKit it has limits (below, documented in the README), because its input comes from
strangers: a word past them raises ExpansionLimitError, which ends the check of that one file.
The lexer runs on an explicit stack, so no nesting depth reaches Python's recursion limit, and
`*`/`?` patterns are matched without regular-expression backtracking.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any

# Go's unicode.IsSpace: the Unicode White_Space property.
GO_SPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)
GO_SPACE_CHARACTERS = "".join(sorted(GO_SPACE))  # for str.strip and character classes
_SPECIAL_PARAMS = frozenset("@*#?-$!0")

# Limits. BuildKit has none, but a few hundred bytes of `ENV A=$A$A` lines double a value to
# gigabytes, so ocilint stops early and reports the file as one it cannot check (exit 2).
MAX_WORD_LENGTH = 1 << 20  # characters in one expanded word (so in one variable's value)
MAX_EXPANSION_WORK = 16 << 20  # characters substituted or scanned by patterns, per Dockerfile
PATTERN_CHARACTER_COST = 32  # a pattern is parsed and walked in Python, not scanned in C
MAX_NESTING = 1000  # `${a:-${b:-…}}` substitutions inside each other


class ShellSyntaxError(ValueError):
    """A quoting or substitution error, with the offset in the processed text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class ExpansionLimitError(Exception):
    """An expansion past one of the limits above.

    Not a Dockerfile error (BuildKit has no such limits), so not a `ShellSyntaxError`: ocilint
    refuses to spend the memory or time, and reports the file as an input it cannot check.
    `offset` is in the processed text; `line` is filled in by the Dockerfile resolver.
    """

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.line: int | None = None

    def __str__(self) -> str:
        return self.message

    def at(self, line: int, context: str = "") -> ExpansionLimitError:
        """This error, placed on a Dockerfile line with `context` (the innermost place wins)."""
        if self.line is None:
            self.line = line
            self.message = f"{context}: {self.message}" if context else self.message
        return self


class ExpansionBudget:
    """Work spent on expansions across many words (one per Dockerfile): see MAX_EXPANSION_WORK."""

    __slots__ = ("limit", "spent")

    def __init__(self, limit: int = MAX_EXPANSION_WORK) -> None:
        self.limit = limit
        self.spent = 0

    def spend(self, amount: int, offset: int) -> None:
        if self.spent + amount > self.limit:
            raise ExpansionLimitError(
                f"variable expansions in this file produce or scan more than {_size(self.limit)} "
                "of text (the limit for one Dockerfile)",
                offset,
            )
        self.spent += amount


@dataclass(frozen=True, slots=True)
class Word:
    """The result of processing one word."""

    value: str
    offsets: tuple[int, ...]  # offsets[i]: index in the source text of value[i]
    unresolved: frozenset[str] = frozenset()
    unset: frozenset[str] = frozenset()  # referenced but not set: expanded as empty or default

    @property
    def resolved(self) -> bool:
        return not self.unresolved


class Environment:
    """Variables visible to an expansion.

    `values` maps a name to its value, or to None when the variable is declared but its value is not
    known statically. A name that is absent is unset, unless `unset_is_unknown`, which holds for a
    stage built on an external image: its environment may define any name.
    """

    __slots__ = ("unset_is_unknown", "values")

    def __init__(self, values: Mapping[str, str | None], *, unset_is_unknown: bool = False):
        self.values = values
        self.unset_is_unknown = unset_is_unknown

    def lookup(self, name: str) -> tuple[bool, str | None]:
        """Return (is_set, value); value None means set to something not known statically."""
        if name in self.values:
            return True, self.values[name]
        if self.unset_is_unknown:
            return True, None
        return False, ""


EMPTY_ENVIRONMENT = Environment({})

# A step of the lexer: a generator that yields the sub-steps it needs (a nested word, a `${…}`)
# and receives their results. `_run` drives them with an explicit stack, so nesting depth costs
# heap, never Python's recursion limit.
_Step = Generator["_Step", Any, Any]


def _run(step: _Step) -> Any:
    stack = [step]
    sent: Any = None
    error: Exception | None = None
    while True:
        top = stack[-1]
        try:
            request = top.send(sent) if error is None else top.throw(error)
        except StopIteration as done:
            stack.pop()
            if not stack:
                return done.value
            sent, error = done.value, None
            continue
        except Exception as raised:  # handed to the step that asked, as a call would
            stack.pop()
            if not stack:
                raise
            sent, error = None, raised
            continue
        stack.append(request)
        sent, error = None, None


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _size(characters: int) -> str:
    if characters >= 1 << 20 and characters % (1 << 20) == 0:
        return f"{characters >> 20} MiB"
    return f"{characters:,} characters"


@functools.cache
def _plain_run(specials: str) -> re.Pattern[str]:
    """One or more characters other than `specials` (those a scanner must look at)."""
    return re.compile(f"[^{re.escape(specials)}]+")


class _Lexer:
    def __init__(
        self, text: str, env: Environment, escape: str, budget: ExpansionBudget, max_length: int
    ) -> None:
        self.text = text
        self.pos = 0
        self.env = env
        self.escape = escape
        self.budget = budget
        self.max_length = max_length
        self.depth = 0
        self.unresolved: set[str] = set()
        self.unset: set[str] = set()

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        if self.pos >= len(self.text):
            return ""
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def too_long(self, length: int, offset: int) -> ExpansionLimitError:
        return ExpansionLimitError(
            f"the result would be {length:,} characters or more, over the limit of "
            f"{_size(self.max_length)} for one word or variable value",
            offset,
        )

    def add_expansion(self, pieces: list[str], offsets: list[int], value: str, at: int) -> None:
        """Append a substitution's result, refusing it before the word outgrows the limit."""
        length = len(offsets) + len(value)
        if length > self.max_length:
            raise self.too_long(length, at)
        self.budget.spend(len(value), at)
        pieces.append(value)
        offsets.extend([at] * len(value))

    def take_plain(self, pieces: list[str], offsets: list[int], specials: str) -> None:
        """The run of characters from here that stand for themselves (none of `specials`), in
        one piece (the character at `pos` is not one of them)."""
        match = _plain_run(specials).match(self.text, self.pos)
        end = match.end() if match else self.pos + 1
        pieces.append(self.text[self.pos : end])
        offsets.extend(range(self.pos, end))
        self.pos = end

    def process_stop_on(self, stop: str, raw_escapes: bool) -> _Step:
        """Returns (pieces, offsets): the word's text in pieces, and one offset per character."""
        pieces: list[str] = []
        offsets: list[int] = []
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if stop and ch == stop:
                self.pos += 1
                return pieces, offsets
            if ch == "$":
                start = self.pos
                value = yield self.process_dollar()
                self.add_expansion(pieces, offsets, value, start)
            elif ch == "'":
                self.process_single_quote(pieces, offsets)
            elif ch == '"':
                yield self.process_double_quote(pieces, offsets, raw_escapes)
            elif ch != self.escape:
                self.take_plain(pieces, offsets, stop + "$'\"" + self.escape)
            else:
                self.pos += 1
                if raw_escapes:
                    pieces.append(ch)
                    offsets.append(self.pos - 1)
                if self.pos >= len(text):
                    break
                at = self.pos
                pieces.append(self.next())
                offsets.append(at)
        if stop:
            raise ShellSyntaxError(
                f"unexpected end of statement while looking for matching {stop}", self.pos
            )
        return pieces, offsets

    def process_single_quote(self, pieces: list[str], offsets: list[int]) -> None:
        start = self.pos
        self.pos += 1
        end = self.text.find("'", self.pos)
        if end < 0:
            raise ShellSyntaxError(
                "unexpected end of statement while looking for matching single-quote", start
            )
        pieces.append(self.text[self.pos : end])
        offsets.extend(range(self.pos, end))
        self.pos = end + 1

    def process_double_quote(
        self, pieces: list[str], offsets: list[int], raw_escapes: bool
    ) -> _Step:
        start = self.pos
        self.pos += 1
        while True:
            ch = self.peek()
            if ch == "":
                raise ShellSyntaxError(
                    "unexpected end of statement while looking for matching double-quote", start
                )
            if ch == '"':
                self.pos += 1
                return None
            if ch == "$":
                at = self.pos
                value = yield self.process_dollar()
                self.add_expansion(pieces, offsets, value, at)
                continue
            if ch != self.escape:
                self.take_plain(pieces, offsets, '"$' + self.escape)
                continue
            at = self.pos  # the escape character
            self.pos += 1
            if raw_escapes:
                pieces.append(ch)
                offsets.append(at)
            following = self.peek()
            if following == "":
                continue
            if following in ('"', "$", self.escape):
                at = self.pos
                ch = self.next()
            pieces.append(ch)
            offsets.append(at)

    def process_name(self) -> str:
        start = self.pos
        ch = self.peek()
        if ch and ch.isdecimal():
            while self.peek() and self.peek().isdecimal():
                self.pos += 1
            return self.text[start : self.pos]
        if ch in _SPECIAL_PARAMS and ch:
            self.pos += 1
            return ch
        while (ch := self.peek()) and (ch.isalpha() or ch.isdecimal() or ch == "_"):
            self.pos += 1
        return self.text[start : self.pos]

    def get(self, name: str) -> tuple[bool, str | None]:
        is_set, value = self.env.lookup(name)
        if is_set and value is None:
            self.unresolved.add(name)
        elif not is_set:
            self.unset.add(name)
        return is_set, value

    def word(self, stop: str, raw_escapes: bool) -> _Step:
        """A nested word (`${name:-word}`, a pattern, a replacement) as one string."""
        pieces, _ = yield self.process_stop_on(stop, raw_escapes)
        return "".join(pieces)

    def process_dollar(self) -> _Step:
        start = self.pos
        self.pos += 1
        if self.peek() != "{":
            name = self.process_name()
            if not name:
                return "$"
            _, value = self.get(name)
            return self.text[start : self.pos] if value is None else value

        self.pos += 1
        ch = self.peek()
        if ch == "":
            raise ShellSyntaxError("syntax error: missing '}'", start)
        if ch in "{}:":
            raise ShellSyntaxError("syntax error: bad substitution", start)
        name = self.process_name()
        ch = self.next()
        modifier = ch
        null_is_unset = False
        if ch == "}":
            _, value = self.get(name)
            return self.text[start : self.pos] if value is None else value
        if ch == ":":
            null_is_unset = True
            ch = self.next()
            modifier += ch
        if ch == "":
            raise ShellSyntaxError("syntax error: missing '}'", start)
        if self.depth >= MAX_NESTING:
            raise ExpansionLimitError(
                f"`${{…}}` substitutions nested more than {MAX_NESTING} deep", start
            )
        self.depth += 1
        try:
            if ch == "/" and not null_is_unset:
                return (yield self.process_pattern_replace(start, name))
            return (yield self.process_modifier(start, name, ch, modifier, null_is_unset))
        finally:
            self.depth -= 1

    def process_modifier(
        self, start: int, name: str, ch: str, modifier: str, null_is_unset: bool
    ) -> _Step:
        if ch not in ("+", "-", "?", "#", "%"):
            if null_is_unset:
                yield self.process_stop_on("}", False)
            raise ShellSyntaxError(f"unsupported modifier ({modifier}) in substitution", start)
        raw_escapes = ch in "#%"
        if null_is_unset and raw_escapes:
            raise ShellSyntaxError(f"unsupported modifier ({modifier}) in substitution", start)
        try:
            word = yield self.word("}", raw_escapes)
        except ShellSyntaxError as error:
            if self.peek() == "":
                raise ShellSyntaxError("syntax error: missing '}'", start) from error
            raise
        is_set, value = self.get(name)
        if value is None:
            return self.text[start : self.pos]
        empty = not is_set or (null_is_unset and value == "")
        if ch == "-":
            return word if empty else value
        if ch == "+":
            return "" if empty else word
        if ch == "?":
            if not is_set:
                message = _shorten(word) or "is not allowed to be unset"
                raise ShellSyntaxError(f"{_shorten(name)}: {message}", start)
            if null_is_unset and value == "":
                message = _shorten(word) or "is not allowed to be empty"
                raise ShellSyntaxError(f"{_shorten(name)}: {message}", start)
            return value
        greedy = word.startswith(ch)
        pattern = word[1:] if greedy else word
        glob = self.glob(pattern, value, start)
        if ch == "%":
            return _trim_suffix(glob, value, greedy)
        return _trim_prefix(glob, value, greedy)

    def glob(self, pattern: str, value: str, start: int) -> _Glob:
        """The parsed pattern, its parsing and matching against `value` paid from the budget."""
        self.budget.spend(PATTERN_CHARACTER_COST * len(pattern), start)
        try:
            glob = _Glob.parse(pattern)
        except ValueError as error:
            raise ShellSyntaxError(
                f"invalid pattern ({_shorten(pattern)}) in substitution: {error}", start
            ) from None
        self.budget.spend(glob.cost(len(value)), start)
        return glob

    def process_pattern_replace(self, start: int, name: str) -> _Step:
        replace_all = self.peek() == "/"
        if replace_all:
            self.pos += 1
        try:
            pattern = yield self.word("/", True)
        except ShellSyntaxError as error:
            if self.peek() == "":
                raise ShellSyntaxError("syntax error: missing '/' in ${}", start) from error
            raise
        try:
            replacement = yield self.word("}", True)
        except ShellSyntaxError as error:
            if self.peek() == "":
                raise ShellSyntaxError("syntax error: missing '}'", start) from error
            raise
        _, value = self.get(name)
        if value is None:
            return self.text[start : self.pos]
        glob = self.glob(pattern, value, start)

        def check(length: int) -> None:
            if length > self.max_length:
                raise self.too_long(length, start)

        return _replace(glob, value, replacement, replace_all, check)


# --------------------------------------------------------------------------- shell patterns
#
# BuildKit turns `*` and `?` patterns into Go regular expressions (RE2: linear time, no bracket
# expressions). Python's `re` would backtrack exponentially on `*a*a*a…b`, so patterns are matched
# here without backtracking: a pattern is segments of literal characters and `?` between `*`s,
# and the leftmost placement of each middle segment is the one that leaves the most room.


class _Segment:
    """Pattern characters between two `*`: literal characters and `?` (None), any one character."""

    __slots__ = ("items", "length", "literal")

    def __init__(self, items: tuple[str | None, ...]) -> None:
        self.items = items
        self.length = len(items)
        self.literal = None if None in items else "".join(items)  # type: ignore[arg-type]

    @property
    def mixed(self) -> bool:
        """Both literal characters and `?`: found by a regular expression, in O(n·length)."""
        return self.literal is None and any(c is not None for c in self.items)

    def find(self, text: str, start: int, end: int) -> int:
        """The leftmost index >= start where the segment matches within text[:end], or -1."""
        if self.literal is not None:
            return text.find(self.literal, start, end)
        if not self.mixed:
            return start if start + self.length <= min(end, len(text)) else -1
        found = self.regex().search(text, start, end)
        return found.start() if found else -1

    def regex(self) -> re.Pattern[str]:
        return re.compile("".join("." if c is None else re.escape(c) for c in self.items), re.S)

    def reversed(self) -> _Segment:
        return _Segment(self.items[::-1])


@dataclass(frozen=True, slots=True)
class _Glob:
    segments: tuple[_Segment, ...]  # one more than the pattern has `*`s

    @staticmethod
    def parse(pattern: str) -> _Glob:
        segments: list[_Segment] = []
        items: list[str | None] = []
        i = 0
        while i < len(pattern):
            ch = pattern[i]
            i += 1
            if ch == "*":
                segments.append(_Segment(tuple(items)))
                items = []
            elif ch == "?":
                items.append(None)
            elif ch == "\\":
                following = pattern[i] if i < len(pattern) else ""
                if following in ("}", "/"):
                    continue  # escaped inside `${…}`; the escape is not part of the pattern
                if following not in ("*", "?", "\\"):
                    raise ValueError(f"invalid escape '\\{following}'")
                items.append(following)
                i += 1
            else:
                items.append(ch)
        segments.append(_Segment(tuple(items)))
        return _Glob(tuple(segments))

    def reversed(self) -> _Glob:
        return _Glob(tuple(segment.reversed() for segment in reversed(self.segments)))

    def cost(self, length: int) -> int:
        """An upper bound on the characters compared to match against `length` characters."""
        return length * max([1, *(s.length for s in self.segments if s.mixed)])

    def match_end(self, text: str, start: int, longest: bool) -> int:
        """The end of the longest (or shortest) match starting at `start`, or -1."""
        first, *rest = self.segments
        if first.find(text, start, start + first.length) != start:
            return -1
        position = start + first.length
        if not rest:
            return position
        *middle, last = rest
        for segment in middle:
            found = segment.find(text, position, len(text))
            if found < 0:
                return -1
            position = found + segment.length
        if not longest:
            found = last.find(text, position, len(text))
            return found + last.length if found >= 0 else -1
        # The rightmost place of the last segment, found leftmost in the reversed text (str.rfind
        # is quadratic in the worst case).
        mirrored = text[::-1]
        found = last.reversed().find(mirrored, 0, len(text) - position)
        return len(text) - found if found >= 0 else -1

    def search(self, text: str, start: int) -> tuple[int, int] | None:
        """The leftmost match at or after `start`, longest there (Go's leftmost-first `.*`)."""
        first = self.segments[0]
        found = first.find(text, start, len(text))
        if found < 0:
            return None
        # Matching the rest only gets harder further right: if the leftmost place of the first
        # segment has no match, no place has.
        end = self.match_end(text, found, longest=True)
        return (found, end) if end >= 0 else None


def _trim_prefix(glob: _Glob, value: str, greedy: bool) -> str:
    end = glob.match_end(value, 0, longest=greedy)
    return value[end:] if end >= 0 else value


def _trim_suffix(glob: _Glob, value: str, greedy: bool) -> str:
    end = glob.reversed().match_end(value[::-1], 0, longest=greedy)
    return value[: len(value) - end] if end >= 0 else value


def _replace(
    glob: _Glob, value: str, replacement: str, replace_all: bool, check: Callable[[int], None]
) -> str:
    """`${value/glob/replacement}` as Go's ReplaceAllString (or the first match only).

    `check` sees the result's length before the result is built.
    """
    if len(glob.segments) == 1:
        return _replace_fixed(glob.segments[0], value, replacement, replace_all, check)
    # With a `*`, the longest match at the leftmost place takes the last place of the last
    # segment: after it only an empty match can follow, and Go ignores an empty match right
    # after a match. So this loop runs at most three times.
    pieces: list[str] = []
    length = 0
    last_end = 0
    position = 0
    while position <= len(value):
        match = glob.search(value, position)
        if match is None:
            break
        start, end = match
        replaced = end > last_end or start == 0
        length += start - last_end + (len(replacement) if replaced else 0)
        check(length + len(value) - end)
        pieces.append(value[last_end:start])
        if replaced:
            pieces.append(replacement)
        last_end = end
        if not replace_all:
            break
        position = position + 1 if end < position + 1 else end
    pieces.append(value[last_end:])
    return "".join(pieces)


def _replace_fixed(
    segment: _Segment,
    value: str,
    replacement: str,
    replace_all: bool,
    check: Callable[[int], None],
) -> str:
    """Replacement for a pattern without `*`: every match has the segment's length."""
    size = segment.length
    if size == 0:  # matches before every character and at the end
        if not replace_all:
            check(len(value) + len(replacement))
            return replacement + value
        check(len(value) + (len(value) + 1) * len(replacement))
        return replacement.join(["", *value, ""])
    limit = None if replace_all else 1
    if segment.literal is not None:
        count = value.count(segment.literal)
        count = count if limit is None else min(count, limit)
        check(len(value) + count * (len(replacement) - size))
        return value.replace(segment.literal, replacement, -1 if limit is None else limit)
    if not segment.mixed:  # only `?`: consecutive chunks from the start
        count = len(value) // size
        count = count if limit is None else min(count, limit)
        check(len(value) + count * (len(replacement) - size))
        return replacement * count + value[count * size :]
    regex = segment.regex()
    count = sum(1 for _ in itertools.islice(regex.finditer(value), limit))
    check(len(value) + count * (len(replacement) - size))
    return regex.sub(lambda _: replacement, value, count=limit or 0)


def process_word(
    text: str,
    env: Environment = EMPTY_ENVIRONMENT,
    escape: str = "\\",
    *,
    budget: ExpansionBudget | None = None,
    max_length: int = MAX_WORD_LENGTH,
) -> Word:
    """Remove quotes and escapes from `text` and substitute variables, as Docker does for one word.

    Raises ShellSyntaxError for unterminated quotes and malformed substitutions, and
    ExpansionLimitError past MAX_WORD_LENGTH, MAX_NESTING or the budget (one per Dockerfile;
    by default a fresh MAX_EXPANSION_WORK for this word alone).
    """
    if len(text) <= max_length and not any(c in text for c in ("$", "'", '"', escape)):
        return Word(text, tuple(range(len(text))))  # nothing to remove or substitute
    lexer = _Lexer(text, env, escape, budget or ExpansionBudget(), max_length)
    pieces, offsets = _run(lexer.process_stop_on("", False))
    if len(offsets) > max_length:
        raise lexer.too_long(len(offsets), 0)
    return Word(
        "".join(pieces), tuple(offsets), frozenset(lexer.unresolved), frozenset(lexer.unset)
    )


def split_raw_words(text: str, escape: str = "\\") -> list[tuple[str, int]]:
    """Split on unquoted whitespace, keeping quotes and escapes; return (word, offset) pairs.

    This mirrors BuildKit's `parseWords`, used for `LABEL`, `ENV` and `ARG` arguments and for
    finding heredoc markers.
    """
    if escape not in text and "'" not in text and '"' not in text:
        unspaced = _plain_run(GO_SPACE_CHARACTERS)
        return [(match.group(), match.start()) for match in unspaced.finditer(text)]
    words: list[tuple[str, int]] = []
    i = 0
    n = len(text)
    while i < n:
        while i < n and text[i] in GO_SPACE:
            i += 1
        if i >= n:
            break
        start = i
        quote = ""
        while i < n:
            ch = text[i]
            if quote:
                if ch == quote:
                    quote = ""
                elif ch == escape and quote != "'" and i + 1 < n:
                    i += 1
            elif ch in GO_SPACE:
                break
            elif ch in ("'", '"'):
                quote = ch
            elif ch == escape and i + 1 < n:
                i += 1
            i += 1
        words.append((text[start:i], start))
    return words
