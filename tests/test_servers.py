"""The test servers themselves (tests/servers.py), proven with real clients: skopeo against the
registries, urllib against the fault server, HTTP over a unix socket against podman."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests import servers
from tests.images import DOCKER_LIST, DOCKER_MANIFEST, GOOD_LABELS, OCI_INDEX, OCI_MANIFEST

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def inspect(ref: str, workdir: Path, *args: str) -> str:
    return servers.skopeo_command(
        "inspect", "--tls-verify=false", *args, f"docker://{ref}", workdir=workdir
    )


def skopeo_fails(workdir: Path, *args: str) -> str:
    with pytest.raises(RuntimeError) as failure:
        servers.skopeo_command(*args, workdir=workdir)
    return str(failure.value)


def only_loopback(pids: list[int], port: int | None = None) -> list[str]:
    listening = servers.listening_sockets(pids)
    assert listening, "nothing listens"
    assert all(address.startswith("127.0.0.") for address in listening), listening
    if port is not None:
        assert listening == [f"127.0.0.1:{port}"]
    return listening


# --------------------------------------------------------------------------------------------
# Registry without auth


def test_fixture_images_as_skopeo_sees_them(
    registry: servers.RegistryServer, tmp_path: Path
) -> None:
    images = registry.images
    assert set(images) == {"single", "index", "docker", "list", "bad", "untagged"}
    expected_types = {
        "single": OCI_MANIFEST, "index": OCI_INDEX, "docker": DOCKER_MANIFEST, "list": DOCKER_LIST,
        "bad": OCI_MANIFEST, "untagged": OCI_MANIFEST,
    }  # fmt: skip
    for name, image in images.items():
        assert image.media_type == expected_types[name]
        for ref in (image.reference, image.digest_reference):
            raw = inspect(ref, tmp_path, "--raw").encode()
            assert "sha256:" + hashlib.sha256(raw).hexdigest() == image.digest, ref
        for platform in image.platforms:
            ref = f"{registry.address}/{image.repository}@{platform.digest}"
            config = json.loads(inspect(ref, tmp_path, "--config"))
            assert (config["os"], config["architecture"]) == (platform.os, platform.architecture)
            assert config["config"]["Labels"] == platform.labels
    assert [p.architecture for p in images["index"].platforms] == ["amd64", "arm64"]
    assert [p.architecture for p in images["list"].platforms] == ["amd64", "arm64"]
    assert images["index"].annotations["org.opencontainers.image.version"] == "1.0"
    assert images["single"].platforms[0].labels == GOOD_LABELS
    assert (
        images["bad"].platforms[0].labels["org.opencontainers.image.licenses"] == "MIT/Apache-2.0"
    )
    assert images["untagged"].tag is None and "@sha256:" in images["untagged"].reference
    assert images["docker"].platforms[0].config_media_type == servers.DOCKER_CONFIG


def test_registry_needs_the_exact_oci_type_in_accept(registry: servers.RegistryServer) -> None:
    """As FACTS.md says: what ocilint's client must cope with."""
    single, docker = registry.images["single"], registry.images["docker"]
    assert registry.manifest(single.repository, "1.0", DOCKER_MANIFEST).status == 404
    assert registry.manifest(single.repository, "1.0", "*/*").status == 404
    assert registry.manifest(single.repository, "1.0", OCI_MANIFEST).status == 200
    # Without the v2 type, a Docker image is rewritten to schema 1, which needs history: the
    # images built without history (all but `docker`) give 400 MANIFEST_INVALID instead.
    converted = registry.manifest(docker.repository, "1.0", "application/json")
    assert converted.status == 200
    assert (
        converted.headers.get_content_type()
        == "application/vnd.docker.distribution.manifest.v1+prettyjws"
    )
    assert converted.json()["schemaVersion"] == 1
    by_digest = registry.manifest(docker.repository, docker.digest, "*/*")
    assert by_digest.headers.get_content_type() == DOCKER_MANIFEST  # by digest: as pushed
    # A manifest list by tag without the list type: its linux/amd64 image, rewritten (400 here).
    assert registry.manifest("acme/list", "1.0", "*/*").status == 400
    config = registry.blob(single.repository, single.platforms[0].config_digest)
    assert config.headers.get_content_type() == "application/octet-stream"


