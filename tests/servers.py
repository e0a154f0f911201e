"""Real servers for the registry and engine tests, started from the test suite on loopback.

Everything here binds to 127.0.0.1 (the redirect target of the fault server to 127.0.0.2), runs
in a temporary directory, and is stopped at teardown; child processes are started in their own
session (`setsid`), with `PR_SET_PDEATHSIG=SIGKILL` so they die with the test process, and are
stopped by PID (SIGTERM to their process group, then SIGKILL).

- `start_registry`: Debian's `docker-registry` (distribution 2.8) with our own config (JSON is
  YAML): filesystem storage in the temp dir, `http.addr` 127.0.0.1:PORT, no debug listener,
  `REGISTRY_*` variables removed from its environment. `auth="basic"` adds htpasswd (bcrypt
  lines from `htpasswd -Bbn`), `auth="token"` adds `auth: token` with a `TokenIssuer` as realm.
  The access log (combined format, the registry's stdout) goes to `access.log`, the rest to
  `registry.log`; `RegistryServer.mark()` / `requests_since(mark)` count requests from it.
- `TokenIssuer`: a Docker token server (GET `/token?service=&scope=` with Basic credentials,
  and the OAuth2 POST form with `grant_type=password|refresh_token`), signing RS256 JWTs with a
  key and self-signed certificate made by the `openssl` CLI; the certificate goes in the JWT
  `x5c` header and in the registry's `rootcertbundle`. RSA signing is done in pure Python
  (PKCS#1 v1.5 over SHA-256, the key's numbers read once from `openssl rsa -text`).
- `build_fixture_layout` + `RegistryServer.push_fixtures`: images built with umoci
  (tests/images.py) and pushed with `skopeo copy --dest-tls-verify=false [--dest-creds]`:
  OCI image, OCI index with annotations, a policy-violating OCI image and one pushed by digest
  only (`--preserve-digests`, `--all` for the index), a Docker v2s2 image and a Docker manifest
  list (`--format v2s2`: skopeo's oci: transport does not read Docker-typed manifests, so they
  are converted on the way). Then each is read back over HTTP (`describe`): digest of the
  bytes, media type, per-platform manifest and config digests, labels.
  The registry rewrites a Docker image fetched by tag without the v2 type in `Accept` to
  schema 1, which needs history: umoci images made with `--no-history` get 400
  MANIFEST_INVALID ("empty history") instead, so the `docker` image is built with history.
- `RegistryServer.docker_config`: a DOCKER_CONFIG directory as `docker login` leaves it
  (`auths` user:password, `identitytoken`, or `credHelpers` with a `docker-credential-*`
  script).
- `FaultServer`: a threaded `http.server` speaking just enough of the distribution API to
  produce what a real registry cannot (hangs, lying digests and lengths, 50 MB manifests, 429
  and 5xx then success, resets, cross-host redirects, Bearer challenges). Routes map a path to
  a behaviour (`Serve`, `Status`, `Hang`, `Trickle`, `Large`, `Reset`, `Redirect`, `Attempts`,
  `RequireAuth`, `TokenEndpoint`, or any callable taking an `Exchange`); every request is
  recorded with its headers.
- `start_podman`: podman's Docker-compatible API on a unix socket, with its own storage. As
  root in this sandbox (no systemd, no journald, cgroup v1, no network namespace needed since
  no container runs) podman needs:
      podman --root R --runroot RR --storage-driver vfs --cgroup-manager cgroupfs
             --events-backend file --tmpdir T  system service --time=0 unix://SOCKET
  plus `CONTAINERS_CONF`, `CONTAINERS_STORAGE_CONF` and `CONTAINERS_REGISTRIES_CONF` pointing at
  files in the temp dir (so /etc/containers and ~/.config are not read: the host's
  `libpod.conf` asks for the systemd cgroup manager) and `TMPDIR` in the temp dir. podman
  refuses a `--runroot` longer than 50 characters ("the specified runroot is longer than 50
  characters"), so the runroot and the socket go in a short /tmp/ocilint-podman-* directory.
  Images are loaded with `podman ... load -i docker-archive.tar` (made by skopeo from a umoci
  image); a docker-archive tagged `acme/engine:1.0` is listed as `docker.io/acme/engine:1.0`
  and found by either name (and by ID) at `GET /images/{name}/json`.

- `DelayingProxy`: a TCP proxy on 127.0.0.1 adding a round-trip time to every exchange (and one
  more to each new connection), for the speed benchmark's slow link; it counts connections,
  and those the client sent something on.

`PR_SET_PDEATHSIG` fires when the *thread* that started the child exits: start servers from
the main thread (pytest fixtures do).
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import email.message
import hashlib
import http.client
import http.server
import json
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tests.images import (
    DOCKER_LIST,
    DOCKER_MANIFEST,
    GOOD_LABELS,
    OCI_INDEX,
    OCI_MANIFEST,
    build_image,
    descriptor_for,
    require_tools,
    write_index,
)

LOOPBACK = "127.0.0.1"
OTHER_LOOPBACK = "127.0.0.2"  # a second loopback host for cross-host redirects
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
MANIFEST_ACCEPT = ", ".join((OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST))

REGISTRY_TOOLS = ("docker-registry", "skopeo", "umoci")
BASIC_TOOLS = (*REGISTRY_TOOLS, "htpasswd")
TOKEN_TOOLS = (*REGISTRY_TOOLS, "openssl")
PODMAN_TOOLS = ("podman", "skopeo", "umoci")

#: Seconds each server took to start, for the summary at the end of the session.
STARTUP_TIMES: dict[str, float] = {}


# --------------------------------------------------------------------------------------------
# Processes


_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)


def _die_with_parent(parent: int) -> Callable[[], None]:
    def preexec() -> None:  # runs in the child, between fork and exec
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl
            os._exit(1)

    return preexec


def spawn(
    command: Sequence[str],
    log: Path,
    *,
    stderr: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start `command` in a new session (`setsid`), stdin from /dev/null, stdout to `log` and
    stderr there too (or to `stderr`), killed (SIGKILL) when this thread dies."""
    with contextlib.ExitStack() as files:
        stdout = files.enter_context(open(log, "ab"))
        errors = files.enter_context(open(stderr, "ab")) if stderr else subprocess.STDOUT
        return subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=errors,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_die_with_parent(os.getpid()),
        )


def _exited(pid: int) -> bool:
    """Whether `pid` (our child) has exited, without reaping it: its PID and process group id
    stay reserved until `wait()`."""
    try:
        result = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return True
    return result is not None


