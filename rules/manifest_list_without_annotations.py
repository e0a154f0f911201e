"""Multi-platform image pushed as a Docker manifest list, which cannot carry annotations.

## What it does
Flags a Docker manifest list (`application/vnd.docker.distribution.manifest.list.v2+json`).
Unlike an OCI image index it has no `annotations`, so it cannot carry the description, source
and licenses registries show for a multi-platform image.

## Why is this bad?
GitHub Container Registry takes a multi-platform image's description from the index
annotations; with a manifest list the package page stays empty whatever the per-platform
configs say.

## Example
    docker buildx build --platform linux/amd64,linux/arm64 --push -t ghcr.io/acme/app:1 .
    # pushed with the Docker media types (e.g. oci-mediatypes=false)

Use instead:
    docker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/acme/app:1 \
      --output type=image,push=true,oci-mediatypes=true,\
    annotation-index.org.opencontainers.image.description="Acme app" .

## References
- [GitHub: labelling multi-arch images](https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry#labelling-container-images)
- [Docker: annotations](https://docs.docker.com/build/metadata/annotations/)
"""

from collections.abc import Iterator

from ocilint.model import DocumentKind, Finding, ImageSubject, Options, Severity

CODE = "OCL402"
NAME = "manifest-list-without-annotations"
SEVERITY = Severity.WARNING
APPLIES_TO = ("image",)


def check(subject: ImageSubject, options: Options) -> Iterator[Finding]:
    for document in subject.documents:
        if document.kind is DocumentKind.DOCKER_MANIFEST_LIST:
            yield Finding(
                CODE,
                document.location(""),
                "this multi-platform image is a Docker manifest list, which cannot carry "
                "annotations, so registries show no description, source or licenses for it",
                fix="push an OCI image index with index annotations: `docker buildx build "
                "--output type=image,oci-mediatypes=true,"
                "annotation-index.org.opencontainers.image.description=…`",
            )
