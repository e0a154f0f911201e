"""Registry credentials, as the user already has them, and the auth flows registries use.

Credentials come from, in order: `$REGISTRY_AUTH_FILE`, podman's
`$XDG_RUNTIME_DIR/containers/auth.json`, and Docker's `config.json` (`$DOCKER_CONFIG`, else
`~/.docker/config.json`) with its `auths` (`auth` = base64 `user:password`, `identitytoken`),
`credHelpers` and `credsStore` (`docker-credential-NAME get`). Docker Hub's entry is keyed
`https://index.docker.io/v1/`.

Flows: anonymous, Basic, and the Bearer token flow from `WWW-Authenticate` (realm, service,
scope; tokens cached per scope) that GHCR, Docker Hub, ECR and ACR use. A credential is never
put in a message, a log or an exception: `Credentials.__repr__` hides it, and every credential
read is registered with `ocilint.redact`, so no output can show it even by accident.

A credential helper that fails, hangs (`HELPER_TIMEOUT`) or prints something other than
`{"Username": …, "Secret": …}` is an error naming the helper and the registry, as in Docker;
only its "credentials not found" answer means anonymous.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from ocilint.redact import register, register_login, remote_text

DOCKER_HUB_KEY = "https://index.docker.io/v1/"
DOCKER_HUB_HOSTS = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})
HELPER_TIMEOUT = 10.0  # seconds a credential helper may take
HELPER_OUTPUT_LIMIT = 64 * 1024  # bytes of a credential helper's answer that are read
_NOT_FOUND = "credentials not found"  # docker-credential-helpers' ErrCredentialsNotFound
_AUTH_PARAM = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?')


@dataclass(frozen=True)
class Credentials:
    username: str = field(repr=False)
    secret: str = field(repr=False)
    identity_token: str | None = field(default=None, repr=False)
    origin: str = ""  # where they came from, safe to print: a file or a helper name

    def __post_init__(self) -> None:
        register_login(self.username, self.secret)
        register(self.identity_token)

    def __repr__(self) -> str:
        return f"Credentials(from {self.origin or 'unknown'})"

    def basic(self) -> str:
        token = base64.b64encode(f"{self.username}:{self.secret}".encode()).decode()
        return f"Basic {token}"


class CredentialError(Exception):
    """The credentials for a registry exist but cannot be read (a helper failed or hung)."""


@dataclass(frozen=True, slots=True)
class Challenge:
    scheme: str  # "basic" or "bearer"
    params: Mapping[str, str]


def parse_challenges(header: str) -> list[Challenge]:
    """Parse `WWW-Authenticate` (RFC 7235), e.g. `Bearer realm="…",service="…",scope="…"`."""
    challenges: list[Challenge] = []
    position = 0
    text = header.strip()
    while position < len(text):
        match = re.compile(r"\s*([A-Za-z][A-Za-z0-9._~+/-]*)\s*").match(text, position)
        if not match:
            break
        scheme = match.group(1).lower()
        position = match.end()
        params: dict[str, str] = {}
        while position < len(text):
            param = _AUTH_PARAM.match(text, position)
            if not param or param.end() == position:
                break
            value = param.group(2) if param.group(2) is not None else param.group(3)
            params[param.group(1).lower()] = re.sub(r"\\(.)", r"\1", value or "")
            position = param.end()
        challenges.append(Challenge(scheme, params))
        text_rest = text[position:].lstrip(", ")
        position = len(text) - len(text_rest)
    return challenges


def _key_host(key: str) -> str:
    """`https://ghcr.io/v2/` → `ghcr.io`; Docker Hub's keys → `docker.io`."""
    if "://" in key:
        try:
            key = urlsplit(key).netloc
        except ValueError:
            return ""
    host = key.split("/", 1)[0].lower()
    return "docker.io" if host in DOCKER_HUB_HOSTS else host


def auth_files() -> Iterator[str]:
    explicit = os.environ.get("REGISTRY_AUTH_FILE")
    if explicit:
        yield explicit
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        yield os.path.join(runtime, "containers", "auth.json")
    docker_config = os.environ.get("DOCKER_CONFIG") or os.path.join(
        os.path.expanduser("~"), ".docker"
    )
    yield os.path.join(docker_config, "config.json")


def _read_config(path: str) -> dict[str, object] | None:
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _from_auth_entry(entry: object, origin: str) -> Credentials | None:
    if not isinstance(entry, dict):
        return None
    token = entry.get("identitytoken") if isinstance(entry.get("identitytoken"), str) else None
    encoded = entry.get("auth")
    if isinstance(encoded, str) and encoded:
        try:
            username, _, secret = base64.b64decode(encoded).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return Credentials(username, secret, token, origin)
    plain_user, plain_secret = entry.get("username"), entry.get("password")
    if isinstance(plain_user, str) and isinstance(plain_secret, str):
        return Credentials(plain_user, plain_secret, token, origin)
    if token:
        return Credentials("", "", token, origin)
    return None


