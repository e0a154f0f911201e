"""Dockerfile word processing: quotes, escapes and variable substitution.

A port of BuildKit's `frontend/dockerfile/shell/lex.go`, the code Docker runs on the arguments
of `LABEL`, `ENV`, `ARG`, `FROM` and the `--from`/`--platform` flags, with two additions a
linter needs:

- every character of a result remembers the offset of the source character it came from, so a
  finding inside a label value can point at its exact column;
- a variable can be *unknown* (a build argument without a value, or an environment variable that
  may come from an external base image). Its expansion is kept as written and its name is reported
  in `Word.unresolved`, so rules can say "cannot be checked" instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Go's unicode.IsSpace: the Unicode White_Space property.
GO_SPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)
_SPECIAL_PARAMS = frozenset("@*#?-$!0")


class ShellSyntaxError(ValueError):
    """A quoting or substitution error, with the offset in the processed text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


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


class _Unknown(Exception):
    """Raised inside pattern operations whose operand is unknown."""


class _Lexer:
    def __init__(self, text: str, env: Environment, escape: str) -> None:
        self.text = text
        self.pos = 0
        self.env = env
        self.escape = escape
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

    def process_stop_on(self, stop: str, raw_escapes: bool) -> tuple[list[str], list[int]]:
        chars: list[str] = []
        offsets: list[int] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if stop and ch == stop:
                self.pos += 1
                return chars, offsets
            if ch == "$":
                start = self.pos
                value = self.process_dollar()
                chars.extend(value)
                offsets.extend([start] * len(value))
            elif ch == "'":
                self.process_single_quote(chars, offsets)
            elif ch == '"':
                self.process_double_quote(chars, offsets, raw_escapes)
            else:
                at = self.pos
                self.pos += 1
                if ch == self.escape:
                    if raw_escapes:
                        chars.append(ch)
                        offsets.append(at)
                    if self.pos >= len(self.text):
                        break
                    at = self.pos
                    ch = self.next()
                chars.append(ch)
                offsets.append(at)
        if stop:
            raise ShellSyntaxError(
                f"unexpected end of statement while looking for matching {stop}", self.pos
            )
        return chars, offsets

    def process_single_quote(self, chars: list[str], offsets: list[int]) -> None:
        start = self.pos
        self.pos += 1
        end = self.text.find("'", self.pos)
        if end < 0:
            raise ShellSyntaxError(
                "unexpected end of statement while looking for matching single-quote", start
            )
        chars.extend(self.text[self.pos : end])
        offsets.extend(range(self.pos, end))
        self.pos = end + 1

    def process_double_quote(self, chars: list[str], offsets: list[int], raw_escapes: bool) -> None:
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
                return
            if ch == "$":
                at = self.pos
                value = self.process_dollar()
                chars.extend(value)
                offsets.extend([at] * len(value))
                continue
            at = self.pos
            self.pos += 1
            if ch == self.escape:
                if raw_escapes:
                    chars.append(ch)
                    offsets.append(at)
                following = self.peek()
                if following == "":
                    continue
                if following in ('"', "$", self.escape):
                    at = self.pos
                    ch = self.next()
            chars.append(ch)
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

    def process_dollar(self) -> str:
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
        if ch == "/" and not null_is_unset:
            return self.process_pattern_replace(start, name)
        if ch not in ("+", "-", "?", "#", "%"):
            if null_is_unset:
                self.process_stop_on("}", False)
            raise ShellSyntaxError(f"unsupported modifier ({modifier}) in substitution", start)
        raw_escapes = ch in "#%"
        if null_is_unset and raw_escapes:
            raise ShellSyntaxError(f"unsupported modifier ({modifier}) in substitution", start)
        try:
            word_chars, _ = self.process_stop_on("}", raw_escapes)
        except ShellSyntaxError as error:
            if self.peek() == "":
                raise ShellSyntaxError("syntax error: missing '}'", start) from error
            raise
        word = "".join(word_chars)
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
                raise ShellSyntaxError(f"{name}: {word or 'is not allowed to be unset'}", start)
            if null_is_unset and value == "":
                raise ShellSyntaxError(f"{name}: {word or 'is not allowed to be empty'}", start)
            return value
        greedy = word.startswith(ch)
        pattern = word[1:] if greedy else word
        try:
            if ch == "%":
                return _trim_suffix(pattern, value, greedy)
            return _trim_prefix(pattern, value, greedy)
        except re.error as error:
            raise ShellSyntaxError(f"invalid pattern ({pattern}) in substitution", start) from error

    def process_pattern_replace(self, start: int, name: str) -> str:
        replace_all = self.peek() == "/"
        if replace_all:
            self.pos += 1
        try:
            pattern_chars, _ = self.process_stop_on("/", True)
        except ShellSyntaxError as error:
            if self.peek() == "":
                raise ShellSyntaxError("syntax error: missing '/' in ${}", start) from error
            raise
        try:
            replacement_chars, _ = self.process_stop_on("}", True)
        except ShellSyntaxError as error:
            if self.peek() == "":
                raise ShellSyntaxError("syntax error: missing '}'", start) from error
            raise
        _, value = self.get(name)
        if value is None:
            return self.text[start : self.pos]
        pattern = "".join(pattern_chars)
        replacement = "".join(replacement_chars)
        try:
            regex = _shell_pattern_regex(pattern, greedy=True)
        except ValueError as error:
            raise ShellSyntaxError(
                f"invalid pattern ({pattern}) in substitution: {error}", start
            ) from error
        count = 0 if replace_all else 1
        return regex.sub(lambda _: replacement, value, count=count)


def _shell_pattern_regex(pattern: str, *, greedy: bool) -> re.Pattern[str]:
    """Translate a shell wildcard pattern (`*`, `?`, backslash escapes) like BuildKit does."""
    out: list[str] = []
    star = ".*" if greedy else ".*?"
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        i += 1
        if ch == "*":
            out.append(star)
        elif ch == "?":
            out.append(".")
        elif ch == "\\":
            following = pattern[i] if i < len(pattern) else ""
            if following in ("}", "/"):
                continue
            if following not in ("*", "?", "\\"):
                raise ValueError(f"invalid escape '\\{following}'")
            out.append(re.escape(following))
            i += 1
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.DOTALL)


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    regex = _shell_pattern_regex(pattern, greedy=greedy)
    lengths = range(len(value), -1, -1) if greedy else range(len(value) + 1)
    for length in lengths:
        if regex.fullmatch(value, 0, length):
            return value[length:]
    return value


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    regex = _shell_pattern_regex(pattern, greedy=greedy)
    starts = range(len(value) + 1) if greedy else range(len(value), -1, -1)
    for start in starts:
        if regex.fullmatch(value, start):
            return value[:start]
    return value


def process_word(text: str, env: Environment = EMPTY_ENVIRONMENT, escape: str = "\\") -> Word:
    """Remove quotes and escapes from `text` and substitute variables, as Docker does for one word.

    Raises ShellSyntaxError for unterminated quotes and malformed substitutions.
    """
    lexer = _Lexer(text, env, escape)
    chars, offsets = lexer.process_stop_on("", False)
    return Word("".join(chars), tuple(offsets), frozenset(lexer.unresolved), frozenset(lexer.unset))


def split_raw_words(text: str, escape: str = "\\") -> list[tuple[str, int]]:
    """Split on unquoted whitespace, keeping quotes and escapes; return (word, offset) pairs.

    This mirrors BuildKit's `parseWords`, used for `LABEL`, `ENV` and `ARG` arguments and for
    finding heredoc markers.
    """
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
