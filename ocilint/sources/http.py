"""A small HTTP client for registries and engines, on the standard library's `http.client`.

Why not urllib or requests: urllib forwards `Authorization` to whatever host a redirect points
at, and requests is a dependency (and ~50 ms of imports) for four verbs. What registries need
is small and is all here: timeouts on connect and read, bodies read in chunks up to a hard
limit, redirects that drop credentials when the host changes, retries with backoff only for
429, 5xx and dropped connections (honouring `Retry-After`), proxies from the environment, and
HTTP over a unix socket for the Docker Engine API. Imported only when an image is loaded.

Hostile servers: one `Deadline` covers everything a client does for one image (connect, TLS
handshake, proxy tunnel, token requests, retries and every read); a watchdog shuts the socket
down when it passes, so a server sending a byte a second cannot stretch it. `Retry-After` is
waited for only up to `MAX_RETRY_AFTER` seconds and never past the deadline. URLs a server
sends (`Location`, a token realm) are checked before use, header values are checked before they
are sent (no CR, LF or NUL: a token cannot smuggle a header or leak into an error), and a
request body never follows a 307/308 redirect to another host.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import http.client
import os
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit

from ocilint.budgets import hint
from ocilint.redact import register_login, remote_text

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 2.0  # seconds; a server asking for longer gets its answer reported instead
_CHUNK = 64 * 1024
_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_BAD_HEADER_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_DIGITS = re.compile(r"[0-9]{1,18}")
_URL_SAFE = "/%:@!$&'()*+,;=-._~?#[]"


class HttpError(Exception):
    """A transport failure (refused, timed out, TLS, reset), one line, never with credentials."""


class TlsError(HttpError):
    pass


class TooLarge(HttpError):
    pass


class Deadline:
    """The time left for one network operation (one image), shared by every request in it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired_error(self) -> HttpError:
        return HttpError(f"timed out after {self.seconds:g}s")


