"""A small HTTP client for registries and engines, on the standard library's `http.client`.

Why not urllib or requests: urllib forwards `Authorization` to whatever host a redirect points
at, and requests is a dependency (and ~50 ms of imports) for four verbs. What registries need
is small and is all here: timeouts on connect and read, bodies read in chunks up to a hard
limit, redirects that drop credentials when the host changes, retries with backoff only for
429, 5xx and dropped connections (honouring `Retry-After`), proxies from the environment, and
HTTP over a unix socket for the Docker Engine API. Imported only when an image is loaded.
"""

from __future__ import annotations

import email.utils
import http.client
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 30.0
_CHUNK = 64 * 1024


class HttpError(Exception):
    """A transport failure (refused, timed out, TLS, reset), one line, never with credentials."""


class TlsError(HttpError):
    pass


class TooLarge(HttpError):
    pass


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    url: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class RequestLog:
    """Every request made, for the report and for tests counting round trips."""

    entries: list[tuple[str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, method: str, url: str, status: int) -> None:
        with self.lock:
            self.entries.append((method, url, status))


def is_loopback(host: str) -> bool:
    import ipaddress

    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _proxy_for(scheme: str, host: str) -> str | None:
    if is_loopback(host):
        return None
    no_proxy = os.environ.get("no_proxy") or os.environ.get("NO_PROXY") or ""
    for entry in (part.strip().lower() for part in no_proxy.split(",")):
        if entry == "*" or (
            entry and (host == entry.lstrip(".") or host.endswith("." + entry.lstrip(".")))
        ):
            return None
    name = f"{scheme}_proxy"
    return os.environ.get(name) or os.environ.get(name.upper()) or None


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


class HttpClient:
    """Blocking HTTP/1.1 requests; safe to use from several threads (a connection each)."""

    def __init__(
        self,
        timeout: float = 30.0,
        *,
        tls_context: Callable[[str], ssl.SSLContext] | None = None,
        unix_socket: str | None = None,
        retries: int = 3,
        backoff: float = 0.5,
        log: RequestLog | None = None,
    ) -> None:
        self.timeout = timeout
        self.tls_context = tls_context or (lambda host: ssl.create_default_context())
        self.unix_socket = unix_socket
        self.retries = retries
        self.backoff = backoff
        self.log = log or RequestLog()

    def _connection(self, scheme: str, host: str, port: int | None) -> http.client.HTTPConnection:
        if self.unix_socket is not None:
            return _UnixConnection(self.unix_socket, self.timeout)
        proxy = _proxy_for(scheme, host)
        if scheme == "https":
            context = self.tls_context(host if port is None else f"{host}:{port}")
            if proxy:
                parts = urlsplit(proxy)
                connection = http.client.HTTPSConnection(
                    parts.hostname or "", parts.port or 3128, timeout=self.timeout, context=context
                )
                connection.set_tunnel(host, port or 443)
                return connection
            return http.client.HTTPSConnection(host, port, timeout=self.timeout, context=context)
        if proxy:
            parts = urlsplit(proxy)
            return http.client.HTTPConnection(
                parts.hostname or "", parts.port or 3128, timeout=self.timeout
            )
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

    def _once(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None, limit: int
    ) -> Response:
        parts = urlsplit(url)
        host = parts.hostname or ""
        connection = self._connection(parts.scheme, host, parts.port)
        target = parts.path or "/"
        if parts.query:
            target += f"?{parts.query}"
        if self.unix_socket is None and parts.scheme == "http" and _proxy_for("http", host):
            target = url
        try:
            connection.request(method, target, body=body, headers=dict(headers))
            response = connection.getresponse()
            length = response.getheader("Content-Length")
            if length is not None and length.isdigit() and int(length) > limit and method != "HEAD":
                raise TooLarge(
                    f"response of {int(length):,} bytes is over the {limit:,}-byte limit"
                )
            chunks: list[bytes] = []
            received = 0
            while method != "HEAD":
                chunk = response.read(min(_CHUNK, limit + 1 - received))
                if not chunk:
                    break
                chunks.append(chunk)
                received += len(chunk)
                if received > limit:
                    raise TooLarge(f"response is over the {limit:,}-byte limit; stopped reading")
            data = b"".join(chunks)
            if (
                length is not None
                and length.isdigit()
                and method != "HEAD"
                and len(data) != int(length)
            ):
                raise HttpError(f"connection closed after {len(data)} of {length} bytes")
            headers_out = {name.lower(): value for name, value in response.getheaders()}
            self.log.add(method, url, response.status)
            return Response(response.status, headers_out, data, url)
        except ssl.SSLError as error:
            reason = (
                getattr(error, "verify_message", None) or getattr(error, "reason", None) or error
            )
            raise TlsError(f"TLS failure: {reason}") from None
        except TimeoutError:
            raise HttpError(f"timed out after {self.timeout:g}s") from None
        except ConnectionRefusedError:
            raise HttpError("connection refused") from None
        except socket.gaierror:
            raise HttpError(f"cannot resolve host `{host}`") from None
        except FileNotFoundError:
            raise HttpError(f"no socket at {self.unix_socket}") from None
        except (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError):
            raise _Reset("connection reset by the server") from None
        except http.client.HTTPException as error:
            raise HttpError(f"bad HTTP response: {type(error).__name__}") from None
        except OSError as error:
            raise HttpError(error.strerror or type(error).__name__) from None
        finally:
            connection.close()

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        body: bytes | None = None,
        limit: int = 4 * 1024 * 1024,
        allow_plain_redirect: Callable[[str], bool] = lambda host: False,
    ) -> Response:
        """Send a request; follow redirects; retry 429/5xx and resets; raise HttpError."""
        current = dict(headers or {})
        for _ in range(MAX_REDIRECTS + 1):
            response = self._with_retries(method, url, current, body, limit)
            location = response.header("location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                return response
            target = urljoin(url, location)
            old, new = urlsplit(url), urlsplit(target)
            if new.scheme not in ("http", "https"):
                raise HttpError(f"redirected to an unsupported URL scheme `{new.scheme}`")
            if (
                old.scheme == "https"
                and new.scheme == "http"
                and not allow_plain_redirect(new.hostname or "")
            ):
                raise HttpError("refused a redirect from HTTPS to plain HTTP")
            if (new.hostname, new.port, new.scheme) != (old.hostname, old.port, old.scheme):
                # Blob storage (S3, a CDN) must never see the registry's credentials.
                current = {k: v for k, v in current.items() if k.lower() != "authorization"}
            if response.status == 303:
                method, body = "GET", None
            url = target
        raise HttpError(f"more than {MAX_REDIRECTS} redirects")

    def _with_retries(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None, limit: int
    ) -> Response:
        attempt = 0
        while True:
            try:
                response = self._once(method, url, headers, body, limit)
            except _Reset:
                if attempt >= self.retries:
                    raise HttpError("connection reset by the server") from None
                delay = self.backoff * 2**attempt
            else:
                if response.status not in RETRY_STATUSES or attempt >= self.retries:
                    return response
                delay = _retry_after(response.header("retry-after"), self.backoff * 2**attempt)
                if delay > MAX_RETRY_AFTER:
                    return response
            attempt += 1
            time.sleep(delay)


class _Reset(HttpError):
    pass


def _retry_after(value: str | None, default: float) -> float:
    if not value:
        return default
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())
