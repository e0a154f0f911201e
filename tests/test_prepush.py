"""`ocilint check image-ref REF && docker push REF`: the check must be about the image that will
be pushed. Against the real lab: podman's Docker API, Debian's docker-registry, loopback sockets
nobody listens on, and a fault server standing in for an engine that fails."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import test_registry, test_registry_tls
from tests.conftest import run_ocilint
from tests.servers import (
    FaultServer,
    FixtureLayout,
    Hang,
    PodmanEngine,
    RegistryServer,
    Status,
    free_port,
    http_request,
    request_kind,
)

clean_env = test_registry.clean_env  # the fixture: empty Docker and podman configurations
tls_registry = test_registry_tls.tls_registry  # the fixture: an HTTPS server with its own CA


@pytest.fixture
def home(clean_env: dict[str, str]) -> dict[str, str]:
    """A user with no engine configured: no DOCKER_HOST, no context, empty credential files."""
    return {**clean_env, "DOCKER_CONTEXT": "", "DOCKER_TLS_VERIFY": ""}


def check(*args: str, env: dict[str, str], cwd: Path | None = None) -> tuple[int, str, str]:
    result = run_ocilint("check", "image-ref", *args, env=env, cwd=cwd)
    return result.code, result.stdout, result.stderr


def requests_since(registry: RegistryServer, mark: int) -> list[tuple[str, str]]:
    return [(request_kind(r.path), r.path) for r in registry.requests_since(mark)]


@pytest.fixture
def dead_socket(tmp_path: Path) -> Iterator[Path]:
    """A unix socket file that exists, bound but not listening: connecting is refused."""
    path = Path(f"/tmp/ocilint-dead-{os.getpid()}-{tmp_path.name[-12:]}.sock")
    path.unlink(missing_ok=True)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    try:
        yield path
    finally:
        sock.close()
        path.unlink(missing_ok=True)


def write_context(config_dir: Path, name: str, host: str, *, current: bool) -> Path:
    """A docker context as `docker context create NAME --docker host=HOST` stores it."""
    context_id = hashlib.sha256(name.encode()).hexdigest()
    meta = config_dir / "contexts" / "meta" / context_id / "meta.json"
    meta.parent.mkdir(parents=True)
    meta.write_text(
        json.dumps(
            {
                "Name": name,
                "Metadata": {"Description": "lab"},
                "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": False}},
            }
        )
    )
    if current:
        (config_dir / "config.json").write_text(json.dumps({"currentContext": name}))
    return meta


# --------------------------------------------------------------------------- the local engine


def test_push_check_reads_the_image_in_the_engine(
    podman_engine: PodmanEngine, home: dict[str, str]
) -> None:
    code, stdout, stderr = check(
        podman_engine.short_name, env={**home, "DOCKER_HOST": podman_engine.docker_host}
    )
    assert (code, stderr) == (0, "")
    assert stdout.splitlines()[0] == (
        f"{podman_engine.short_name}: image {podman_engine.repo_digests[0].split('@')[1]} "
        f"from engine {podman_engine.docker_host}"
    )


def test_push_check_fails_when_docker_host_is_down(
    registry: RegistryServer, home: dict[str, str]
) -> None:
    # The registry has the image (pushed last time): checking it would pass the wrong image.
    image = registry.images["single"]
    port = free_port()
    mark = registry.mark()
    code, stdout, stderr = check(
        image.reference, env={**home, "DOCKER_HOST": f"tcp://127.0.0.1:{port}"}
    )
    assert code == 2
    assert stderr == (
        f"ocilint: {image.reference}: local engine tcp://127.0.0.1:{port} (DOCKER_HOST): "
        f"connection refused (to check the registry's copy instead: `docker://{image.reference}`)\n"
    )
    assert requests_since(registry, mark) == []
    assert "from registry" not in stdout


def test_push_check_fails_when_the_engine_socket_has_no_listener(
    registry: RegistryServer, home: dict[str, str], dead_socket: Path
) -> None:
    image = registry.images["single"]
    mark = registry.mark()
    code, _, stderr = check(image.reference, env={**home, "DOCKER_HOST": f"unix://{dead_socket}"})
    assert code == 2
    assert stderr.startswith(
        f"ocilint: {image.reference}: local engine unix://{dead_socket} (DOCKER_HOST): "
        "connection refused"
    )
    assert stderr.count("\n") == 1
    assert requests_since(registry, mark) == []


def test_push_check_fails_when_docker_host_names_a_missing_socket(
    home: dict[str, str], tmp_path: Path
) -> None:
    code, _, stderr = check(
        "127.0.0.1:9/acme/app:1", env={**home, "DOCKER_HOST": f"unix://{tmp_path}/gone.sock"}
    )
    assert code == 2
    assert f"local engine unix://{tmp_path}/gone.sock (DOCKER_HOST): no socket at" in stderr


def test_push_check_fails_when_the_engine_answers_500(
    fault_server: FaultServer, registry: RegistryServer, home: dict[str, str]
) -> None:
    image = registry.images["single"]
    path = f"/images/{urllib.parse.quote(image.reference, safe='')}/json"
    fault_server.route(
        path, Status(500, body=b'{"message":"layer store is corrupt:\\nrestart the daemon"}')
    )
    mark = registry.mark()
    code, _, stderr = check(
        image.reference, env={**home, "DOCKER_HOST": f"tcp://{fault_server.address}"}
    )
    assert code == 2
    assert stderr == (
        f"ocilint: {image.reference}: local engine tcp://{fault_server.address} (DOCKER_HOST) "
        "answered 500: layer store is corrupt: restart the daemon "
        f"(to check the registry's copy instead: `docker://{image.reference}`)\n"
    )
    assert fault_server.count(path, "GET") == 1  # no retry: an engine is not a registry
    assert requests_since(registry, mark) == []


def test_push_check_fails_when_the_engine_answers_garbage(
    fault_server: FaultServer, home: dict[str, str]
) -> None:
    from tests.servers import Serve

    path = f"/images/{urllib.parse.quote('acme/app:1', safe='')}/json"
    fault_server.route(path, Serve(b"<html>proxy error</html>", "text/html"))
    env = {**home, "DOCKER_HOST": fault_server.address}  # HOST:PORT means tcp://, as in docker
    code, _, stderr = check("acme/app:1", env=env)
    assert code == 2
    assert stderr.startswith(
        f"ocilint: acme/app:1: local engine tcp://{fault_server.address} (DOCKER_HOST) answered "
        "with an unreadable image"
    )


def test_push_check_fails_when_the_engine_hangs(
    fault_server: FaultServer, home: dict[str, str]
) -> None:
    fault_server.route(f"/images/{urllib.parse.quote('acme/app:1', safe='')}/json", Hang(5))
    code, _, stderr = check(
        "--timeout",
        "0.5",
        "acme/app:1",
        env={**home, "DOCKER_HOST": f"tcp://{fault_server.address}"},
    )
    assert code == 2
    assert f"local engine tcp://{fault_server.address} (DOCKER_HOST): timed out" in stderr


def test_tls_engine_is_verified_with_docker_cert_path(
    tls_registry: tuple[str, Path], home: dict[str, str], tmp_path: Path
) -> None:
    address, ca = tls_registry  # an HTTPS server with a test CA stands in for the engine
    certs = tmp_path / "certs"
    certs.mkdir()
    (certs / "ca.pem").write_bytes(ca.read_bytes())
    env = {
        **home,
        "DOCKER_HOST": f"tcp://{address}",
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": str(certs),
    }
    code, _, stderr = check("acme/app:1", env=env)
    assert code == 2  # the handshake succeeded; the server is not an engine
    assert f"local engine tcp://{address} (DOCKER_HOST) answered 404 without" in stderr
    (certs / "ca.pem").unlink()
    code, _, stderr = check("acme/app:1", env=env)
    assert code == 2
    assert f"local engine tcp://{address} (DOCKER_HOST): TLS failure: " in stderr


def test_engine_ports_default_as_in_the_docker_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    from ocilint.sources.daemon import EngineEndpoint, connect

    monkeypatch.delenv("DOCKER_TLS_VERIFY", raising=False)
    monkeypatch.delenv("DOCKER_TLS", raising=False)
    assert connect(EngineEndpoint("tcp://engine.lan", "DOCKER_HOST"), 1).base_url == (
        "http://engine.lan:2375"
    )
    monkeypatch.setenv("DOCKER_TLS", "1")  # TLS without verification
    assert connect(EngineEndpoint("tcp://engine.lan", "DOCKER_HOST"), 1).base_url == (
        "https://engine.lan:2376"
    )


def test_docker_host_credentials_are_never_printed(home: dict[str, str]) -> None:
    port = free_port()
    host = f"tcp://deploy:s3cr3t-token@127.0.0.1:{port}/?token=hunter2"
    code, stdout, stderr = check(
        "--format", "json", "ghcr.io/acme/app:1", env={**home, "DOCKER_HOST": host}
    )
    assert code == 2
    assert f"local engine tcp://127.0.0.1:{port}/ (DOCKER_HOST): connection refused" in stderr
    for secret in ("deploy", "s3cr3t", "hunter2"):
        assert secret not in stdout + stderr


def test_push_check_falls_back_when_the_engine_lacks_the_image(
    podman_engine: PodmanEngine, registry: RegistryServer, home: dict[str, str]
) -> None:
    image = registry.images["single"]
    code, stdout, stderr = check(
        "--format", "json", image.reference, env={**home, "DOCKER_HOST": podman_engine.docker_host}
    )
    assert (code, stderr) == (0, "")
    [loaded] = json.loads(stdout)["images"]
    assert loaded["digest"] == image.digest
    assert loaded["source"] == (
        f"registry {registry.address}, plain HTTP (2 HTTP requests); the engine at "
        f"{podman_engine.docker_host} has no image `{image.reference}`; checked the registry's copy"
    )


def test_push_check_names_the_engine_when_neither_has_the_image(
    podman_engine: PodmanEngine, registry: RegistryServer, home: dict[str, str]
) -> None:
    reference = f"{registry.address}/acme/single:1.1"  # built as 1.0, checked as 1.1
    code, _, stderr = check(reference, env={**home, "DOCKER_HOST": podman_engine.docker_host})
    assert (code, stderr) == (
        2,
        f"ocilint: {reference}: unknown tag `1.1` in repository `acme/single` (MANIFEST_UNKNOWN: "
        f"manifest unknown); closest tags: `1.0` (the engine at {podman_engine.docker_host} has "
        f"no image `{reference}`)\n",
    )


def test_docker_host_that_is_not_an_engine_is_an_error(
    registry: RegistryServer, home: dict[str, str]
) -> None:
    # DOCKER_HOST pointing at the registry: its 404 is not "the engine lacks the image".
    image = registry.images["single"]
    code, _, stderr = check(
        image.reference, env={**home, "DOCKER_HOST": f"tcp://{registry.address}"}
    )
    assert code == 2
    assert stderr.startswith(
        f"ocilint: {image.reference}: local engine tcp://{registry.address} (DOCKER_HOST) "
        "answered 404 without an Api-Version header or an engine error"
    )


def test_push_check_without_any_engine_says_it_checked_the_registry(
    registry: RegistryServer, home: dict[str, str]
) -> None:
    image = registry.images["single"]
    code, stdout, stderr = check(image.reference, env=home)
    assert (code, stderr) == (0, "")
    assert stdout.splitlines()[0] == (
        f"{image.reference}: manifest {image.digest} from registry {registry.address}, plain "
        "HTTP (2 HTTP requests); no local engine configured; checked the registry's copy"
    )


def test_push_check_follows_the_current_docker_context(
    podman_engine: PodmanEngine, home: dict[str, str]
) -> None:
    write_context(Path(home["DOCKER_CONFIG"]), "lab", podman_engine.docker_host, current=True)
    code, stdout, stderr = check(podman_engine.short_name, env=home)
    assert (code, stderr) == (0, "")
    assert f"from engine {podman_engine.docker_host}" in stdout


def test_push_check_fails_when_the_current_context_engine_is_down(
    registry: RegistryServer, home: dict[str, str], dead_socket: Path
) -> None:
    write_context(Path(home["DOCKER_CONFIG"]), "remote", f"unix://{dead_socket}", current=True)
    image = registry.images["single"]
    mark = registry.mark()
    code, _, stderr = check(image.reference, env=home)
    assert code == 2
    assert (
        f"local engine unix://{dead_socket} (docker context `remote`): connection refused" in stderr
    )
    assert requests_since(registry, mark) == []


def test_docker_context_variable_naming_a_missing_context_fails(
    registry: RegistryServer, home: dict[str, str]
) -> None:
    image = registry.images["single"]
    code, _, stderr = check(image.reference, env={**home, "DOCKER_CONTEXT": "staging"})
    assert code == 2
    assert "docker context `staging` (from DOCKER_CONTEXT): context not found" in stderr


def test_docker_host_wins_over_the_context_as_in_the_docker_cli(
    podman_engine: PodmanEngine, home: dict[str, str], dead_socket: Path
) -> None:
    write_context(Path(home["DOCKER_CONFIG"]), "remote", f"unix://{dead_socket}", current=True)
    env = {**home, "DOCKER_HOST": podman_engine.docker_host, "DOCKER_CONTEXT": "remote"}
    code, stdout, stderr = check(podman_engine.short_name, env=env)
    assert (code, stderr) == (0, "")
    assert f"from engine {podman_engine.docker_host}" in stdout


def test_the_default_context_means_the_default_socket(home: dict[str, str]) -> None:
    from ocilint.sources import daemon

    env = {**home, "DOCKER_CONTEXT": "default"}
    code, _, _ = check("--offline", "ghcr.io/acme/app:1", env=env)
    assert code == 0
    if not os.path.exists(daemon.DEFAULT_SOCKET):
        code, _, stderr = check("docker-daemon:ghcr.io/acme/app:1", env=env)
        assert (code, stderr) == (
            2,
            "ocilint: docker-daemon:ghcr.io/acme/app:1: no local engine configured "
            "(DOCKER_HOST, a docker context or /var/run/docker.sock)\n",
        )


def test_the_default_socket_counts_as_configured_when_it_exists(
    monkeypatch: pytest.MonkeyPatch, home: dict[str, str], dead_socket: Path, tmp_path: Path
) -> None:
    from ocilint.sources import daemon

    for key, value in home.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(daemon, "DEFAULT_SOCKET", str(dead_socket))
    endpoint = daemon.configured_engine()
    assert endpoint is not None
    assert endpoint.describe() == f"unix://{dead_socket} (the default socket)"
    monkeypatch.setattr(daemon, "DEFAULT_SOCKET", str(tmp_path / "absent.sock"))
    assert daemon.configured_engine() is None


# --------------------------------------------------------------------------- `latest` and no tag


def test_pushing_latest_passes_a_default_run(
    registry: RegistryServer, fixture_layout: FixtureLayout, home: dict[str, str]
) -> None:
    registry.push(f"oci:{fixture_layout.path}:single", "acme/prepush-latest", "latest")
    reference = registry.reference("acme/prepush-latest")
    for text in (reference, reference.rsplit(":", 1)[0]):
        code, stdout, stderr = check("--format", "json", text, env=home)
        assert (code, stderr) == (0, ""), stdout
        findings = [(f["code"], f["severity"]) for f in json.loads(stdout)["findings"]]
        assert findings == [("OCL203" if text == reference else "OCL202", "info")]


def test_configured_severity_does_not_make_the_pushed_latest_fail(
    tmp_path: Path, home: dict[str, str]
) -> None:
    (tmp_path / ".ocilint.toml").write_text('[severity]\nOCL203 = "error"\nOCL202 = "error"\n')
    code, stdout, _ = check(
        "--offline", "ghcr.io/acme/app:latest", "ghcr.io/acme/app", env=home, cwd=tmp_path
    )
    assert code == 0, stdout
    assert "OCL203 info: `ghcr.io/acme/app:latest` is pushed as `latest`" in stdout
    (tmp_path / "Dockerfile").write_text("FROM ghcr.io/acme/base:latest\nFROM ghcr.io/acme/base\n")
    result = run_ocilint("check", "--select", "OCL202,OCL203", "Dockerfile", cwd=tmp_path, env=home)
    assert result.code == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()[:2]] == [
        "OCL203 error",
        "OCL202 error",
    ]


def test_latest_in_a_dockerfile_stays_a_warning(tmp_path: Path, home: dict[str, str]) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM ghcr.io/acme/base:latest AS base\nFROM ghcr.io/acme/tools\n"
        "COPY --from=ghcr.io/acme/assets:latest /a /a\n"
    )
    result = run_ocilint(
        "check",
        "--select",
        "OCL202,OCL203",
        "--format",
        "json",
        "Dockerfile",
        cwd=tmp_path,
        env=home,
    )
    assert result.code == 1
    found = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["line"], f["severity"]) for f in found] == [
        ("OCL203", 1, "warning"),
        ("OCL202", 2, "warning"),
        ("OCL203", 3, "warning"),
    ]


# --------------------------------------------------------------------------- unknown tags


@pytest.fixture(scope="module")
def tagged(registry: RegistryServer, fixture_layout: FixtureLayout) -> str:
    """acme/prepush-tagged with the tags a release history leaves: 8 tags on one manifest."""
    repository = "acme/prepush-tagged"
    registry.push(f"oci:{fixture_layout.path}:single", repository, "1.0.0")
    manifest = registry.manifest(repository, "1.0.0")
    for tag in ("1.0.1", "1.1.0", "1.2.0", "1.10.0", "2.0.0", "latest", "nightly"):
        response = http_request(
            f"{registry.url}/v2/{repository}/manifests/{tag}",
            method="PUT",
            data=manifest.body,
            headers={"Content-Type": manifest.headers.get_content_type()},
        )
        assert response.status == 201, response.body
    return repository


def test_unknown_tag_names_the_closest_existing_tags(
    registry: RegistryServer, tagged: str, home: dict[str, str]
) -> None:
    reference = f"{registry.address}/{tagged}:1.3.0"
    mark = registry.mark()
    code, _, stderr = check(f"docker://{reference}", env=home)
    assert code == 2
    assert stderr == (
        f"ocilint: docker://{reference}: unknown tag `1.3.0` in repository `{tagged}` "
        "(MANIFEST_UNKNOWN: manifest unknown); closest tags: `1.2.0`, `1.1.0`, `1.0.0`, "
        "`1.10.0`, `1.0.1`\n"
    )
    # one manifest request, then one tags/list request, capped
    assert requests_since(registry, mark) == [
        ("manifest", f"/v2/{tagged}/manifests/1.3.0"),
        ("tags", f"/v2/{tagged}/tags/list?n=1000"),
    ]


def test_unknown_tag_with_nothing_close_names_no_tags(
    registry: RegistryServer, tagged: str, home: dict[str, str]
) -> None:
    reference = f"{registry.address}/{tagged}:zzzz"
    code, _, stderr = check(f"docker://{reference}", env=home)
    assert (code, stderr) == (
        2,
        f"ocilint: docker://{reference}: unknown tag `zzzz` in repository `{tagged}` "
        "(MANIFEST_UNKNOWN: manifest unknown)\n",
    )


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("acme/single:2.0", "unknown tag `2.0` in repository `acme/single` (MANIFEST_UNKNOWN: manifest unknown); closest tags: `1.0`"),
        ("acme/typo:1.0", "unknown repository `acme/typo`: the registry knows no manifest `1.0` and no tags in it"),
        (f"acme/single@sha256:{'0' * 64}", f"unknown manifest `sha256:{'0' * 64}` in repository `acme/single` (MANIFEST_UNKNOWN: manifest unknown)"),
    ],
    ids=["tag-in-a-small-repository", "repository", "digest"],
)  # fmt: skip
def test_unknown_tag_repository_or_digest_is_named(
    registry: RegistryServer, home: dict[str, str], reference: str, message: str
) -> None:
    text = f"{registry.address}/{reference}"
    code, _, stderr = check(text, env=home)
    assert (code, stderr) == (2, f"ocilint: {text}: {message}\n")


def test_a_registry_that_says_name_unknown_is_not_asked_for_tags(
    fault_server: FaultServer, home: dict[str, str]
) -> None:
    fault_server.manifest(
        "acme/app", "1.0", Status(404, body=b'{"errors":[{"code":"NAME_UNKNOWN","message":"x"}]}')
    )
    code, _, stderr = check(f"docker://{fault_server.reference('acme/app', '1.0')}", env=home)
    assert code == 2
    assert "unknown repository `acme/app` (NAME_UNKNOWN: x)" in stderr
    assert fault_server.count("/v2/acme/app/tags/list") == 0


def test_a_huge_or_failing_tag_list_keeps_the_plain_message(
    fault_server: FaultServer, home: dict[str, str]
) -> None:
    from tests.servers import Large

    huge = Large(content_type="application/json")  # 50 MB
    fault_server.route("/v2/acme/app/tags/list", huge)
    text = f"docker://{fault_server.reference('acme/app', '1.0')}"
    code, _, stderr = check(text, env=home)
    assert (code, stderr) == (
        2,
        f"ocilint: {text}: manifest `1.0` not found: unknown repository `acme/app` or tag "
        "(MANIFEST_UNKNOWN: manifest unknown)\n",
    )
    assert huge.bytes_sent < 10 * 1024 * 1024  # stopped at the cap (plus socket buffers)
    fault_server.route("/v2/acme/app/tags/list", Status(500))
    code, _, stderr = check(text, env=home)
    assert code == 2 and "unknown repository `acme/app` or tag" in stderr


def test_tag_list_from_a_hostile_registry_is_filtered(
    fault_server: FaultServer, home: dict[str, str]
) -> None:
    from tests.servers import Serve

    tags = ["1.0", 7, None, "x" * 5000, "1.\x1b[31m6", "1.1", "1.2", "1.3", "1.4", "1.5", "2"]
    fault_server.route(
        "/v2/acme/app/tags/list", Serve(json.dumps({"tags": tags}).encode(), "application/json")
    )
    text = f"docker://{fault_server.reference('acme/app', '1.6')}"
    code, _, stderr = check(text, env=home)
    assert code == 2
    assert stderr.endswith("closest tags: `1.5`, `1.4`, `1.3`, `1.2`, `1.1`\n")
    assert "\x1b" not in stderr


# --------------------------------------------------------------------------- URL-shaped references


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_url_typed_as_a_reference_gets_the_docker_form(
    registry: RegistryServer, home: dict[str, str], scheme: str
) -> None:
    image = registry.images["single"]
    url = f"{scheme}://{image.reference}"
    mark = registry.mark()
    code, stdout, stderr = check(url, env=home)
    assert (code, stderr) == (1, "")
    assert requests_since(registry, mark) == []  # never reaches the network
    line = stdout.splitlines()[0]
    assert line.startswith(
        f"{url}: OCL201 error: invalid image reference `{url}` (reference): invalid reference "
        f"format (fix: use `docker://{image.reference}`: a registry is named with docker://"
    )
    # ... and the form it suggests works
    code, stdout, stderr = check(f"docker://{image.reference}", env=home)
    assert (code, stderr) == (0, "")


def test_registry_api_url_typed_as_a_reference(
    registry: RegistryServer, home: dict[str, str]
) -> None:
    image = registry.images["single"]
    url = f"https://{registry.address}/v2/acme/single/manifests/{image.digest}"
    code, stdout, _ = check("--format", "json", url, env=home)
    assert code == 1
    [finding] = json.loads(stdout)["findings"]
    assert finding["fix"] == (
        f"use `docker://{image.digest_reference}`: a registry is named with docker://, not a URL"
    )


def test_oci_layout_typed_as_a_transport_gets_the_oci_form(
    fixture_layout: FixtureLayout, home: dict[str, str]
) -> None:
    text = f"oci-layout:{fixture_layout.path}:single"
    code, stdout, _ = check("--format", "json", text, env=home)
    assert code == 1
    [finding] = json.loads(stdout)["findings"]
    assert finding["fix"] == (
        f"use `oci:{fixture_layout.path}:single`: `oci-layout:` is not a transport; an OCI "
        "layout directory is written oci:DIR[:TAG]"
    )
    code, _, stderr = check(f"oci:{fixture_layout.path}:single", env=home)
    assert (code, stderr) == (0, "")


def test_relative_oci_layout_is_not_looked_up_as_an_image(
    fixture_layout: FixtureLayout, registry: RegistryServer, home: dict[str, str]
) -> None:
    # `oci-layout:layout` parses as the image docker.io/library/oci-layout:layout; the
    # directory beside it says what was meant, and nothing is asked of any registry.
    code, stdout, stderr = check("oci-layout:layout", env=home, cwd=fixture_layout.path.parent)
    assert "OCL207" not in stdout  # not read as an image name either
    assert (code, stderr) == (
        2,
        "ocilint: oci-layout:layout: not checked as an image name: did you mean "
        "`oci:layout`? (`oci-layout:` is not a transport; an OCI layout directory is written "
        "oci:DIR[:TAG])\n",
    )


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("docker-daemon://acme/engine:1.0", "use `docker-daemon:acme/engine:1.0`: an image in the local engine is written docker-daemon:REPO:TAG"),
        ("dokcer://ghcr.io/acme/app:1", "use `docker://ghcr.io/acme/app:1`: `dokcer:` is not a transport; a registry's image is written docker://HOST/REPO:TAG"),
        ("docker://https://ghcr.io/acme/app:1", "use `docker://ghcr.io/acme/app:1`: a registry is named with docker://, not a URL"),
        ("oci-achive:/tmp/app.tar:v1", "use `oci-archive:/tmp/app.tar:v1`: `oci-achive:` is not a transport; an OCI layout tarball is written oci-archive:FILE[:TAG]"),
        ("https://deploy:s3cret@ghcr.io/acme/app:1", "use `docker://ghcr.io/acme/app:1`: a registry is named with docker://, not a URL"),
    ],
)  # fmt: skip
def test_mistyped_transports_get_the_form_that_works(
    text: str, fix: str, home: dict[str, str]
) -> None:
    code, stdout, _ = check("--format", "json", text, env=home)
    assert code == 1
    assert [f["fix"] for f in json.loads(stdout)["findings"]] == [fix]


def test_url_in_a_dockerfile_gets_the_bare_reference(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM https://ghcr.io/acme/base:1.0\n")
    result = run_ocilint(
        "check", "--select", "OCL201", "--format", "json", "Dockerfile", cwd=tmp_path
    )
    assert result.code == 1
    assert [f["fix"] for f in json.loads(result.stdout)["findings"]] == [
        "use `ghcr.io/acme/base:1.0`: an image is named without a URL scheme"
    ]


def test_error_line_carries_the_hint_when_loading_fails(home: dict[str, str]) -> None:
    # `docker-archiv:app.tar` is a valid image name, so it is looked up, and fails.
    port = free_port()
    env = {**home, "DOCKER_HOST": f"tcp://127.0.0.1:{port}"}
    code, _, stderr = check("docker-archiv:app.tar", env=env)
    assert code == 2
    assert stderr == (
        f"ocilint: docker-archiv:app.tar: local engine tcp://127.0.0.1:{port} (DOCKER_HOST): "
        "connection refused (to check the registry's copy instead: "
        "`docker://docker-archiv:app.tar`); did you mean `docker-archive:app.tar`? "
        "(`docker-archiv:` is not a transport; a `docker save` tarball is written "
        "docker-archive:FILE[:REPO:TAG])\n"
    )


def test_mistyped_archive_transport_naming_a_file_is_not_looked_up(
    tmp_path: Path, home: dict[str, str]
) -> None:
    (tmp_path / "app.tar").write_bytes(b"")
    port = free_port()  # an engine that would fail: it is never asked
    env = {**home, "DOCKER_HOST": f"tcp://127.0.0.1:{port}"}
    code, _, stderr = check("docker-archiv:app.tar", env=env, cwd=tmp_path)
    assert (code, stderr) == (
        2,
        "ocilint: docker-archiv:app.tar: not checked as an image name: did you mean "
        "`docker-archive:app.tar`? (`docker-archiv:` is not a transport; a `docker save` "
        "tarball is written docker-archive:FILE[:REPO:TAG])\n",
    )


@pytest.mark.parametrize(
    ("url", "form"),
    [
        ("https://hub.docker.com/_/alpine", "docker://docker.io/library/alpine"),
        ("https://hub.docker.com/r/bitnami/redis/tags", "docker://docker.io/bitnami/redis"),
        ("https://quay.io/repository/prometheus/node-exporter?tab=tags", "docker://quay.io/prometheus/node-exporter"),
        ("https://github.com/orgs/Acme/packages/container/package/app", "docker://ghcr.io/acme/app"),
        ("https://github.com/acme/app/pkgs/container/app", "docker://ghcr.io/acme/app"),
        ("http://127.0.0.1:5000/v2/acme/app/tags/list", "docker://127.0.0.1:5000/acme/app"),
        ("//ghcr.io/acme/app:1", "docker://ghcr.io/acme/app:1"),
    ],
)  # fmt: skip
def test_a_registry_page_copied_from_the_browser_names_its_image(url: str, form: str) -> None:
    from ocilint.transports import suggest

    suggested = suggest(url)
    assert suggested is not None and suggested[0] == form


@pytest.mark.parametrize(
    "text", ["ghcr.io/acme/app:1", "oci:/tmp/layout:v1", "oci://tmp/layout", "registry:2", "docker-daemon:app:1"]
)  # fmt: skip
def test_forms_that_work_get_no_suggestion(text: str) -> None:
    from ocilint.transports import suggest

    assert suggest(text) is None


@pytest.mark.parametrize(
    "meta",
    [b"{not json", b'{"Endpoints": ["docker"]}', b'{"Endpoints": {"docker": {"Host": 7}}}', b"[]"],
)
def test_a_broken_context_is_an_error_naming_it(meta: bytes, home: dict[str, str]) -> None:
    path = write_context(Path(home["DOCKER_CONFIG"]), "broken", "unix:///x", current=True)
    path.write_bytes(meta)
    code, _, stderr = check("ghcr.io/acme/app:1", env=home)
    assert code == 2
    assert stderr.startswith("ocilint: ghcr.io/acme/app:1: docker context `broken` (from ")
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
