"""Image used without a tag or digest.

## What it does
Flags an external image named without a tag and without a digest, such as `FROM ubuntu`.
`scratch` and earlier build stages are exempt.

## Why is this bad?
Without a tag Docker pulls `latest`, which changes under you: the same Dockerfile builds a
different image tomorrow, and a major upgrade can arrive unannounced.

## Example
    FROM ubuntu

Use instead:
    FROM ubuntu:24.04@sha256:<digest>

## References
- [hadolint DL3006](https://github.com/hadolint/hadolint/wiki/DL3006)
"""

from collections.abc import Iterator

from ocilint.image_uses import pulled_uses
from ocilint.model import Finding, Options, Severity

CODE = "OCL202"
NAME = "image-without-tag"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "reference")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, reference in pulled_uses(subject):
        if reference.tag is None and reference.digest is None:
            yield Finding(
                CODE,
                use.location,
                f"image {use.describe()} has no tag, so it means `{use.text}:latest`",
                fix=f"name a version: `{use.text}:<version>`",
            )
