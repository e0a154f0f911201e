"""License expression not in the canonical case: lower-case operators or ids.

## What it does
Reports, at info level, lower-case `and`, `or` and `with` in a license expression, and license
ids written in another case than the SPDX License List's (`mit` for `MIT`).

## Why is this bad?
Lower-case operators are valid in SPDX 3.0 but not in SPDX 2.3, which many scanners still
implement; ids match case-insensitively, but the canonical spelling is what people search for.

## Example
    LABEL org.opencontainers.image.licenses="mit or apache-2.0"

Use instead:
    LABEL org.opencontainers.image.licenses="MIT OR Apache-2.0"
"""

from collections.abc import Iterator

from ocilint.annotations import license_findings
from ocilint.model import Finding, Options, Severity

CODE = "OCL105"
NAME = "noncanonical-license-case"
SEVERITY = Severity.INFO
APPLIES_TO = ("dockerfile", "image")
KINDS = ("lowercase-operator", "case-mismatch")


def check(subject: object, options: Options) -> Iterator[Finding]:
    yield from license_findings(subject, CODE, KINDS, None)