def test_requests_since_counts_requests(registry: servers.RegistryServer, tmp_path: Path) -> None:
    index = registry.images["index"]
    mark = registry.mark()
    assert registry.requests_since(mark) == []
    registry.manifest(index.repository, "1.0")
    for platform in index.platforms:
        registry.manifest(index.repository, platform.digest)
        registry.blob(index.repository, platform.config_digest)
    requests = registry.requests_since(mark)
    base = f"/v2/{index.repository}"
    assert requests == [
        ("GET", f"{base}/manifests/1.0", 200),
        ("GET", f"{base}/manifests/{index.platforms[0].digest}", 200),
        ("GET", f"{base}/blobs/{index.platforms[0].config_digest}", 200),
        ("GET", f"{base}/manifests/{index.platforms[1].digest}", 200),
        ("GET", f"{base}/blobs/{index.platforms[1].config_digest}", 200),
    ]
    assert [servers.request_kind(r.path) for r in requests] == [
        "manifest",
        "manifest",
        "blob",
        "manifest",
        "blob",
    ]
    # skopeo's own requests (ping, manifest, config) are counted too
    second = registry.mark()
    inspect(registry.images["single"].reference, tmp_path, "--config")
    kinds = [servers.request_kind(r.path) for r in registry.requests_since(second)]
    assert kinds.count("manifest") == 1 and kinds.count("blob") == 1 and "ping" in kinds


def test_registry_listens_on_loopback_only(registry: servers.RegistryServer) -> None:
    only_loopback(servers.group_pids(registry.pid), registry.port)
    config = json.loads((registry.directory / "config.yml").read_text())
    assert "debug" not in config["http"]


def test_registry_ignores_registry_variables_and_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_HTTP_ADDR", "0.0.0.0:5000")
    monkeypatch.setenv("REGISTRY_HTTP_DEBUG_ADDR", "0.0.0.0:5001")
    monkeypatch.setenv("REGISTRY_AUTH", "htpasswd")
    with servers.start_registry(tmp_path / "registry", name="registry (function)") as registry:
        pid = registry.pid
        only_loopback(servers.group_pids(pid), registry.port)
        assert servers.http_request(registry.url + "/v2/").status == 200
        assert not any(
            line.startswith(b"REGISTRY_")
            for line in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        )
        assert os.getpgid(pid) == pid  # its own session
        assert os.getsid(pid) == pid
    assert not servers.pid_alive(pid)
    assert servers.group_pids(pid) == []


