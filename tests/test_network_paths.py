"""The network paths users configure and a plain test setup never takes, against real servers
on 127.0.0.1: Debian's tinyproxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), Debian's
docker-registry over HTTPS requiring a client certificate (`--cert-dir` HOST:PORT/ca.crt,
client.cert, client.key, as Docker reads /etc/docker/certs.d), and podman's Docker API over
TLS with a client certificate (DOCKER_HOST=tcp://, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH).

Loopback registries never go through a proxy (as in Go, and so in Docker), so the proxy tests
name the registry `127.1:PORT`: the same address written the short way (inet_aton), which
ocilint does not take for loopback and so sends through the proxy, and which tinyproxy's
resolver turns back into 127.0.0.1. Nothing leaves 127.0.0.1.

podman 4 has no TLS of its own (`system service --tls-cert` came with podman 5): a small TLS
terminator from tests/servers.py, requiring client certificates, stands in front of podman's
unix socket.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile import clean_environment, run_limited
from tests.images import require_tools
from tests.servers import (
    CertificateFiles,
    PodmanEngine,
    RegistryServer,
    TinyProxy,
    TlsTerminator,
    free_port,
    issue_certificate,
    make_ca,
    start_tinyproxy,
    start_tls_registry,
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_environment(tmp_path)


# --------------------------------------------------------------------------- proxies


@pytest.fixture(scope="module")
def tinyproxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TinyProxy]:
    with start_tinyproxy(tmp_path_factory.mktemp("tinyproxy")) as proxy:
        yield proxy


def _through_proxy(registry: RegistryServer) -> tuple[str, str]:
    """The `single` image's reference with the registry written 127.1:PORT, and that host."""
    port = registry.address.rsplit(":", 1)[1]
    host = f"127.1:{port}"
    return registry.images["single"].reference.replace(registry.address, host), host


def _proxied(tinyproxy: TinyProxy, host: str, since: int) -> list[str]:
    """tinyproxy's log lines about `host` after line `since`."""
    return [line for line in tinyproxy.lines()[since:] if host in line]


def test_a_registry_through_http_and_https_proxies(
    registry: RegistryServer, tinyproxy: TinyProxy, env: dict[str, str]
) -> None:
    reference, host = _through_proxy(registry)
    proxies = {"HTTPS_PROXY": tinyproxy.url, "HTTP_PROXY": tinyproxy.url}
    since = len(tinyproxy.lines())
    result = run_limited(
        "check", "image-ref", "--insecure-registry", host, reference, env={**env, **proxies}
    )
    assert (result.code, result.stderr) == (0, "")
    assert f"from registry {host}, plain HTTP (2 HTTP requests)" in result.stdout.splitlines()[0]
    logged = _proxied(tinyproxy, host, since)
    # HTTPS first (a CONNECT tunnel; the registry speaks plain HTTP), then plain HTTP through
    # the proxy: the manifest and the config.
    assert any(f"CONNECT {host}" in line for line in logged), logged
    assert sum(f"GET http://{host}/v2/" in line for line in logged) == 2, logged


@pytest.mark.parametrize("no_proxy", ["127.1", ".1", "127.1:{port}", "127.0.0.0/8,other", "*"])
def test_no_proxy_sends_a_registry_direct(
    no_proxy: str, registry: RegistryServer, tinyproxy: TinyProxy, env: dict[str, str]
) -> None:
    reference, host = _through_proxy(registry)
    no_proxy = no_proxy.format(port=host.rsplit(":", 1)[1])
    if "/" in no_proxy:  # a CIDR block matches IP addresses: name the registry by one
        reference, host = registry.images["single"].reference, registry.address
    proxies = {"HTTPS_PROXY": tinyproxy.url, "HTTP_PROXY": tinyproxy.url, "NO_PROXY": no_proxy}
    since = len(tinyproxy.lines())
    result = run_limited(
        "check", "image-ref", "--insecure-registry", host, reference, env={**env, **proxies}
    )
    assert (result.code, result.stderr) == (0, "")
    assert _proxied(tinyproxy, host, since) == []


def test_loopback_registries_never_use_the_proxy(
    registry: RegistryServer, tinyproxy: TinyProxy, env: dict[str, str]
) -> None:
    proxies = {"HTTPS_PROXY": tinyproxy.url, "HTTP_PROXY": tinyproxy.url}
    since = len(tinyproxy.lines())
    image = registry.images["single"]
    result = run_limited("check", "image-ref", image.reference, env={**env, **proxies})
    assert (result.code, result.stderr) == (0, "")
    assert tinyproxy.lines()[since:] == []


