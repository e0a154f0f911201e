"""An example third-party ocilint plugin: one rule, published through the `ocilint` entry point."""

from __future__ import annotations

from collections.abc import Iterator

from ocilint.hookspecs import hookimpl
from ocilint.model import DockerfileSubject, Edit, Finding, Fix, Location, Options, Severity
from ocilint.rule import Rule


def check_maintainer(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    for instruction in subject.dockerfile.parsed.instructions:
        if instruction.keyword == "MAINTAINER":
            location = Location(subject.path, instruction.start_line, 1, instruction.end_line)
            label = f'LABEL org.opencontainers.image.authors="{instruction.args}"'
            # The edit replaces the instruction as written, when it is on one line and the
            # value needs no escaping inside double quotes; otherwise the fix is advice only.
            written = instruction.line_text.rstrip()
            edit = None
            one_line = instruction.start_line == instruction.end_line
            if one_line and not any(char in instruction.args for char in '"$\\`'):
                at = Location(subject.path, instruction.start_line, instruction.position(0)[1])
                edit = Edit.at(at, written, label)
            yield Finding(
                "EXA001", location, "MAINTAINER is deprecated", autofix=Fix.use(label, edit)
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
