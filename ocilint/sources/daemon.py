"""Images in a local engine, through the Docker Engine API (Docker, or podman's compatible API).

The engine is found as the docker CLI finds it: `DOCKER_HOST`; else the context named by
`DOCKER_CONTEXT` or `currentContext` in `config.json` (`$DOCKER_CONFIG` or `~/.docker`),
read from `contexts/meta/<sha256 of the name>/meta.json`; else `/var/run/docker.sock` when
that socket exists. `unix://` and `tcp://` hosts are supported (TLS from `DOCKER_TLS_VERIFY`
and `DOCKER_CERT_PATH`, or from the context's `contexts/tls/` files). `GET
/images/{name}/json` gives the image's config and labels, its `RepoDigests` and its platform;
nothing else is read. A host's user name, password and query never appear in messages.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import ssl
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ocilint.documents import load_json, metadata_of
from ocilint.errors import InputError
from ocilint.model import Document, DocumentKind, ImageSubject
from ocilint.redact import register
from ocilint.reference import Reference
from ocilint.sources.http import HttpClient, HttpError

DEFAULT_SOCKET = "/var/run/docker.sock"
MAX_INSPECT_BYTES = 16 * 1024 * 1024
MAX_META_BYTES = 1024 * 1024
_ERROR_MESSAGE_CHARS = 200


class EngineUnavailable(InputError):
    """A configured engine cannot be reached, or answered with an error."""


class ImageNotInEngine(Exception):
    """The engine answered but does not have the image."""


@dataclass(frozen=True, slots=True)
class EngineEndpoint:
    """Where the docker CLI would send `docker push`: a host and how it was configured."""

    host: str  # as configured: may carry a user name or password, never shown
    origin: str  # "DOCKER_HOST", "docker context `x`", "the default socket"
    tls_dir: str | None = None  # ca.pem / cert.pem / key.pem
    tls_verify: bool = True

    @property
    def display(self) -> str:
        """The host without user name, password, query or fragment."""
        parts = urlsplit(self.host)
        if parts.scheme == "unix" or not parts.netloc:
            return f"{parts.scheme}://{parts.path}" if parts.scheme else self.host
        netloc = parts.netloc.rpartition("@")[2]
        return f"{parts.scheme}://{netloc}{parts.path}"

    def describe(self) -> str:
        return f"{self.display} ({self.origin})"


def docker_config_dir() -> str:
    return os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")


def configured_engine() -> EngineEndpoint | None:
    """The engine the docker CLI would use, or None when none is configured at all.

    Raises InputError for a context that is named but cannot be read (docker fails then too).
    """
    host = (os.environ.get("DOCKER_HOST") or "").strip()
    if host:
        if "://" not in host:
            host = f"tcp://{host}"  # as the docker CLI reads `HOST:PORT`
        return EngineEndpoint(
            host, "DOCKER_HOST", os.environ.get("DOCKER_CERT_PATH") or docker_config_dir()
        )
    name, origin = _context_name()
    if name and name != "default":
        return _context_endpoint(name, origin)
    if os.path.exists(DEFAULT_SOCKET):
        return EngineEndpoint(f"unix://{DEFAULT_SOCKET}", "the default socket")
    return None


def _context_name() -> tuple[str | None, str]:
    name = os.environ.get("DOCKER_CONTEXT")
    if name:
        return name, "DOCKER_CONTEXT"
    path = os.path.join(docker_config_dir(), "config.json")
    try:
        with open(path, "rb") as file:
            config = json.loads(file.read(MAX_META_BYTES))
    except (OSError, ValueError, RecursionError):
        return None, ""  # docker itself reports a broken config.json; credentials code does too
    current = config.get("currentContext") if isinstance(config, dict) else None
    return (current, f"currentContext in {path}") if isinstance(current, str) else (None, "")


def _context_endpoint(name: str, origin: str) -> EngineEndpoint:
    context_id = hashlib.sha256(name.encode()).hexdigest()
    contexts = os.path.join(docker_config_dir(), "contexts")
    meta_path = os.path.join(contexts, "meta", context_id, "meta.json")
    what = f"docker context `{name}` (from {origin})"
    try:
        with open(meta_path, "rb") as file:
            meta = json.loads(file.read(MAX_META_BYTES))
    except FileNotFoundError:
        raise EngineUnavailable(f"{what}: context not found ({meta_path} does not exist)") from None
    except (OSError, ValueError, RecursionError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not JSON"
        raise EngineUnavailable(f"{what}: cannot read {meta_path}: {reason}") from None
    endpoints = meta.get("Endpoints") if isinstance(meta, dict) else None
    endpoint = endpoints.get("docker") if isinstance(endpoints, dict) else None
    host = endpoint.get("Host") if isinstance(endpoint, dict) else None
    if not isinstance(host, str) or not host:
        raise EngineUnavailable(f"{what}: {meta_path} names no docker endpoint host")
    tls_dir = os.path.join(contexts, "tls", context_id, "docker")
    return EngineEndpoint(
        host,
        f"docker context `{name}`",
        tls_dir if os.path.isdir(tls_dir) else None,
        tls_verify=not (isinstance(endpoint, dict) and endpoint.get("SkipTLSVerify") is True),
    )


@dataclass(frozen=True, slots=True)
class Engine:
    endpoint: EngineEndpoint
    base_url: str  # http(s)://host:port, or http://localhost for a unix socket
    client: HttpClient

    @property
    def host(self) -> str:
        return self.endpoint.display


def connect(endpoint: EngineEndpoint, timeout: float) -> Engine:
    """An HTTP client for the engine (nothing is sent yet). Raises EngineUnavailable."""
    parts = urlsplit(endpoint.host)
    with contextlib.suppress(ValueError):
        register(parts.password)  # never shown, whatever message quotes the host
    if parts.scheme == "unix":
        client = HttpClient(timeout, unix_socket=parts.path, retries=0)
        return Engine(endpoint, "http://localhost", client)
    if parts.scheme == "tcp":
        context_tls = endpoint.origin.startswith("docker context") and endpoint.tls_dir
        use_tls = bool(
            context_tls
            or (endpoint.origin == "DOCKER_HOST" and (
                os.environ.get("DOCKER_TLS_VERIFY") or os.environ.get("DOCKER_TLS")
            ))
        )  # fmt: skip
        try:
            hostname, port = parts.hostname or "", parts.port
        except ValueError:
            raise EngineUnavailable(f"local engine {endpoint.describe()}: invalid port") from None
        if not hostname:
            raise EngineUnavailable(f"local engine {endpoint.describe()}: no host name")
        address = hostname if ":" not in hostname else f"[{hostname}]"
        address += f":{port or (2376 if use_tls else 2375)}{parts.path.rstrip('/')}"
        if not use_tls:
            return Engine(endpoint, f"http://{address}", HttpClient(timeout, retries=0))
        verify = endpoint.tls_verify and (
            endpoint.origin != "DOCKER_HOST" or bool(os.environ.get("DOCKER_TLS_VERIFY"))
        )
        tls = _tls_context(endpoint, verify)
        client = HttpClient(timeout, tls_context=lambda _: tls, retries=0)
        return Engine(endpoint, f"https://{address}", client)
    raise EngineUnavailable(
        f"local engine {endpoint.describe()}: only unix:// and tcp:// engines are supported"
    )


def _tls_context(endpoint: EngineEndpoint, verify: bool) -> ssl.SSLContext:
    directory = endpoint.tls_dir or docker_config_dir()

    def path(name: str) -> str:
        return os.path.join(directory, name)

    try:
        if verify:
            tls = ssl.create_default_context(
                cafile=path("ca.pem") if os.path.exists(path("ca.pem")) else None
            )
        else:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            tls.check_hostname = False
            tls.verify_mode = ssl.CERT_NONE
        if os.path.exists(path("cert.pem")):
            tls.load_cert_chain(path("cert.pem"), path("key.pem"))
    except (OSError, ssl.SSLError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or error
        raise EngineUnavailable(
            f"local engine {endpoint.describe()}: cannot load TLS files from {directory}: {reason}"
        ) from None
    return tls


def _engine_message(body: bytes) -> str:
    """The `message` of an engine's JSON error body, short and on one line."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return ""
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str):
        return ""
    message = " ".join(message.split())
    return message if len(message) <= _ERROR_MESSAGE_CHARS else message[:_ERROR_MESSAGE_CHARS] + "…"


