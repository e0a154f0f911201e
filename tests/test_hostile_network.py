"""Registries, token services and engines that attack: slow drips, endless retries, huge and
self-similar image graphs, malformed URLs, hostile tokens, credential helpers that misbehave,
redirects that would carry a secret away. Every case is a real server on loopback, every run a
subprocess under a wall-clock timeout and a memory limit, and every assertion is on the exit
status and the exact line a user sees."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from ocilint.budgets import DEFAULT_BUDGETS
from ocilint.images import MAX_INDEX_DEPTH
from tests.hostile import assert_no_secret_in_any_format, clean_environment, run_limited
from tests.servers import (
    OCI_INDEX,
    DripHeaders,
    DripServer,
    FaultServer,
    Redirect,
    RequireAuth,
    Serve,
    Status,
    Trickle,
    error_body,
    free_port,
    sha256_digest,
)

REF = "acme/app"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_environment(tmp_path)


def check(*args: str, env: dict[str, str], timeout: float = 30) -> tuple[int, str]:
    result = run_limited("check", "image-ref", *args, env=env, timeout=timeout)
    return result.code, result.stderr


def login(directory: Path, config: dict[str, Any]) -> str:
    directory.mkdir(exist_ok=True)
    (directory / "config.json").write_text(json.dumps(config))
    return str(directory)


# --------------------------------------------------------------------------- the deadline


def test_a_manifest_dripping_a_byte_at_a_time_ends_at_the_deadline(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    _, body, _ = fault_server.add_image(REF, "1.0")
    fault_server.manifest(REF, "1.0", Trickle(body, interval=0.2, limit=20))
    reference = fault_server.reference(REF, "1.0")
    assert check("--timeout", "2", reference, env=env, timeout=15) == (
        2,
        f"ocilint: {reference}: {fault_server.address}: timed out after 2s\n",
    )


def test_response_headers_dripping_a_byte_at_a_time_end_at_the_deadline(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    fault_server.manifest(REF, "1.0", DripHeaders())
    reference = fault_server.reference(REF, "1.0")
    assert check("--timeout", "2", reference, env=env, timeout=15) == (
        2,
        f"ocilint: {reference}: {fault_server.address}: timed out after 2s\n",
    )


def test_a_tls_handshake_that_never_ends_ends_at_the_deadline(env: dict[str, str]) -> None:
    with DripServer() as drip:
        reference = f"{drip.address}/{REF}:1.0"
        assert check("--timeout", "2", reference, env=env, timeout=15) == (
            2,
            f"ocilint: {reference}: {drip.address}: timed out after 2s\n",
        )


def test_a_dripping_token_service_ends_at_the_deadline(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    _, body, _ = fault_server.add_image(REF, "1.0")
    challenge = fault_server.bearer("t0ken-value")
    fault_server.route("/token", Trickle(b'{"token": "t0ken-value"}', limit=20))
    fault_server.manifest(REF, "1.0", RequireAuth("Bearer t0ken-value", Serve(body), challenge))
    reference = fault_server.reference(REF, "1.0")
    assert check("--timeout", "2", reference, env=env, timeout=15) == (
        2,
        f"ocilint: {fault_server.address}: token service {fault_server.url}/token: "
        "timed out after 2s\n",
    )


def test_a_dripping_engine_ends_at_the_deadline(env: dict[str, str]) -> None:
    with DripServer(b"HTTP/1.1 200 OK\r\n" * 100) as drip:
        code, stderr = check(
            "--timeout", "2", f"docker-daemon:{REF}:1",
            env={**env, "DOCKER_HOST": f"tcp://{drip.address}"}, timeout=15,
        )  # fmt: skip
    assert (code, stderr) == (
        2,
        f"ocilint: docker-daemon:{REF}:1: local engine tcp://{drip.address} (DOCKER_HOST): timed out "
        "after 2s\n",
    )


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "abc", "1e400"])
def test_a_timeout_that_is_not_a_positive_finite_number_is_refused(
    value: str, env: dict[str, str]
) -> None:
    assert check("--timeout", value, "127.0.0.1:1/acme/app", env=env) == (
        2,
        f"ocilint: argument --timeout: `{value}` is not a number of seconds above 0 and at most "
        "86,400 (see `ocilint check image-ref --help`)\n",
    )


# --------------------------------------------------------------------------- retries


def test_a_long_retry_after_is_reported_not_waited_for(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    path = fault_server.manifest(REF, "1.0", Status(429, {"Retry-After": "87"}))
    reference = fault_server.reference(REF, "1.0")
    assert check(reference, env=env, timeout=15) == (
        2,
        f"ocilint: {reference}: the registry is limiting requests (HTTP 429) for manifest "
        "`1.0`; it asks to retry after `87` (UNKNOWN: status 429)\n",
    )
    assert fault_server.count(path) == 1


def test_retries_are_bounded(fault_server: FaultServer, env: dict[str, str]) -> None:
    path = fault_server.manifest(REF, "1.0", Status(503, {"Retry-After": "0"}))
    reference = fault_server.reference(REF, "1.0")
    assert check(reference, env=env) == (
        2,
        f"ocilint: {reference}: the registry answered 503 for manifest `1.0` "
        "(UNKNOWN: status 503)\n",
    )
    assert fault_server.count(path) == 4  # the request and 3 retries


# --------------------------------------------------------------------------- image graph budgets


def _nested_indexes(server: FaultServer, levels: int, width: int) -> str:
    """An index `levels` deep whose every level lists the level below `width` times: the
    issue's 4 by 25 graph names 390,625 manifests with 6 distinct digests."""
    digest, manifest, _ = server.add_image(REF, "leaf")
    child = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest,
             "size": len(manifest), "platform": {"os": "linux", "architecture": "amd64"}}  # fmt: skip
    for level in range(levels):
        body = json.dumps(
            {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [child] * width}
        ).encode()
        digest = sha256_digest(body)
        server.manifest(REF, digest, Serve(body, OCI_INDEX))
        server.manifest(REF, f"level{level}", Serve(body, OCI_INDEX))
        child = {**child, "mediaType": OCI_INDEX, "digest": digest, "size": len(body)}
    return f"level{levels - 1}"