def test_a_proxy_that_refuses_the_client(
    registry: RegistryServer, tmp_path: Path, env: dict[str, str]
) -> None:
    reference, host = _through_proxy(registry)
    with start_tinyproxy(tmp_path, allow="127.0.0.2") as refusing:
        proxies = {"HTTPS_PROXY": refusing.url, "HTTP_PROXY": refusing.url}
        result = run_limited("check", "image-ref", reference, env={**env, **proxies})
    assert (result.code, result.stderr) == (
        2,
        f"ocilint: {reference}: {host}: the proxy refused the connection (Tunnel connection "
        "failed: 403 Access denied)\n",
    )


def test_a_proxy_that_is_not_there(registry: RegistryServer, env: dict[str, str]) -> None:
    reference, host = _through_proxy(registry)
    port = free_port()
    proxies = {"HTTPS_PROXY": f"127.0.0.1:{port}"}  # no scheme: http:// as in Go
    result = run_limited("check", "image-ref", reference, env={**env, **proxies})
    assert (result.code, result.stderr) == (
        2,
        f"ocilint: {reference}: {host}: proxy 127.0.0.1:{port}: connection refused\n",
    )


def test_proxy_credentials_are_never_shown(registry: RegistryServer, env: dict[str, str]) -> None:
    reference, _ = _through_proxy(registry)
    port = free_port()
    proxies = {"HTTPS_PROXY": f"http://proxyuser:pr0xy-pa55@127.0.0.1:{port}"}
    result = run_limited("check", "image-ref", reference, env={**env, **proxies})
    assert result.code == 2
    assert "pr0xy-pa55" not in result.stderr + result.stdout
    assert result.stderr.endswith(f"proxy 127.0.0.1:{port}: connection refused\n")


# --------------------------------------------------------------------------- client certificates


@dataclass(frozen=True)
class TlsFiles:
    ca: CertificateFiles
    server: CertificateFiles
    client: CertificateFiles  # signed by the CA the server trusts for clients
    stranger: CertificateFiles  # a client certificate from another CA
    other_ca: CertificateFiles


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    require_tools("openssl")
    directory = tmp_path_factory.mktemp("tls-files")
    ca, other = make_ca(directory, "ca"), make_ca(directory, "other-ca")
    return TlsFiles(
        ca=ca,
        server=issue_certificate(ca, directory, "server", san="IP:127.0.0.1,DNS:127.1"),
        client=issue_certificate(ca, directory, "client", client=True),
        stranger=issue_certificate(other, directory, "stranger", client=True),
        other_ca=other,
    )


@pytest.fixture(scope="module")
def mtls_registry(tmp_path_factory: pytest.TempPathFactory, tls_files: TlsFiles) -> Iterator[str]:
    """An empty docker-registry on HTTPS that requires a client certificate from the CA."""
    tls = {
        "certificate": str(tls_files.server.cert),
        "key": str(tls_files.server.key),
        "clientcas": [str(tls_files.ca.cert)],
    }
    with start_tls_registry(tmp_path_factory.mktemp("mtls-registry"), tls) as address:
        yield address


def _cert_dir(root: Path, host: str, ca: Path, client: CertificateFiles | None) -> Path:
    directory = root / "certs.d" / host
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(ca, directory / "ca.crt")
    if client is not None:
        shutil.copy(client.cert, directory / "client.cert")
        shutil.copy(client.key, directory / "client.key")
    return root / "certs.d"


def test_the_client_certificate_opens_the_registry(
    mtls_registry: str, tls_files: TlsFiles, tmp_path: Path, env: dict[str, str]
) -> None:
    certs = _cert_dir(tmp_path, mtls_registry, tls_files.ca.cert, tls_files.client)
    reference = f"{mtls_registry}/acme/app:1"
    result = run_limited("check", "image-ref", "--cert-dir", str(certs), reference, env=env)
    # Past TLS and answered over HTTPS: the registry is empty.
    assert (result.code, result.stderr) == (
        2,
        f"ocilint: {reference}: unknown repository `acme/app`: the registry knows no manifest `1` "
        "and no tags in it\n",
    )


@pytest.mark.parametrize(
    ("client", "ca", "reason"),
    [
        # Go's TLS server answers bad_certificate both without a certificate and for one it
        # does not trust.
        (None, "ca", "the server refused the client certificate, or its absence "
         "(SSLV3_ALERT_BAD_CERTIFICATE)"),
        ("stranger", "ca", "the server refused the client certificate, or its absence "
         "(SSLV3_ALERT_BAD_CERTIFICATE)"),
        ("client", "other_ca", "the server's certificate is not trusted (unable to get local "
         "issuer certificate)"),
    ],
    ids=["no-client-certificate", "client-certificate-of-another-ca", "wrong-ca"],
)  # fmt: skip
def test_a_client_certificate_failure_is_a_tls_failure(
    client: str | None,
    ca: str,
    reason: str,
    mtls_registry: str,
    tls_files: TlsFiles,
    tmp_path: Path,
    env: dict[str, str],
) -> None:
    files = getattr(tls_files, client) if client else None
    certs = _cert_dir(tmp_path, mtls_registry, getattr(tls_files, ca).cert, files)
    reference = f"{mtls_registry}/acme/app:1"
    result = run_limited("check", "image-ref", "--cert-dir", str(certs), reference, env=env)
    assert (result.code, result.stderr) == (
        2,
        f"ocilint: {reference}: {mtls_registry}: TLS failure: {reason}\n",
    )


