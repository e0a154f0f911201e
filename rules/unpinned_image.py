"""Image not pinned by digest.

## What it does
Flags an external image that the build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`) without a digest (`@sha256:` and 64 lower-case hex characters,
or `@sha512:` and 128). `scratch` and earlier build stages are exempt.

## Why is this bad?
A tag can be moved to other content at any time; only a digest names exactly the bits you
tested. Pinning makes builds reproducible and protects against a compromised or rewritten tag.
Tools such as Renovate and Dependabot keep digests up to date.

## Example
    FROM python:3.12-slim

Use instead:
    FROM python:3.12-slim@sha256:<digest>

(`docker buildx imagetools inspect python:3.12-slim` prints the digest.)

## References
- [Docker: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"""

from collections.abc import Iterator

from ocilint.image_uses import pulled_uses
from ocilint.model import Finding, Options, Severity

CODE = "OCL204"
NAME = "unpinned-image"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile",)


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, reference in pulled_uses(subject):
        if reference.digest is None:
            yield Finding(
                CODE,
                use.location,
                f"image {use.describe()} is not pinned by digest",
                fix=f"pin it: `{use.text}@sha256:<digest>`",
            )
