"""Image used without a tag or digest.

## What it does
Flags an external image that a build pulls named without a tag and without a digest, such as
`FROM ubuntu`. `scratch` and earlier build stages are exempt.

The reference given to `ocilint check image-ref` names the image about to be pushed: without
a tag, `docker push` pushes `latest`. There the finding is at most **info**, whatever severity
is configured, and never fails a default run.

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
from ocilint.model import Finding, ImageUseKind, Options, Severity

CODE = "OCL202"
NAME = "image-without-tag"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "reference")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, reference in pulled_uses(subject):
        if reference.tag is not None or reference.digest is not None:
            continue
        if use.kind is ImageUseKind.REFERENCE:
            yield Finding(
                CODE,
                use.location,
                f"`{use.text}` has no tag, so it is pushed as `{use.text}:latest`",
                fix=f"name the version being pushed: `{use.text}:<version>`",
                max_severity=Severity.INFO,
            )
            continue
        yield Finding(
            CODE,
            use.location,
            f"image {use.describe()} has no tag, so it means `{use.text}:latest`",
            fix=f"name a version: `{use.text}:<version>`",
        )
