"""The containers-transports names skopeo and podman accept, as ocilint reads them.

    docker://REF                  a registry, over the OCI distribution API
    docker-daemon:REF             the local engine (Docker Engine API)
    oci:DIR[:TAG]                 an OCI image layout directory
    oci-archive:FILE[:TAG]        a tar of an OCI image layout
    docker-archive:FILE[:REF]     a `docker save` tarball
    REF                           pre-push: the local engine if it has the image, else the registry

As in containers/image, the path ends at the first `:`. A name that starts with a transport's
name is read as that transport, so an image called `oci` must be written `docker.io/library/oci`.

`suggest()` turns what people type by mistake (a URL such as `https://ghcr.io/acme/app:1`, a
made-up transport such as `oci-layout:DIR`, a misspelled one) into the form that works.
"""

from __future__ import annotations

import re
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
_TRANSPORTS = (REGISTRY, DAEMON, OCI_LAYOUT, OCI_ARCHIVE, DOCKER_ARCHIVE)
# Names people reach for that are not transports (skopeo: `unknown transport`).
_ALIASES = {
    "oci-layout": OCI_LAYOUT, "ocilayout": OCI_LAYOUT, "layout": OCI_LAYOUT, "oci-dir": OCI_LAYOUT,
    "oci-tar": OCI_ARCHIVE, "oci-tarball": OCI_ARCHIVE, "ociarchive": OCI_ARCHIVE,
    "docker-tar": DOCKER_ARCHIVE, "docker-save": DOCKER_ARCHIVE, "dockerarchive": DOCKER_ARCHIVE,
    "docker-engine": DAEMON, "dockerd": DAEMON, "dockerdaemon": DAEMON, "podman": DAEMON,
    "oci-registry": REGISTRY, "docker-registry": REGISTRY,
}  # fmt: skip
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+._-]*):(//)?(.*)", re.DOTALL)


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


def suggest(text: str) -> tuple[str, str] | None:
    """The form that works for an argument written as a URL or with a wrong transport name,
    and why: `https://ghcr.io/acme/app:1` -> `docker://ghcr.io/acme/app:1`, `oci-layout:./l:v1`
    -> `oci:./l:v1`, `docker-daemon://app:1` -> `docker-daemon:app:1`. None when nothing fits."""
    if text.startswith("//"):
        return f"docker:{text}", "a registry is named with docker://"
    match = _SCHEME.fullmatch(text)
    if match is None:
        return None
    scheme, slashes, rest = match.group(1).lower(), match.group(2) or "", match.group(3)
    if scheme in ("http", "https"):
        reference = url_reference(text)
        if not reference:
            return None
        why = "a registry is named with docker://, not a URL"
        if scheme == "http":
            why += " (plain HTTP is used for loopback registries and --insecure-registry hosts)"
        return f"docker://{reference}", why
    transport = scheme if scheme in _TRANSPORTS else _ALIASES.get(scheme)
    if transport is None:
        import difflib

        close = difflib.get_close_matches(scheme, _TRANSPORTS, n=1, cutoff=0.8)
        if not close:
            return None
        transport = close[0]
    why = f"{_NAMED[transport]} is written {_FORM[transport]}"
    if transport != scheme:
        why = f"`{scheme}:` is not a transport; {why}"
    if transport == REGISTRY:
        inner = rest.lstrip("/")
        reference = inner
        if _SCHEME.fullmatch(inner):
            reference = url_reference(inner) or ""
            why = "a registry is named with docker://, not a URL"
        suggestion = f"docker://{reference}" if reference else None
    elif transport == DAEMON:
        suggestion = f"{DAEMON}:{rest.lstrip('/')}" if rest.strip("/") else None
    elif transport == scheme:
        suggestion = None  # `oci://abs/dir` is the path `//abs/dir`: nothing to correct
    else:
        suggestion = f"{transport}:{slashes}{rest}" if rest else None
    if suggestion is None or suggestion == text:
        return None
    return suggestion, why


_FORM = {
    REGISTRY: "docker://HOST/REPO:TAG",
    DAEMON: "docker-daemon:REPO:TAG",
    OCI_LAYOUT: "oci:DIR[:TAG]",
    OCI_ARCHIVE: "oci-archive:FILE[:TAG]",
    DOCKER_ARCHIVE: "docker-archive:FILE[:REPO:TAG]",
}
_NAMED = {
    REGISTRY: "a registry's image",
    DAEMON: "an image in the local engine",
    OCI_LAYOUT: "an OCI layout directory",
    OCI_ARCHIVE: "an OCI layout tarball",
    DOCKER_ARCHIVE: "a `docker save` tarball",
}


def url_reference(text: str) -> str | None:
    """`http(s)://[user@]host/repo:tag` (or a registry API URL) as the reference `host/repo:tag`,
    without any user name or password; None when it is not such a URL."""
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https", "docker") or not parts.hostname:
        return None
    host = parts.netloc.rpartition("@")[2]
    path = parts.path.strip("/")
    api = re.fullmatch(r"v2/(.+)/(manifests|tags/list)(?:/(.+))?", path)
    if api:
        repository, kind, ref = api.groups()
        if kind == "manifests" and ref:
            return f"{host}/{repository}{'@' if ':' in ref else ':'}{ref}"
        return f"{host}/{repository}"
    for pattern, form in _WEB_PAGES.get(host.lower(), ()):
        page = re.match(pattern, path)
        if page:
            return form.format(*(part.lower() for part in page.groups()))
    return f"{host}/{path}" if path else None


# A registry's web page copied from the browser names the image it shows.
_WEB_PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "hub.docker.com": (
        (r"_/([^/]+)", "docker.io/library/{}"),
        (r"(?:r|repository/docker)/([^/]+)/([^/]+)", "docker.io/{}/{}"),
    ),
    "quay.io": ((r"repository/([^/]+)/([^/]+)", "quay.io/{}/{}"),),
    "github.com": (
        (r"(?:orgs|users)/([^/]+)/packages/container/package/([^/]+)", "ghcr.io/{}/{}"),
        (r"([^/]+)/[^/]+/pkgs/container/([^/]+)", "ghcr.io/{}/{}"),
    ),
}
