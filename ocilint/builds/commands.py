"""`docker build` / `docker buildx build` command lines in shell text (a workflow's `run:`).

A small shell tokenizer that keeps the line and column of every word: quotes ('…', "…"),
backslash escapes and line continuations, comments, and `;`, `&&`, `||`, `|` between commands.
It does not expand anything: the caller resolves `${{ … }}` and `$VAR` in each word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

# buildx flags that take no value; any other `--flag` without `=` takes the next word.
_BOOLEAN_FLAGS = frozenset(
    {
        "--push", "--load", "--pull", "--no-cache", "-q", "--quiet", "--rm", "--force-rm",
        "--squash", "--compress", "--debug", "-D", "--check", "--disable-content-trust",
    }
)  # fmt: skip
_SHORT_WITH_VALUE = {"-t": "--tag", "-f": "--file", "-o": "--output"}


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    line: int
    column: int


@dataclass
class BuildCommand:
    """One `docker build` command: its options (name → [(value, word)]) and context word."""

    start: Word
    options: dict[str, list[Word]] = field(default_factory=dict)
    context: Word | None = None


def _words(lines: Sequence[tuple[int, int, str]]) -> Iterator[Word | None]:
    """Words with positions; None between commands. `lines` is (line, column, text)."""
    current: list[str] = []
    start: tuple[int, int] | None = None
    quote = ""
    for line_number, first_column, text in lines:
        index = 0
        while index < len(text):
            char = text[index]
            column = first_column + index
            if quote:
                if char == quote:
                    quote = ""
                elif char == "\\" and quote == '"' and index + 1 < len(text):
                    index += 1
                    current.append(text[index])
                else:
                    current.append(char)
                index += 1
                continue
            if char in "'\"":
                quote = char
                start = start or (line_number, column + 1)  # the word's text starts inside
            elif char == "\\":
                if index + 1 < len(text):
                    index += 1
                    current.append(text[index])
                    start = start or (line_number, column)
                # a backslash at the end of a line continues the command
            elif char.isspace():
                if start is not None:
                    yield Word("".join(current), *start)
                    current, start = [], None
            elif char == "#" and start is None:
                break
            elif char in ";|&":
                if start is not None:
                    yield Word("".join(current), *start)
                    current, start = [], None
                yield None
            else:
                current.append(char)
                start = start or (line_number, column)
            index += 1
        if quote:
            current.append("\n")
            continue
        if start is not None and not text.rstrip().endswith("\\"):
            yield Word("".join(current), *start)
            current, start = [], None
        if not text.rstrip().endswith("\\"):
            yield None
    if start is not None:
        yield Word("".join(current), *start)


def _commands(lines: Sequence[tuple[int, int, str]]) -> Iterator[list[Word]]:
    command: list[Word] = []
    for word in _words(lines):
        if word is None:
            if command:
                yield command
            command = []
        else:
            command.append(word)
    if command:
        yield command


def build_commands(lines: Sequence[tuple[int, int, str]]) -> Iterator[BuildCommand]:
    """The `docker [buildx] build` / `docker image build` commands in shell text."""
    for words in _commands(lines):
        texts = [word.text for word in words]
        for at, text in enumerate(texts):
            if text != "docker":
                continue
            rest = texts[at + 1 :]
            if rest[:1] == ["build"]:
                skip = 2
            elif rest[:2] in (["buildx", "build"], ["image", "build"], ["buildx", "b"]):
                skip = 3
            else:
                continue
            yield _parse(words[at], words[at + skip :])
            break


def _parse(start: Word, words: Sequence[Word]) -> BuildCommand:
    command = BuildCommand(start)
    index = 0
    while index < len(words):
        word = words[index]
        text = word.text
        if text.startswith("-") and len(text) > 1:
            name, eq, value = text.partition("=")
            name = _SHORT_WITH_VALUE.get(name, name)
            if eq:
                offset = len(text) - len(value)
                command.options.setdefault(name, []).append(
                    Word(value, word.line, word.column + offset)
                )
            elif name in _BOOLEAN_FLAGS:
                command.options.setdefault(name, []).append(Word("true", word.line, word.column))
            elif len(name) > 2 and not name.startswith("--") and name[:2] in _SHORT_WITH_VALUE:
                long = _SHORT_WITH_VALUE[name[:2]]  # -tNAME
                command.options.setdefault(long, []).append(
                    Word(name[2:], word.line, word.column + 2)
                )
            elif index + 1 < len(words):
                index += 1
                command.options.setdefault(name, []).append(words[index])
        else:
            command.context = word
        index += 1
    return command