def _from_helper(
    helper: str, server: str, timeout: float, *, missing_ok: bool = False
) -> Credentials | None:
    """`docker-credential-HELPER get`; None when it has no credentials for `server`."""
    program = f"docker-credential-{helper}"
    shown = remote_text(program, 100)
    if not re.fullmatch(r"[A-Za-z0-9._+-]+", helper):
        raise CredentialError(f"credential helper `{shown}`: not a valid helper name")
    try:
        returncode, output = _run_helper([program, "get"], server.encode(), timeout)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise CredentialError(f"credential helper `{shown}` is not installed") from None
    except subprocess.TimeoutExpired:
        raise CredentialError(
            f"credential helper `{shown}` did not answer in time (it may take {HELPER_TIMEOUT:g}s, "
            "within --timeout)"
        ) from None
    except _TooMuchOutput:
        raise CredentialError(
            f"credential helper `{shown}` printed more than {HELPER_OUTPUT_LIMIT:,} bytes"
        ) from None
    except OSError as error:
        raise CredentialError(
            f"credential helper `{shown}` cannot run: {error.strerror or error}"
        ) from None
    if returncode != 0:
        if _NOT_FOUND in output.decode("utf-8", "replace").lower():
            return None
        raise CredentialError(f"credential helper `{shown}` failed (exit {returncode})")
    try:
        data = json.loads(output)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise CredentialError(
            f"credential helper `{shown}` answered without a JSON object of Username and Secret"
        )
    username, secret = data.get("Username"), data.get("Secret")
    if not isinstance(username, str) or not isinstance(secret, str) or not secret:
        raise CredentialError(f"credential helper `{shown}` answered without a Username and Secret")
    if username == "<token>":
        return Credentials("", "", secret, f"credential helper {program}")
    return Credentials(username, secret, None, f"credential helper {program}")


class _TooMuchOutput(Exception):
    pass


def _run_helper(command: list[str], data: bytes, timeout: float) -> tuple[int, bytes]:
    """Run a helper with `data` on stdin; its exit status and stdout, read up to
    HELPER_OUTPUT_LIMIT bytes within `timeout` seconds (killed past either)."""
    import selectors
    import time

    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert process.stdin is not None and process.stdout is not None
    deadline = time.monotonic() + timeout
    output = bytearray()
    try:
        try:
            process.stdin.write(data)
            process.stdin.close()
        except BrokenPipeError:
            pass
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise subprocess.TimeoutExpired(command, timeout)
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    break
                output += chunk
                if len(output) > HELPER_OUTPUT_LIMIT:
                    raise _TooMuchOutput
        return process.wait(max(0.1, deadline - time.monotonic())), bytes(output)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()


def find_credentials(
    registry: str, *, helper_timeout: float = HELPER_TIMEOUT
) -> Credentials | None:
    """Credentials for a registry host (`ghcr.io`, `localhost:5000`, `docker.io`), or None.
    Raises CredentialError when a credential helper fails."""
    wanted = _key_host(registry)
    for path in auth_files():
        config = _read_config(path)
        if config is None:
            continue
        helpers = config.get("credHelpers")
        if isinstance(helpers, dict):
            for key, helper in helpers.items():
                if _key_host(key) == wanted and isinstance(helper, str):
                    server = DOCKER_HUB_KEY if wanted == "docker.io" else key
                    return _from_helper(helper, server, helper_timeout)
        auths = config.get("auths")
        if isinstance(auths, dict):
            for key, entry in auths.items():
                if _key_host(key) == wanted:
                    found = _from_auth_entry(entry, path)
                    if found is not None:
                        return found
        store = config.get("credsStore")
        if isinstance(store, str) and store:
            server = DOCKER_HUB_KEY if wanted == "docker.io" else wanted
            # A `credsStore` copied from another machine (osxkeychain on Linux) means no
            # stored credentials here, as for a public image; a named credHelper must exist.
            found = _from_helper(store, server, helper_timeout, missing_ok=True)
            if found is not None:
                return found
    return None


def token_request(
    challenge: Challenge, scope: str, credentials: Credentials | None
) -> tuple[str, str, dict[str, str], bytes | None]:
    """(method, url, headers, body) of the token request a Bearer challenge asks for."""
    realm = challenge.params.get("realm", "")
    service = challenge.params.get("service")
    query: dict[str, str] = {"scope": scope}
    if service:
        query["service"] = service
    if credentials is not None and credentials.identity_token:
        form = {"grant_type": "refresh_token", "refresh_token": credentials.identity_token,
                "client_id": "ocilint", **query}  # fmt: skip
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return "POST", realm, headers, urlencode(form).encode()
    headers = {"Authorization": credentials.basic()} if credentials is not None else {}
    separator = "&" if "?" in realm else "?"
    # Several scopes (space-separated, as in the OAuth2 form) go as repeated `scope` parameters.
    pairs = [("scope", part) for part in scope.split(" ") if part]
    pairs += [(key, value) for key, value in query.items() if key != "scope"]
    return "GET", f"{realm}{separator}{urlencode(pairs)}", headers, None


def token_from(body: bytes) -> str | None:
    """The token in a token service's JSON answer (registered as a secret), or None."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    token = data.get("token") or data.get("access_token")
    if not isinstance(token, str) or not token:
        return None
    register(token)
    return token


def is_header_safe(token: str) -> bool:
    """A token fit for `Authorization: Bearer …`: visible ASCII only (RFC 6750 b64token and
    what registries send), so no CR/LF/NUL can split the header."""
    return re.fullmatch(r"[\x21-\x7e]+", token) is not None
