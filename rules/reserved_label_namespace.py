"""Label key in a namespace Docker reserves for itself.

## What it does
Flags label keys under `com.docker.`, `io.docker.` or `org.dockerproject.` that a Dockerfile
sets, as hadolint's DL3048 does. The label sets of Docker Desktop extension images
(`com.docker.desktop.extension.*`, `com.docker.extension.*`), which Docker documents for
extension authors, are exempt.

## Why is this bad?
Docker's label documentation reserves these namespaces "for internal use": Docker's own tools
write keys there, and a key an image sets may clash with one they set or read.

## Example
    LABEL com.docker.team="platform"

Use instead:
    LABEL com.example.team="platform"

## References
- [Docker: object labels, key format recommendations](https://docs.docker.com/engine/manage-resources/labels/)
- [hadolint: DL3048](https://github.com/hadolint/hadolint/wiki/DL3048)
- [Docker extensions: image labels](https://docs.docker.com/extensions/extensions-sdk/extensions/labels/)
"""

from collections.abc import Iterator

from ocilint.annotations import DOCKER_RESERVED_PREFIXES, describe_origin, shorten
from ocilint.model import DockerfileSubject, Finding, Options, Severity

CODE = "OCL113"
NAME = "reserved-label-namespace"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile",)

_DOCUMENTED = ("com.docker.desktop.extension.", "com.docker.extension.")


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    for metadata in subject.metadata:
        for entry in metadata.entries:
            key = entry.key.lower()
            if not entry.key_known or key.startswith(_DOCUMENTED):
                continue
            prefix = next((p for p in DOCKER_RESERVED_PREFIXES if key.startswith(p)), None)
            if prefix is None:
                continue
            yield Finding(
                CODE,
                entry.location,
                f"label key `{shorten(entry.key)}` is in Docker's reserved namespace "
                f"`{prefix}`{describe_origin(entry)}",
                fix="use a namespace of your own, e.g. `com.example."
                f"{shorten(entry.key[len(prefix) :], 40)}`",
            )
