"""Images in a registry, over the OCI distribution HTTP API: manifests and configs, never layers.

- Manifests are asked for with the exact `Accept` list (OCI manifest and index, Docker schema 2
  manifest and manifest list): registries answer 404 for OCI content, or convert to Docker
  schema 1, when a type is missing. The document is dispatched on `Content-Type`.
- Content is verified: the bytes must hash to `Docker-Content-Digest` and, when pulling by
  digest or through an index, to the digest asked for. A mismatch is an error.
- HTTPS with the system CAs and `/etc/docker/certs.d/HOST[:PORT]/` CA and client certificates;
  plain HTTP only for loopback registries and hosts the user names as insecure, as Docker does.
- Hostile registries: one deadline (`--timeout`) for the whole image, `Budgets` on documents,
  requests and bytes, each digest fetched once however often the graph names it, and the
  registry's own text (error messages, realms) quoted terminal-safe, capped and redacted.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ocilint.budgets import DEFAULT_BUDGETS, BudgetExceeded, Budgets, hint
from ocilint.documents import DOCKER_SCHEMA1, MANIFEST_MEDIA_TYPES
from ocilint.errors import InputError
from ocilint.images import assemble, digest_of, verify
from ocilint.model import ImageSubject
from ocilint.redact import remote_text
from ocilint.reference import Reference
from ocilint.sources.auth import (
    HELPER_TIMEOUT,
    CredentialError,
    Credentials,
    find_credentials,
    is_header_safe,
    parse_challenges,
    token_from,
    token_request,
)
from ocilint.sources.http import (
    HttpClient,
    HttpError,
    Response,
    TlsError,
    TooLarge,
    is_loopback,
    media_type,
    split_url,
    system_tls_context,
)

ACCEPT = ", ".join(MANIFEST_MEDIA_TYPES)
_DIGEST = re.compile(r"[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{1,256}")
DOCKER_HUB_API = "registry-1.docker.io"
CERTS_DIR = "/etc/docker/certs.d"
MAX_TAGS = 1000  # `tags/list?n=`: one request, to name the closest tags to an unknown one
MAX_TAGS_BYTES = 256 * 1024
MAX_SUGGESTIONS = 5
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")


@dataclass(frozen=True, slots=True)
class RegistryOptions:
    timeout: float = 30.0
    insecure_registries: tuple[str, ...] = ()
    certs_dir: str = CERTS_DIR
    budgets: Budgets = field(default=DEFAULT_BUDGETS)


class CertificateFileError(HttpError):
    """A file in the certificate directory that cannot be used (not a TLS failure: never a
    reason to fall back to plain HTTP)."""


class Registry:
    """One registry host: how to reach it, who we are to it, and what we asked it."""

    def __init__(self, domain: str, options: RegistryOptions) -> None:
        self.domain = domain
        self.host = DOCKER_HUB_API if domain == "docker.io" else domain
        self.options = options
        hostname = (
            self.host.rsplit(":", 1)[0]
            if not self.host.startswith("[")
            else self.host.split("]")[0] + "]"
        )
        self.plain_allowed = is_loopback(hostname) or any(
            fnmatch.fnmatchcase(self.host, pattern) or fnmatch.fnmatchcase(hostname, pattern)
            for pattern in options.insecure_registries
        )
        self.scheme: str | None = None
        self.client = HttpClient(
            options.timeout,
            tls_context=self._tls_context,
            max_requests=options.budgets.requests,
        )
        self._credentials: Credentials | None = None
        self._credentials_loaded = False
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()
        self.challenge: Response | None = None  # the last 401, with its WWW-Authenticate

    # ----------------------------------------------------------------- transport

    def _tls_context(self, host: str) -> ssl.SSLContext:
        """System CAs plus, as Docker reads `certs.d/HOST[:PORT]/`: every `*.crt` as a CA, and
        each `NAME.cert` with its `NAME.key` as the client certificate."""
        context = system_tls_context()
        directory = os.path.join(self.options.certs_dir, host)
        for ca in sorted(glob.glob(os.path.join(directory, "*.crt"))):
            _load(ca, "is not a PEM CA certificate", context.load_verify_locations, ca)
        for cert in sorted(glob.glob(os.path.join(directory, "*.cert"))):
            key = cert[: -len(".cert")] + ".key"
            if not os.path.exists(key):
                raise CertificateFileError(f"client certificate {cert} has no key {key}")
            what = f"and {os.path.basename(key)} are not a PEM client certificate and its key"
            _load(cert, what, context.load_cert_chain, cert, key)
        for key in sorted(glob.glob(os.path.join(directory, "*.key"))):
            if not os.path.exists(key[: -len(".key")] + ".cert"):
                raise CertificateFileError(f"key {key} has no client certificate beside it")
        return context

    @property
    def credentials(self) -> Credentials | None:
        with self._lock:
            if not self._credentials_loaded:
                timeout = max(0.1, min(HELPER_TIMEOUT, self.client.deadline.remaining()))
                self._credentials = find_credentials(self.domain, helper_timeout=timeout)
                self._credentials_loaded = True
            return self._credentials

    def _send(
        self, path: str, headers: Mapping[str, str], limit: int, method: str = "GET"
    ) -> Response:
        def send(scheme: str) -> Response:
            return self.client.request(
                method,
                f"{scheme}://{self.host}{path}",
                headers,
                limit=limit,
                allow_plain_redirect=lambda host: self.plain_allowed,
            )

        if self.scheme is not None:
            return send(self.scheme)
        if self.plain_allowed:
            # Docker's order stays (TLS first, then plain HTTP), but the plain connection is
            # opened meanwhile: falling back then costs no TCP handshake.
            self.client.preconnect(f"http://{self.host}/")
        try:
            response = send("https")
        except HttpError as error:
            # Like Docker: a registry allowed plain HTTP is tried with TLS first, and over
            # HTTP when the TLS handshake fails or the server drops the connection.
            if not self.plain_allowed or not (isinstance(error, TlsError) or "reset" in str(error)):
                raise
            response = send("http")
            if response.status == 400 and (method == "HEAD" or b"HTTPS" in response.body):
                raise error from None  # an HTTPS-only server: the TLS failure is the story
            self.scheme = "http"
            return response
        self.scheme = "https"
        return response

    def get(
        self, path: str, scope: str, *, accept: str | None = None, limit: int, method: str = "GET"
    ) -> Response:
        """GET (or HEAD) with auth: anonymous first, then what the registry's challenge asks for."""
        headers = {"Accept": accept} if accept else {}
        token = self._tokens.get(scope)
        if token:
            headers["Authorization"] = token
        response = self._send(path, headers, limit, method)
        if response.status != 401:
            return response
        self.challenge = response  # lets `resolve_digest` get the next scope's token first
        authorization = self._authorize(response, scope)
        if authorization is None:
            return response
        response = self._send(path, {**headers, "Authorization": authorization}, limit, method)
        if response.status == 401:
            self._tokens.pop(scope, None)
        return response

    def _authorize(self, response: Response, scope: str) -> str | None:
        challenges = parse_challenges(response.header("www-authenticate") or "")
        credentials = self.credentials
        for challenge in challenges:
            if challenge.scheme == "bearer" and challenge.params.get("realm"):
                return self._token(challenge.params["realm"], challenge, scope, credentials)
            if challenge.scheme == "basic" and credentials is not None and credentials.username:
                return credentials.basic()
        return None

    def _token(
        self, realm: str, challenge: Any, scope: str, credentials: Credentials | None
    ) -> str:
        shown = remote_text(realm, 100)
        try:
            realm_url = split_url(realm)
        except HttpError as error:
            raise InputError(f"token service: {error}", self.domain) from None
        realm_host = realm_url.hostname or ""
        if (
            credentials is not None
            and realm_url.scheme == "http"
            and not (is_loopback(realm_host) or self._insecure(realm_host))
        ):
            raise InputError(
                f"refused to send credentials to the plain-HTTP token service {shown}",
                self.domain,
            )
        method, url, headers, body = token_request(challenge, scope, credentials)
        try:
            answer = self.client.request(method, url, headers, body=body, limit=1024 * 1024)
        except HttpError as error:
            raise InputError(f"token service {shown}: {error}", self.domain) from None
        if answer.status in (401, 403):
            raise InputError(self._denied("the token service refused the credentials"), self.domain)
        token = token_from(answer.body) if answer.status == 200 else None
        if token is None:
            raise InputError(f"token service answered {answer.status} without a token", self.domain)
        if not is_header_safe(token):
            raise InputError(
                "the token service sent a token that is not a valid HTTP header value "
                "(control characters or spaces)",
                self.domain,
            )
        self._tokens[scope] = f"Bearer {token}"
        return self._tokens[scope]

    def _insecure(self, host: str) -> bool:
        return any(
            fnmatch.fnmatchcase(host, pattern) for pattern in self.options.insecure_registries
        )

    def _denied(self, what: str) -> str:
        try:
            credentials = self.credentials
        except CredentialError as error:
            return f"{what}: credentials for {self.domain}: {error}"
        if credentials is None:
            return f"{what}: no credentials for {self.domain} (`docker login {self.domain}`)"
        return f"{what}: credentials for {self.domain} from {credentials.origin} were not accepted"


