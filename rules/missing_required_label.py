r"""Required label missing from the image.

## What it does
Checks that the image built by the target stage (`--target`, else the last stage) carries every
required label, counting labels inherited from earlier stages through `FROM <stage>`. The
default set is what GitHub Container Registry shows on a package page:
`org.opencontainers.image.source` (links the package to its repository),
`org.opencontainers.image.description` and `org.opencontainers.image.licenses`.

## Why is this bad?
Without `source` a GHCR package is not linked to its repository (and does not inherit its
permissions); without `description` and `licenses` the package page is empty, and license
scanners have nothing to read. Labels inherited from an external base image are not known
offline and describe the base image, not yours, so they do not count: a label the base image
happens to set is still reported missing.

A Dockerfile's finding is placed on the target stage's `FROM`; an image's names the document
(index annotations, image config) that lacks the key.

## Example
    FROM python:3.12-slim
    LABEL org.opencontainers.image.source="https://github.com/acme/app"

Use instead:
    FROM python:3.12-slim
    LABEL org.opencontainers.image.source="https://github.com/acme/app" \
          org.opencontainers.image.description="Acme's app server" \
          org.opencontainers.image.licenses="Apache-2.0"

## Options
- `labels`: the required keys (default: the three above).

## References
- [GitHub: connecting a repository to a package](https://docs.github.com/en/packages/learn-github-packages/connecting-a-repository-to-a-package)
- [OCI image-spec: pre-defined annotation keys](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"""

from collections.abc import Iterator

from ocilint.annotations import DESCRIPTION, LICENSES, SOURCE
from ocilint.model import DockerfileSubject, Finding, Metadata, Options, Severity

CODE = "OCL101"
NAME = "missing-required-label"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "image")
DEFAULTS = {"labels": (SOURCE, DESCRIPTION, LICENSES)}

_EXAMPLES = {
    SOURCE: '"https://github.com/OWNER/REPO"',
    DESCRIPTION: '"<one line about the image>"',
    LICENSES: '"<SPDX expression, e.g. Apache-2.0>"',
}


def _fix(metadata: Metadata, key: str) -> str:
    value = _EXAMPLES.get(key, '"…"')
    if metadata.kind == "labels":
        return f"add `LABEL {key}={value}`"
    return f"add the annotation `{key}`"


def check(subject: object, options: Options) -> Iterator[Finding]:
    for metadata in getattr(subject, "metadata", ()):
        if not metadata.checks_required:
            continue
        present = {entry.key for entry in metadata.entries}
        for key in options["labels"]:
            if key in present:
                continue
            message = f"missing required {metadata.kind[:-1]} `{key}`"
            if not isinstance(subject, DockerfileSubject):
                message += f" in {metadata.description}"
            yield Finding(CODE, metadata.anchor, message, fix=_fix(metadata, key))
