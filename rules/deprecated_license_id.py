"""Deprecated SPDX license or exception id.

## What it does
Flags license and exception ids that the SPDX License List marks as deprecated, such as
`GPL-2.0` (use `GPL-2.0-only`), `GPL-2.0+` (use `GPL-2.0-or-later`), `LGPL-2.1`, `AGPL-3.0`,
with the id that replaces them.

## Why is this bad?
Deprecated ids are ambiguous (`GPL-2.0` does not say whether later versions apply), and tools
that follow the current list may not recognise them.

## Example
    LABEL org.opencontainers.image.licenses="GPL-2.0"

Use instead:
    LABEL org.opencontainers.image.licenses="GPL-2.0-only"

## References
- [SPDX License List: deprecated ids](https://spdx.org/licenses/#deprecated)
"""

from collections.abc import Iterator

from ocilint.annotations import license_findings
from ocilint.model import Finding, Options, Severity

CODE = "OCL104"
NAME = "deprecated-license-id"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "image")
KINDS = ("deprecated-license", "deprecated-exception")


def check(subject: object, options: Options) -> Iterator[Finding]:
    yield from license_findings(subject, CODE, KINDS, None)