def _registry_error(response: Response) -> str:
    """The first error of a distribution error body, quoted safely (terminal-safe, capped,
    redacted); "" when there is none."""
    import json

    try:
        errors = json.loads(response.body).get("errors") or []
        first = errors[0]
        text = f"{first.get('code', '')}: {first.get('message', '')}".strip(": ")
    except (ValueError, AttributeError, IndexError, TypeError, KeyError, RecursionError):
        return ""
    return remote_text(text)


def _load(path: str, what: str, load: Callable[..., None], *files: str) -> None:
    try:
        load(*files)
    except (ssl.SSLError, ValueError) as error:
        reason = getattr(error, "reason", None) or type(error).__name__
        raise CertificateFileError(f"{path} {what} ({reason})") from None
    except OSError as error:
        raise CertificateFileError(f"cannot read {path}: {error.strerror}") from None


class RegistryStore:
    """The content store of one repository in a registry."""

    concurrency = 4

    def __init__(self, registry: Registry, reference: Reference, display: str) -> None:
        self.registry = registry
        self.reference = reference
        self.display = display
        self.repository = reference.path
        self.scope = f"repository:{reference.path}:pull"
        self.budgets = registry.options.budgets
        self.documents = 0
        self.total_bytes = 0
        self._cache: dict[tuple[str, str], Any] = {}
        self._fetching: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()

    def _spend(self, documents: int, size: int) -> None:
        """Count documents and bytes against the image's budgets."""
        with self._lock:
            self.documents += documents
            self.total_bytes += size
            documents, total = self.documents, self.total_bytes
        if documents > self.budgets.documents:
            raise BudgetExceeded(
                f"the image graph has more than {self.budgets.documents:,} documents "
                "(manifests, indexes and configs)" + hint("documents"),
                self.display,
            )
        if total > self.budgets.total_bytes:
            raise BudgetExceeded(
                f"the image graph's documents are more than {self.budgets.total_bytes:,} bytes "
                "together" + hint("total_bytes"),
                self.display,
            )

    def _once(self, kind: str, digest: str, fetch: Callable[[], Any]) -> Any:
        """Fetch a digest once however often the graph names it (content by digest is the
        same content); concurrent readers of one digest wait for the first."""
        key = (kind, digest)
        with self._lock:
            lock = self._fetching.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = fetch()
            return self._cache[key]

    @property
    def source(self) -> str:
        scheme = "" if self.registry.scheme != "http" else ", plain HTTP"
        count = len(self.registry.client.log.entries)
        requests = "HTTP request" if count == 1 else "HTTP requests"
        return f"registry {self.registry.host}{scheme} ({count} {requests})"

    def _path(self, kind: str, ref: str) -> str:
        return f"/v2/{quote(self.repository, safe='/')}/{kind}/{quote(ref, safe=':')}"

    def _fetch(
        self, kind: str, ref: str, *, accept: str | None, budget: str, what: str
    ) -> Response:
        """GET a manifest or blob of at most the `Budgets` field `budget` bytes."""
        limit = getattr(self.budgets, budget)
        try:
            response = self.registry.get(
                self._path(kind, ref), self.scope, accept=accept, limit=limit
            )
        except HttpError as error:
            raised = hint(budget) if isinstance(error, TooLarge) else ""
            raise InputError(f"{self.registry.host}: {error}{raised}", self.display) from None
        except CredentialError as error:
            raise InputError(
                f"credentials for {self.registry.domain}: {error}", self.display
            ) from None
        if response.status == 200:
            return response
        detail = _registry_error(response)
        if response.status == 429:
            wait = response.header("retry-after")
            raise InputError(
                f"the registry is limiting requests (HTTP 429) for {what}"
                + (f"; it asks to retry after `{remote_text(wait, 40)}`" if wait else "")
                + (f" ({detail})" if detail else ""),
                self.display,
            )
        if response.status == 404:
            if kind == "manifests" and ref in (self.reference.digest, self.reference.tag, "latest"):
                raise InputError(self._unknown(ref, detail or "HTTP 404"), self.display)
            raise InputError(
                f"{what} not found: unknown repository `{self.repository}` or tag "
                f"({detail or 'HTTP 404'})",
                self.display,
            )
        if response.status == 401:
            raise InputError(self.registry._denied("authentication required"), self.display)
        if response.status == 403:
            raise InputError(self.registry._denied("access denied"), self.display)
        raise InputError(
            f"the registry answered {response.status} for {what}"
            + (f" ({detail})" if detail else ""),
            self.display,
        )

    def _unknown(self, ref: str, detail: str) -> str:
        """Why the manifest a reference names is not there: no such repository, or no such
        tag (with the closest existing ones). Registries answer MANIFEST_UNKNOWN for both
        (distribution 2.8 does); one capped `tags/list` request tells them apart."""
        repository = self.repository
        if detail.startswith("NAME_UNKNOWN"):
            return f"unknown repository `{repository}` ({detail})"
        listed = self._tags()
        if listed is None:  # the registry does not say: keep both possibilities
            return (
                f"manifest `{ref}` not found: unknown repository `{repository}` or tag ({detail})"
            )
        tags, complete = listed
        if tags is None:
            return (
                f"unknown repository `{repository}`: the registry knows no manifest `{ref}` "
                "and no tags in it"
            )
        if not tags and ref != self.reference.digest:
            return f"unknown tag `{ref}`: repository `{repository}` has no tags ({detail})"
        if ref == self.reference.digest:
            return f"unknown manifest `{ref}` in repository `{repository}` ({detail})"
        closest = _closest(ref, tags)
        among = "" if complete else f" of the first {len(tags)}"
        shown = f"; closest tags{among}: " + ", ".join(f"`{t}`" for t in closest) if closest else ""
        return f"unknown tag `{ref}` in repository `{repository}` ({detail}){shown}"

    def _tags(self) -> tuple[list[str] | None, bool] | None:
        """The repository's tags (at most MAX_TAGS, and whether that is all of them); no
        list when the registry answers NAME_UNKNOWN; None when it does not say."""
        import json

        path = f"/v2/{quote(self.repository, safe='/')}/tags/list?n={MAX_TAGS}"
        try:
            response = self.registry.get(path, self.scope, limit=MAX_TAGS_BYTES)
        except (HttpError, CredentialError):
            return None
        if response.status == 404 and _registry_error(response).startswith("NAME_UNKNOWN"):
            return None, True
        if response.status != 200:
            return None
        try:
            listed = json.loads(response.body).get("tags")
        except (ValueError, AttributeError, RecursionError):
            return None
        if listed is None:
            return [], True
        if not isinstance(listed, list):
            return None
        # Only what the tag grammar allows reaches the terminal (no escapes from a hostile server).
        tags = [tag for tag in listed[:MAX_TAGS] if isinstance(tag, str) and _TAG.fullmatch(tag)]
        complete = len(listed) < MAX_TAGS and not response.header("link")
        return tags, complete

    def _manifest(self, ref: str, expected: str | None, what: str) -> tuple[bytes, str | None, str]:
        response = self._fetch("manifests", ref, accept=ACCEPT, budget="document_bytes", what=what)
        content_type = media_type(response.header("content-type"))
        if content_type in DOCKER_SCHEMA1:
            raise InputError(
                "the registry served a Docker schema 1 manifest, which is not checked", self.display
            )
        body = response.body
        declared = response.header("docker-content-digest")
        actual = (
            digest_of(body, declared.split(":")[0])
            if declared and declared.split(":")[0] in ("sha256", "sha512")
            else digest_of(body)
        )
        if declared and declared != actual:
            raise InputError(
                f"digest mismatch: the registry says {remote_text(declared, 100)}, the content "
                f"is {actual}",
                self.display,
            )
        if expected and expected != digest_of(body, expected.split(":")[0]):
            raise InputError(
                f"digest mismatch: asked for {expected}, the content is {actual}", self.display
            )
        return body, content_type, actual

    def root(self) -> tuple[bytes, str | None, str]:
        ref = self.reference.digest or self.reference.tag or "latest"
        body, content_type, digest = self._manifest(ref, self.reference.digest, f"manifest `{ref}`")
        self._spend(1, len(body))
        with self._lock:
            self._cache.setdefault(("manifests", digest), (body, content_type, digest))
        return body, content_type, digest

    def _digest(self, descriptor: Mapping[str, Any]) -> str:
        """The descriptor's digest, checked before it goes into a URL (OCI's grammar)."""
        digest = descriptor.get("digest")
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            shown = remote_text(str(digest), 100)
            raise InputError(f"a descriptor's digest `{shown}` is not a valid digest", self.display)
        return digest

    def read_manifest(self, descriptor: Mapping[str, Any]) -> tuple[bytes, str | None]:
        digest = self._digest(descriptor)
        self._spend(1, 0)  # counted before the request: a graph over budget stops here
        body, content_type, _ = self._once(
            "manifests", digest, lambda: self._manifest(digest, None, f"manifest {digest}")
        )
        self._spend(0, len(body))
        verify(body, descriptor, self.display)  # the digest asked for, and the size
        return body, content_type

    def read_config(self, descriptor: Mapping[str, Any]) -> bytes:
        digest = self._digest(descriptor)
        self._spend(1, 0)
        body: bytes = self._once(
            "blobs",
            digest,
            lambda: (
                self._fetch(
                    "blobs", digest, accept=None, budget="config_bytes", what=f"config {digest}"
                ).body
            ),
        )
        self._spend(0, len(body))
        verify(body, descriptor, self.display)
        return body


