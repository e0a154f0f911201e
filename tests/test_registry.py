"""`ocilint check image-ref` against real servers: Debian's docker-registry (plain, htpasswd
Basic, token auth with a real token issuer), podman's Docker API, and a loopback fault server
for what a real registry cannot do (hang, lie about digests, send 50 MB, redirect)."""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_ocilint
from tests.servers import (
    Attempts,
    Hang,
    Large,
    Redirect,
    RegistryServer,
    RequireAuth,
    Reset,
    Serve,
    Status,
    request_kind,
)


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """No credentials from the machine running the tests: empty Docker and podman configs."""
    (tmp_path / "docker").mkdir()
    (tmp_path / "runtime").mkdir()
    return {
        "DOCKER_CONFIG": str(tmp_path / "docker"),
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
        "REGISTRY_AUTH_FILE": "",
        "DOCKER_HOST": "",  # and DOCKER_CONFIG has no context: no local engine configured
    }


def check(*args: str, env: dict[str, str]) -> tuple[int, dict[str, Any], str, str]:
    result = run_ocilint("check", "image-ref", "--format", "json", *args, env=env)
    document = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.code, document, result.stderr, result.stdout


def codes(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["path"], f["code"]) for f in document.get("findings", [])]


def kinds_since(registry: RegistryServer, mark: int) -> list[tuple[str, str]]:
    return [(request_kind(r.path), r.method) for r in registry.requests_since(mark)]


# --------------------------------------------------------------------------- plain registry


def test_single_image_one_manifest_and_one_config(
    registry: RegistryServer, clean_env: dict[str, str]
) -> None:
    image = registry.images["single"]
    mark = registry.mark()
    code, document, stderr, _ = check(image.reference, env=clean_env)
    assert (code, codes(document), stderr) == (0, [], "")
    assert kinds_since(registry, mark) == [("manifest", "GET"), ("blob", "GET")]


def test_text_report_names_the_source_and_digest(
    registry: RegistryServer, clean_env: dict[str, str]
) -> None:
    image = registry.images["single"]
    result = run_ocilint("check", "image-ref", image.reference, env=clean_env)
    assert result.stdout.splitlines()[0] == (
        f"{image.reference}: manifest {image.digest} from registry {registry.address}, "
        "plain HTTP (2 HTTP requests); no local engine configured; checked the registry's copy"
    )


def test_index_is_followed_to_every_platform(
    registry: RegistryServer, clean_env: dict[str, str]
) -> None:
    image = registry.images["index"]
    mark = registry.mark()
    code, document, _, _ = check(image.reference, env=clean_env)
    assert code == 0, document
    requests = kinds_since(registry, mark)
    assert sorted(requests) == sorted([("manifest", "GET")] * 3 + [("blob", "GET")] * 2)
    mark = registry.mark()
    check(image.reference, "--platform", "linux/arm64", env=clean_env)
    assert sorted(kinds_since(registry, mark)) == sorted(
        [("manifest", "GET")] * 2 + [("blob", "GET")]
    )


def test_labels_in_the_registry_are_checked(
    registry: RegistryServer, clean_env: dict[str, str]
) -> None:
    image = registry.images["bad"]
    code, document, _, _ = check(image.reference, env=clean_env)
    assert code == 1
    assert codes(document) == [
        (image.reference, "OCL108"),
        (f"{image.reference} (config)", "OCL103"),
    ]


def test_docker_schema_2_and_manifest_list(
    registry: RegistryServer, clean_env: dict[str, str]
) -> None:
    code, document, stderr, _ = check(registry.images["docker"].reference, env=clean_env)
    assert (code, codes(document), stderr) == (0, [], "")
    listing = registry.images["list"]
    code, document, _, _ = check(listing.reference, env=clean_env)
    assert codes(document)[0] == (listing.reference, "OCL402")


def test_pull_by_digest_and_docker_transport(
    registry: RegistryServer, clean_env: dict[str, str]
) -> None:
    image = registry.images["untagged"]
    code, document, stderr, _ = check(
        image.digest_reference, f"docker://{image.digest_reference}", env=clean_env
    )
    assert (code, stderr) == (0, "")
    assert document["summary"]["inputs"] == 2


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("acme/nope:1.0", "unknown repository `acme/nope`: the registry knows no manifest `1.0` and no tags in it"),
        ("acme/single:nope", "unknown tag `nope` in repository `acme/single` (MANIFEST_UNKNOWN: manifest unknown); closest tags: `1.0`"),
    ],
)  # fmt: skip
def test_unknown_repository_or_tag(
    registry: RegistryServer, clean_env: dict[str, str], reference: str, message: str
) -> None:
    text = f"{registry.address}/{reference}"
    code, _, stderr, _ = check(text, env=clean_env)
    assert code == 2
    assert stderr == f"ocilint: {text}: {message}\n"


