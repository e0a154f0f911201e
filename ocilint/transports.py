"""The containers-transports names skopeo and podman accept, as ocilint reads them.

    docker://REF                  a registry, over the OCI distribution API
    docker-daemon:REF             the local engine (Docker Engine API)
    oci:DIR[:TAG]                 an OCI image layout directory
    oci-archive:FILE[:TAG]        a tar of an OCI image layout
    docker-archive:FILE[:REF]     a `docker save` tarball
    REF                           pre-push: the local engine if it has the image, else the registry

As in containers/image, the path ends at the first `:`. A name that starts with a transport's
name is read as that transport, so an image called `oci` must be written `docker.io/library/oci`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocilint.errors import UsageError

REGISTRY = "docker"
DAEMON = "docker-daemon"
OCI_LAYOUT = "oci"
OCI_ARCHIVE = "oci-archive"
DOCKER_ARCHIVE = "docker-archive"
AUTO = "auto"  # a bare reference

_PATH_TRANSPORTS = (OCI_ARCHIVE, DOCKER_ARCHIVE, OCI_LAYOUT)  # longest prefix first
_UNSUPPORTED = ("dir", "containers-storage", "ostree", "sif", "tarball")


@dataclass(frozen=True, slots=True)
class Target:
    """What an image-ref argument names."""

    text: str  # as written
    transport: str
    reference: str | None = None  # an image reference to check and resolve
    path: str | None = None  # the layout directory or archive file
    tag: str | None = None  # oci/oci-archive: the ref.name to select

    @property
    def display(self) -> str:
        return self.text


def parse_target(text: str) -> Target:
    """Split an image-ref argument into transport, reference, path and tag."""
    if text.startswith("docker://"):
        return Target(text, REGISTRY, reference=text[len("docker://") :])
    if text.startswith(f"{DAEMON}:"):
        return Target(text, DAEMON, reference=text[len(DAEMON) + 1 :])
    for transport in _PATH_TRANSPORTS:
        if text.startswith(f"{transport}:"):
            rest = text[len(transport) + 1 :]
            path, sep, suffix = rest.partition(":")
            if not path:
                raise UsageError(f"`{text}`: {transport}: needs a path")
            if transport == DOCKER_ARCHIVE:
                return Target(text, transport, reference=suffix or None, path=path)
            return Target(text, transport, path=path, tag=suffix if sep else None)
    for transport in _UNSUPPORTED:
        if text.startswith(f"{transport}:"):
            raise UsageError(
                f"`{text}`: the {transport}: transport is not supported (use docker://, "
                "docker-daemon:, oci:, oci-archive: or docker-archive:)"
            )
    return Target(text, AUTO, reference=text)
