"""Image used with the `latest` tag.

## What it does
Flags an external image tagged `latest` and not pinned by digest.

## Why is this bad?
`latest` is whatever was pushed last: builds stop being reproducible and upgrades arrive
without review.

## Example
    FROM node:latest

Use instead:
    FROM node:22-slim@sha256:<digest>

## References
- [hadolint DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
"""

from collections.abc import Iterator

from ocilint.image_uses import pulled_uses
from ocilint.model import Finding, Options, Severity

CODE = "OCL203"
NAME = "image-latest-tag"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "reference")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, reference in pulled_uses(subject):
        if reference.tag == "latest" and reference.digest is None:
            yield Finding(
                CODE,
                use.location,
                f"image {use.describe()} uses the `latest` tag",
                fix="name a version tag and pin the digest",
            )
