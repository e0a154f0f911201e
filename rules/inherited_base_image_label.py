"""Image inherits an OCI label from its base image that describes the base, not this image.

## What it does
With `--online`, reads the labels of the external base image the target stage starts from,
and flags the pre-defined OCI labels that describe an image (`url`, `documentation`,
`revision`, `version`, `created`, `title`, `description`, `licenses`, `authors`, `vendor`,
`ref.name`) when the base sets them and neither the Dockerfile nor the build overrides them.
`source` has its own rule, `inherited-base-image-source`.

## Why is this bad?
Labels are inherited: without an override your image claims the base image's version,
revision, creation time, title, description and licenses, which registries and scanners
then show for your image.

## Example
    FROM ghcr.io/acme/base:1.0   # sets org.opencontainers.image.version=1.0

Use instead:
    FROM ghcr.io/acme/base:1.0
    ARG VERSION
    LABEL org.opencontainers.image.version=$VERSION
"""

from collections.abc import Iterator

from ocilint.annotations import (
    AUTHORS,
    CREATED,
    DESCRIPTION,
    DOCUMENTATION,
    LICENSES,
    REF_NAME,
    REVISION,
    TITLE,
    URL,
    VENDOR,
    VERSION,
)
from ocilint.base_labels import inherited_findings
from ocilint.model import DockerfileSubject, Finding, Options, Severity

CODE = "OCL116"
NAME = "inherited-base-image-label"
SEVERITY = Severity.INFO
APPLIES_TO = ("dockerfile",)
KEYS = (
    URL, DOCUMENTATION, REVISION, VERSION, CREATED, TITLE, DESCRIPTION, LICENSES, AUTHORS,
    VENDOR, REF_NAME,
)  # fmt: skip


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    yield from inherited_findings(subject, CODE, KEYS, "it describes the base image")