class _Watchdog:
    """Shut a connection's socket down when the deadline passes, whatever it is waiting for."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.connection = connection
        self.fired = False
        self.timer = threading.Timer(max(seconds, 0.0), self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.timer.cancel()


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


def _no_proxy_matches(entry: str, host: str, port: int | None) -> bool:
    """One NO_PROXY entry, as Go's httpproxy reads it: `*`, a domain (`.example.com` or
    `example.com`, subdomains included), `host:port`, an IP address or a CIDR block."""
    import ipaddress

    if entry == "*":
        return True
    if "/" in entry:
        try:
            return ipaddress.ip_address(host) in ipaddress.ip_network(entry, strict=False)
        except ValueError:
            return False
    name, _, entry_port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
    if entry_port and entry_port != str(port):
        return False
    name = name.strip("[]").removeprefix("*").lstrip(".")
    return bool(name) and (host == name or host.endswith("." + name))


def proxy_for(scheme: str, host: str, port: int | None = None) -> str | None:
    """The proxy URL from HTTPS_PROXY/HTTP_PROXY for a request, or None (loopback hosts and
    NO_PROXY entries go direct, as in Go and so in Docker)."""
    host = host.strip("[]").lower()
    if is_loopback(host):
        return None
    no_proxy = os.environ.get("no_proxy") or os.environ.get("NO_PROXY") or ""
    for entry in (part.strip().lower() for part in no_proxy.split(",")):
        if entry and _no_proxy_matches(entry, host, port):
            return None
    name = f"{scheme}_proxy"
    proxy = (os.environ.get(name) or os.environ.get(name.upper()) or "").strip()
    if not proxy:
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


@dataclass(frozen=True, slots=True)
class _Proxy:
    host: str
    port: int
    authorization: str | None  # Proxy-Authorization, from the proxy URL's userinfo


def _parse_proxy(url: str) -> _Proxy:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise HttpError(f"the proxy URL `{remote_text(url, 100)}` is not valid") from None
    if parts.scheme != "http" or not parts.hostname:
        raise HttpError(
            f"the proxy URL `{remote_text(url, 100)}` is not supported (use http://HOST:PORT)"
        )
    authorization = None
    if parts.username is not None:
        user, password = unquote(parts.username), unquote(parts.password or "")
        register_login(user, password)
        encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
        authorization = f"Basic {encoded}"
    return _Proxy(parts.hostname, port or 80, authorization)


def split_url(url: str) -> SplitResult:
    """An http(s) URL a server sent, checked: ASCII (an IDNA host and a percent-encoded path
    are made so), no spaces or control characters, a valid port. Raises HttpError."""
    shown = remote_text(url, 100)
    if re.search(r"[\x00-\x20\x7f]", url):
        raise HttpError(f"invalid URL `{shown}`: it contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError:
        raise HttpError(f"invalid URL `{shown}`") from None
    if parts.scheme not in ("http", "https"):
        raise HttpError(f"unsupported URL scheme in `{shown}` (expected http or https)")
    if not host:
        raise HttpError(f"invalid URL `{shown}`: no host")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise HttpError(f"invalid URL `{shown}`: the host name is not valid") from None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    path = quote(parts.path, safe=_URL_SAFE)
    query = quote(parts.query, safe=_URL_SAFE)
    return SplitResult(parts.scheme, netloc, path, query, "")


def check_headers(headers: Mapping[str, str]) -> None:
    """Refuse to send a header a server could not read as one header: a bad name, or a value
    with a line break, NUL or other control character, or outside Latin-1."""
    for name, value in headers.items():
        if not _HEADER_NAME.fullmatch(name):
            raise HttpError(f"refused to send a header with an invalid name `{remote_text(name)}`")
        if _BAD_HEADER_VALUE.search(value) or not _latin1(value):
            raise HttpError(
                f"refused to send the `{name}` header: its value has a line break or control "
                "character in it"
            )


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


_prepared_contexts: list[ssl.SSLContext] = []
_preparing: threading.Thread | None = None


def prepare_system_tls() -> None:
    """Start loading the system CAs for the first `system_tls_context()`, in a thread.

    Parsing the CA bundle takes tens of milliseconds, and OpenSSL does it without holding the
    GIL: done in a thread as a run starts, it costs the first TLS connection nothing.
    """
    global _preparing
    if _preparing is None:
        _preparing = threading.Thread(
            target=lambda: _prepared_contexts.append(_new_system_context()),
            name="ocilint-cas",
            daemon=True,
        )
        _preparing.start()


def system_tls_context() -> ssl.SSLContext:
    """A new context trusting the system CAs, as `ssl.create_default_context()` makes it."""
    if _preparing is not None:
        _preparing.join()
        with contextlib.suppress(IndexError):
            return _prepared_contexts.pop()
    return _new_system_context()


def _new_system_context() -> ssl.SSLContext:
    paths = ssl.get_default_verify_paths()  # SSL_CERT_FILE, SSL_CERT_DIR, OpenSSL's defaults
    if paths.cafile or paths.capath:
        # The files `set_default_verify_paths` would use, loaded with the GIL released.
        return ssl.create_default_context(cafile=paths.cafile, capath=paths.capath)
    return ssl.create_default_context()


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock = sock  # before connecting, so that the watchdog can shut it down
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)


class HttpClient:
    """Blocking HTTP/1.1 requests; safe to use from several threads (a connection each).

    Connections are kept alive: a response read to its end leaves its connection open for the
    client's next request to the same scheme, host, port and proxy, so the requests for one
    image share one TCP connection (and one TLS handshake) per server instead of paying the
    round trips of a new one each; `close()` closes them. A kept connection the server has
    closed in the meantime is replaced once, at once (no back-off, as for a retry). The TLS
    context of each host is built once (loading the system CAs is not free).

    `timeout` bounds every connect and read, and (unless a `deadline` is shared) the whole of
    what this client does from its creation: one client serves one image."""

    def __init__(
        self,
        timeout: float = 30.0,
        *,
        tls_context: Callable[[str], ssl.SSLContext] | None = None,
        unix_socket: str | None = None,
        retries: int = 3,
        backoff: float = 0.5,
        log: RequestLog | None = None,
        deadline: Deadline | None = None,
        max_requests: int | None = None,
    ) -> None:
        self.timeout = timeout
        self.tls_context = tls_context or (lambda host: system_tls_context())
        self.unix_socket = unix_socket
        self.retries = retries
        self.backoff = backoff
        self.log = log or RequestLog()
        self.deadline = deadline or Deadline(timeout)
        self.max_requests = max_requests
        self._started = 0
        self._count_lock = threading.Lock()
        self._idle: dict[tuple[object, ...], list[http.client.HTTPConnection]] = {}
        self._tls_contexts: dict[str, ssl.SSLContext] = {}
        self._pool_lock = threading.Lock()

    def close(self) -> None:
        """Close the connections kept open for further requests."""
        with self._pool_lock:
            idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()

    def _take(self, key: tuple[object, ...]) -> http.client.HTTPConnection | None:
        with self._pool_lock:
            connections = self._idle.get(key)
            return connections.pop() if connections else None

    def _keep(self, key: tuple[object, ...], connection: http.client.HTTPConnection) -> None:
        with self._pool_lock:
            self._idle.setdefault(key, []).append(connection)

    def preconnect(self, url: str) -> None:
        """Open a connection for `url`'s server in a thread and keep it for the next request
        there: a TCP handshake only, no byte of HTTP is sent unless a request follows."""
        try:
            parts = split_url(url)
            host = parts.hostname or ""
            proxy_url = proxy_for(parts.scheme, host, parts.port)
            proxy = _parse_proxy(proxy_url) if proxy_url else None
        except HttpError:
            return  # the request itself will say what is wrong
        timeout = min(self.timeout, self.deadline.remaining())

        def connect() -> None:
            connection = self._connection(parts.scheme, host, parts.port, timeout, proxy)
            try:
                connection.connect()
            except Exception:
                connection.close()
                return
            self._keep((parts.scheme, host, parts.port, proxy), connection)

        if timeout > 0:
            threading.Thread(target=connect, name="ocilint-preconnect", daemon=True).start()

    def _tls_context_for(self, name: str) -> ssl.SSLContext:
        with self._pool_lock:
            context = self._tls_contexts.get(name)
        if context is None:
            context = self.tls_context(name)
            with self._pool_lock:
                context = self._tls_contexts.setdefault(name, context)
        return context

    def _count_request(self) -> None:
        with self._count_lock:
            self._started += 1
            if self.max_requests is not None and self._started > self.max_requests:
                too_many = f"more than {self.max_requests:,} HTTP requests for one image"
                raise HttpError(too_many + hint("requests"))

    def _connection(
        self, scheme: str, host: str, port: int | None, timeout: float, proxy: _Proxy | None
    ) -> http.client.HTTPConnection:
        if self.unix_socket is not None:
            return _UnixConnection(self.unix_socket, timeout)
        if scheme == "https":
            context = self._tls_context_for(host if port is None else f"{host}:{port}")
            if proxy:
                connection = http.client.HTTPSConnection(
                    proxy.host, proxy.port, timeout=timeout, context=context
                )
                tunnel_headers = (
                    {"Proxy-Authorization": proxy.authorization} if proxy.authorization else None
                )
                connection.set_tunnel(host, port or 443, headers=tunnel_headers)
                return connection
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        if proxy:
            return http.client.HTTPConnection(proxy.host, proxy.port, timeout=timeout)
        return http.client.HTTPConnection(host, port, timeout=timeout)

    def _once(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None, limit: int
    ) -> Response:
        parts = split_url(url) if self.unix_socket is None else urlsplit(url)
        host = parts.hostname or ""
        remaining = self.deadline.remaining()
        if remaining <= 0:
            raise self.deadline.expired_error()
        target = parts.path or "/"
        if parts.query:
            target += f"?{parts.query}"
        headers = dict(headers)
        proxy_url = None if self.unix_socket else proxy_for(parts.scheme, host, parts.port)
        proxy = _parse_proxy(proxy_url) if proxy_url else None
        if proxy is not None and parts.scheme == "http":
            target = parts.geturl()  # absolute-form, to the proxy
            if proxy.authorization:
                headers["Proxy-Authorization"] = proxy.authorization
        check_headers(headers)
        self._count_request()
        key = (parts.scheme, host, parts.port, proxy)
        timeout = min(self.timeout, remaining)
        connection = self._take(key)
        reused = connection is not None
        if connection is None:
            connection = self._connection(parts.scheme, host, parts.port, timeout, proxy)
        else:
            connection.timeout = timeout
            if connection.sock is not None:
                connection.sock.settimeout(timeout)
        watchdog = _Watchdog(connection, remaining)
        keep = False
        try:
            try:
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
            except (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError):
                if not reused or watchdog.fired:
                    raise
                # The server closed the kept connection before this request: a new one.
                watchdog.cancel()
                connection.close()
                self._count_request()
                connection = self._connection(parts.scheme, host, parts.port, timeout, proxy)
                watchdog = _Watchdog(connection, self.deadline.remaining())
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
            length = response.getheader("Content-Length")
            declared = int(length) if length and _DIGITS.fullmatch(length) else None
            if length and declared is None and re.fullmatch(r"[0-9]+", length):
                raise TooLarge(f"response of {len(length)}-digit length is over the limit")
            if declared is not None and declared > limit and method != "HEAD":
                raise TooLarge(f"response of {declared:,} bytes is over the {limit:,}-byte limit")
            chunks: list[bytes] = []
            received = 0
            while method != "HEAD":
                if watchdog.fired:
                    raise TimeoutError
                chunk = response.read(min(_CHUNK, limit + 1 - received))
                if not chunk:
                    break
                chunks.append(chunk)
                received += len(chunk)
                if received > limit:
                    raise TooLarge(f"response is over the {limit:,}-byte limit; stopped reading")
            if watchdog.fired:
                raise TimeoutError
            data = b"".join(chunks)
            if declared is not None and method != "HEAD" and len(data) != declared:
                raise HttpError(f"connection closed after {len(data)} of {declared} bytes")
            headers_out = {name.lower(): value for name, value in response.getheaders()}
            self.log.add(method, url, response.status)
            if method == "HEAD":
                response.read()  # no body: this marks the response done
            keep = response.isclosed() and not response.will_close
            return Response(response.status, headers_out, data, url)
        except HttpError:
            raise
        except Exception as error:
            if watchdog.fired:
                raise self.deadline.expired_error() from None
            failure = self._transport_error(error, host)
            if proxy is not None and isinstance(error, ConnectionRefusedError | socket.gaierror):
                raise HttpError(f"proxy {proxy.host}:{proxy.port}: {failure}") from None
            raise failure from None
        finally:
            watchdog.cancel()
            if keep and not watchdog.fired:
                self._keep(key, connection)
            else:
                connection.close()

    def _transport_error(self, error: Exception, host: str) -> HttpError:
        if isinstance(error, ssl.SSLError | ssl.CertificateError):
            return TlsError(f"TLS failure: {_tls_reason(error)}")
        if isinstance(error, TimeoutError):
            return HttpError(f"timed out after {self.timeout:g}s")
        if isinstance(error, ConnectionRefusedError):
            return HttpError("connection refused")
        if isinstance(error, socket.gaierror):
            return HttpError(f"cannot resolve host `{remote_text(host, 100)}`")
        if isinstance(error, FileNotFoundError):
            return HttpError(f"no socket at {remote_text(self.unix_socket or '', 200)}")
        if isinstance(
            error, ConnectionResetError | http.client.RemoteDisconnected | BrokenPipeError
        ):
            return _Reset("connection reset by the server")
        if isinstance(error, OSError) and "Tunnel connection failed" in str(error):
            # http.client's CONNECT: "Tunnel connection failed: 403 Forbidden"
            return HttpError(f"the proxy refused the connection ({remote_text(str(error))})")
        if isinstance(error, http.client.HTTPException):
            return HttpError(f"bad HTTP response: {type(error).__name__}")
        if isinstance(error, OSError):
            return HttpError(error.strerror or type(error).__name__)
        if isinstance(error, UnicodeError | ValueError):
            return HttpError(f"bad HTTP exchange: {type(error).__name__}")
        raise error

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
            try:
                target = urljoin(url, location)
            except ValueError:
                raise HttpError(
                    f"redirected to an invalid URL `{remote_text(location, 100)}`"
                ) from None
            old = urlsplit(url)
            try:
                new = split_url(target)
            except HttpError as error:
                raise HttpError(f"redirected to an {error}") from None
            if (
                old.scheme == "https"
                and new.scheme == "http"
                and not allow_plain_redirect(new.hostname or "")
            ):
                raise HttpError("refused a redirect from HTTPS to plain HTTP")
            if (new.hostname, new.port, new.scheme) != (old.hostname, old.port, old.scheme):
                if body is not None and response.status in (307, 308):
                    # The body may hold a secret (an identity token's refresh_token form).
                    raise HttpError(
                        f"refused to re-send a request body to another host "
                        f"({remote_text(new.netloc, 100)}) on an HTTP {response.status} redirect"
                    )
                # Blob storage (S3, a CDN) must never see the registry's credentials.
                current = {k: v for k, v in current.items() if k.lower() not in _SENSITIVE_HEADERS}
            if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                method, body = "GET", None
                current = {k: v for k, v in current.items() if k.lower() != "content-type"}
            url = new.geturl()
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
                if delay >= self.deadline.remaining():
                    raise HttpError("connection reset by the server") from None
            else:
                if response.status not in RETRY_STATUSES or attempt >= self.retries:
                    return response
                delay = retry_after(response.header("retry-after"), self.backoff * 2**attempt)
                if delay > MAX_RETRY_AFTER or delay >= self.deadline.remaining():
                    return response
            attempt += 1
            time.sleep(delay)


_CLIENT_CERTIFICATE_REFUSED = frozenset(
    {
        "SSLV3_ALERT_BAD_CERTIFICATE",
        "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
        "TLSV1_ALERT_UNKNOWN_CA",
        "TLSV1_ALERT_ACCESS_DENIED",
    }
)


def _tls_reason(error: Exception) -> str:
    """What went wrong in a handshake, in words, with OpenSSL's own reason after it."""
    if isinstance(error, ssl.SSLEOFError):
        return "the server closed the connection during the TLS handshake"
    verify = getattr(error, "verify_message", None)
    if verify:
        return f"the server's certificate is not trusted ({remote_text(str(verify))})"
    reason = remote_text(str(getattr(error, "reason", None) or error))
    if reason == "TLSV13_ALERT_CERTIFICATE_REQUIRED":
        return f"the server requires a client certificate ({reason})"
    if reason == "SSLV3_ALERT_HANDSHAKE_FAILURE":
        return (
            "the server refused the handshake: a client certificate missing or refused, or no "
            f"protocol in common ({reason})"
        )
    if reason in _CLIENT_CERTIFICATE_REFUSED:
        return f"the server refused the client certificate, or its absence ({reason})"
    return reason


class _Reset(HttpError):
    pass


def media_type(content_type: str | None) -> str | None:
    """The media type of a `Content-Type` header, lower-cased, without parameters
    (`application/vnd.oci.image.index.v1+json; charset=utf-8` → the index type), or None."""
    if not content_type:
        return None
    value = content_type.split(";", 1)[0].strip().lower()
    return value or None


def retry_after(value: str | None, default: float) -> float:
    """Seconds a `Retry-After` header asks for (delta-seconds or an HTTP date), else
    `default`; never negative, `inf` for absurd values."""
    if not value:
        return default
    value = value.strip()
    if re.fullmatch(r"[0-9]+", value):
        return float(value) if len(value) < 16 else float("inf")
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError, OSError):
        return default
