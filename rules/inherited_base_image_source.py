"""Image inherits `org.opencontainers.image.source` from its base image.

## What it does
With `--online`, reads the labels of the external base image the target stage starts from,
and flags `org.opencontainers.image.source` when the base sets it and neither the Dockerfile
nor the build (flags, Bake, Compose, workflow) overrides it.

## Why is this bad?
Labels are inherited. The base image's `source` points at the base image's repository:
GitHub Container Registry then links your package to that repository, and tools such as
Renovate show the base image's changelog for your image.

## Example
    FROM ghcr.io/acme/base:1.0   # sets org.opencontainers.image.source
    LABEL org.opencontainers.image.description="My app"

Use instead:
    FROM ghcr.io/acme/base:1.0
    LABEL org.opencontainers.image.source="https://github.com/me/app" \
          org.opencontainers.image.description="My app"
"""

from collections.abc import Iterator

from ocilint.annotations import SOURCE
from ocilint.base_labels import inherited_findings
from ocilint.model import DockerfileSubject, Finding, Options, Severity

CODE = "OCL115"
NAME = "inherited-base-image-source"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile",)


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    yield from inherited_findings(
        subject,
        CODE,
        (SOURCE,),
        "GitHub Container Registry links the package to that repository",
    )
