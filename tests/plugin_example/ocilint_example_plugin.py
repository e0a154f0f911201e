"""An example third-party ocilint plugin: one rule, published through the `ocilint` entry point."""

from __future__ import annotations

from collections.abc import Iterator

from ocilint.hookspecs import hookimpl
from ocilint.model import DockerfileSubject, Finding, Location, Options, Severity
from ocilint.rule import Rule


def check_maintainer(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    for instruction in subject.dockerfile.parsed.instructions:
        if instruction.keyword == "MAINTAINER":
            location = Location(subject.path, instruction.start_line, 1, instruction.end_line)
            yield Finding(
                "EXA001",
                location,
                "MAINTAINER is deprecated",
                fix=f'use `LABEL org.opencontainers.image.authors="{instruction.args}"`',
            )


MAINTAINER_RULE = Rule(
    code="EXA001",
    name="deprecated-maintainer-instruction",
    severity=Severity.WARNING,
    applies_to=frozenset({"dockerfile"}),
    check=check_maintainer,
    doc="""MAINTAINER instruction, deprecated since Docker 1.13.

## What it does
Flags `MAINTAINER`.

## Why is this bad?
It is deprecated; the authors belong in a label that registries understand.

## Example
    MAINTAINER Jane <jane@example.com>

Use instead:
    LABEL org.opencontainers.image.authors="Jane <jane@example.com>"
""",
)


@hookimpl
def ocilint_rules() -> list[Rule]:
    return [MAINTAINER_RULE]
