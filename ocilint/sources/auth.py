"""Registry credentials, as the user already has them, and the auth flows registries use.

Credentials come from, in order: `$REGISTRY_AUTH_FILE`, podman's
`$XDG_RUNTIME_DIR/containers/auth.json`, and Docker's `config.json` (`$DOCKER_CONFIG`, else
`~/.docker/config.json`) with its `auths` (`auth` = base64 `user:password`, `identitytoken`),
`credHelpers` and `credsStore` (`docker-credential-NAME get`). Docker Hub's entry is keyed
`https://index.docker.io/v1/`.

Flows: anonymous, Basic, and the Bearer token flow from `WWW-Authenticate` (realm, service,
scope; tokens cached per scope) that GHCR, Docker Hub, ECR and ACR use. A credential is never
put in a message, a log or an exception: `Credentials.__repr__` hides it.
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

DOCKER_HUB_KEY = "https://index.docker.io/v1/"
DOCKER_HUB_HOSTS = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})
_AUTH_PARAM = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?')


@dataclass(frozen=True)
class Credentials:
    username: str = field(repr=False)
    secret: str = field(repr=False)
    identity_token: str | None = field(default=None, repr=False)
    origin: str = ""  # where they came from, safe to print: a file or a helper name

    def __repr__(self) -> str:
        return f"Credentials(from {self.origin or 'unknown'})"

    def basic(self) -> str:
        token = base64.b64encode(f"{self.username}:{self.secret}".encode()).decode()
        return f"Basic {token}"


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
        key = urlsplit(key).netloc
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
    except (OSError, ValueError):
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


def _from_helper(helper: str, server: str, timeout: float) -> Credentials | None:
    program = f"docker-credential-{helper}"
    try:
        completed = subprocess.run(
            [program, "get"], input=server, capture_output=True, text=True, timeout=timeout
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    try:
        data = json.loads(completed.stdout)
    except ValueError:
        return None
    username, secret = data.get("Username"), data.get("Secret")
    if not isinstance(username, str) or not isinstance(secret, str) or not secret:
        return None
    if username == "<token>":
        return Credentials("", "", secret, f"credential helper {program}")
    return Credentials(username, secret, None, f"credential helper {program}")


def find_credentials(registry: str, *, helper_timeout: float = 10.0) -> Credentials | None:
    """Credentials for a registry host (`ghcr.io`, `localhost:5000`, `docker.io`), or None."""
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
            found = _from_helper(store, server, helper_timeout)
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
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    token = data.get("token") or data.get("access_token")
    return token if isinstance(token, str) and token else None
