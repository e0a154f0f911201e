"""Pytest fixtures for real registries, a fault server and podman's Docker API.

Load with `pytest_plugins = ["tests.fixtures_registry"]` (in tests/conftest.py) or
`-p tests.fixtures_registry`. The servers themselves are in tests/servers.py.

| fixture | scope | yields |
|---|---|---|
| `fixture_layout` | session | `FixtureLayout`: the OCI layout with the standard images |
| `registry` | session | `RegistryServer`, no auth, standard images pushed |
| `registry_basic` | session | `RegistryServer`, htpasswd Basic auth, standard images pushed |
| `registry_token` | session | `RegistryServer`, token auth (`.issuer` is the `TokenIssuer`) |
| `fault_server` | function | `FaultServer` on 127.0.0.1, `.other` a `FaultServer` on 127.0.0.2 |
| `podman_engine` | session | `PodmanEngine` with `acme/engine:1.0` (the `single` image) loaded |

`RegistryServer`: `address` ("127.0.0.1:PORT"), `url`, `reference(repo, tag)`, `auth`
("none"/"basic"/"token"), `username`/`password` (pull+push), `reader`/`reader_password`
(token auth: pull only), `creds` ("user:password" or None), `users`, `directory`, `pid`,
`issuer`, `images` (name -> `PushedImage`: `repository`, `tag`, `digest`, `media_type`,
`reference`, `digest_reference`, `annotations`, `platforms` -> `PlatformImage`: `os`,
`architecture`, `digest`, `media_type`, `config_digest`, `labels`), and `mark()` /
`requests_since(mark)` -> [(method, path, status)], `manifest()`, `blob()`, `push()`,
`docker_config(dir, user=, identity_token=, helper=)`.
Image names: single, index, docker, list, bad, untagged (repositories acme/NAME, tag 1.0).

`PodmanEngine`: `docker_host` ("unix://SOCKET"), `env` (DOCKER_HOST and the CONTAINERS_*
overrides), `image` ("docker.io/acme/engine:1.0"), `short_name` ("acme/engine:1.0"),
`image_id` ("sha256:..."), `labels`, `repo_digests`, `request(path)`, `load(archive)`.

A tool that is missing skips these tests, and fails them when `CI` is set.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import servers

ENGINE_IMAGE = "acme/engine:1.0"


@pytest.fixture(scope="session")
def fixture_layout(tmp_path_factory: pytest.TempPathFactory) -> servers.FixtureLayout:
    return servers.build_fixture_layout(tmp_path_factory.mktemp("fixture-images"))


def _registry(
    tmp_path_factory: pytest.TempPathFactory, layout: servers.FixtureLayout, auth: str
) -> Iterator[servers.RegistryServer]:
    with servers.start_registry(tmp_path_factory.mktemp(f"registry-{auth}"), auth) as server:
        server.push_fixtures(layout)
        yield server


@pytest.fixture(scope="session")
def registry(
    tmp_path_factory: pytest.TempPathFactory, fixture_layout: servers.FixtureLayout
) -> Iterator[servers.RegistryServer]:
    yield from _registry(tmp_path_factory, fixture_layout, "none")


@pytest.fixture(scope="session")
def registry_basic(
    tmp_path_factory: pytest.TempPathFactory, fixture_layout: servers.FixtureLayout
) -> Iterator[servers.RegistryServer]:
    yield from _registry(tmp_path_factory, fixture_layout, "basic")


@pytest.fixture(scope="session")
def registry_token(
    tmp_path_factory: pytest.TempPathFactory, fixture_layout: servers.FixtureLayout
) -> Iterator[servers.RegistryServer]:
    yield from _registry(tmp_path_factory, fixture_layout, "token")


@pytest.fixture
def fault_server() -> Iterator[servers.FaultServer]:
    with servers.start_fault_servers() as server:
        yield server
    assert server.other is not None
    leftover = server.live_threads() + server.other.live_threads()
    assert not leftover, f"fault server threads outlived the test: {leftover}"


@pytest.fixture(scope="session")
def podman_engine(
    tmp_path_factory: pytest.TempPathFactory, fixture_layout: servers.FixtureLayout
) -> Iterator[servers.PodmanEngine]:
    directory = tmp_path_factory.mktemp("podman")
    archive = servers.engine_archive(fixture_layout, "single", ENGINE_IMAGE, directory)
    with servers.start_podman(directory, archive, ENGINE_IMAGE) as engine:
        yield engine


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if servers.STARTUP_TIMES:
        terminalreporter.write_sep("-", "test servers: start-up time")
        for name, seconds in servers.STARTUP_TIMES.items():
            terminalreporter.write_line(f"{name}: {seconds:.2f} s")
