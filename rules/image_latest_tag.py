"""Image used with the `latest` tag.

## What it does
Flags an external image that a build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`) tagged `latest` and not pinned by digest.

The reference given to `ocilint check image-ref` names the image about to be pushed, not one
a build pulls: pushing `latest` is common and documented (GitHub Container Registry's own
guide pushes `:latest`), so there the finding is at most **info**, whatever severity is
configured, and never fails a default run. It reminds you to push a version tag as well.

## Why is this bad?
`latest` is whatever was pushed last: builds stop being reproducible and upgrades arrive
without review.

## Example
    FROM node:latest

Use instead:
    FROM node:22-slim@sha256:<digest>

## References
- [hadolint DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
- [GitHub: working with the Container registry](https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry)
"""

from collections.abc import Iterator

from ocilint.image_uses import pulled_uses
from ocilint.model import Finding, ImageUseKind, Options, Severity

CODE = "OCL203"
NAME = "image-latest-tag"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "reference")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, reference in pulled_uses(subject):
        if reference.tag != "latest" or reference.digest is not None:
            continue
        if use.kind is ImageUseKind.REFERENCE:
            name = use.text.rpartition(":")[0]
            yield Finding(
                CODE,
                use.location,
                f"`{use.text}` is pushed as `latest`, which moves with every push",
                fix=f"also push a version tag, e.g. `{name}:1.2.3`, for users who pin",
                max_severity=Severity.INFO,
            )
            continue
        yield Finding(
            CODE,
            use.location,
            f"image {use.describe()} uses the `latest` tag",
            fix="name a version tag and pin the digest",
        )
