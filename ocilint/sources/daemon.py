"""Images in a local engine, through the Docker Engine API (Docker, or podman's compatible API).

`DOCKER_HOST` chooses the engine (`unix:///var/run/docker.sock` by default, `tcp://HOST:PORT`
with `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH` for TLS). `GET /images/{name}/json` gives the
image's config and labels, its `RepoDigests` and its platform; nothing else is read.

TLS as the Docker CLI sets it up: `DOCKER_TLS_VERIFY` (non-empty) turns it on and verifies the
engine's certificate; `DOCKER_CERT_PATH` (default `~/.docker`) holds `ca.pem` (else the system
CAs), and `cert.pem` + `key.pem`, the client certificate, used when present. A file that is
there but unusable is an error naming it. Userinfo in `DOCKER_HOST` is never printed.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ocilint.documents import load_json, metadata_of
from ocilint.errors import InputError
from ocilint.model import Document, DocumentKind, ImageSubject
from ocilint.redact import register, remote_text
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
    raw = os.environ.get("DOCKER_HOST") or DEFAULT_HOST
    try:
        parts = urlsplit(raw)
        port = parts.port
        hostname = parts.hostname
    except ValueError:
        raise InputError(f"DOCKER_HOST `{_shown(raw)}` is not a valid address") from None
    if parts.password:
        register(parts.password)
    host = _shown(raw)
    if parts.scheme == "unix":
        return Engine(
            host, "http://localhost", HttpClient(timeout, unix_socket=parts.path, retries=0)
        )
    if parts.scheme == "tcp":
        if not hostname:
            raise InputError(f"DOCKER_HOST `{host}` names no host")
        address = f"[{hostname}]" if ":" in hostname else hostname
        if os.environ.get("DOCKER_TLS_VERIFY"):
            context = _tls_context()
            return Engine(
                host,
                f"https://{address}:{port or 2376}",
                HttpClient(timeout, tls_context=lambda _: context, retries=0),
            )
        return Engine(host, f"http://{address}:{port or 2375}", HttpClient(timeout, retries=0))
    raise InputError(f"DOCKER_HOST `{host}`: only unix:// and tcp:// engines are supported")


def _shown(docker_host: str) -> str:
    """DOCKER_HOST as printed: userinfo removed, terminal-safe."""
    scheme, separator, rest = docker_host.partition("://")
    if separator and "@" in rest.split("/", 1)[0]:
        rest = rest.split("@", 1)[1]
    return remote_text(f"{scheme}{separator}{rest}", 200)


def _tls_context() -> ssl.SSLContext:
    """DOCKER_TLS_VERIFY's context, built (and its files read) before any connection."""
    certs = os.environ.get("DOCKER_CERT_PATH") or os.path.join(os.path.expanduser("~"), ".docker")
    ca, cert, key = (os.path.join(certs, name) for name in ("ca.pem", "cert.pem", "key.pem"))
    try:
        context = ssl.create_default_context(cafile=ca if os.path.exists(ca) else None)
    except (ssl.SSLError, ValueError) as error:
        raise InputError(
            f"DOCKER_TLS_VERIFY: {ca} is not a PEM CA certificate ({_reason(error)})"
        ) from None
    except OSError as error:
        raise InputError(f"DOCKER_TLS_VERIFY: cannot read {ca}: {error.strerror}") from None
    present = [os.path.exists(cert), os.path.exists(key)]
    if any(present) and not all(present):
        missing = key if present[0] else cert
        raise InputError(f"DOCKER_TLS_VERIFY: the client certificate needs {missing} too")
    if all(present):
        try:
            context.load_cert_chain(cert, key)
        except (ssl.SSLError, ValueError) as error:
            raise InputError(
                f"DOCKER_TLS_VERIFY: {cert} and {key} are not a PEM client certificate and its "
                f"key ({_reason(error)})"
            ) from None
        except OSError as error:
            raise InputError(f"DOCKER_TLS_VERIFY: cannot read {cert}: {error.strerror}") from None
    return context


def _reason(error: Exception) -> str:
    return str(getattr(error, "reason", None) or type(error).__name__)


def load_from_engine(
    reference: Reference, text: str, display: str, timeout: float, platform: str | None
) -> ImageSubject:
    """The image `text` names, from the engine. Raises EngineUnavailable / ImageNotInEngine."""
    try:
        target = engine(timeout)
    except InputError as error:
        raise InputError(error.message, display) from None
    url = f"{target.base_url}/images/{quote(text, safe='')}/json"
    try:
        response = target.client.request("GET", url, limit=MAX_INSPECT_BYTES)
    except HttpError as error:
        raise EngineUnavailable(f"no engine at {target.host}: {error}") from None
    if response.status == 404:
        raise ImageNotInEngine(f"the engine at {target.host} has no image `{text}`")
    if response.status != 200:
        raise InputError(f"the engine at {target.host} answered {response.status}", display)
    try:
        data, _ = load_json(response.body, display, limit=MAX_INSPECT_BYTES, lines=False)
    except ValueError:  # a number over Python's 4,300-digit limit
        raise InputError(
            f"the engine at {target.host} answered with a number too long to read", display
        ) from None
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