def test_registry_dies_with_the_test_process(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from tests import servers\n"
        "with servers.start_registry(Path(sys.argv[1])) as registry:\n"
        "    print(registry.pid, flush=True)\n"
        "    time.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "registry")],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        assert servers.pid_alive(pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        servers.wait_until(lambda: not servers.pid_alive(pid), 10, f"registry {pid} to die")
    finally:
        parent.kill()
        parent.wait()


# --------------------------------------------------------------------------------------------
# htpasswd Basic auth


def test_basic_auth_registry(registry_basic: servers.RegistryServer, tmp_path: Path) -> None:
    image = registry_basic.images["single"]
    assert (
        registry_basic.auth == "basic"
        and registry_basic.creds == f"ocilint:{registry_basic.password}"
    )
    htpasswd = (registry_basic.directory / "htpasswd").read_text().splitlines()
    assert all(line.split(":", 1)[1].startswith("$2y$") for line in htpasswd)  # bcrypt only
    ping = servers.http_request(registry_basic.url + "/v2/")
    assert ping.status == 401
    assert ping.headers["WWW-Authenticate"] == 'Basic realm="ocilint-test"'
    wrong = servers.basic_authorization("ocilint", "wrong")
    assert (
        servers.http_request(registry_basic.url + "/v2/", headers={"Authorization": wrong}).status
        == 401
    )
    assert (
        "unauthorized"
        in skopeo_fails(
            tmp_path, "inspect", "--tls-verify=false", f"docker://{image.reference}"
        ).lower()
    )
    raw = inspect(image.reference, tmp_path, "--raw", "--creds", registry_basic.creds or "")
    assert "sha256:" + hashlib.sha256(raw.encode()).hexdigest() == image.digest
    assert registry_basic.creds
    reader = f"reader:{registry_basic.reader_password}"
    assert (
        json.loads(inspect(image.reference, tmp_path, "--config", "--creds", reader))["config"][
            "Labels"
        ]
        == GOOD_LABELS
    )
    only_loopback(servers.group_pids(registry_basic.pid), registry_basic.port)


# --------------------------------------------------------------------------------------------
# Token auth


def test_token_auth_challenge_and_skopeo(
    registry_token: servers.RegistryServer, tmp_path: Path
) -> None:
    issuer = registry_token.issuer
    assert issuer is not None
    image = registry_token.images["index"]
    ping = servers.http_request(registry_token.url + "/v2/")
    assert ping.status == 401
    assert ping.headers["WWW-Authenticate"] == (
        f'Bearer realm="{issuer.realm}",service="{issuer.service}"'
    )
    manifest = servers.http_request(registry_token.url + f"/v2/{image.repository}/manifests/1.0")
    assert f'scope="repository:{image.repository}:pull"' in manifest.headers["WWW-Authenticate"]

    before = len(issuer.requests)
    raw = inspect(image.reference, tmp_path, "--raw", "--creds", registry_token.creds or "")
    assert "sha256:" + hashlib.sha256(raw.encode()).hexdigest() == image.digest
    request = issuer.requests[before]
    assert (request.user, request.status, request.scopes) == (
        "ocilint",
        200,
        (f"repository:{image.repository}:pull",),
    )
    assert request.granted == (f"repository:{image.repository}:pull",)

    # Anonymous: the issuer grants nothing, so the registry refuses.
    assert (
        "unauthorized"
        in skopeo_fails(
            tmp_path, "inspect", "--tls-verify=false", f"docker://{image.reference}"
        ).lower()
    )
    assert issuer.requests[-1].user is None and issuer.requests[-1].granted == ()
    # Wrong password: the issuer itself says 401.
    message = skopeo_fails(
        tmp_path,
        "inspect",
        "--tls-verify=false",
        "--creds",
        "ocilint:wrong",
        f"docker://{image.reference}",
    )
    assert "401" in message or "unauthorized" in message.lower()
    last = issuer.requests[-1]
    assert (last.user, last.status) == ("ocilint", 401)


def test_token_auth_reader_can_pull_not_push(
    registry_token: servers.RegistryServer, fixture_layout: servers.FixtureLayout, tmp_path: Path
) -> None:
    reader = f"{registry_token.reader}:{registry_token.reader_password}"
    image = registry_token.images["single"]
    labels = json.loads(inspect(image.reference, tmp_path, "--config", "--creds", reader))[
        "config"
    ]["Labels"]
    assert labels == GOOD_LABELS
    message = skopeo_fails(
        tmp_path, "copy", "--dest-tls-verify=false", "--dest-creds", reader,
        f"oci:{fixture_layout.path}:single", f"docker://{registry_token.reference('acme/denied', '1')}",
    )  # fmt: skip
    assert "denied" in message.lower() or "unauthorized" in message.lower()
    assert registry_token.issuer is not None
    assert registry_token.issuer.requests[-1].granted in ((), ("repository:acme/denied:pull",))
    assert "repository:acme/denied:pull,push" in registry_token.issuer.requests[-1].scopes


def test_token_jwt_is_rs256_with_x5c_verified_by_openssl(
    registry_token: servers.RegistryServer, tmp_path: Path
) -> None:
    issuer = registry_token.issuer
    assert issuer is not None
    token, _ = issuer.token_for("ocilint", ["repository:acme/single:pull"])
    header, claims = servers.decode_jwt(token)
    assert header["alg"] == "RS256" and len(header["x5c"]) == 1
    assert claims["access"] == [{"type": "repository", "name": "acme/single", "actions": ["pull"]}]
    assert (claims["iss"], claims["aud"]) == (issuer.issuer, issuer.service)
    signing_input, signature = token.rsplit(".", 1)
    (tmp_path / "input").write_text(signing_input)
    (tmp_path / "signature").write_bytes(
        base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    )
    servers.run_tool(
        "openssl",
        "x509",
        "-in",
        str(issuer.key.cert_path),
        "-pubkey",
        "-noout",
        "-out",
        str(tmp_path / "pub.pem"),
    )
    verified = servers.run_tool(
        "openssl", "dgst", "-sha256", "-verify", str(tmp_path / "pub.pem"),
        "-signature", str(tmp_path / "signature"), str(tmp_path / "input"),
    )  # fmt: skip
    assert "Verified OK" in verified
    # The registry accepts it: GET the manifest with the token.
    response = registry_token.manifest("acme/single", "1.0")
    assert response.status == 200


def test_token_issuer_oauth2_post_and_identity_token(
    registry_token: servers.RegistryServer,
) -> None:
    issuer = registry_token.issuer
    assert issuer is not None
    identity = next(iter(issuer.identity_tokens))
    form = {
        "grant_type": "refresh_token", "refresh_token": identity, "service": issuer.service,
        "scope": "repository:acme/single:pull", "client_id": "ocilint",
    }  # fmt: skip
    response = servers.http_request(
        issuer.realm, method="POST", data=urllib.parse.urlencode(form).encode()
    )
    assert response.status == 200
    token = response.json()["access_token"]
    manifest = servers.http_request(
        registry_token.url + "/v2/acme/single/manifests/1.0",
        headers={"Authorization": f"Bearer {token}", "Accept": OCI_MANIFEST},
    )
    assert manifest.status == 200
    form["refresh_token"] = "not-a-token"
    bad = servers.http_request(
        issuer.realm, method="POST", data=urllib.parse.urlencode(form).encode()
    )
    assert bad.status == 401
    password_form = {
        **form,
        "grant_type": "password",
        "username": "ocilint",
        "password": registry_token.password or "",
    }
    del password_form["refresh_token"]
    assert (
        servers.http_request(
            issuer.realm, method="POST", data=urllib.parse.urlencode(password_form).encode()
        ).status
        == 200
    )
    assert servers.http_request(issuer.realm + "?service=other").status == 401
    only_loopback([os.getpid()])  # the issuer (and any fault server) are in this process


def test_token_issuer_anonymous_pull_when_configured(tmp_path: Path) -> None:
    key = servers.RSAKey.generate(tmp_path)
    with servers.TokenIssuer(key, users={}, anonymous=("pull",)) as issuer:
        assert isinstance(issuer, servers.TokenIssuer)
        response = servers.http_request(
            issuer.realm + "?service=ocilint-test-registry&scope=repository:a/b:pull,push"
        )
        _, claims = servers.decode_jwt(response.json()["token"])
        assert claims["access"] == [{"type": "repository", "name": "a/b", "actions": ["pull"]}]


# --------------------------------------------------------------------------------------------
# Fault server (urllib only)


def test_fault_server_defaults_and_recording(fault_server: servers.FaultServer) -> None:
    assert fault_server.host == "127.0.0.1"
    assert fault_server.other is not None and fault_server.other.host == "127.0.0.2"
    ping = servers.http_request(fault_server.url + "/v2/", headers={"X-Test": "1"})
    assert (ping.status, ping.body, ping.headers["Docker-Distribution-Api-Version"]) == (
        200,
        b"{}",
        "registry/2.0",
    )
    missing = servers.http_request(fault_server.url + "/v2/a/b/manifests/1")
    assert missing.status == 404 and missing.json()["errors"][0]["code"] == "MANIFEST_UNKNOWN"
    assert fault_server.requests[0].header("x-test") == "1"
    assert fault_server.count("/v2/") == 1 and fault_server.count() == 2


def test_fault_server_well_formed_image(fault_server: servers.FaultServer) -> None:
    digest, manifest, config_digest = fault_server.add_image("acme/app", "1.0")
    response = servers.http_request(fault_server.url + "/v2/acme/app/manifests/1.0")
    assert (response.body, response.headers["Docker-Content-Digest"]) == (manifest, digest)
    assert response.headers.get_content_type() == OCI_MANIFEST
    assert (
        servers.http_request(fault_server.url + f"/v2/acme/app/manifests/{digest}").body == manifest
    )
    config = servers.http_request(fault_server.url + f"/v2/acme/app/blobs/{config_digest}")
    assert servers.sha256_digest(config.body) == config_digest
    head = servers.http_request(fault_server.url + "/v2/acme/app/manifests/1.0", method="HEAD")
    assert (head.status, head.body, head.headers["Content-Length"]) == (
        200,
        b"",
        str(len(manifest)),
    )


def test_fault_lying_digest_and_body(fault_server: servers.FaultServer) -> None:
    body = b'{"schemaVersion": 2}'
    lie = "sha256:" + "1" * 64
    fault_server.manifest("a/b", "1", servers.Serve(body, digest=lie))
    response = servers.http_request(fault_server.url + "/v2/a/b/manifests/1")
    assert response.headers["Docker-Content-Digest"] == lie != servers.sha256_digest(body)
    # A body that does not match the digest it is requested by.
    fault_server.manifest("a/b", lie, servers.Serve(body))
    response = servers.http_request(fault_server.url + f"/v2/a/b/manifests/{lie}")
    assert response.body == body and servers.sha256_digest(body) != lie
    fault_server.manifest("a/b", "nodigest", servers.Serve(body, digest=None))
    assert (
        "Docker-Content-Digest"
        not in servers.http_request(fault_server.url + "/v2/a/b/manifests/nodigest").headers
    )


def test_fault_lying_content_length(fault_server: servers.FaultServer) -> None:
    fault_server.manifest("a/b", "long", servers.Serve(b"{}", content_length=100))
    with pytest.raises(http.client.IncompleteRead):
        servers.http_request(fault_server.url + "/v2/a/b/manifests/long")
    fault_server.manifest("a/b", "short", servers.Serve(b'{"a": "bcdef"}', content_length=4))
    assert servers.http_request(fault_server.url + "/v2/a/b/manifests/short").body == b'{"a"'


def test_fault_hangs_time_out_and_end_by_themselves(fault_server: servers.FaultServer) -> None:
    fault_server.manifest("a/b", "never", servers.Hang(seconds=1))
    fault_server.manifest(
        "a/b", "headers", servers.Hang(seconds=1, after_headers=True, partial=b'{"sche')
    )
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        servers.http_request(fault_server.url + "/v2/a/b/manifests/never", timeout=0.3)
    assert time.monotonic() - started < 1
    started = time.monotonic()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        servers.http_request(
            fault_server.url + "/v2/a/b/manifests/never", timeout=5
        )  # closes after 1 s
    assert 0.8 < time.monotonic() - started < 3
    # Headers arrive, then the body stalls.
    with urllib.request.urlopen(
        fault_server.url + "/v2/a/b/manifests/headers", timeout=0.3
    ) as response:
        assert response.status == 200
        assert response.read(6) == b'{"sche'
        with pytest.raises(TimeoutError):
            response.read()


def test_fault_trickle_defeats_a_per_read_timeout(fault_server: servers.FaultServer) -> None:
    body = b'{"schemaVersion": 2}'
    fault_server.manifest("a/b", "slow", servers.Trickle(body, chunk=4, interval=0.1))
    started = time.monotonic()
    response = servers.http_request(fault_server.url + "/v2/a/b/manifests/slow", timeout=0.5)
    assert response.body == body and time.monotonic() - started > 0.4


def test_fault_large_manifest_streams(fault_server: servers.FaultServer) -> None:
    large = servers.Large()
    fault_server.manifest("a/b", "big", large)
    with urllib.request.urlopen(fault_server.url + "/v2/a/b/manifests/big", timeout=10) as response:
        assert response.headers["Content-Length"] == str(50 * 1024 * 1024)
        assert response.headers["Docker-Content-Digest"] == large.digest
        head = response.read(4 * 1024 * 1024 + 1)
        assert head.startswith(b'{"schemaVersion": 2')
    servers.wait_until(lambda: fault_server.count() == 1, 5, "the request")
    time.sleep(0.2)
    assert large.bytes_sent < 20 * 1024 * 1024  # stopped soon after the client hung up
    # Read in full once: valid JSON of exactly 50 MiB with the announced digest.
    whole = servers.http_request(fault_server.url + "/v2/a/b/manifests/big", timeout=30).body
    assert len(whole) == 50 * 1024 * 1024 and servers.sha256_digest(whole) == large.digest
    assert json.loads(whole)["schemaVersion"] == 2
    fault_server.manifest("a/b", "chunked", servers.Large(5 * 1024 * 1024, content_length=False))
    with urllib.request.urlopen(
        fault_server.url + "/v2/a/b/manifests/chunked", timeout=10
    ) as response:
        assert response.headers["Content-Length"] is None
        assert len(response.read()) == 5 * 1024 * 1024


def test_fault_retry_after_then_success(fault_server: servers.FaultServer) -> None:
    attempts = servers.Attempts(
        servers.Status(429, {"Retry-After": "1"}), servers.Status(500), servers.Serve(b"{}")
    )
    path = fault_server.manifest("a/b", "1", attempts)
    first = servers.http_request(fault_server.url + path)
    assert (first.status, first.headers["Retry-After"]) == (429, "1")
    assert servers.http_request(fault_server.url + path).status == 500
    assert servers.http_request(fault_server.url + path).status == 200
    assert servers.http_request(fault_server.url + path).status == 200
    assert attempts.attempts == 4 == fault_server.count(path)


def test_fault_connection_reset(fault_server: servers.FaultServer) -> None:
    fault_server.manifest("a/b", "reset", servers.Reset())
    fault_server.manifest("a/b", "later", servers.Reset(after_headers=True))
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        servers.http_request(fault_server.url + "/v2/a/b/manifests/reset")
    with pytest.raises((ConnectionResetError, http.client.IncompleteRead)):
        servers.http_request(fault_server.url + "/v2/a/b/manifests/later")


def test_fault_redirect_to_another_host_records_headers(fault_server: servers.FaultServer) -> None:
    other = fault_server.other
    assert other is not None
    config = b'{"os": "linux"}'
    digest = servers.sha256_digest(config)
    other.route("/storage/blob", servers.Serve(config, "application/octet-stream", digest=None))
    path = fault_server.blob("a/b", digest, servers.Redirect(other.url + "/storage/blob?sig=x"))
    unfollowed = servers.http_request(fault_server.url + path, follow_redirects=False)
    assert (unfollowed.status, unfollowed.headers["Location"]) == (
        307,
        other.url + "/storage/blob?sig=x",
    )
    response = servers.http_request(
        fault_server.url + path, headers={"Authorization": "Bearer secret-token"}
    )
    assert response.body == config
    forwarded = other.requests_to("/storage/blob")
    assert len(forwarded) == 1 and forwarded[0].path == "/storage/blob?sig=x"
    # urllib forwards Authorization across hosts; the recorder shows it (ocilint must not).
    assert forwarded[0].header("Authorization") == "Bearer secret-token"
    assert forwarded[0].header("Host") == other.address


def test_fault_bearer_challenge_flow(fault_server: servers.FaultServer) -> None:
    challenge = fault_server.bearer("tok-123", basic=("me", "pw"), scope="repository:a/b:pull")
    assert challenge.startswith(f'Bearer realm="{fault_server.url}/token"')
    path = fault_server.manifest(
        "a/b", "1", servers.RequireAuth("Bearer tok-123", servers.Serve(b"{}"), challenge)
    )
    denied = servers.http_request(fault_server.url + path)
    assert (denied.status, denied.headers["WWW-Authenticate"]) == (401, challenge)
    assert servers.http_request(fault_server.url + "/token").status == 401
    token = servers.http_request(
        fault_server.url + "/token?scope=repository:a/b:pull",
        headers={"Authorization": servers.basic_authorization("me", "pw")},
    ).json()["token"]
    assert (
        servers.http_request(
            fault_server.url + path, headers={"Authorization": f"Bearer {token}"}
        ).status
        == 200
    )


def test_fault_server_stops_with_requests_in_flight() -> None:
    server = servers.FaultServer()
    server.route("/slow", servers.Hang(seconds=30))
    errors: list[BaseException] = []

    def client() -> None:
        try:
            servers.http_request(server.url + "/slow", timeout=60)
        except Exception as error:  # the server goes away
            errors.append(error)

    # an idle keep-alive connection too
    idle = socket.create_connection((server.host, server.port))
    thread = threading.Thread(target=client)
    thread.start()
    servers.wait_until(lambda: server.count("/slow") == 1, 5, "the request")
    assert len(server.live_threads()) == 3  # serving, the hang, the idle connection
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    thread.join(5)
    idle.close()
    assert not thread.is_alive() and errors
    assert server.live_threads() == []
    with pytest.raises(OSError):
        socket.create_connection((server.host, server.port), timeout=1).close()


# --------------------------------------------------------------------------------------------
# podman's Docker API


def test_podman_engine_api(
    podman_engine: servers.PodmanEngine, fixture_layout: servers.FixtureLayout
) -> None:
    assert podman_engine.docker_host == f"unix://{podman_engine.socket}"
    assert podman_engine.env["DOCKER_HOST"] == podman_engine.docker_host
    assert podman_engine.request("/_ping").body == b"OK"
    for name in (podman_engine.short_name, podman_engine.image, podman_engine.image_id):
        response = podman_engine.request(f"/images/{name}/json")
        assert response.status == 200, name
        document = response.json()
        assert document["Id"] == podman_engine.image_id
        assert document["Config"]["Labels"] == GOOD_LABELS == podman_engine.labels
        assert (document["Os"], document["Architecture"]) == ("linux", "amd64")
    assert podman_engine.image == "docker.io/acme/engine:1.0"
    # The image ID is the config digest of the image that was loaded.
    manifest = json.loads(
        (
            fixture_layout.path / "blobs" / "sha256" / fixture_layout.digest("single").split(":")[1]
        ).read_bytes()
    )
    assert podman_engine.image_id == manifest["config"]["digest"]
    assert podman_engine.repo_digests and podman_engine.repo_digests[0].startswith(
        "docker.io/acme/engine@sha256:"
    )
    assert podman_engine.request("/images/acme/missing:1/json").status == 404
    assert podman_engine.request("/v1.41/images/json").status == 200
    pids = servers.group_pids(podman_engine.pid)
    assert pids and servers.listening_sockets(pids) == []  # a unix socket only


def test_podman_stops_and_leaves_nothing(
    tmp_path: Path, fixture_layout: servers.FixtureLayout
) -> None:
    archive = servers.engine_archive(fixture_layout, "bad", "acme/bad:2", tmp_path)
    with servers.start_podman(tmp_path / "podman", archive, "acme/bad:2") as engine:
        pid = engine.pid
        assert engine.labels["org.opencontainers.image.licenses"] == "MIT/Apache-2.0"
        assert os.getsid(pid) == pid
    assert not servers.pid_alive(pid)
    assert servers.group_pids(pid) == []
    assert not engine.socket.exists() or not _connectable(engine.socket)


def _connectable(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
        return True


# --------------------------------------------------------------------------------------------
# Credentials as users have them


@pytest.mark.parametrize("kind", ["auths", "identitytoken", "credHelpers"])
def test_docker_config_works_with_skopeo(
    registry_token: servers.RegistryServer, tmp_path: Path, kind: str
) -> None:
    directory = registry_token.docker_config(
        tmp_path / "docker",
        user="reader",
        identity_token=kind == "identitytoken",
        helper="ocilint-test" if kind == "credHelpers" else None,
    )
    issuer = registry_token.issuer
    assert issuer is not None
    before = len(issuer.requests)
    env_path = f"{directory / 'bin'}:{os.environ['PATH']}"
    (tmp_path / "policy.json").write_text('{"default": [{"type": "insecureAcceptAnything"}]}')
    completed = subprocess.run(
        ["skopeo", "--policy", str(tmp_path / "policy.json"), "inspect", "--tls-verify=false",
         "--authfile", str(directory / "config.json"), "--config",
         f"docker://{registry_token.images['single'].reference}"],
        env={**os.environ, "PATH": env_path}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, (completed.stderr, issuer.requests[before:])
    assert json.loads(completed.stdout)["config"]["Labels"] == GOOD_LABELS
    user_requests = [r for r in issuer.requests[before:] if r.status == 200]
    assert user_requests and all(r.user == "reader" for r in user_requests)
    if kind == "identitytoken":
        assert user_requests[0].method == "POST"
    if kind == "credHelpers":
        assert registry_token.address in (directory / "helper.log").read_text()
