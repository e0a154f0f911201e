"""`LABEL key = value` or `ENV key = value`: the value starts with `= `.

## What it does
Flags a `LABEL` or `ENV` written in the one-pair form with a space before the `=`
(`LABEL key = "value"`, `ENV key =value`). Docker reads that form as `key value`: the key, then
everything after the first space as the value, so the value is `= value`.

## Why is this bad?
The label or variable is set, silently, to the wrong value: registries show
`= My app` as the description, and `ENV PATH = /opt/bin:$PATH` puts `= /opt/bin` in `PATH`.
No build step fails.

## Example
    LABEL org.opencontainers.image.description = "My app"

Use instead:
    LABEL org.opencontainers.image.description="My app"

`ocilint fix` removes the spaces around the `=` when the value is one word (quoted or not);
with several words, which ones belong to the value is a choice left to you.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ocilint.annotations import shorten
from ocilint.model import DockerfileSubject, Edit, Finding, Fix, Location, Options, Severity
from ocilint.shell import split_raw_words

if TYPE_CHECKING:
    from ocilint.dockerfile import Instruction

CODE = "OCL114"
NAME = "spaced-assignment"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile",)


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    parsed = subject.dockerfile.parsed
    for instruction in parsed.instructions:
        if instruction.keyword not in ("LABEL", "ENV"):
            continue
        words = split_raw_words(instruction.args, parsed.escape)
        if len(words) < 2 or "=" in words[0][0] or not words[1][0].startswith("="):
            continue
        key, key_offset = words[0]
        equals, equals_offset = words[1]
        # The value's words: those after a lone `=`, or the rest of `=value`.
        rest = words[2:] if equals == "=" else [(equals[1:], equals_offset + 1), *words[2:]]
        start = instruction.args_offset + key_offset + len(key)
        line, column = instruction.position(start)
        location = Location(subject.path, line, column, line, column + 1)
        written = shorten(instruction.args[key_offset:])
        yield Finding(
            CODE,
            location,
            f"`{instruction.keyword} {written}` sets `{key}` to a value that starts with `=`: "
            "with a space before it, `=` is part of the value",
            autofix=_fix(instruction, start, key, rest),
        )


def _fix(instruction: "Instruction", start: int, key: str, rest: list[tuple[str, int]]) -> Fix:
    """`key=value` when the value is one word, with the edit that removes the spaces."""
    if len(rest) != 1:
        return Fix("remove the spaces around `=` (and quote the value if it has spaces)")
    value, value_offset = rest[0]
    end = instruction.args_offset + value_offset
    line, column = instruction.position(start)
    end_line, end_column = instruction.position(end)
    between = instruction.line_text[start:end]
    edit = None
    if end_line == line and between.strip() == "=":
        edit = Edit(line, column, line, end_column, "=", between)
    return Fix(f"write `{key}={shorten(value)}`", (edit,) if edit else ())