def test_a_self_similar_index_is_read_and_checked_once_per_digest(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    """4 levels x 25 entries repeating one digest: 390,625 manifests if walked as a tree; the
    image graph shares each digest (ocilint.images), so it is 6 documents, checked once."""
    tag = _nested_indexes(fault_server, 4, 25)
    reference = fault_server.reference(REF, tag)
    assert check(reference, env=env) == (1, "")  # the image's findings, no budget exceeded
    fetched = [r.path for r in fault_server.requests_to(method="GET")]
    assert len(fetched) == len(set(fetched)) <= 6  # root, 3 indexes, the manifest, its config


def test_indexes_nested_too_deep(fault_server: FaultServer, env: dict[str, str]) -> None:
    tag = _nested_indexes(fault_server, MAX_INDEX_DEPTH + 2, 1)
    code, stderr = check(fault_server.reference(REF, tag), env=env)
    assert code == 2
    assert stderr.endswith(
        f"indexes nested more than {MAX_INDEX_DEPTH} deep "
        "(raise `limits.index-depth` in the configuration)\n"
    )
    assert DEFAULT_BUDGETS.index_depth == MAX_INDEX_DEPTH


# --------------------------------------------------------------------------- odd but legal input


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("http://[::1/v2/", "http://[::1/v2/"),
        ("http://127.0.0.1:99999/v2/", "http://127.0.0.1:99999/v2/"),
        ("http://127.0.0.1:1/\x1b[31mred", "http://127.0.0.1:1/\\x1b[31mred"),
        ("gopher://127.0.0.1/x", "gopher://127.0.0.1/x"),
    ],
)
def test_a_malformed_location_is_a_clear_error(
    location: str, shown: str, fault_server: FaultServer, env: dict[str, str]
) -> None:
    fault_server.manifest(REF, "1.0", Redirect(location))
    reference = fault_server.reference(REF, "1.0")
    code, stderr = check(reference, env=env)
    assert code == 2
    assert stderr.startswith(f"ocilint: {reference}: {fault_server.address}: redirected to an ")
    assert f"`{shown}`" in stderr
    assert "\x1b" not in stderr and "internal error" not in stderr


