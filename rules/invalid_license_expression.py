"""`org.opencontainers.image.licenses` is not a valid SPDX license expression.

## What it does
Parses `org.opencontainers.image.licenses` with the grammar of the SPDX specification's license
expression annex and the ids of the SPDX License List, and reports: syntax errors (where, and
what was expected), unknown license or exception ids (with the id you probably meant, also for
prose such as `Apache License 2.0`, `GPLv3` or `MIT License`), an exception used as a license or
a license after `WITH`, `NONE`/`NOASSERTION` (valid in SPDX documents, not in an expression),
and custom `LicenseRef-` ids that the organisation does not allow.

## Why is this bad?
License scanners and registries read this value as SPDX. Anything else is invisible to them or,
worse, read as a different license.

## Example
    LABEL org.opencontainers.image.licenses="Apache License 2.0 / MIT"

Use instead:
    LABEL org.opencontainers.image.licenses="Apache-2.0 OR MIT"

## Options
- `allowed-custom`: custom ids (`LicenseRef-…`, `DocumentRef-…:LicenseRef-…`, `AdditionRef-…`)
  the organisation allows; `*` is a wildcard. Empty (the default) allows every well-formed one.

## References
- [SPDX license expressions (SPDX 3.0.1, Annex B)](https://spdx.github.io/spdx-spec/v3.0.1/annexes/spdx-license-expressions/)
- [SPDX License List](https://spdx.org/licenses/)
"""

from collections.abc import Iterator

from ocilint.annotations import license_findings
from ocilint.model import Finding, Options, Severity

CODE = "OCL103"
NAME = "invalid-license-expression"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "image")
DEFAULTS: dict[str, tuple[str, ...]] = {"allowed-custom": ()}
KINDS = (
    "syntax",
    "empty",
    "unknown-license",
    "unknown-exception",
    "exception-as-license",
    "license-as-exception",
    "not-an-expression",
    "custom-not-allowed",
)


def check(subject: object, options: Options) -> Iterator[Finding]:
    yield from license_findings(subject, CODE, KINDS, options["allowed-custom"] or None)