def test_connection_refused_and_invalid_reference(clean_env: dict[str, str]) -> None:
    code, _, stderr, _ = check("127.0.0.1:9/acme/app:1", env=clean_env)
    assert code == 2
    assert stderr == "ocilint: 127.0.0.1:9/acme/app:1: 127.0.0.1:9: connection refused\n"
    code, document, stderr, _ = check("127.0.0.1:9/Acme/app:1", env=clean_env)
    assert (code, stderr) == (1, "")  # found by the reference rules; no connection attempted
    assert codes(document) == [("127.0.0.1:9/Acme/app:1", "OCL201")]


# --------------------------------------------------------------------------- credentials


def test_basic_auth_with_docker_config(
    registry_basic: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    reference = registry_basic.images["single"].reference
    code, _, stderr, _ = check(reference, env=clean_env)
    assert code == 2
    assert stderr == (
        f"ocilint: {reference}: authentication required: no credentials for "
        f"{registry_basic.address} (`docker login {registry_basic.address}`)\n"
    )
    config = registry_basic.docker_config(tmp_path / "login")
    code, _, stderr, stdout = check(reference, env={**clean_env, "DOCKER_CONFIG": str(config)})
    assert (code, stderr) == (0, "")
    assert registry_basic.password not in stdout + stderr


def test_wrong_password_is_not_accepted(
    registry_basic: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    directory = tmp_path / "wrong"
    directory.mkdir()
    auth = base64.b64encode(f"{registry_basic.username}:wrong-password".encode()).decode()
    (directory / "config.json").write_text(
        json.dumps({"auths": {registry_basic.address: {"auth": auth}}})
    )
    reference = registry_basic.images["single"].reference
    code, _, stderr, _ = check(reference, env={**clean_env, "DOCKER_CONFIG": str(directory)})
    assert code == 2
    assert (
        f"credentials for {registry_basic.address} from {directory / 'config.json'} were not accepted"
        in stderr
    )
    assert "wrong-password" not in stderr


def test_podman_auth_file(
    registry_basic: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    config = registry_basic.docker_config(tmp_path / "podman")
    env = {**clean_env, "REGISTRY_AUTH_FILE": str(config / "config.json")}
    code, _, stderr, _ = check(registry_basic.images["single"].reference, env=env)
    assert (code, stderr) == (0, "")


def test_token_auth_with_password_identity_token_and_helper(
    registry_token: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    image = registry_token.images["index"]
    code, _, stderr, _ = check(image.reference, env=clean_env)
    assert code == 2 and "no credentials for" in stderr
    issuer = registry_token.issuer
    assert issuer is not None
    for name, config in (
        ("password", registry_token.docker_config(tmp_path / "password")),
        ("identity", registry_token.docker_config(tmp_path / "identity", identity_token=True)),
        ("helper", registry_token.docker_config(tmp_path / "helper", helper="ocilint-test")),
    ):
        before = len(issuer.requests)
        env = {
            **clean_env,
            "DOCKER_CONFIG": str(config),
            "PATH": f"{config / 'bin'}:{os.environ['PATH']}",
        }
        code, _, stderr, stdout = check(image.reference, "--format", "sarif", env=env)
        assert (name, code, stderr) == (name, 0, "")
        # One token for the repository's pull scope, cached for every manifest and config.
        assert len(issuer.requests) - before == 1, name
        for secret in registry_token.users.values():
            assert secret not in stdout
    assert (tmp_path / "helper" / "helper.log").read_text().strip() == registry_token.address


def test_reader_may_pull(
    registry_token: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    config = registry_token.docker_config(tmp_path / "reader", user=registry_token.reader)
    code, _, stderr, _ = check(
        registry_token.images["single"].reference, env={**clean_env, "DOCKER_CONFIG": str(config)}
    )
    assert (code, stderr) == (0, "")


# --------------------------------------------------------------------------- faults


def test_timeout(fault_server: Any, clean_env: dict[str, str]) -> None:
    fault_server.manifest("acme/app", "1.0", Hang(seconds=3))
    started = time.monotonic()
    code, _, stderr, _ = check(
        fault_server.reference("acme/app", "1.0"), "--timeout", "0.5", env=clean_env
    )
    assert code == 2
    assert stderr.endswith(": timed out after 0.5s\n")
    assert time.monotonic() - started < 3


def test_lying_digest_header(fault_server: Any, clean_env: dict[str, str]) -> None:
    digest, body, _ = fault_server.add_image("acme/app", "1.0")
    lie = "sha256:" + "0" * 64
    fault_server.manifest("acme/app", "1.0", Serve(body, digest=lie))
    code, _, stderr, _ = check(fault_server.reference("acme/app", "1.0"), env=clean_env)
    assert code == 2
    assert f"digest mismatch: the registry says {lie}, the content is {digest}" in stderr


def test_content_not_matching_the_requested_digest(
    fault_server: Any, clean_env: dict[str, str]
) -> None:
    digest, _, _ = fault_server.add_image("acme/app", "1.0")
    _, other, _ = fault_server.add_image("acme/other", "1.0", annotations={"a": "b"})
    fault_server.manifest("acme/app", digest, Serve(other, digest=None))
    code, _, stderr, _ = check(f"{fault_server.address}/acme/app@{digest}", env=clean_env)
    assert code == 2
    assert f"digest mismatch: asked for {digest}" in stderr


def test_oversized_manifest_is_not_read(fault_server: Any, clean_env: dict[str, str]) -> None:
    large = Large(content_length=False)
    fault_server.manifest("acme/app", "1.0", large)
    code, _, stderr, _ = check(fault_server.reference("acme/app", "1.0"), env=clean_env)
    assert code == 2
    assert stderr.endswith(
        "response is over the 4,194,304-byte limit; stopped reading "
        "(raise `limits.document-bytes` in the configuration)\n"
    )
    assert large.bytes_sent < 10 * 1024 * 1024


def test_oversized_manifest_by_content_length(fault_server: Any, clean_env: dict[str, str]) -> None:
    fault_server.manifest("acme/app", "1.0", Large())
    code, _, stderr, _ = check(fault_server.reference("acme/app", "1.0"), env=clean_env)
    assert code == 2
    assert stderr.endswith(
        "response of 52,428,800 bytes is over the 4,194,304-byte limit "
        "(raise `limits.document-bytes` in the configuration)\n"
    )


def test_retries_429_with_retry_after_and_5xx_and_resets(
    fault_server: Any, clean_env: dict[str, str]
) -> None:
    _, body, _ = fault_server.add_image("acme/app", "1.0")
    attempts = Attempts(Status(429, {"Retry-After": "1"}), Status(503), Reset(), Serve(body))
    path = fault_server.manifest("acme/app", "1.0", attempts)
    started = time.monotonic()
    code, document, stderr, _ = check(fault_server.reference("acme/app", "1.0"), env=clean_env)
    assert (code != 2, stderr, document["summary"]["inputs"]) == (True, "", 1)
    assert fault_server.count(path) == 4
    assert time.monotonic() - started >= 1  # Retry-After was honoured


def test_no_retry_for_404(fault_server: Any, clean_env: dict[str, str]) -> None:
    path = fault_server.manifest("acme/app", "1.0", Status(404))
    code, _, _, _ = check(fault_server.reference("acme/app", "1.0"), env=clean_env)
    assert (code, fault_server.count(path)) == (2, 1)


def test_redirect_to_another_host_drops_credentials(
    fault_server: Any, clean_env: dict[str, str], tmp_path: Path
) -> None:
    other = fault_server.other
    config_bytes = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "config": {},
            "rootfs": {"type": "layers", "diff_ids": []},
        }
    ).encode()
    _, body, config_digest = fault_server.add_image("acme/app", "1.0", config_bytes)
    other.route("/storage/config", Serve(config_bytes, "application/octet-stream"))
    basic = "Basic " + base64.b64encode(b"ocilint:s3cret").decode()
    challenge = 'Basic realm="fault"'
    fault_server.manifest("acme/app", "1.0", RequireAuth(basic, Serve(body), challenge))
    fault_server.blob(
        "acme/app",
        config_digest,
        RequireAuth(basic, Redirect(f"{other.url}/storage/config"), challenge),
    )
    directory = tmp_path / "login"
    directory.mkdir()
    auth = base64.b64encode(b"ocilint:s3cret").decode()
    (directory / "config.json").write_text(
        json.dumps({"auths": {fault_server.address: {"auth": auth}}})
    )
    code, document, stderr, _ = check(
        fault_server.reference("acme/app", "1.0"),
        env={**clean_env, "DOCKER_CONFIG": str(directory)},
    )
    assert (code != 2, stderr, document["summary"]["inputs"]) == (True, "", 1)
    received = other.requests_to("/storage/config")
    assert len(received) == 1
    assert "authorization" not in {name.lower() for name, _ in received[0].headers}


# --------------------------------------------------------------------------- engine


def test_docker_daemon_transport(podman_engine: Any, clean_env: dict[str, str]) -> None:
    env = {**clean_env, **podman_engine.env}
    result = run_ocilint("check", "image-ref", f"docker-daemon:{podman_engine.short_name}", env=env)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(
        f"docker-daemon:{podman_engine.short_name}: image sha256:"
    )
    assert f"from engine {podman_engine.docker_host}" in result.stdout


def test_bare_reference_prefers_the_engine(podman_engine: Any, clean_env: dict[str, str]) -> None:
    env = {**clean_env, **podman_engine.env}
    result = run_ocilint("check", "image-ref", podman_engine.short_name, env=env)
    assert f"from engine {podman_engine.docker_host}" in result.stdout, result.stderr


def test_bare_reference_falls_back_to_the_registry(
    podman_engine: Any, registry: RegistryServer, clean_env: dict[str, str]
) -> None:
    env = {**clean_env, **podman_engine.env}
    image = registry.images["single"]
    result = run_ocilint("check", "image-ref", image.reference, env=env)
    assert result.code == 0, result.stderr
    assert f"from registry {registry.address}" in result.stdout


def test_image_not_in_the_engine(podman_engine: Any, clean_env: dict[str, str]) -> None:
    env = {**clean_env, **podman_engine.env}
    code, _, stderr, _ = check("docker-daemon:acme/missing:1", env=env)
    assert code == 2
    assert (
        stderr
        == f"ocilint: docker-daemon:acme/missing:1: the engine at {podman_engine.docker_host} has no image `acme/missing:1`\n"
    )