def stop_process(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """SIGTERM to the child's process group, SIGKILL after `grace` seconds, then SIGKILL to
    whatever is left in the group, and reap the child."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while not _exited(process.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        # The leader is a zombie (or still running): its group id cannot have been reused.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(grace)


def pid_alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError, ProcessLookupError):
        return False
    return state != "Z"


def group_pids(pgid: int) -> list[int]:
    """PIDs of the live processes in process group `pgid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError, ProcessLookupError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _hex_address(text: str) -> str:
    host, port = text.split(":")
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        address = socket.inet_ntop(socket.AF_INET, raw[::-1])
    else:  # four little-endian 32-bit words
        words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
        address = socket.inet_ntop(socket.AF_INET6, words)
    return f"{address}:{int(port, 16)}"


def listening_sockets(pids: Iterable[int]) -> list[str]:
    """ "ADDRESS:PORT" of every TCP socket in LISTEN state that `pids` hold open."""
    inodes = set()
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, PermissionError, ProcessLookupError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(FileNotFoundError, OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:
                    found.append(_hex_address(fields[1]))
    return sorted(found)


def run_tool(
    *command: str,
    cwd: Path | None = None,
    timeout: float = 120,
    env: Mapping[str, str] | None = None,
) -> str:
    """Run a command; raise with its stderr when it fails."""
    completed = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=dict(env) if env is not None else None,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {completed.returncode}: {completed.stderr.strip()}"
        )
    return completed.stdout


def skopeo_command(*args: str, workdir: Path) -> str:
    """skopeo with an accept-anything policy file in `workdir` (no /etc/containers needed)
    and its temporary files there too (not /var/tmp). It still updates its blob-info cache,
    /var/lib/containers/cache/blob-info-cache-v1.boltdb, as tests/images.py's skopeo does."""
    policy = workdir / "policy.json"
    if not policy.exists():
        policy.write_text('{"default": [{"type": "insecureAcceptAnything"}]}')
    env = {**os.environ, "TMPDIR": str(workdir)}
    return run_tool("skopeo", "--policy", str(policy), *args, cwd=workdir, env=env)


def free_port(host: str = LOOPBACK) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)


# --------------------------------------------------------------------------------------------
# Plain HTTP client (urllib), for the tests of the servers themselves


@dataclass
class Response:
    status: int
    headers: email.message.Message[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def http_request(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    data: bytes | None = None,
    timeout: float = 10,
    follow_redirects: bool = True,
) -> Response:
    """One request with urllib; HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, data=data, headers=dict(headers or {}), method=method)
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if not follow_redirects:
        handlers.append(_NoRedirect())
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Response(error.code, error.headers, error.read())


def basic_authorization(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------
# Threaded loopback HTTP servers


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins every handler thread
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], owner: LoopbackServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self.handler_threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def finish_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self.handler_threads.append(threading.current_thread())
        super().finish_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm holds the
    # body until the client's delayed ACK (40 ms per response on Linux). Go servers (the
    # distribution registry) set it, as here.
    disable_nagle_algorithm = True
    timeout = 30  # an idle keep-alive connection ends by itself
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _dispatch(self) -> None:
        if self.server.stopping.is_set():
            self.close_connection = True
            return
        try:
            self.server.owner.handle(self)
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            self.close_connection = True

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch


class LoopbackServer:
    """A threaded HTTP server on `host` (a free port unless given), serving until `stop()`;
    `stop()` ends open connections and joins every handler thread."""

    def __init__(self, host: str = LOOPBACK, port: int = 0) -> None:
        self._server = _HTTPServer((host, port), self)
        self.host = host
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{type(self).__name__}-{self.port}",
            daemon=True,
        )
        self._thread.start()

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"

    @property
    def stopping(self) -> threading.Event:
        return self._server.stopping

    def handle(self, handler: _Handler) -> None:
        raise NotImplementedError

    def live_threads(self) -> list[threading.Thread]:
        """This server's threads that are still running (none after `stop()`)."""
        threads = [*self._server.handler_threads, self._thread]
        return [thread for thread in threads if thread.is_alive()]

    def stop(self) -> None:
        if self._server.stopping.is_set():
            return
        self._server.stopping.set()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join(10)

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _read_body(handler: _Handler) -> bytes:
    if "chunked" in handler.headers.get("Transfer-Encoding", "").lower():  # Go's clients do
        chunks: list[bytes] = []
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                    pass
                return b"".join(chunks)
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else b""


def _send(
    handler: _Handler,
    status: int,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    content_type: str = "application/json",
) -> None:
    handler.send_response(status)
    all_headers = {
        "Content-Type": content_type,
        "Content-Length": str(len(body)),
        **(headers or {}),
    }
    for name, value in all_headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


# --------------------------------------------------------------------------------------------
# Token issuer (the realm of a registry with `auth: token`)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


class RSAKey:
    """An RSA key made by the openssl CLI, and RS256 signatures computed from its numbers."""

    def __init__(self, key_path: Path, cert_path: Path) -> None:
        self.key_path = key_path
        self.cert_path = cert_path
        text = run_tool("openssl", "rsa", "-in", str(key_path), "-noout", "-text")
        self.modulus = self._number(text, "modulus")
        self.private_exponent = self._number(text, "privateExponent")
        self.size = (self.modulus.bit_length() + 7) // 8
        pem = cert_path.read_text()
        body = pem.split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
        self.certificate_der = base64.b64decode("".join(body.split()))

    @staticmethod
    def _number(text: str, name: str) -> int:
        match = re.search(rf"^{name}:\s*\n((?:\s+[0-9a-f:]+\n)+)", text, re.MULTILINE)
        if match is None:
            raise ValueError(f"no {name} in openssl output")
        return int(re.sub(r"[\s:]", "", match.group(1)), 16)

    @classmethod
    def generate(cls, directory: Path, subject: str = "/CN=ocilint test token issuer") -> RSAKey:
        key, cert = directory / "token-key.pem", directory / "token-cert.pem"
        run_tool(
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
            "-subj", subject, "-keyout", str(key), "-out", str(cert),
        )  # fmt: skip
        return cls(key, cert)

    def sign(self, message: bytes) -> bytes:
        """RSASSA-PKCS1-v1_5 with SHA-256 (JWS `RS256`)."""
        digest_info = _SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
        padded = b"\x00\x01" + b"\xff" * (self.size - len(digest_info) - 3) + b"\x00" + digest_info
        signature = pow(int.from_bytes(padded, "big"), self.private_exponent, self.modulus)
        return signature.to_bytes(self.size, "big")

    def jwt(self, claims: Mapping[str, Any]) -> str:
        header = {
            "typ": "JWT",
            "alg": "RS256",
            "x5c": [base64.b64encode(self.certificate_der).decode()],
        }
        signing_input = (
            f"{_b64url(json.dumps(header).encode())}.{_b64url(json.dumps(claims).encode())}"
        )
        return f"{signing_input}.{_b64url(self.sign(signing_input.encode()))}"


def decode_jwt(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, claims) of a JWT, unverified."""
    header, claims, _ = token.split(".")
    return json.loads(_b64url_decode(header)), json.loads(_b64url_decode(claims))


class TokenRequest(NamedTuple):
    method: str
    user: str | None  # None: anonymous; the user name as sent when the credentials were wrong
    authenticated: bool
    scopes: tuple[str, ...]
    service: str | None
    status: int
    granted: tuple[str, ...]  # "repository:NAME:pull,push" entries actually granted
    headers: tuple[tuple[str, str], ...]


class TokenIssuer(LoopbackServer):
    """Docker's token flow (distribution's token spec) on loopback.

    `users` maps a user name to (password, actions granted on every repository);
    `anonymous` are the actions granted without credentials (none by default: an anonymous
    token then carries no access and the registry answers 401). Wrong credentials get 401 from
    the issuer itself. `identity_tokens` maps an identity (refresh) token to a user, for the
    OAuth2 POST form (`grant_type=refresh_token`), as Docker's `identitytoken` uses.
    """

    def __init__(
        self,
        key: RSAKey,
        *,
        users: Mapping[str, tuple[str, Sequence[str]]],
        anonymous: Sequence[str] = (),
        identity_tokens: Mapping[str, str] | None = None,
        service: str = "ocilint-test-registry",
        issuer: str = "ocilint-test-issuer",
        lifetime: int = 300,
    ) -> None:
        self.key = key
        self.users = {
            user: (password, tuple(actions)) for user, (password, actions) in users.items()
        }
        self.anonymous = tuple(anonymous)
        self.identity_tokens = dict(identity_tokens or {})
        self.service = service
        self.issuer = issuer
        self.lifetime = lifetime
        self.requests: list[TokenRequest] = []
        self._lock = threading.Lock()
        super().__init__(LOOPBACK)

    @property
    def realm(self) -> str:
        return f"{self.url}/token"

    def grant(self, user: str | None, scopes: Iterable[str]) -> list[dict[str, Any]]:
        allowed = self.users[user][1] if user is not None else self.anonymous
        access: list[dict[str, Any]] = []
        for scope in scopes:
            for item in scope.split(" "):
                parts = item.split(":")
                if len(parts) < 3 or parts[0] != "repository":
                    continue
                name, actions = ":".join(parts[1:-1]), parts[-1].split(",")
                granted = [action for action in actions if action in allowed]
                for entry in access:
                    if entry["name"] == name:
                        entry["actions"] += [a for a in granted if a not in entry["actions"]]
                        break
                else:
                    if granted:
                        access.append({"type": "repository", "name": name, "actions": granted})
        return access

    def token_for(
        self, user: str | None, scopes: Iterable[str] = ()
    ) -> tuple[str, list[dict[str, Any]]]:
        now = int(time.time())
        access = self.grant(user, scopes)
        claims = {
            "iss": self.issuer,
            "sub": user or "",
            "aud": self.service,  # distribution 2.8 wants a string here
            "exp": now + self.lifetime,
            "nbf": now - 10,
            "iat": now - 10,
            "jti": secrets.token_hex(8),
            "access": access,
        }
        return self.key.jwt(claims), access

    def handle(self, handler: _Handler) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        if parsed.path != "/token" or handler.command not in ("GET", "POST"):
            _send(handler, 404, b'{"error": "not found"}')
            return
        query = urllib.parse.parse_qs(parsed.query)
        body = _read_body(handler)
        user: str | None = None
        password: str | None = None
        refresh: str | None = None
        if handler.command == "POST":  # OAuth2 form
            form = urllib.parse.parse_qs(body.decode())
            query = {**query, **form}
            grant_type = (form.get("grant_type") or [""])[0]
            if grant_type == "password":
                user = form.get("username", [""])[0] or None
                password = (form.get("password") or [""])[0]
            elif grant_type == "refresh_token":
                refresh = (form.get("refresh_token") or [""])[0]
        authorization = handler.headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            with contextlib.suppress(ValueError):
                user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
        scopes = tuple(query.get("scope", []))
        service = query.get("service", [""])[0] or None
        if refresh is not None:
            user = self.identity_tokens.get(refresh)
            authenticated = user is not None
        elif user is not None:
            authenticated = user in self.users and secrets.compare_digest(
                self.users[user][0], password or ""
            )
        else:
            authenticated = True  # anonymous
        ok = authenticated and service in (None, self.service)
        token, access = self.token_for(user, scopes) if ok else ("", [])
        record = TokenRequest(
            method=handler.command,
            user=user,
            authenticated=authenticated,
            scopes=scopes,
            service=service,
            status=200 if ok else 401,
            granted=tuple(f"repository:{a['name']}:{','.join(a['actions'])}" for a in access),
            headers=tuple(handler.headers.items()),
        )
        with self._lock:
            self.requests.append(record)
        if not ok:
            _send(handler, 401, b'{"details": "incorrect username or password"}',
                  {"WWW-Authenticate": f'Basic realm="{self.realm}"'})  # fmt: skip
            return
        document: dict[str, Any] = {
            "token": token,
            "access_token": token,
            "expires_in": self.lifetime,
            "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        if handler.command == "POST" and refresh is not None:
            document["refresh_token"] = refresh
        _send(handler, 200, json.dumps(document).encode())


# --------------------------------------------------------------------------------------------
# The registry


class LoggedRequest(NamedTuple):
    method: str
    path: str  # as requested, with the query string
    status: int


_ACCESS_LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]]*\] "(\S+) (\S+) [^"]*" (\d{3}) ')


def request_kind(path: str) -> str:
    """'ping', 'manifest', 'blob', 'upload', 'tags', 'catalog' or 'other', for counting."""
    path = urllib.parse.urlsplit(path).path
    if path in ("/v2", "/v2/"):
        return "ping"
    if "/blobs/uploads" in path:
        return "upload"
    for marker, kind in (("/manifests/", "manifest"), ("/blobs/", "blob"), ("/tags/list", "tags")):
        if marker in path:
            return kind
    return "catalog" if path == "/v2/_catalog" else "other"


@dataclass(frozen=True)
class PlatformImage:
    """One image manifest: the image itself, or one platform of an index."""

    os: str
    architecture: str
    digest: str
    media_type: str
    size: int
    config_digest: str
    config_media_type: str
    labels: Mapping[str, str]


@dataclass(frozen=True)
class PushedImage:
    name: str  # the fixture's key: single, index, docker, list, bad, untagged
    repository: str  # acme/single
    tag: str | None  # None: pushed by digest only
    digest: str  # of the top-level manifest or index, as served (sha256 of its bytes)
    media_type: str  # the Content-Type the registry serves it with
    size: int
    reference: str  # 127.0.0.1:PORT/acme/single:1.0 (by digest when untagged)
    digest_reference: str  # 127.0.0.1:PORT/acme/single@sha256:...
    annotations: Mapping[str, str]
    platforms: tuple[PlatformImage, ...]  # one for a single image, one per platform for an index

    @property
    def is_index(self) -> bool:
        return self.media_type in (OCI_INDEX, DOCKER_LIST)


@dataclass
class RegistryServer:
    """A running `docker-registry`. `images` holds what `push_fixtures` pushed."""

    auth: str  # "none", "basic" or "token"
    host: str
    port: int
    directory: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    access_log_path: Path
    users: dict[str, str]  # user -> password
    username: str | None = None  # the user with push (and pull) rights
    password: str | None = None
    reader: str | None = None  # token auth: a user granted pull only
    reader_password: str | None = None
    issuer: TokenIssuer | None = None
    started_in: float = 0.0
    images: dict[str, PushedImage] = field(default_factory=dict)
    _marks: int = 0

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def address(self) -> str:
        """host:port, the registry part of a reference."""
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"

    @property
    def creds(self) -> str | None:
        """user:password for skopeo's --creds, or None without auth."""
        return f"{self.username}:{self.password}" if self.username else None

    def reference(self, repository: str, tag: str = "latest") -> str:
        return f"{self.address}/{repository}:{tag}"

    def authorization(
        self, repository: str | None = None, user: str | None = None
    ) -> dict[str, str]:
        """Headers for a direct request as `user` (the pushing user by default): Basic
        credentials (htpasswd), or a Bearer token from the issuer for `repository` (token)."""
        user = user or self.username
        if self.auth == "basic" and user:
            return {"Authorization": basic_authorization(user, self.users[user])}
        if self.auth == "token" and self.issuer is not None:
            scopes = [f"repository:{repository}:pull,push"] if repository else []
            token, _ = self.issuer.token_for(user, scopes)
            return {"Authorization": f"Bearer {token}"}
        return {}

    def get(self, path: str, accept: str | None = None, user: str | None = None) -> Response:
        """GET `path` (/v2/...) with the credentials of `user`; does not count in the
        fixture's own requests (it is in the access log, though: mark after it)."""
        match = re.match(r"^/v2/(.+?)/(?:manifests|blobs|tags)/", path)
        headers = self.authorization(match.group(1) if match else None, user)
        if accept:
            headers["Accept"] = accept
        return http_request(self.url + path, headers=headers)

    def manifest(self, repository: str, reference: str, accept: str = MANIFEST_ACCEPT) -> Response:
        return self.get(f"/v2/{repository}/manifests/{reference}", accept)

    def blob(self, repository: str, digest: str) -> Response:
        return self.get(f"/v2/{repository}/blobs/{digest}")

    def docker_config(
        self,
        directory: Path,
        *,
        user: str | None = None,
        identity_token: bool = False,
        helper: str | None = None,
    ) -> Path:
        """Write `directory`/config.json as `docker login` would for this registry and return
        `directory` (for DOCKER_CONFIG): `auths` with base64 user:password, or with the
        issuer's `identitytoken` (token auth), or `credHelpers` naming `helper`, whose
        `docker-credential-HELPER` script is written to `directory`/bin (put it on PATH; it
        appends each server URL it is asked for to `directory`/helper.log)."""
        user = user or self.username
        if user is None:
            raise ValueError("this registry has no users")
        directory.mkdir(parents=True, exist_ok=True)
        config: dict[str, Any]
        if helper:
            config = {"credHelpers": {self.address: helper}}
            bin_dir = directory / "bin"
            bin_dir.mkdir(exist_ok=True)
            secret = json.dumps(
                {"ServerURL": self.address, "Username": user, "Secret": self.users[user]}
            )
            script = bin_dir / f"docker-credential-{helper}"
            script.write_text(
                "#!/bin/sh\n"
                '[ "$1" = get ] || exit 1\n'
                "read -r server\n"
                f'printf "%s\\n" "$server" >> "{directory / "helper.log"}"\n'
                f'case "$server" in *{self.address}) ;; '
                '*) echo "credentials not found in native keychain"; exit 1;; esac\n'
                f"printf '%s\\n' '{secret}'\n"
            )
            script.chmod(0o755)
        elif identity_token:
            if self.issuer is None:
                raise ValueError("identity tokens need token auth")
            token = next(key for key, who in self.issuer.identity_tokens.items() if who == user)
            # As `az acr login` writes it: the user name and an empty password, and the token.
            user_only = base64.b64encode(f"{user}:".encode()).decode()
            config = {"auths": {self.address: {"auth": user_only, "identitytoken": token}}}
        else:
            auth = base64.b64encode(f"{user}:{self.users[user]}".encode()).decode()
            config = {"auths": {self.address: {"auth": auth}}}
        (directory / "config.json").write_text(json.dumps(config, indent=2))
        return directory

    # Request accounting, from the registry's access log

    def _sync(self) -> int:
        """Send a marker request and wait until the access log shows it; return the number of
        access-log lines up to and including it. Requests completed before the call are then
        in the log (the log line is written after the response)."""
        self._marks += 1
        marker = f"/v2/_ocilint_mark_/{os.getpid()}-{self._marks}"
        http_request(self.url + marker, timeout=10)
        found: list[int] = []

        def logged() -> bool:
            lines = self._access_lines()
            for number, line in enumerate(lines, 1):
                if f" {marker} " in line:
                    found.append(number)
                    return True
            return False

        wait_until(logged, 10, f"{marker} in {self.access_log_path}")
        return found[0]

    def _access_lines(self) -> list[str]:
        return self.access_log_path.read_text(errors="replace").splitlines()

    def mark(self) -> int:
        """A point in the access log; pass it to `requests_since`."""
        return self._sync()

    def requests_since(self, mark: int) -> list[LoggedRequest]:
        """(method, path, status) of every request the registry answered after `mark`, in log
        order, without the marker requests themselves."""
        end = self._sync()
        result = []
        for line in self._access_lines()[mark:end]:
            match = _ACCESS_LINE.match(line)
            if match and "/_ocilint_mark_/" not in match.group(2):
                result.append(LoggedRequest(match.group(1), match.group(2), int(match.group(3))))
        return result

    # Content

    def push(
        self,
        source: str,
        repository: str,
        tag: str | None = None,
        *,
        digest: str | None = None,
        all_platforms: bool = False,
        docker: bool = False,
        workdir: Path | None = None,
    ) -> str:
        """skopeo copy `source` (e.g. oci:/path/layout:tag) to repository:tag, or to
        repository@digest (which must be the source's digest); digests are preserved unless
        `docker` converts to Docker v2s2 (and manifest lists with `all_platforms`). Returns
        the digest of the manifest the registry now holds."""
        workdir = workdir or self.directory
        handle, name = tempfile.mkstemp(prefix="digest-", dir=workdir)
        os.close(handle)
        digest_file = Path(name)
        command = ["copy", "--dest-tls-verify=false", "--digestfile", str(digest_file)]
        command += ["--format", "v2s2"] if docker else ["--preserve-digests"]
        if all_platforms:
            command.append("--all")
        if self.creds:
            command += ["--dest-creds", self.creds]
        destination = f"{self.address}/{repository}" + (
            f"@{digest}" if digest else f":{tag or 'latest'}"
        )
        skopeo_command(*command, source, f"docker://{destination}", workdir=workdir)
        pushed = digest_file.read_text().strip()
        digest_file.unlink()
        return pushed

    def describe(self, name: str, repository: str, reference: str) -> PushedImage:
        """What the registry serves for repository:reference, read back over HTTP: the
        digest (checked against the bytes), the media type, annotations and, per platform,
        the manifest and config digests and the labels."""
        response = self.manifest(repository, reference)
        if response.status != 200:
            raise RuntimeError(
                f"{repository}:{reference}: {response.status} {response.body[:300]!r}"
            )
        digest = sha256_digest(response.body)
        if response.headers.get("Docker-Content-Digest") not in (None, digest):
            raise AssertionError(f"{repository}:{reference}: Docker-Content-Digest is not {digest}")
        media_type = response.headers.get_content_type()
        document = response.json()
        if media_type in (OCI_INDEX, DOCKER_LIST):
            platforms = []
            for entry in document["manifests"]:
                child = self.manifest(repository, entry["digest"])
                platforms.append(
                    self._platform(repository, entry["digest"], child, entry.get("platform"))
                )
        else:
            platforms = [self._platform(repository, digest, response, None)]
        tag = None if reference.startswith("sha256:") else reference
        return PushedImage(
            name=name,
            repository=repository,
            tag=tag,
            digest=digest,
            media_type=media_type,
            size=len(response.body),
            reference=f"{self.address}/{repository}" + (f":{tag}" if tag else f"@{digest}"),
            digest_reference=f"{self.address}/{repository}@{digest}",
            annotations=document.get("annotations") or {},
            platforms=tuple(platforms),
        )

    def _platform(
        self, repository: str, digest: str, response: Response, platform: Mapping[str, str] | None
    ) -> PlatformImage:
        manifest = response.json()
        config_response = self.blob(repository, manifest["config"]["digest"])
        config = config_response.json()
        return PlatformImage(
            os=(platform or {}).get("os") or config["os"],
            architecture=(platform or {}).get("architecture") or config["architecture"],
            digest=digest,
            media_type=response.headers.get_content_type(),
            size=len(response.body),
            config_digest=manifest["config"]["digest"],
            config_media_type=manifest["config"]["mediaType"],
            labels=(config.get("config") or {}).get("Labels") or {},
        )

    def push_fixtures(self, layout: FixtureLayout) -> dict[str, PushedImage]:
        """Push the standard images (`FIXTURE_IMAGES`) and describe them into `images`."""
        started = time.monotonic()
        for spec in layout.images:
            digest = self.push(
                f"oci:{layout.path}:{spec.layout_tag}",
                spec.repository,
                spec.tag,
                digest=None if spec.tag else layout.digest(spec.layout_tag),
                all_platforms=spec.index,
                docker=spec.docker,
            )
            image = self.describe(spec.name, spec.repository, spec.tag or digest)
            if image.digest != digest:
                raise AssertionError(
                    f"{spec.name}: skopeo pushed {digest}, registry has {image.digest}"
                )
            if not spec.docker and digest != layout.digest(spec.layout_tag):
                raise AssertionError(f"{spec.name}: digest not preserved")
            self.images[spec.name] = image
        STARTUP_TIMES[f"push fixtures ({self.auth})"] = time.monotonic() - started
        return self.images

    def stop(self) -> None:
        stop_process(self.process)
        if self.issuer is not None:
            self.issuer.stop()


def _registry_config(directory: Path, port: int, auth: Mapping[str, Any] | None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "version": "0.1",
        "log": {"level": "info", "formatter": "text", "accesslog": {"disabled": False}},
        "storage": {
            "filesystem": {"rootdirectory": str(directory / "data")},
            "delete": {"enabled": True},
            "cache": {"blobdescriptor": "inmemory"},
            "maintenance": {"uploadpurging": {"enabled": False}},
        },
        "http": {"addr": f"{LOOPBACK}:{port}", "secret": secrets.token_hex(16)},
        "health": {"storagedriver": {"enabled": False}},
    }
    if auth:
        config["auth"] = dict(auth)
    return config


def _spawn_registry(directory: Path, config: Mapping[str, Any]) -> subprocess.Popen[bytes]:
    config_path = directory / "config.yml"
    config_path.write_text(json.dumps(config, indent=2))  # JSON is YAML
    env = {key: value for key, value in os.environ.items() if not key.startswith("REGISTRY_")}
    # stdout is gorilla's access log (combined format), stderr logrus' log.
    return spawn(
        ["docker-registry", "serve", str(config_path)],
        directory / "access.log",
        stderr=directory / "registry.log",
        env=env,
        cwd=directory,
    )


def _wait_for_http(
    url: str, process: subprocess.Popen[bytes] | None, log: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"{url}: server exited {process.returncode}: {log.read_text()[-2000:]}"
            )
        try:
            http_request(url, timeout=1)
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{url} did not answer in {timeout} s: {log.read_text()[-2000:]}"
                ) from None
            time.sleep(0.02)


@contextlib.contextmanager
def start_registry(
    directory: Path,
    auth: str = "none",
    *,
    anonymous: Sequence[str] = (),
    name: str | None = None,
) -> Iterator[RegistryServer]:
    """A `docker-registry` on 127.0.0.1 in `directory`, stopped on exit.

    auth="basic": htpasswd with users `ocilint` and `reader` (random passwords).
    auth="token": a `TokenIssuer` grants `ocilint` pull+push, `reader` pull, anonymous the
    `anonymous` actions (none by default).
    """
    require_tools(
        *(BASIC_TOOLS if auth == "basic" else TOKEN_TOOLS if auth == "token" else REGISTRY_TOOLS)
    )
    started = time.monotonic()
    directory.mkdir(parents=True, exist_ok=True)
    users = {"ocilint": "pw-" + secrets.token_hex(8), "reader": "rd-" + secrets.token_hex(8)}
    issuer: TokenIssuer | None = None
    auth_config: dict[str, Any] | None = None
    if auth == "basic":
        lines = [
            run_tool("htpasswd", "-Bbn", user, password).strip() for user, password in users.items()
        ]
        htpasswd = directory / "htpasswd"
        htpasswd.write_text("\n".join(lines) + "\n")
        auth_config = {"htpasswd": {"realm": "ocilint-test", "path": str(htpasswd)}}
    elif auth == "token":
        key = RSAKey.generate(directory)
        issuer = TokenIssuer(
            key,
            users={
                "ocilint": (users["ocilint"], ("pull", "push")),
                "reader": (users["reader"], ("pull",)),
            },
            anonymous=anonymous,
            identity_tokens={"idt-" + secrets.token_hex(8): user for user in users},
        )
        auth_config = {
            "token": {
                "realm": issuer.realm,
                "service": issuer.service,
                "issuer": issuer.issuer,
                "rootcertbundle": str(key.cert_path),
            }
        }
    elif auth != "none":
        raise ValueError(f"auth must be none, basic or token, not {auth!r}")
    server: RegistryServer | None = None
    try:
        for attempt in range(3):
            port = free_port()
            process = _spawn_registry(directory, _registry_config(directory, port, auth_config))
            server = RegistryServer(
                auth=auth,
                host=LOOPBACK,
                port=port,
                directory=directory,
                process=process,
                log_path=directory / "registry.log",
                access_log_path=directory / "access.log",
                users=users if auth != "none" else {},
                username="ocilint" if auth != "none" else None,
                password=users["ocilint"] if auth != "none" else None,
                reader="reader" if auth != "none" else None,
                reader_password=users["reader"] if auth != "none" else None,
                issuer=issuer,
            )
            try:
                _wait_for_http(server.url + "/v2/", process, server.log_path, 20)
                break
            except RuntimeError:
                stop_process(process)
                if "address already in use" not in server.log_path.read_text() or attempt == 2:
                    raise
        assert server is not None
        server.started_in = time.monotonic() - started
        STARTUP_TIMES[name or f"registry ({auth})"] = server.started_in
        yield server
    finally:
        if server is not None:
            stop_process(server.process)
        if issuer is not None:
            issuer.stop()


# --------------------------------------------------------------------------------------------
# Fixture images


@dataclass(frozen=True)
class ImageSpec:
    """How one standard image is pushed: from `layout_tag` of the fixture layout to
    `repository`:`tag` (or by digest only when `tag` is None), as OCI (digests preserved) or
    converted by skopeo to Docker v2s2 (`docker=True`)."""

    name: str
    layout_tag: str
    repository: str
    tag: str | None
    docker: bool = False
    index: bool = False


@dataclass(frozen=True)
class FixtureLayout:
    path: Path
    images: tuple[ImageSpec, ...]

    def digest(self, layout_tag: str) -> str:
        return str(descriptor_for(self.path, layout_tag)["digest"])


BAD_LABELS = {**GOOD_LABELS, "org.opencontainers.image.licenses": "MIT/Apache-2.0"}
INDEX_ANNOTATIONS = {
    **GOOD_LABELS,
    "org.opencontainers.image.created": "2024-01-01T00:00:00Z",
    "org.opencontainers.image.version": "1.0",
}
FIXTURE_IMAGES = (
    ImageSpec("single", "single", "acme/single", "1.0"),  # OCI image manifest
    ImageSpec("index", "index", "acme/index", "1.0", index=True),  # OCI index, annotated
    ImageSpec("docker", "history", "acme/docker", "1.0", docker=True),  # Docker v2 schema 2
    ImageSpec("list", "index", "acme/list", "1.0", docker=True, index=True),  # manifest list
    ImageSpec("bad", "bad", "acme/bad", "1.0"),  # breaks the label policies
    ImageSpec("untagged", "single", "acme/untagged", None),  # pushed by digest, no tag
)


def _build_with_history(layout: Path, tag: str) -> None:
    """Like images.build_image, with a history entry per step as `docker build` writes them:
    the registry needs history to rewrite a Docker image to schema 1 for an old client (it
    answers 400 MANIFEST_INVALID "empty history" otherwise)."""
    image = f"{layout}:{tag}"
    history = ["--history.created", "2024-01-01T00:00:00Z"]
    run_tool("umoci", "new", "--image", image)
    source = layout.parent / f"{layout.name}-{tag}-rootfs"
    source.mkdir(exist_ok=True)
    (source / "hello.txt").write_bytes(b"history\n")
    os.utime(source / "hello.txt", (0, 0))
    run_tool("umoci", "insert", "--image", image, *history, "--history.created_by",
             "COPY hello.txt /hello.txt", str(source / "hello.txt"), "/hello.txt")  # fmt: skip
    command = ["umoci", "config", "--image", image, *history, "--created", "2024-01-01T00:00:00Z",
               "--history.created_by", "LABEL ...", "--os", "linux", "--architecture", "amd64"]  # fmt: skip
    for key, value in GOOD_LABELS.items():
        command += ["--config.label", f"{key}={value}"]
    run_tool(*command)


def build_fixture_layout(directory: Path) -> FixtureLayout:
    """The standard images in the OCI layout `directory`/layout: `single` (OCI, good labels,
    a title annotation), `bad` (a license expression that is not SPDX, an empty title), and
    `index` (linux/amd64 + linux/arm64, annotated)."""
    started = time.monotonic()
    require_tools("umoci")
    layout = directory / "layout"
    build_image(layout, "single", GOOD_LABELS, {"org.opencontainers.image.title": "single"})
    build_image(layout, "bad", BAD_LABELS, {"org.opencontainers.image.title": ""}, content=b"bad\n")
    build_image(layout, "amd64", GOOD_LABELS, architecture="amd64", content=b"amd64\n")
    build_image(layout, "arm64", GOOD_LABELS, architecture="arm64", content=b"arm64\n")
    write_index(
        layout,
        "index",
        [("amd64", "linux", "amd64"), ("arm64", "linux", "arm64")],
        INDEX_ANNOTATIONS,
    )
    _build_with_history(layout, "history")
    STARTUP_TIMES["fixture images (umoci)"] = time.monotonic() - started
    return FixtureLayout(layout, FIXTURE_IMAGES)


# --------------------------------------------------------------------------------------------
# The fault server


class RecordedRequest(NamedTuple):
    method: str
    path: str  # with the query string
    headers: tuple[tuple[str, str], ...]
    body: bytes
    time: float

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class Exchange:
    """What a behaviour gets: the request, and ways to answer (or not)."""

    def __init__(self, server: FaultServer, handler: _Handler, request: RecordedRequest) -> None:
        self.server = server
        self.handler = handler
        self.request = request

    @property
    def method(self) -> str:
        return self.request.method

    @property
    def stopping(self) -> threading.Event:
        return self.server.stopping

    def send_head(self, status: int, headers: Mapping[str, str]) -> None:
        self.handler.send_response(status)
        merged = {"Docker-Distribution-Api-Version": "registry/2.0", **headers}
        for name, value in merged.items():
            self.handler.send_header(name, value)
        if "Content-Length" not in merged:
            self.handler.send_header("Connection", "close")
            self.handler.close_connection = True
        self.handler.end_headers()
        self.handler.wfile.flush()

    def write(self, data: bytes) -> bool:
        """Send body bytes; False when the client has gone."""
        if self.method == "HEAD":
            return True
        try:
            self.handler.wfile.write(data)
            self.handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.handler.close_connection = True
            return False
        return True

    def reply(
        self, status: int, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_head(
            status,
            {
                "Content-Type": "application/json",
                "Content-Length": str(len(body)),
                **(headers or {}),
            },
        )
        self.write(body)

    def close(self) -> None:
        """End the connection after this exchange."""
        self.handler.close_connection = True

    def wait(self, seconds: float) -> None:
        """Sleep, but end early when the server stops."""
        self.stopping.wait(seconds)


Behaviour = Callable[[Exchange], None]

AUTO = "auto"


def error_body(code: str, message: str) -> bytes:
    return json.dumps({"errors": [{"code": code, "message": message, "detail": None}]}).encode()


@dataclass
class Serve:
    """Serve `body`. `digest`: "auto" (sha256 of the body), None (no header) or a lie.
    `content_length`: None (the truth) or a lie (the connection is then closed after the body)."""

    body: bytes
    content_type: str = OCI_MANIFEST
    status: int = 200
    digest: str | None = AUTO
    content_length: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, exchange: Exchange) -> None:
        headers = {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}
        if self.digest == AUTO:
            headers["Docker-Content-Digest"] = sha256_digest(self.body)
        elif self.digest is not None:
            headers["Docker-Content-Digest"] = self.digest
        if self.content_length is not None:
            headers["Content-Length"] = str(self.content_length)
            exchange.close()
        headers.update(self.headers)
        exchange.send_head(self.status, headers)
        exchange.write(self.body)


@dataclass
class Status:
    """Answer `status` with a distribution error body (e.g. 429 + Retry-After, 500, 404)."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None

    def __call__(self, exchange: Exchange) -> None:
        body = (
            self.body if self.body is not None else error_body("UNKNOWN", f"status {self.status}")
        )
        exchange.reply(self.status, body, self.headers)


@dataclass
class Hang:
    """Never answer (or stop after the headers, or after `partial` body bytes) for `seconds`,
    then close the connection. Ends early when the server stops."""

    seconds: float = 3.0
    after_headers: bool = False
    partial: bytes = b""
    content_type: str = OCI_MANIFEST
    content_length: int = 1000

    def __call__(self, exchange: Exchange) -> None:
        exchange.close()
        if self.after_headers or self.partial:
            exchange.send_head(
                200, {"Content-Type": self.content_type, "Content-Length": str(self.content_length)}
            )
            if self.partial:
                exchange.write(self.partial)
        exchange.wait(self.seconds)


@dataclass
class Trickle:
    """Send `body` `chunk` bytes at a time every `interval` seconds (each read is fast, the
    whole is slow), for at most `limit` seconds, then close."""

    body: bytes
    content_type: str = OCI_MANIFEST
    chunk: int = 1
    interval: float = 0.2
    limit: float = 5.0

    def __call__(self, exchange: Exchange) -> None:
        exchange.close()
        exchange.send_head(200, {
            "Content-Type": self.content_type, "Content-Length": str(len(self.body)),
            "Docker-Content-Digest": sha256_digest(self.body),
        })  # fmt: skip
        deadline = time.monotonic() + self.limit
        for start in range(0, len(self.body), self.chunk):
            if time.monotonic() > deadline or exchange.stopping.is_set():
                return
            if not exchange.write(self.body[start : start + self.chunk]):
                return
            exchange.wait(self.interval)


class Large:
    """A valid JSON manifest of `size` bytes (50 MB by default), generated while streaming; its
    digest is computed once by streaming too. `content_length=False` sends no length (the
    connection then ends the body). `bytes_sent` tells how far the client let it get."""

    def __init__(
        self,
        size: int = 50 * 1024 * 1024,
        content_type: str = OCI_MANIFEST,
        *,
        content_length: bool = True,
        digest: bool = True,
        chunk: int = 64 * 1024,
    ) -> None:
        self.content_type = content_type
        self.size = size
        self.content_length = content_length
        self.send_digest = digest
        self.chunk = chunk
        self.bytes_sent = 0
        self._prefix = json.dumps({
            "schemaVersion": 2, "mediaType": content_type,
            "config": {"mediaType": OCI_CONFIG, "digest": "sha256:" + "0" * 64, "size": 2},
            "layers": [],
        })[:-1].encode() + b', "annotations": {"padding": "'  # fmt: skip
        self._suffix = b'"}}'
        if size < len(self._prefix) + len(self._suffix):
            raise ValueError("size too small")
        self._digest: str | None = None

    def chunks(self) -> Iterator[bytes]:
        yield self._prefix
        remaining = self.size - len(self._prefix) - len(self._suffix)
        block = b"a" * self.chunk
        while remaining > 0:
            piece = block if remaining >= self.chunk else block[:remaining]
            remaining -= len(piece)
            yield piece
        yield self._suffix

    @property
    def digest(self) -> str:
        if self._digest is None:
            hasher = hashlib.sha256()
            for piece in self.chunks():
                hasher.update(piece)
            self._digest = "sha256:" + hasher.hexdigest()
        return self._digest

    def __call__(self, exchange: Exchange) -> None:
        headers = {"Content-Type": self.content_type}
        if self.content_length:
            headers["Content-Length"] = str(self.size)
        if self.send_digest:
            headers["Docker-Content-Digest"] = self.digest
        exchange.close()
        exchange.send_head(200, headers)
        if exchange.method == "HEAD":
            return
        for piece in self.chunks():
            if exchange.stopping.is_set() or not exchange.write(piece):
                return
            self.bytes_sent += len(piece)


@dataclass
class Reset:
    """Reset the connection (RST), before answering or after the headers."""

    after_headers: bool = False

    def __call__(self, exchange: Exchange) -> None:
        if self.after_headers:
            exchange.send_head(200, {"Content-Type": OCI_MANIFEST, "Content-Length": "1000"})
        connection = exchange.handler.connection
        connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
        )
        exchange.close()
        with contextlib.suppress(OSError):
            connection.close()


@dataclass
class Redirect:
    location: str
    status: int = 307

    def __call__(self, exchange: Exchange) -> None:
        exchange.reply(self.status, b"", {"Location": self.location})


class Attempts:
    """Attempt n gets behaviours[n] (the last one repeats): e.g.
    `Attempts(Status(429, {"Retry-After": "1"}), Serve(body))`; `attempts` counts them."""

    def __init__(self, *behaviours: Behaviour) -> None:
        self.behaviours = behaviours
        self.attempts = 0
        self._lock = threading.Lock()

    def __call__(self, exchange: Exchange) -> None:
        with self._lock:
            index = min(self.attempts, len(self.behaviours) - 1)
            self.attempts += 1
        self.behaviours[index](exchange)


@dataclass
class RequireAuth:
    """Answer 401 with `challenge` unless the request's Authorization header is `expected`."""

    expected: str
    then: Behaviour
    challenge: str

    def __call__(self, exchange: Exchange) -> None:
        if exchange.request.header("Authorization") == self.expected:
            self.then(exchange)
        else:
            exchange.reply(
                401,
                error_body("UNAUTHORIZED", "authentication required"),
                {"WWW-Authenticate": self.challenge},
            )


@dataclass
class TokenEndpoint:
    """A token realm: {"token": token} for GET/POST, or 401 unless `basic` (user, password)
    matches when given."""

    token: str
    basic: tuple[str, str] | None = None

    def __call__(self, exchange: Exchange) -> None:
        if self.basic and exchange.request.header("Authorization") != basic_authorization(
            *self.basic
        ):
            exchange.reply(401, b'{"details": "bad credentials"}')
            return
        exchange.reply(
            200,
            json.dumps(
                {"token": self.token, "access_token": self.token, "expires_in": 300}
            ).encode(),
        )


def _default(exchange: Exchange) -> None:
    path = urllib.parse.urlsplit(exchange.request.path).path
    if path == "/v2/":
        exchange.reply(200, b"{}")
    elif "/manifests/" in path:
        exchange.reply(404, error_body("MANIFEST_UNKNOWN", "manifest unknown"))
    elif "/blobs/" in path:
        exchange.reply(404, error_body("BLOB_UNKNOWN", "blob unknown to registry"))
    else:
        exchange.reply(404, error_body("NAME_UNKNOWN", "repository name not known to registry"))


class FaultServer(LoopbackServer):
    """A fake registry on loopback whose answers are set per path:

        server.manifest("acme/app", "1.0", Hang(after_headers=True))
        server.route("/v2/acme/app/blobs/sha256:...", Redirect(other.url + "/b"))

    Unset paths answer like an empty registry (`/v2/` 200, others 404). `requests` records
    every request (method, path, headers, body). `other` is set by the pytest fixture to a
    second FaultServer on 127.0.0.2, a different host for redirects.
    """

    def __init__(self, host: str = LOOPBACK, port: int = 0) -> None:
        self.routes: dict[str, Behaviour] = {}
        self.requests: list[RecordedRequest] = []
        self.other: FaultServer | None = None
        self._lock = threading.Lock()
        super().__init__(host, port)

    def route(self, path: str, behaviour: Behaviour) -> None:
        self.routes[path] = behaviour

    def manifest(self, repository: str, reference: str, behaviour: Behaviour) -> str:
        path = f"/v2/{repository}/manifests/{reference}"
        self.routes[path] = behaviour
        return path

    def blob(self, repository: str, digest: str, behaviour: Behaviour) -> str:
        path = f"/v2/{repository}/blobs/{digest}"
        self.routes[path] = behaviour
        return path

    def reference(self, repository: str, tag: str = "latest") -> str:
        return f"{self.address}/{repository}:{tag}"

    def add_image(
        self,
        repository: str,
        tag: str,
        config: Mapping[str, Any] | bytes | None = None,
        *,
        media_type: str = OCI_MANIFEST,
        annotations: Mapping[str, str] | None = None,
    ) -> tuple[str, bytes, str]:
        """Serve a well-formed image (manifest by tag and by digest, and its config blob);
        returns (manifest digest, manifest bytes, config digest). Override any route after."""
        if config is None:
            config = {
                "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
                "config": {"Labels": dict(GOOD_LABELS)},
                "rootfs": {"type": "layers", "diff_ids": []},
            }  # fmt: skip
        config_bytes = config if isinstance(config, bytes) else json.dumps(config).encode()
        config_type = DOCKER_CONFIG if media_type == DOCKER_MANIFEST else OCI_CONFIG
        manifest: dict[str, Any] = {
            "schemaVersion": 2,
            "mediaType": media_type,
            "config": {
                "mediaType": config_type,
                "digest": sha256_digest(config_bytes),
                "size": len(config_bytes),
            },
            "layers": [],
        }
        if annotations:
            manifest["annotations"] = dict(annotations)
        manifest_bytes = json.dumps(manifest).encode()
        digest = sha256_digest(manifest_bytes)
        self.manifest(repository, tag, Serve(manifest_bytes, media_type))
        self.manifest(repository, digest, Serve(manifest_bytes, media_type))
        self.blob(
            repository, sha256_digest(config_bytes), Serve(config_bytes, "application/octet-stream")
        )
        return digest, manifest_bytes, sha256_digest(config_bytes)

    def bearer(
        self, token: str, *, basic: tuple[str, str] | None = None, scope: str | None = None
    ) -> str:
        """Serve a token realm at /token; return a matching `WWW-Authenticate` challenge for
        `RequireAuth(f"Bearer {token}", ..., challenge)`."""
        self.routes["/token"] = TokenEndpoint(token, basic)
        challenge = f'Bearer realm="{self.url}/token",service="fault-registry"'
        return challenge + (f',scope="{scope}"' if scope else "")

    def count(self, path: str | None = None, method: str | None = None) -> int:
        return len(self.requests_to(path, method))

    def requests_to(
        self, path: str | None = None, method: str | None = None
    ) -> list[RecordedRequest]:
        with self._lock:
            requests = list(self.requests)
        return [
            r for r in requests
            if (path is None or urllib.parse.urlsplit(r.path).path == path)
            and (method is None or r.method == method)
        ]  # fmt: skip

    def handle(self, handler: _Handler) -> None:
        body = _read_body(handler) if handler.command in ("POST", "PUT", "PATCH") else b""
        request = RecordedRequest(
            handler.command, handler.path, tuple(handler.headers.items()), body, time.time()
        )
        with self._lock:
            self.requests.append(request)
        behaviour = self.routes.get(urllib.parse.urlsplit(handler.path).path, _default)
        behaviour(Exchange(self, handler, request))


@contextlib.contextmanager
def start_fault_servers() -> Iterator[FaultServer]:
    """A FaultServer on 127.0.0.1 whose `other` is a FaultServer on 127.0.0.2."""
    started = time.monotonic()
    with FaultServer(LOOPBACK) as server, FaultServer(OTHER_LOOPBACK) as other:
        assert isinstance(server, FaultServer) and isinstance(other, FaultServer)
        server.other = other
        STARTUP_TIMES.setdefault("fault server (+ 127.0.0.2)", time.monotonic() - started)
        yield server


# --------------------------------------------------------------------------------------------
# The engine: podman's Docker-compatible API


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float = 30) -> None:
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.unix_path)
        self.sock = sock


def unix_request(
    socket_path: str | Path, path: str, method: str = "GET", timeout: float = 30
) -> Response:
    """One HTTP request over a unix socket (the Docker Engine API)."""
    connection = _UnixConnection(str(socket_path), timeout)
    try:
        connection.request(method, path, headers={"Host": "docker"})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


@dataclass
class PodmanEngine:
    directory: Path
    root: Path
    runroot: Path
    socket: Path
    process: subprocess.Popen[bytes]
    env: dict[str, str]  # DOCKER_HOST and the CONTAINERS_* overrides, for subprocesses
    image: str  # the loaded image's name, as podman lists it (docker.io/acme/engine:1.0)
    short_name: str  # as it was tagged in the archive (acme/engine:1.0)
    image_id: str  # sha256:<config digest>
    labels: Mapping[str, str]
    repo_digests: tuple[str, ...]
    log_path: Path
    started_in: float = 0.0

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def docker_host(self) -> str:
        return f"unix://{self.socket}"

    def request(self, path: str, method: str = "GET") -> Response:
        return unix_request(self.socket, path, method)

    def podman(self, *args: str) -> str:
        return run_tool(*_podman_base(self.directory, self.runroot), *args)

    def load(self, archive: Path) -> str:
        """Load another docker-archive; returns podman's output ("Loaded image: NAME")."""
        return self.podman("load", "-i", str(archive))

    def stop(self) -> None:
        stop_process(self.process)


def _podman_base(directory: Path, runroot: Path) -> list[str]:
    return [
        "podman",
        "--root", str(directory / "root"),
        "--runroot", str(runroot),
        "--storage-driver", "vfs",
        "--cgroup-manager", "cgroupfs",
        "--events-backend", "file",
        "--tmpdir", str(directory / "libpod-tmp"),
    ]  # fmt: skip


def podman_environment(directory: Path, runroot: Path) -> dict[str, str]:
    """Config files in `directory` so nothing of /etc/containers or ~/.config is read."""
    (directory / "tmp").mkdir(exist_ok=True)
    containers_conf = directory / "containers.conf"
    containers_conf.write_text(
        "[engine]\n"
        'cgroup_manager = "cgroupfs"\n'
        'events_logger = "file"\n'
        f'events_logfile_path = "{directory / "events.log"}"\n'
        f'tmp_dir = "{directory / "libpod-tmp"}"\n'
        f'image_copy_tmp_dir = "{directory / "tmp"}"\n'
        f'static_dir = "{directory / "root" / "libpod"}"\n'
        f'volume_path = "{directory / "root" / "volumes"}"\n'
    )
    storage_conf = directory / "storage.conf"
    storage_conf.write_text(
        f'[storage]\ndriver = "vfs"\ngraphroot = "{directory / "root"}"\nrunroot = "{runroot}"\n'
    )
    registries_conf = directory / "registries.conf"
    registries_conf.write_text('unqualified-search-registries = []\nshort-name-mode = "disabled"\n')
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("CONTAINERS_", "REGISTRY_", "DOCKER_", "XDG_"))
    }  # fmt: skip
    environment.update(
        CONTAINERS_CONF=str(containers_conf),
        CONTAINERS_STORAGE_CONF=str(storage_conf),
        CONTAINERS_REGISTRIES_CONF=str(registries_conf),
        TMPDIR=str(directory / "tmp"),
    )
    return environment


def engine_archive(layout: FixtureLayout | Path, layout_tag: str, name: str, workdir: Path) -> Path:
    """A docker-archive tarball of an image in an OCI layout, tagged `name`."""
    path = layout.path if isinstance(layout, FixtureLayout) else layout
    archive = workdir / f"{layout_tag}-docker-archive.tar"
    archive.unlink(missing_ok=True)
    skopeo_command(
        "copy", f"oci:{path}:{layout_tag}", f"docker-archive:{archive}:{name}", workdir=workdir
    )
    return archive


@contextlib.contextmanager
def start_podman(directory: Path, archive: Path, name: str) -> Iterator[PodmanEngine]:
    """podman's Docker API with its storage in `directory` and its runroot and unix socket in
    a short /tmp/ocilint-podman-* directory, with the docker-archive `archive` (tagged
    `name`) loaded; stopped (and the short directory removed) on exit."""
    require_tools(*PODMAN_TOOLS)
    started = time.monotonic()
    directory.mkdir(parents=True, exist_ok=True)
    # podman refuses a runroot longer than 50 characters, and a unix socket path is limited
    # to 107 bytes: both go in a short directory of their own.
    short_dir = Path(
        tempfile.mkdtemp(prefix="ocilint-podman-", dir="/tmp" if Path("/tmp").is_dir() else None)
    )
    runroot = short_dir / "runroot"
    socket_path = short_dir / "podman.sock"
    environment = podman_environment(directory, runroot)
    base = _podman_base(directory, runroot)
    log = directory / "podman.log"
    loaded = subprocess.run(
        [*base, "load", "-i", str(archive)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if loaded.returncode != 0:
        raise RuntimeError(f"podman load failed: {loaded.stderr}")
    process = spawn(
        [*base, "system", "service", "--time=0", f"unix://{socket_path}"], log, env=environment
    )
    try:

        def answers() -> bool:
            if process.poll() is not None:
                raise RuntimeError(
                    f"podman system service exited {process.returncode}: {log.read_text()[-2000:]}"
                )
            try:
                return unix_request(socket_path, "/_ping", timeout=2).status == 200
            except OSError:
                return False

        wait_until(answers, 30, f"podman on {socket_path}")
        inspected = unix_request(socket_path, f"/images/{name}/json")
        if inspected.status != 200:
            raise RuntimeError(
                f"podman does not have {name}: {inspected.status} {inspected.body[:300]!r}"
            )
        document = inspected.json()
        engine = PodmanEngine(
            directory=directory,
            root=directory / "root",
            runroot=runroot,
            socket=socket_path,
            process=process,
            env={**environment, "DOCKER_HOST": f"unix://{socket_path}"},
            image=(document.get("RepoTags") or [name])[0],
            short_name=name,
            image_id=document["Id"],
            labels=(document.get("Config") or {}).get("Labels") or {},
            repo_digests=tuple(document.get("RepoDigests") or ()),
            log_path=log,
            started_in=time.monotonic() - started,
        )
        STARTUP_TIMES["podman system service"] = engine.started_in
        yield engine
    finally:
        stop_process(process)
        shutil.rmtree(short_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# A slow link


class DelayingProxy:
    """A TCP proxy on 127.0.0.1 that delivers every byte half a round trip late, each way.

    A new connection's first bytes wait one more round trip, as the TCP handshake would make
    them wait on a real link. Bandwidth is not limited: only latency is modelled.
    """

    def __init__(self, upstream: tuple[str, int], round_trip: float = 0.050) -> None:
        self.upstream = upstream
        self.one_way = round_trip / 2
        self.round_trip = round_trip
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.used = 0  # connections the client sent something on
        self._closing = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            accepted = time.monotonic()
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._pipe(client, server, not_before=accepted + self.round_trip, counted=True)
            self._pipe(server, client, not_before=accepted + self.round_trip)

    def _pipe(
        self, source: socket.socket, target: socket.socket, not_before: float, counted: bool = False
    ) -> None:
        chunks: queue.Queue[tuple[float, bytes]] = queue.Queue()

        def read() -> None:
            first = counted
            while True:
                try:
                    data = source.recv(65536)
                except OSError:
                    data = b""
                if data and first:
                    first = False
                    self.used += 1
                sent = max(time.monotonic(), not_before)
                chunks.put((sent + self.one_way, data))
                if not data:
                    return

        def write() -> None:
            while True:
                due, data = chunks.get()
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                try:
                    if not data:
                        target.shutdown(socket.SHUT_WR)
                        return
                    target.sendall(data)
                except OSError:
                    return

        threading.Thread(target=read, daemon=True).start()
        threading.Thread(target=write, daemon=True).start()

    def close(self) -> None:
        self._closing.set()
        self.listener.close()

    def __enter__(self) -> DelayingProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# Hostile and intermediate servers: slow drips, a proxy, TLS with client certificates


@dataclass
class DripHeaders:
    """Send a whole HTTP response (status line and headers included) `chunk` bytes every
    `interval` seconds, for at most `limit` seconds: every read is fast, the response never
    ends in time."""

    body: bytes = b"{}"
    chunk: int = 1
    interval: float = 0.2
    limit: float = 20.0

    def __call__(self, exchange: Exchange) -> None:
        exchange.close()
        raw = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + b"X-Padding: " + b"a" * 4000 + b"\r\n"
            + f"Content-Length: {len(self.body)}\r\n\r\n".encode() + self.body
        )  # fmt: skip
        deadline = time.monotonic() + self.limit
        for start in range(0, len(raw), self.chunk):
            if time.monotonic() > deadline or exchange.stopping.is_set():
                return
            try:
                exchange.handler.wfile.write(raw[start : start + self.chunk])
                exchange.handler.wfile.flush()
            except OSError:
                return
            exchange.wait(self.interval)


class DripServer:
    """A TCP server on loopback that answers every connection with one byte of `data` every
    `interval` seconds (for at most `limit` seconds) and never reads: a TLS handshake, a proxy
    or an engine that never finishes. Stops (closing every connection) on exit."""

    def __init__(
        self, data: bytes = b"\x16" * 10_000, interval: float = 0.2, limit: float = 20.0
    ) -> None:
        self.data, self.interval, self.limit = data, interval, limit
        self.stopping = threading.Event()
        self.connections = 0
        self._listener = socket.create_server((LOOPBACK, 0))
        self._listener.settimeout(0.05)
        self.port = int(self._listener.getsockname()[1])
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def address(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            thread = threading.Thread(target=self._drip, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _drip(self, connection: socket.socket) -> None:
        deadline = time.monotonic() + self.limit
        with connection:
            for byte in self.data:
                if self.stopping.is_set() or time.monotonic() > deadline:
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return
                self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()
        self._accepting.join(5)
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    def __enter__(self) -> DripServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass(frozen=True)
class CertificateFiles:
    cert: Path
    key: Path


def make_ca(directory: Path, name: str) -> CertificateFiles:
    """A self-signed CA (openssl CLI), `name.crt` and `name.key` in `directory`."""
    cert, key = directory / f"{name}.crt", directory / f"{name}.key"
    run_tool(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", f"/CN=ocilint test {name}", "-keyout", str(key), "-out", str(cert),
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    return CertificateFiles(cert, key)


def issue_certificate(
    ca: CertificateFiles, directory: Path, name: str, *, san: str = "", client: bool = False
) -> CertificateFiles:
    """A certificate signed by `ca`: a server's (with subjectAltName `san`, e.g.
    "IP:127.0.0.1,DNS:127.1") or a client's (extendedKeyUsage clientAuth)."""
    cert, key, request = (directory / f"{name}.{suffix}" for suffix in ("cert", "key", "csr"))
    run_tool(
        "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}",
        "-keyout", str(key), "-out", str(request),
    )  # fmt: skip
    extensions = directory / f"{name}.ext"
    usage = "clientAuth" if client else "serverAuth"
    extensions.write_text(
        f"extendedKeyUsage={usage}\n" + (f"subjectAltName={san}\n" if san else "")
    )
    run_tool(
        "openssl", "x509", "-req", "-in", str(request), "-CA", str(ca.cert), "-CAkey",
        str(ca.key), "-CAcreateserial", "-days", "2", "-out", str(cert),
        "-extfile", str(extensions),
    )  # fmt: skip
    return CertificateFiles(cert, key)


@dataclass
class TinyProxy:
    """Debian's tinyproxy on 127.0.0.1 (see `start_tinyproxy`)."""

    port: int
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def lines(self) -> list[str]:
        return self.log.read_text(errors="replace").splitlines()


@contextlib.contextmanager
def start_tinyproxy(directory: Path, *, allow: str = LOOPBACK) -> Iterator[TinyProxy]:
    """tinyproxy in the foreground with our own config: listening on 127.0.0.1, accepting
    clients from `allow` only (another address makes it refuse us with 403), CONNECT to any
    port, every connection logged."""
    require_tools("tinyproxy")
    port = free_port()
    log = directory / "tinyproxy.log"
    config = directory / "tinyproxy.conf"
    config.write_text(
        f"Port {port}\nListen {LOOPBACK}\nTimeout 30\nMaxClients 20\nAllow {allow}\n"
        f'LogFile "{log}"\nLogLevel Connect\nDisableViaHeader Yes\n'
    )
    process = spawn(["tinyproxy", "-d", "-c", str(config)], directory / "tinyproxy.out")

    def listening() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"tinyproxy exited: {(directory / 'tinyproxy.out').read_text()}")
        with socket.socket() as probe:
            return probe.connect_ex((LOOPBACK, port)) == 0

    try:
        wait_until(listening, 20, "tinyproxy")
        yield TinyProxy(port, log, process)
    finally:
        stop_process(process)


class TlsTerminator:
    """TLS on 127.0.0.1 in front of a unix socket (podman's API has no TLS of its own in
    podman 4): the server certificate `server`, client certificates required and checked
    against `client_ca`; each connection's bytes are copied both ways. Stops on exit."""

    def __init__(self, socket_path: Path, server: CertificateFiles, client_ca: Path | None) -> None:
        self.socket_path = socket_path
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(server.cert, server.key)
        # TLS 1.2: the server judges the client certificate inside the handshake, so its
        # alert reaches the client every time (in 1.3 it comes after, racing the close).
        self.context.maximum_version = ssl.TLSVersion.TLSv1_2
        if client_ca is not None:
            self.context.verify_mode = ssl.CERT_REQUIRED
            self.context.load_verify_locations(client_ca)
        self.stopping = threading.Event()
        self.handshakes_failed = 0
        self._listener = socket.create_server((LOOPBACK, 0))
        self._listener.settimeout(0.05)
        self.port = int(self._listener.getsockname()[1])
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def address(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(10)
        try:
            secure = self.context.wrap_socket(connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.handshakes_failed += 1
            # Let the alert reach the client: end our side, read what it sent until it closes
            # (closing with unread data would send a reset that can overtake the alert).
            with contextlib.suppress(OSError), connection:
                connection.shutdown(socket.SHUT_WR)
                while connection.recv(65536):
                    pass
            return
        with secure, socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as upstream:
            upstream.settimeout(10)
            upstream.connect(str(self.socket_path))
            pump = threading.Thread(target=_copy, args=(upstream, secure), daemon=True)
            pump.start()
            _copy(secure, upstream)
            pump.join(10)

    def stop(self) -> None:
        self.stopping.set()
        self._accepting.join(5)
        self._listener.close()
        for thread in self._threads:
            thread.join(10)

    def __enter__(self) -> TlsTerminator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _copy(source: socket.socket, target: socket.socket) -> None:
    """Copy until `source` ends, then end the write side of `target`."""
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    if not isinstance(target, ssl.SSLSocket):  # its shutdown() would unwrap it under a reader
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def start_tls_registry(directory: Path, tls: Mapping[str, Any]) -> Iterator[str]:
    """An empty docker-registry on 127.0.0.1 with `http.tls` set to `tls` (certificate, key,
    clientcas); yields its address once its log says it listens."""
    require_tools("docker-registry")
    port = free_port()
    config = _registry_config(directory, port, None)
    config["http"]["tls"] = dict(tls)
    process = _spawn_registry(directory, config)
    try:
        log = directory / "registry.log"
        deadline = time.monotonic() + 20
        while "listening on" not in log.read_text(errors="replace"):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace"))
            time.sleep(0.05)
        yield f"{LOOPBACK}:{port}"
    finally:
        stop_process(process)