def test_a_non_ascii_location_path_is_followed_percent_encoded(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    _, body, _ = fault_server.add_image(REF, "1.0")
    fault_server.manifest(REF, "1.0", Redirect("/v2/acme/app/manifests/tëst"))
    fault_server.route("/v2/acme/app/manifests/t%C3%ABst", Serve(body))
    code, stderr = check(fault_server.reference(REF, "1.0"), env=env)
    assert (code, stderr) == (1, "")  # findings: the tag is not pinned to a digest


@pytest.mark.parametrize(
    ("realm", "error"),
    [
        ("http://[bad/token", "token service: invalid URL `http://[bad/token`"),
        ("ftp://127.0.0.1/token", "token service: unsupported URL scheme in "
         "`ftp://127.0.0.1/token` (expected http or https)"),
    ],
)  # fmt: skip
def test_a_malformed_realm_is_a_clear_error(
    realm: str, error: str, fault_server: FaultServer, env: dict[str, str]
) -> None:
    fault_server.manifest(REF, "1.0", RequireAuth("x", Serve(b"{}"), f'Bearer realm="{realm}"'))
    assert check(fault_server.reference(REF, "1.0"), env=env) == (
        2,
        f"ocilint: {fault_server.address}: {error}\n",
    )


@pytest.mark.parametrize(
    "answer",
    [b"[" * 200_000, b'{"token": ' + b"9" * 5000 + b"}", b"\xff\xfe", b'{"token": ["x"]}'],
    ids=["nested", "long-integer", "not-utf8", "not-a-string"],
)
def test_a_hostile_token_answer_is_a_clear_error(
    answer: bytes, fault_server: FaultServer, env: dict[str, str]
) -> None:
    challenge = fault_server.bearer("unused")
    fault_server.route("/token", Serve(answer, "application/json"))
    fault_server.manifest(REF, "1.0", RequireAuth("x", Serve(b"{}"), challenge))
    assert check(fault_server.reference(REF, "1.0"), env=env) == (
        2,
        f"ocilint: {fault_server.address}: token service answered 200 without a token\n",
    )


def test_an_engine_answering_odd_types_is_checked_not_crashed(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    inspect = {
        "Id": "sha256:" + "a" * 64, "RepoTags": {"acme/app": "1"}, "RepoDigests": {"x": 1},
        "Os": "linux", "Architecture": "amd64", "Config": {"Labels": {"a": "b"}},
    }  # fmt: skip
    fault_server.route("/images/acme%2Fapp%3A1/json", Serve(json.dumps(inspect).encode()))
    code, stderr = check(
        "docker-daemon:acme/app:1", env={**env, "DOCKER_HOST": f"tcp://{fault_server.address}"}
    )
    assert (code, stderr) == (1, "")


def test_an_engine_answering_a_number_too_long_for_python(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    fault_server.route("/images/acme%2Fapp%3A1/json", Serve(b'{"Size": ' + b"1" * 5000 + b"}"))
    host = f"tcp://{fault_server.address}"
    assert check("docker-daemon:acme/app:1", env={**env, "DOCKER_HOST": host}) == (
        2,
        f"ocilint: docker-daemon:acme/app:1: local engine {host} (DOCKER_HOST) answered with an "
        "unreadable image: invalid JSON: a number has more than 4,300 digits\n",
    )


def test_a_garbage_ca_in_the_cert_dir(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    directory = tmp_path / "certs.d" / fault_server.address
    directory.mkdir(parents=True)
    (directory / "ca.crt").write_text("-----BEGIN CERTIFICATE-----\ngarbage\n")
    reference = fault_server.reference(REF, "1.0")
    code, stderr = check("--cert-dir", str(tmp_path / "certs.d"), reference, env=env)
    assert code == 2
    assert stderr.startswith(
        f"ocilint: {reference}: {fault_server.address}: {directory}/ca.crt is not a PEM CA "
        "certificate ("
    )


def test_a_client_certificate_without_its_key(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    directory = tmp_path / "certs.d" / fault_server.address
    directory.mkdir(parents=True)
    (directory / "client.cert").write_text("x")
    reference = fault_server.reference(REF, "1.0")
    assert check("--cert-dir", str(tmp_path / "certs.d"), reference, env=env) == (
        2,
        f"ocilint: {reference}: {fault_server.address}: client certificate "
        f"{directory}/client.cert has no key {directory}/client.key\n",
    )


@pytest.mark.parametrize(
    "files",
    [{"ca.pem": "garbage"}, {"cert.pem": "x"}, {"cert.pem": "x", "key.pem": "y"}],
    ids=["garbage-ca", "certificate-without-key", "garbage-certificate-and-key"],
)
def test_docker_tls_verify_with_unusable_files(
    files: dict[str, str], env: dict[str, str], tmp_path: Path
) -> None:
    certs = tmp_path / "engine-certs"
    certs.mkdir()
    for name, text in files.items():
        (certs / name).write_text(text)
    engine = {"DOCKER_HOST": "tcp://127.0.0.1:1", "DOCKER_TLS_VERIFY": "1",
              "DOCKER_CERT_PATH": str(certs)}  # fmt: skip
    code, stderr = check("docker-daemon:acme/app:1", env={**env, **engine})
    assert code == 2
    assert stderr.startswith(
        "ocilint: docker-daemon:acme/app:1: local engine tcp://127.0.0.1:1 (DOCKER_HOST): "
        f"cannot load TLS files from {certs}: "
    )
    assert stderr.count("\n") == 1


# --------------------------------------------------------------------------- credential helpers


def _helper(directory: Path, script: str) -> dict[str, str]:
    """A `docker-credential-hostile` on PATH and a Docker config naming it for every registry."""
    binary = directory / "bin"
    binary.mkdir(exist_ok=True)
    program = binary / "docker-credential-hostile"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    config = login(directory / "helper-config", {"credsStore": "hostile"})
    return {"DOCKER_CONFIG": config, "PATH": f"{binary}:{os.environ['PATH']}"}


@pytest.mark.parametrize(
    ("script", "error"),
    [
        ("echo '[]'\n", "answered without a JSON object of Username and Secret"),
        ("echo 'garbage'\n", "answered without a JSON object of Username and Secret"),
        ("echo '{\"Username\": 1}'\n", "answered without a Username and Secret"),
        ("echo 'keychain locked' >&2; exit 3\n", "failed (exit 3)"),
        ("exec sleep 60\n", "did not answer in time (it may take 10s, within --timeout)"),
        ("exec yes\n", "printed more than 65,536 bytes"),
        ("exec cat /dev/zero\n", "printed more than 65,536 bytes"),
    ],
)
def test_a_misbehaving_credential_helper_is_a_clear_error(
    script: str, error: str, fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    fault_server.manifest(REF, "1.0", RequireAuth("x", Serve(b"{}"), 'Basic realm="r"'))
    reference = fault_server.reference(REF, "1.0")
    helper = _helper(tmp_path, script)
    assert check("--timeout", "2", reference, env={**env, **helper}, timeout=20) == (
        2,
        f"ocilint: {reference}: credentials for {fault_server.address}: credential helper "
        f"`docker-credential-hostile` {error}\n",
    )


def test_a_credential_helper_without_credentials_means_anonymous(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    fault_server.add_image(REF, "1.0")
    helper = _helper(tmp_path, "echo 'credentials not found in native keychain'; exit 1\n")
    code, stderr = check(fault_server.reference(REF, "1.0"), env={**env, **helper})
    assert (code, stderr) == (1, "")  # checked (findings: the tag is not pinned)


# --------------------------------------------------------------------------- secrets


def test_a_token_with_a_line_break_is_refused_and_never_shown(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    secret = "s3cr3t-t0ken\r\nX-Injected: 1"
    challenge = fault_server.bearer(secret)
    fault_server.manifest(REF, "1.0", RequireAuth("x", Serve(b"{}"), challenge))
    reference = fault_server.reference(REF, "1.0")
    results = assert_no_secret_in_any_format(
        [reference], ["s3cr3t-t0ken", "X-Injected"], env=env, cwd=tmp_path
    )
    assert results[0].stderr == (
        f"ocilint: {fault_server.address}: the token service sent a token that is not a valid "
        "HTTP header value (control characters or spaces)\n"
    )
    assert all(r.code == 2 for r in results)
    # One anonymous request per run: the token was never sent.
    assert fault_server.count(f"/v2/{REF}/manifests/1.0") == len(results)


def test_an_identity_token_is_never_sent_to_another_host_on_a_307(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    other = fault_server.other
    assert other is not None
    secret = "refresh-s3cret-identity-token"
    challenge = fault_server.bearer("unused")
    fault_server.route("/token", Redirect(f"{other.url}/token", 307))
    fault_server.manifest(REF, "1.0", RequireAuth("x", Serve(b"{}"), challenge))
    config = login(tmp_path / "login", {"auths": {fault_server.address: {"identitytoken": secret}}})
    reference = fault_server.reference(REF, "1.0")
    results = assert_no_secret_in_any_format(
        [reference], [secret], env={**env, "DOCKER_CONFIG": config}, cwd=tmp_path
    )
    assert results[0].stderr == (
        f"ocilint: {fault_server.address}: token service {fault_server.url}/token: refused to "
        f"re-send a request body to another host ({other.address}) on an HTTP 307 redirect\n"
    )
    assert other.count() == 0
    assert secret in fault_server.requests_to("/token", "POST")[0].body.decode()


def test_docker_host_userinfo_is_never_shown(env: dict[str, str], tmp_path: Path) -> None:
    with DripServer(b"") as closed:  # accepts, then closes at once
        host = f"tcp://admin:hunter2-engine@{closed.address}"
        results = assert_no_secret_in_any_format(
            [f"docker-daemon:{REF}:1"],
            ["hunter2-engine", "admin:"],
            env={**env, "DOCKER_HOST": host},
            cwd=tmp_path,
        )
    assert results[0].stderr.startswith(
        f"ocilint: docker-daemon:{REF}:1: local engine tcp://{closed.address} (DOCKER_HOST): "
    )


def test_registry_error_text_is_escaped_capped_and_redacted(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    message = (
        "\x1b[2J\x1b[31mdenied\nDockerfile:1:1: OCI001 fake finding "
        "https://robot:pa55word@127.0.0.1/x?access_token=abc123secret " + "x" * 500
    )
    fault_server.manifest(REF, "1.0", Status(418, body=error_body("DENIED", message)))
    reference = fault_server.reference(REF, "1.0")
    results = assert_no_secret_in_any_format(
        [reference], ["pa55word", "abc123secret", "\x1b", "\nDockerfile"], env=env, cwd=tmp_path
    )
    assert results[0].stderr == (
        f"ocilint: {reference}: the registry answered 418 for manifest `1.0` (DENIED: "
        "\\x1b[2J\\x1b[31mdenied Dockerfile:1:1: OCI001 fake finding "
        "https://<redacted>@127.0.0.1/x?access_token=<redacted> " + "x" * 85
        + "… (415 more characters))\n"
    )  # fmt: skip


def test_basic_credentials_never_appear_when_the_registry_echoes_them(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    auth = base64.b64encode(b"robot:Pa55-w0rd-secret").decode()
    echo = error_body("DENIED", f"bad credentials Basic {auth} for robot:Pa55-w0rd-secret")
    fault_server.manifest(
        REF, "1.0", RequireAuth("never", Status(403, body=echo), 'Basic realm="r"')
    )
    config = login(tmp_path / "login", {"auths": {fault_server.address: {"auth": auth}}})
    results = assert_no_secret_in_any_format(
        [fault_server.reference(REF, "1.0")],
        ["Pa55-w0rd-secret", auth],
        env={**env, "DOCKER_CONFIG": config},
        cwd=tmp_path,
    )
    assert all(r.code == 2 for r in results)


def test_a_302_on_the_refresh_token_post_becomes_a_get_without_the_secret(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    other = fault_server.other
    assert other is not None
    secret = "refresh-s3cret-identity-token"
    _, body, _ = fault_server.add_image(REF, "1.0")
    challenge = fault_server.bearer("unused")
    fault_server.route("/token", Redirect(f"{other.url}/token", 302))
    other.bearer("issued-t0ken")  # other's /token hands out a token to anyone
    fault_server.manifest(REF, "1.0", RequireAuth("Bearer issued-t0ken", Serve(body), challenge))
    config = login(tmp_path / "login", {"auths": {fault_server.address: {"identitytoken": secret}}})
    code, stderr = check(fault_server.reference(REF, "1.0"), env={**env, "DOCKER_CONFIG": config})
    assert (code, stderr) == (1, "")  # checked (findings: the tag is not pinned)
    [followed] = other.requests_to("/token")
    assert (followed.method, followed.body) == ("GET", b"")
    assert secret not in followed.path and followed.header("Authorization") is None


def test_a_lying_digest_header_is_quoted_capped(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    digest, body, _ = fault_server.add_image(REF, "1.0")
    lie = "sha256:\x1b[31m" + "f" * 5000
    fault_server.manifest(REF, "1.0", Serve(body, digest=lie))
    reference = fault_server.reference(REF, "1.0")
    assert check(reference, env=env) == (
        2,
        f"ocilint: {reference}: digest mismatch: the registry says sha256:\\x1b[31m"
        + "f" * 88
        + f"… (4,912 more characters), the content is {digest}\n",
    )


def test_a_descriptor_digest_is_checked_before_it_becomes_a_url(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    index = {"schemaVersion": 2, "mediaType": OCI_INDEX,
             "manifests": [{"mediaType": OCI_INDEX, "digest": "x" * 100_000, "size": 1}]}  # fmt: skip
    fault_server.manifest(REF, "1.0", Serve(json.dumps(index).encode(), OCI_INDEX))
    reference = fault_server.reference(REF, "1.0")
    assert check(reference, env=env) == (
        2,
        f"ocilint: {reference}: a descriptor's digest `{'x' * 100}… (99,900 more characters)` "
        "is not a valid digest\n",
    )
    assert fault_server.count() == 1  # never requested


@pytest.mark.parametrize(
    ("value", "error"),
    [("nan", "at most a day (86,400), not nan"), ("inf", "at most a day (86,400), not inf"),
     ("-1", "a positive number of seconds, not -1")],
)  # fmt: skip
def test_a_configured_timeout_that_is_not_finite_is_refused(
    value: str, error: str, env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "ocilint.toml"
    config.write_text(f"timeout = {value}\n")
    assert check("--config", str(config), "127.0.0.1:1/acme/app", env=env) == (
        2,
        f"ocilint: {config}: `timeout` must be {error}\n",
    )


def test_a_failing_helper_on_a_403_is_one_error_and_the_next_image_is_still_checked(
    fault_server: FaultServer, env: dict[str, str], tmp_path: Path
) -> None:
    fault_server.manifest(REF, "1.0", Status(403))
    fault_server.add_image("acme/other", "1.0")
    helper = _helper(tmp_path, "exit 3\n")
    first, second = fault_server.reference(REF, "1.0"), fault_server.reference("acme/other", "1.0")
    result = run_limited("check", "image-ref", first, second, env={**env, **helper})
    assert (result.code, result.stderr) == (
        2,
        f"ocilint: {first}: access denied: credentials for {fault_server.address}: credential "
        "helper `docker-credential-hostile` failed (exit 3)\n",
    )
    assert any(
        line.startswith(f"{second}: manifest sha256:") for line in result.stdout.splitlines()
    )


def test_docker_tls_verify_without_any_certificate_files(
    env: dict[str, str], tmp_path: Path
) -> None:
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    engine = {"DOCKER_HOST": f"tcp://{address}", "DOCKER_TLS_VERIFY": "1",
              "DOCKER_CERT_PATH": str(tmp_path / "missing")}  # fmt: skip
    code, stderr = check(f"docker-daemon:{REF}:1", env={**env, **engine})
    # As the Docker CLI: missing files are not used (the system CAs, no client certificate).
    assert (code, stderr) == (
        2,
        f"ocilint: docker-daemon:{REF}:1: local engine tcp://{address} (DOCKER_HOST): connection "
        "refused\n",
    )


def test_a_manifest_with_a_number_too_long_for_python(
    fault_server: FaultServer, env: dict[str, str]
) -> None:
    body = b'{"schemaVersion": ' + b"2" * 5000 + b"}"
    fault_server.manifest(REF, "1.0", Serve(body))
    reference = fault_server.reference(REF, "1.0")
    assert check(reference, env=env) == (
        2,
        f"ocilint: {reference}: invalid JSON: a number has more than 4,300 digits\n",
    )