def test_https_through_the_proxy_with_a_client_certificate(
    mtls_registry: str,
    tls_files: TlsFiles,
    tinyproxy: TinyProxy,
    tmp_path: Path,
    env: dict[str, str],
) -> None:
    host = mtls_registry.replace("127.0.0.1", "127.1")
    certs = _cert_dir(tmp_path, host, tls_files.ca.cert, tls_files.client)
    reference = f"{host}/acme/app:1"
    since = len(tinyproxy.lines())
    result = run_limited(
        "check", "image-ref", "--cert-dir", str(certs), reference,
        env={**env, "HTTPS_PROXY": tinyproxy.url},
    )  # fmt: skip
    assert (result.code, result.stderr) == (
        2,
        f"ocilint: {reference}: unknown repository `acme/app`: the registry knows no manifest `1` "
        "and no tags in it\n",
    )
    assert any(f"CONNECT {host}" in line for line in _proxied(tinyproxy, host, since))


# --------------------------------------------------------------------------- engine over TLS


@pytest.fixture(scope="module")
def tls_engine(podman_engine: PodmanEngine, tls_files: TlsFiles) -> Iterator[TlsTerminator]:
    with TlsTerminator(podman_engine.socket, tls_files.server, tls_files.ca.cert) as terminator:
        yield terminator


def _docker_cert_path(
    directory: Path, ca: CertificateFiles, client: CertificateFiles | None
) -> dict[str, str]:
    directory.mkdir()
    shutil.copy(ca.cert, directory / "ca.pem")
    if client is not None:
        shutil.copy(client.cert, directory / "cert.pem")
        shutil.copy(client.key, directory / "key.pem")
    return {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(directory)}


def test_an_engine_over_tls_with_a_client_certificate(
    tls_engine: TlsTerminator,
    podman_engine: PodmanEngine,
    tls_files: TlsFiles,
    tmp_path: Path,
    env: dict[str, str],
) -> None:
    engine = {"DOCKER_HOST": f"tcp://{tls_engine.address}"}
    engine.update(_docker_cert_path(tmp_path / "docker-certs", tls_files.ca, tls_files.client))
    name = f"docker-daemon:{podman_engine.short_name}"
    result = run_limited("check", "image-ref", name, env={**env, **engine})
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0].startswith(f"{name}: image sha256:")
    assert f"from engine tcp://{tls_engine.address}" in result.stdout


@pytest.mark.parametrize(
    ("client", "ca", "reason"),
    [
        (None, "ca", "the server refused the handshake: a client certificate missing or "
         "refused, or no protocol in common (SSLV3_ALERT_HANDSHAKE_FAILURE)"),
        ("stranger", "ca", "the server refused the client certificate, or its absence "
         "(TLSV1_ALERT_UNKNOWN_CA)"),
        ("client", "other_ca", "the server's certificate is not trusted (self-signed "
         "certificate in certificate chain)"),
    ],
    ids=["no-client-certificate", "client-certificate-of-another-ca", "wrong-ca"],
)  # fmt: skip
def test_an_engine_tls_failure(
    client: str | None,
    ca: str,
    reason: str,
    tls_engine: TlsTerminator,
    podman_engine: PodmanEngine,
    tls_files: TlsFiles,
    tmp_path: Path,
    env: dict[str, str],
) -> None:
    engine = {"DOCKER_HOST": f"tcp://{tls_engine.address}"}
    files = getattr(tls_files, client) if client else None
    engine.update(_docker_cert_path(tmp_path / "docker-certs", getattr(tls_files, ca), files))
    name = f"docker-daemon:{podman_engine.short_name}"
    result = run_limited("check", "image-ref", name, env={**env, **engine})
    assert (result.code, result.stderr) == (
        2,
        f"ocilint: {name}: local engine tcp://{tls_engine.address} (DOCKER_HOST): TLS failure: "
        f"{reason}\n",
    )


def test_an_engine_over_tls_without_docker_tls_verify(
    tls_engine: TlsTerminator, podman_engine: PodmanEngine, env: dict[str, str]
) -> None:
    name = f"docker-daemon:{podman_engine.short_name}"
    result = run_limited(
        "check", "image-ref", "--timeout", "5", name,
        env={**env, "DOCKER_HOST": f"tcp://{tls_engine.address}"},
    )  # fmt: skip
    assert result.code == 2
    assert result.stderr.startswith(
        f"ocilint: {name}: local engine tcp://{tls_engine.address} (DOCKER_HOST): "
    )