def _closest(tag: str, tags: list[str]) -> list[str]:
    """Up to 5 tags most like `tag` (difflib's ratio); all of them when there are 5 or fewer."""
    import difflib

    if len(tags) <= MAX_SUGGESTIONS:
        return sorted(tags, key=lambda t: -difflib.SequenceMatcher(None, tag, t).ratio())
    return difflib.get_close_matches(tag, tags, n=MAX_SUGGESTIONS, cutoff=0.5)


def load_from_registry(
    reference: Reference, display: str, options: RegistryOptions, platform: str | None
) -> ImageSubject:
    if reference.domain is None:
        raise InputError("the reference names no registry", display)
    registry = Registry(reference.domain, options)
    store = RegistryStore(registry, reference, display)
    try:
        root, content_type, digest = store.root()
        return assemble(
            store, root, content_type, platform=platform, reference=str(reference),
            digest=digest, budgets=options.budgets,
        )  # fmt: skip
    except (HttpError, CredentialError) as error:  # the last guard: one image, one error
        raise InputError(f"{registry.host}: {error}", display) from None
    finally:
        registry.client.close()


def resolve_digest(reference: Reference, display: str, registry: Registry) -> str:
    """The digest of the manifest or index that `reference`'s tag names now, for pinning.

    One HEAD request (plus the auth round trip) when the registry answers with
    `Docker-Content-Digest`; otherwise one GET whose bytes are hashed (and checked against the
    header when there is one). Never a layer, never a platform's manifest: a multi-platform tag
    resolves to its index.
    """
    store = RegistryStore(registry, reference, display)
    ref = reference.tag or "latest"
    try:
        challenge = registry.challenge
        if challenge is not None and store.scope not in registry._tokens:
            # The registry asked for credentials before: send them (a Bearer token for this
            # repository, or Basic) the first time, rather than after one more 401.
            authorization = registry._authorize(challenge, store.scope)
            if authorization is not None:
                registry._tokens.setdefault(store.scope, authorization)
        response = registry.get(
            store._path("manifests", ref), store.scope, accept=ACCEPT, limit=0, method="HEAD"
        )
    except HttpError as error:
        raise InputError(f"{registry.host}: {error}", display) from None
    declared = response.header("docker-content-digest")
    content_type = (response.header("content-type") or "").split(";")[0].strip()
    if (
        response.status == 200
        and declared
        and declared.startswith(("sha256:", "sha512:"))
        and content_type not in DOCKER_SCHEMA1
    ):
        return declared
    # No usable answer to HEAD: GET the document (with the errors `check image-ref` gives).
    return store._manifest(ref, None, f"manifest `{ref}`")[2]


def prefetch_tokens(registry: Registry, repositories: list[str]) -> None:
    """One Bearer token for the pull scopes of several repositories (the token spec allows
    several `scope` parameters), kept for each of them: pinning N images of one registry then
    costs one token request, not N. A scope the token does not cover gets its own token after
    its 401, as usual."""
    scopes = [f"repository:{name}:pull" for name in repositories]
    scopes = [scope for scope in dict.fromkeys(scopes) if scope not in registry._tokens]
    challenge = registry.challenge
    if challenge is None or len(scopes) < 2:
        return
    joined = " ".join(scopes)
    if registry._authorize(challenge, joined) is None:
        return
    token = registry._tokens.pop(joined, None)
    if token is not None:
        for scope in scopes:
            registry._tokens.setdefault(scope, token)
