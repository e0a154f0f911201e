"""Image digest with an algorithm that cannot be verified.

## What it does
Flags a reference whose digest is well-formed (`algorithm:hex`) but uses an algorithm Docker
does not implement (anything but `sha256`, `sha384` and `sha512`).

## Why is this bad?
The pull fails with `unsupported digest algorithm`, and the pin cannot be verified.

## Example
    FROM alpine@md5:0123456789abcdef0123456789abcdef

Use instead:
    FROM alpine@sha256:<64 hex characters>
"""

from collections.abc import Iterator

from ocilint.image_uses import UNSUPPORTED_ALGORITHM, parsed_uses
from ocilint.model import Finding, Options, Severity
from ocilint.reference import InvalidReference

CODE = "OCL206"
NAME = "unsupported-digest-algorithm"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "reference")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, parsed in parsed_uses(subject):
        if isinstance(parsed, InvalidReference) and parsed.reason == UNSUPPORTED_ALGORITHM:
            algorithm = use.text.rpartition("@")[2].partition(":")[0]
            yield Finding(
                CODE,
                use.location,
                f"image {use.describe()} uses the digest algorithm `{algorithm}`, "
                "which cannot be verified",
                fix="pin it with a sha256 digest",
            )
