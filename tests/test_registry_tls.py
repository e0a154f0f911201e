"""A registry over HTTPS with its own CA: TLS failure without the CA, success with `--cert-dir`
(Docker's `certs.d/HOST:PORT/ca.crt` layout), never a silent fallback to plain HTTP."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_ocilint
from tests.images import require_tools
from tests.servers import start_tls_registry


@pytest.fixture(scope="module")
def tls_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An empty docker-registry on 127.0.0.1 serving HTTPS with a certificate from a test CA."""
    require_tools("docker-registry", "openssl")
    directory = tmp_path_factory.mktemp("tls-registry")
    key, cert = directory / "server.key", directory / "server.crt"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    with start_tls_registry(directory, {"certificate": str(cert), "key": str(key)}) as address:
        yield address, cert


def test_untrusted_certificate_is_a_tls_failure(
    tls_registry: tuple[str, Path], tmp_path: Path
) -> None:
    address, _ = tls_registry
    result = run_ocilint("check", "image-ref", "--cert-dir", str(tmp_path), f"{address}/acme/app:1")
    assert result.code == 2
    assert result.stderr.startswith(f"ocilint: {address}/acme/app:1: {address}: TLS failure: ")
    assert "certificate verify failed" in result.stderr or "self-signed" in result.stderr


def test_ca_from_cert_dir_is_trusted(tls_registry: tuple[str, Path], tmp_path: Path) -> None:
    address, cert = tls_registry
    (tmp_path / address).mkdir()
    (tmp_path / address / "ca.crt").write_bytes(cert.read_bytes())
    result = run_ocilint("check", "image-ref", "--cert-dir", str(tmp_path), f"{address}/acme/app:1")
    assert result.code == 2  # the registry is empty: reached over HTTPS, and it says so
    assert "unknown repository `acme/app`" in result.stderr
