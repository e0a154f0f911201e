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

(`docker buildx imagetools inspect python:3.12-slim` prints the digest.) `ocilint fix` pins
every such image to what its tag names now, asking its registry (the index digest for a
multi-platform tag), and `ocilint fix --update-pins` moves pins whose tag has moved. A
reference written as a build argument is pinned in the ARG's default when that default holds
the whole reference.

## References
- [Docker: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"""

from collections.abc import Iterator

from ocilint.fixes.spans import pin_edit
from ocilint.image_uses import pulled_uses
from ocilint.model import Finding, Fix, Options, Severity

CODE = "OCL204"
NAME = "unpinned-image"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile",)


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, reference in pulled_uses(subject):
        if reference.digest is None:
            edit = pin_edit(subject, use)
            yield Finding(
                CODE,
                use.location,
                f"image {use.describe()} is not pinned by digest",
                autofix=Fix(
                    f"pin it: `{use.text}@sha256:<digest>`",
                    edits=() if isinstance(edit, str) else (edit,),
                    not_applied=edit if isinstance(edit, str) else None,
                ),
            )
