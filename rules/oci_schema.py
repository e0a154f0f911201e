"""Image document that breaks its OCI or Docker specification.

## What it does
Checks every manifest, image index, manifest list and image config of an image against
ocilint's JSON Schemas, written from the OCI image-spec and Docker's image manifest v2 schema 2
and image specifications, and against what the image-spec's reference validator checks beyond
its schemas:

- required properties and their types (`schemaVersion` 2, descriptors with `mediaType`,
  `digest` and `size`, platforms with string `os` and `architecture`);
- digests `algorithm:encoded`, with 64 lower-case hex characters for sha256 (128 for sha512);
- sizes that are non-negative integers, and embedded `data` that is base64 of exactly `size`
  bytes with that digest;
- config `Env` entries `NAME=value`, RFC 3339 `created` times, absolute `urls`;
- media types that fit where they appear: a layer type in `layers` (unless the manifest is an
  artifact), a manifest or index type in `manifests`, no Docker types in OCI documents and no
  OCI types in Docker ones. Media types ocilint does not know are accepted.

Each finding points at the offending value by JSON pointer (and line, for a file).

## Why is this bad?
Registries, runtimes and signing tools parse these documents strictly: a malformed digest or a
wrong media type makes a push fail, a pull pick the wrong parser, or a platform go missing from
a multi-arch image. Hand-written or post-processed indexes and manifests are where this happens.

## Example
    {"schemaVersion": 2,
     "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": "sha256:B5B2B2C5", "size": "7023"},
     "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "digest": "sha256:9834876d…", "size": 32654}]}

Use instead:
    {"schemaVersion": 2,
     "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": "sha256:<64 lower-case hex characters>", "size": 7023},
     "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                 "digest": "sha256:9834876d…", "size": 32654}]}

## References
- [OCI image manifest](https://github.com/opencontainers/image-spec/blob/main/manifest.md)
- [OCI image index](https://github.com/opencontainers/image-spec/blob/main/image-index.md)
- [OCI image configuration](https://github.com/opencontainers/image-spec/blob/main/config.md)
- [OCI content descriptors and digests](https://github.com/opencontainers/image-spec/blob/main/descriptor.md)
- [Docker image manifest v2, schema 2](https://distribution.github.io/distribution/spec/manifest-v2-2/)
"""

from collections.abc import Iterator

from ocilint.model import Finding, ImageSubject, Options, Severity

CODE = "OCL401"
NAME = "oci-schema"
SEVERITY = Severity.ERROR
APPLIES_TO = ("image",)


def check(subject: ImageSubject, options: Options) -> Iterator[Finding]:
    from ocilint.validation import validate  # only images need it; Dockerfile runs never do

    for document in subject.documents:
        for problem in validate(document.kind, document.data):
            yield Finding(CODE, document.location(problem.pointer), problem.message)
