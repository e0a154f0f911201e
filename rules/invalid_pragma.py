"""Ignore pragma that is malformed or names no rule.

## What it does
Checks every `# ocilint:` comment against the pragma grammar (see the README, "Ignoring findings
in a Dockerfile"): `# ocilint: ignore=SELECTORS` or `# ocilint: global ignore=SELECTORS`, where
the selectors are rule codes, rule names or `all`, separated by commas or blanks, and an
optional reason follows `#` or `--`. It reports a comment that does not follow the grammar, and
each selector that names no rule (after the rules ran, where the rule registry is known, as
ruff's RUF100 reports unknown `noqa` codes). The selectors of a pragma that do name rules
still apply.

## Why is this bad?
A pragma that does not parse, or that names a code that does not exist, silences nothing while
looking as if it did: `# ocilint: ignore=OCL204,image-latest-tag pinned later` reads as if it
ignored two rules, but the words after the blank are no rule names.

## Example
    # ocilint: ignore=OCL204,image-latest-tag pinned later
    FROM python:latest
    # ocilint: ignore=OCL999
    FROM debian:12

Use instead:
    # ocilint: ignore=OCL204,image-latest-tag # pinned later
    FROM python:latest
    # ocilint: ignore=OCL204 -- mirrored and pinned by the registry
    FROM debian:12

## Options
- `external`: codes of other tools that pragmas may name without being reported (default: none).

## References
- [ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
- [hadolint: inline ignores](https://github.com/hadolint/hadolint#inline-ignores)
"""

from collections.abc import Iterator

from ocilint.model import DockerfileSubject, Finding, Location, Options, Severity
from ocilint.pragmas import PRAGMA_RULE, malformed

CODE = PRAGMA_RULE
NAME = "invalid-pragma"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile",)
DEFAULTS = {"external": ()}


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    # Selectors naming no rule are reported by the engine, which knows the registry.
    for problem in malformed(subject.dockerfile.parsed.comments):
        yield Finding(CODE, Location(subject.path, problem.line), problem.message, problem.fix)
