"""Images in a local engine, through the Docker Engine API (Docker, or podman's compatible API).

`DOCKER_HOST` chooses the engine (`unix:///var/run/docker.sock` by default, `tcp://HOST:PORT`
with `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH` for TLS). `GET /images/{name}/json` gives the
image's config and labels, its `RepoDigests` and its platform; nothing else is read.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ocilint.documents import load_json, metadata_of
from ocilint.errors import InputError
from ocilint.model import Document, DocumentKind, ImageSubject
from ocilint.reference import Reference
from ocilint.sources.http import HttpClient, HttpError

DEFAULT_HOST = "unix:///var/run/docker.sock"
MAX_INSPECT_BYTES = 16 * 1024 * 1024


class EngineUnavailable(Exception):
    """No engine answers at DOCKER_HOST (for a bare reference: try the registry instead)."""


class ImageNotInEngine(Exception):
    """The engine answered but does not have the image."""


@dataclass(frozen=True, slots=True)
class Engine:
    host: str  # DOCKER_HOST as given
    base_url: str  # http(s)://host:port, or http://localhost for a unix socket
    client: HttpClient


def engine(timeout: float) -> Engine:
    host = os.environ.get("DOCKER_HOST") or DEFAULT_HOST
    parts = urlsplit(host)
    if parts.scheme == "unix":
        return Engine(
            host, "http://localhost", HttpClient(timeout, unix_socket=parts.path, retries=0)
        )
    if parts.scheme == "tcp":
        if os.environ.get("DOCKER_TLS_VERIFY"):
            certs = os.environ.get("DOCKER_CERT_PATH") or os.path.join(
                os.path.expanduser("~"), ".docker"
            )

            def context(_: str) -> ssl.SSLContext:
                tls = ssl.create_default_context(cafile=os.path.join(certs, "ca.pem"))
                tls.load_cert_chain(os.path.join(certs, "cert.pem"), os.path.join(certs, "key.pem"))
                return tls

            return Engine(
                host, f"https://{parts.netloc}", HttpClient(timeout, tls_context=context, retries=0)
            )
        return Engine(host, f"http://{parts.netloc}", HttpClient(timeout, retries=0))
    raise InputError(f"DOCKER_HOST `{host}`: only unix:// and tcp:// engines are supported")


def load_from_engine(
    reference: Reference, text: str, display: str, timeout: float, platform: str | None
) -> ImageSubject:
    """The image `text` names, from the engine. Raises EngineUnavailable / ImageNotInEngine."""
    target = engine(timeout)
    url = f"{target.base_url}/images/{quote(text, safe='')}/json"
    try:
        response = target.client.request("GET", url, limit=MAX_INSPECT_BYTES)
    except HttpError as error:
        raise EngineUnavailable(f"no engine at {target.host}: {error}") from None
    if response.status == 404:
        raise ImageNotInEngine(f"the engine at {target.host} has no image `{text}`")
    if response.status != 200:
        raise InputError(f"the engine at {target.host} answered {response.status}", display)
    data, _ = load_json(response.body, display, limit=MAX_INSPECT_BYTES, lines=False)
    if not isinstance(data, dict) or not isinstance(data.get("Config"), dict):
        raise InputError(f"the engine at {target.host} answered without an image config", display)
    found = "/".join(
        str(part)
        for part in (data.get("Os"), data.get("Architecture"), data.get("Variant"))
        if part
    )
    if platform:
        from ocilint.documents import platform_matches

        if not platform_matches(platform, found):
            raise InputError(f"the engine's image is for {found}, not {platform}", display)
    digest = _repo_digest(data, reference) or (
        data.get("Id") if isinstance(data.get("Id"), str) else None
    )
    document = Document(
        DocumentKind.INSPECT, data, display, digest, len(response.body), platform=found or None
    )
    return ImageSubject(
        path=display,
        documents=(document,),
        metadata=tuple(
            metadata_of(document, checks_required=True, description="the image in the engine")
        ),
        source=f"engine {target.host}",
        reference=str(reference),
        digest=digest,
    )


def _repo_digest(data: dict[str, object], reference: Reference) -> str | None:
    from ocilint.reference import InvalidReference, parse_normalized

    digests = data.get("RepoDigests")
    if not isinstance(digests, list):
        return None
    for entry in digests:
        if not isinstance(entry, str) or "@" not in entry:
            continue
        try:
            if parse_normalized(entry).name == reference.name:
                return entry.split("@", 1)[1]
        except InvalidReference:
            continue
    return None
