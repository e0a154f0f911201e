"""Manifest is an OCI artifact, not an image.

## What it does
Reports, at info level, an OCI manifest that describes an artifact (it has an `artifactType`,
or a config that is not an image config, such as a Helm chart, an SBOM or a signature) instead
of a runnable image. ocilint checks its annotations and schema but not image labels.

## Why is this bad?
It is not bad in itself: the finding says why image rules were not applied, so an artifact
pushed where an image was expected does not pass silently.

## Example
    oras push ghcr.io/acme/chart:1 chart.tgz

Use instead: nothing, if an artifact was intended; otherwise push the image itself.

## References
- [OCI image-spec: guidelines for artifact usage](https://github.com/opencontainers/image-spec/blob/main/manifest.md#guidelines-for-artifact-usage)
"""

from collections.abc import Iterator

from ocilint.model import Finding, ImageSubject, Options, Severity

CODE = "OCL403"
NAME = "image-artifact"
SEVERITY = Severity.INFO
APPLIES_TO = ("image",)


def check(subject: ImageSubject, options: Options) -> Iterator[Finding]:
    from ocilint.documents import artifact_type  # only images need it; Dockerfile runs never do

    for document in subject.documents:
        kind = artifact_type(document)
        if kind is not None:
            yield Finding(
                CODE,
                document.location(""),
                f"the manifest is an OCI artifact (`{kind}`), not an image; image "
                "labels were not checked",
            )
