"""Property tests of shell-word expansion: only the documented errors, and BuildKit's matching.

The pattern tests compare ocilint's glob matcher with the regular expression BuildKit builds for
the same pattern (`convertShellPatternToRegex`), run by Python's `re` on inputs small enough for
its backtracking not to matter: Go's RE2 and Python's `re` choose the same leftmost-first match.
"""

from __future__ import annotations

import re
import sys

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ocilint.shell import (
    MAX_NESTING,
    Environment,
    ExpansionBudget,
    ExpansionLimitError,
    ShellSyntaxError,
    Word,
    process_word,
)

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SHELL_FRAGMENTS = [
    "$", "${", "}", "A", "B", "C", "_", "1", "$A", "$B", "${A}", "${A:-", "${A:+", "${A-", "${A+",
    "${A?", "${A:?", "${B%", "${B%%", "${B#", "${B##", "${B/", "${B//", "/", "*", "?", "\\",
    "\\*", "\\}", "\\/", "'", '"', "`", " ", "x", "a", "é", ":", "-", "+", "#", "%", "{", "\n",
]  # fmt: skip

VALUES = st.one_of(st.none(), st.text(alphabet="ab*?/$}{\\x", max_size=12))


def assert_well_formed(text: str, word: Word, max_length: int) -> None:
    assert len(word.value) <= max_length
    assert len(word.offsets) == len(word.value)
    assert all(0 <= offset < len(text) for offset in word.offsets)


def expand(text: str, env: Environment, max_length: int, budget: int) -> None:
    escape = "`" if "`" in text[:1] else "\\"
    try:
        word = process_word(
            text, env, escape, budget=ExpansionBudget(budget), max_length=max_length
        )
    except ShellSyntaxError as error:  # may quote the input, newlines included
        assert str(error)
        assert 0 <= error.offset <= len(text)
        return
    except ExpansionLimitError as error:
        assert str(error) and "\n" not in str(error)
        assert 0 <= error.offset <= len(text)
        return
    assert_well_formed(text, word, max_length)


@FUZZ
@given(st.text(max_size=200), st.dictionaries(st.sampled_from("ABC"), VALUES, max_size=3))
def test_arbitrary_text_raises_only_the_documented_errors(
    text: str, values: dict[str, str | None]
) -> None:
    expand(text, Environment(values), max_length=1 << 20, budget=16 << 20)


@FUZZ
@given(
    st.lists(st.sampled_from(SHELL_FRAGMENTS), max_size=40).map("".join),
    st.dictionaries(st.sampled_from("ABC"), VALUES, max_size=3),
    st.booleans(),
    st.integers(min_value=0, max_value=64),
    st.integers(min_value=0, max_value=400),
)
def test_shell_shaped_text_respects_the_limits(
    text: str,
    values: dict[str, str | None],
    unset_is_unknown: bool,
    max_length: int,
    budget: int,
) -> None:
    env = Environment(values, unset_is_unknown=unset_is_unknown)
    expand(text, env, max_length=max_length, budget=budget)


def test_nesting_to_the_limit_needs_no_python_stack() -> None:
    text = "${a:-" * MAX_NESTING + "v" + "}" * MAX_NESTING

    def deep(frames: int) -> str:
        return deep(frames - 1) if frames else process_word(text).value

    # Called with almost all of Python's recursion limit already in use.
    assert deep(sys.getrecursionlimit() - 100) == "v"


# --------------------------------------------------------------------------- patterns


def buildkit_regex(pattern: str, greedy: bool) -> str:
    """BuildKit's convertShellPatternToRegex, for patterns valid there (no bad escapes)."""
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        i += 1
        if ch == "*":
            out.append(".*" if greedy else ".*?")
        elif ch == "?":
            out.append(".")
        elif ch == "\\":
            if pattern[i] in "}/":
                continue
            out.append(re.escape(pattern[i]))
            i += 1
        else:
            out.append(re.escape(ch))
    return "".join(out)


def buildkit_trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    match = re.match(buildkit_regex(pattern, greedy), value, re.DOTALL)
    return value[match.end() :] if match else value


def buildkit_replace(pattern: str, value: str, replacement: str, replace_all: bool) -> str:
    """Go's FindStringIndex or ReplaceAllString (an empty match right after a match is kept)."""
    regex = re.compile(buildkit_regex(pattern, True), re.DOTALL)
    pieces = []
    last_end = position = 0
    while position <= len(value):
        match = regex.search(value, position)
        if match is None:
            break
        pieces.append(value[last_end : match.start()])
        if match.end() > last_end or match.start() == 0:
            pieces.append(replacement)
        last_end = match.end()
        if not replace_all:
            break
        position = position + 1 if match.end() < position + 1 else match.end()
    pieces.append(value[last_end:])
    return "".join(pieces)


PATTERNS = st.lists(
    st.sampled_from(["a", "b", ".", "[", "*", "*", "?", "\\*", "\\?", "\\\\", "\\}", "\\/"]),
    max_size=6,
).map("".join)
SUBJECTS = st.text(alphabet="ab.[*?\\}/", max_size=10)


def substitute(word: str, value: str) -> str:
    return process_word(word, Environment({"V": value})).value


@settings(max_examples=400, deadline=None)
@given(PATTERNS, SUBJECTS, st.booleans())
def test_trimming_matches_buildkit(pattern: str, value: str, greedy: bool) -> None:
    prefix = "##" if greedy else "#"
    suffix = "%%" if greedy else "%"
    assert substitute(f"${{V{prefix}{pattern}}}", value) == buildkit_trim_prefix(
        pattern, value, greedy
    )
    # BuildKit trims a suffix by reversing the value and the pattern (escapes kept whole).
    tokens = re.findall(r"\\.|.", pattern, re.DOTALL)
    expected = buildkit_trim_prefix("".join(reversed(tokens)), value[::-1], greedy)[::-1]
    assert substitute(f"${{V{suffix}{pattern}}}", value) == expected


@settings(max_examples=400, deadline=None)
@given(PATTERNS, SUBJECTS, st.sampled_from(["", "X", "YY"]), st.booleans())
def test_replacing_matches_buildkit(
    pattern: str, value: str, replacement: str, replace_all: bool
) -> None:
    assume(pattern or replace_all)  # `${V//X}` would read as a replacement of every match
    operator = "//" if replace_all else "/"
    expected = buildkit_replace(pattern, value, replacement, replace_all)
    assert substitute(f"${{V{operator}{pattern}/{replacement}}}", value) == expected
