"""Credentials as Docker and podman store them, and the challenges registries send."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from ocilint.sources.auth import (
    Challenge,
    Credentials,
    find_credentials,
    parse_challenges,
    token_request,
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty environment: no auth files but the ones a test writes."""
    for name in ("REGISTRY_AUTH_FILE", "XDG_RUNTIME_DIR", "DOCKER_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / ".docker"))
    (tmp_path / ".docker").mkdir()
    return tmp_path


def write_config(home: Path, config: dict[str, object]) -> Path:
    path = home / ".docker" / "config.json"
    path.write_text(json.dumps(config))
    return path


def auth(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    ("key", "registry"),
    [
        ("https://index.docker.io/v1/", "docker.io"),
        ("index.docker.io", "docker.io"),
        ("registry-1.docker.io", "docker.io"),
        ("https://ghcr.io", "ghcr.io"),
        ("ghcr.io", "ghcr.io"),
        ("http://localhost:5000/v2/", "localhost:5000"),
    ],
)
def test_auth_keys_as_docker_login_writes_them(home: Path, key: str, registry: str) -> None:
    path = write_config(home, {"auths": {key: {"auth": auth("jane", "s3cret")}}})
    found = find_credentials(registry)
    assert found is not None
    assert (found.username, found.secret, found.origin) == ("jane", "s3cret", str(path))


def test_no_credentials_for_another_registry(home: Path) -> None:
    write_config(home, {"auths": {"ghcr.io": {"auth": auth("jane", "s3cret")}}})
    assert find_credentials("quay.io") is None


def test_identity_token(home: Path) -> None:
    write_config(
        home,
        {
            "auths": {
                "acme.azurecr.io": {
                    "auth": auth("00000000-0000-0000-0000-000000000000", ""),
                    "identitytoken": "refresh-me",
                }
            }
        },
    )
    found = find_credentials("acme.azurecr.io")
    assert found is not None and found.identity_token == "refresh-me"
    method, url, headers, body = token_request(
        Challenge(
            "bearer",
            {"realm": "https://acme.azurecr.io/oauth2/token", "service": "acme.azurecr.io"},
        ),
        "repository:app:pull",
        found,
    )
    assert (method, url) == ("POST", "https://acme.azurecr.io/oauth2/token")
    assert "Authorization" not in headers
    assert (
        body is not None
        and b"grant_type=refresh_token" in body
        and b"refresh_token=refresh-me" in body
    )


def test_credential_helper_and_store(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = home / "bin"
    bin_dir.mkdir()
    for name, user in (("helper", "from-helper"), ("store", "from-store")):
        script = bin_dir / f"docker-credential-{name}"
        script.write_text(
            "#!/bin/sh\nread -r server\n"
            f'printf \'{{"ServerURL": "%s", "Username": "{user}", "Secret": "pw"}}\' "$server"\n'
        )
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    write_config(home, {"credHelpers": {"ghcr.io": "helper"}, "credsStore": "store"})
    helper = find_credentials("ghcr.io")
    store = find_credentials("quay.io")
    assert helper is not None and store is not None
    assert (helper.username, store.username) == ("from-helper", "from-store")
    assert helper.origin == "credential helper docker-credential-helper"


def test_podman_auth_file_comes_first(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, {"auths": {"quay.io": {"auth": auth("docker", "x")}}})
    podman = home / "auth.json"
    podman.write_text(json.dumps({"auths": {"quay.io": {"auth": auth("podman", "y")}}}))
    monkeypatch.setenv("REGISTRY_AUTH_FILE", str(podman))
    found = find_credentials("quay.io")
    assert found is not None and found.username == "podman"


def test_credentials_never_print_their_secret() -> None:
    credentials = Credentials("jane", "s3cret", "token", "/home/jane/.docker/config.json")
    assert "s3cret" not in repr(credentials) and "token" not in repr(credentials)
    assert repr(credentials) == "Credentials(from /home/jane/.docker/config.json)"
    assert "s3cret" not in str(credentials)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/app:pull"',
            [("bearer", {"realm": "https://ghcr.io/token", "service": "ghcr.io", "scope": "repository:acme/app:pull"})],
        ),
        (
            'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull,push"',
            [("bearer", {"realm": "https://auth.docker.io/token", "service": "registry.docker.io", "scope": "repository:library/ubuntu:pull,push"})],
        ),
        ('Basic realm="Registry Realm"', [("basic", {"realm": "Registry Realm"})]),
        ('Basic realm="a", Bearer realm="b"', [("basic", {"realm": "a"}), ("bearer", {"realm": "b"})]),
        ('Bearer realm="with \\"quotes\\""', [("bearer", {"realm": 'with "quotes"'})]),
        ("", []),
    ],
)  # fmt: skip
def test_parse_challenges(header: str, expected: list[tuple[str, dict[str, str]]]) -> None:
    assert [(c.scheme, dict(c.params)) for c in parse_challenges(header)] == expected