def load_from_engine(
    reference: Reference,
    text: str,
    display: str,
    timeout: float,
    platform: str | None,
    endpoint: EngineEndpoint | None = None,
) -> ImageSubject:
    """The image `text` names, from the engine. Raises EngineUnavailable / ImageNotInEngine."""
    if endpoint is None:
        endpoint = configured_engine()
    if endpoint is None:
        raise EngineUnavailable(
            f"no local engine configured (DOCKER_HOST, a docker context or {DEFAULT_SOCKET})"
        )
    target = connect(endpoint, timeout)
    url = f"{target.base_url}/images/{quote(text, safe='')}/json"
    try:
        response = target.client.request("GET", url, limit=MAX_INSPECT_BYTES)
    except HttpError as error:
        raise EngineUnavailable(f"local engine {endpoint.describe()}: {error}") from None
    if response.status == 404 and (
        response.header("api-version") or _engine_message(response.body)
    ):
        raise ImageNotInEngine(f"the engine at {target.host} has no image `{text}`")
    if response.status == 404:  # a web server or a registry, not the Docker Engine API
        raise EngineUnavailable(
            f"local engine {endpoint.describe()} answered 404 without an Api-Version header or "
            "an engine error: it does not look like a Docker Engine API"
        )
    if response.status != 200:
        message = _engine_message(response.body)
        raise EngineUnavailable(
            f"local engine {endpoint.describe()} answered {response.status}"
            + (f": {message}" if message else "")
        )
    try:
        data, _ = load_json(response.body, display, limit=MAX_INSPECT_BYTES, lines=False)
    except InputError as error:
        raise EngineUnavailable(
            f"local engine {endpoint.describe()} answered with an unreadable image: {error.message}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("Config"), dict):
        raise EngineUnavailable(
            f"local engine {endpoint.describe()} answered without an image config"
        )
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
