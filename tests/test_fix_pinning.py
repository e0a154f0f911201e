"""`ocilint fix` pinning against the real registry lab (Debian's docker-registry, images built
with umoci and pushed with skopeo): what is written is compared with what the registry serves,
read back with a raw GET and with `skopeo inspect`, and requests are counted at the server."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import dedent, run_ocilint
from tests.servers import RegistryServer, Serve, request_kind, sha256_digest
from tests.test_registry_tls import tls_registry  # noqa: F401  (a fixture, used below)


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """No credentials from the machine running the tests."""
    (tmp_path / "docker").mkdir()
    (tmp_path / "runtime").mkdir()
    return {
        "DOCKER_CONFIG": str(tmp_path / "docker"),
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
        "REGISTRY_AUTH_FILE": "",
    }


def fix(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    result = run_ocilint("fix", "--isolated", "--select", "OCL204", *args, env=env)
    return result.code, result.stdout, result.stderr


def served_digest(registry: RegistryServer, repository: str, tag: str) -> str:
    """The digest of the bytes the registry serves for repository:tag (a raw GET)."""
    response = registry.manifest(repository, tag)
    assert response.status == 200
    return sha256_digest(response.body)


def skopeo_digest(registry: RegistryServer, reference: str) -> str:
    command = ["skopeo", "inspect", "--tls-verify=false", "--raw", f"docker://{reference}"]
    if registry.creds:
        command[2:2] = ["--creds", registry.creds]
    raw = subprocess.run(command, capture_output=True, check=True, timeout=60).stdout
    return sha256_digest(raw)


SPACES = "   "  # trailing whitespace, kept by `fix`


def test_pins_single_index_and_manifest_list_to_what_the_registry_serves(
    registry: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    single, index, docker, manifest_list = (
        registry.images[name] for name in ("single", "index", "docker", "list")
    )
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        dedent(f"""
        # syntax=docker/dockerfile:1
        FROM {single.reference} AS base\r
        FROM {docker.reference} AS tools
        FROM {index.reference}
        COPY --from={manifest_list.reference} /etc/os-release /tmp/
        RUN --mount=type=bind,from={single.reference},target=/s \\
            true{SPACES}
        """),
        newline="",
    )
    dockerfile.chmod(0o754)
    mark = registry.mark()
    code, _, stderr = fix(str(dockerfile), env=clean_env)
    assert code == 0, stderr
    a = registry.address
    expected = dedent(f"""
        # syntax=docker/dockerfile:1
        FROM {single.reference}@{single.digest} AS base\r
        FROM {docker.reference}@{docker.digest} AS tools
        FROM {index.reference}@{index.digest}
        COPY --from={manifest_list.reference}@{manifest_list.digest} /etc/os-release /tmp/
        RUN --mount=type=bind,from={single.reference}@{single.digest},target=/s \\
            true{SPACES}
        """)
    # One HEAD per distinct reference (four), no blob, no platform manifest.
    requests = [(request_kind(r.path), r.method) for r in registry.requests_since(mark)]
    assert sorted(requests) == [("manifest", "HEAD")] * 4
    assert dockerfile.read_bytes().decode() == expected
    assert stat.S_IMODE(dockerfile.stat().st_mode) == 0o754
    # The digests are those of what the registry serves now: the index, not a platform.
    for image in (single, docker, index, manifest_list):
        assert image.digest == served_digest(registry, image.repository, "1.0")
        assert image.digest == skopeo_digest(registry, f"{a}/{image.repository}:1.0")
    assert index.is_index and manifest_list.is_index
    assert "fixed 5 problems in 1 file" in stderr
    # Fixed twice: nothing changes the second time.
    code, _, _ = fix(str(dockerfile), env=clean_env)
    assert code == 0 and dockerfile.read_bytes().decode() == expected


def test_arg_default_holding_the_whole_reference_is_pinned(
    registry: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    single, index = registry.images["single"], registry.images["index"]
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        dedent(f"""
        ARG BASE={single.reference}
        ARG TAG=1.0
        ARG HELPER={index.reference}
        FROM ${{BASE}} AS one
        FROM {registry.address}/{index.repository}:$TAG
        FROM $HELPER AS helper
        """)
    )
    code, _, stderr = fix(str(dockerfile), env=clean_env)
    assert code == 1
    assert dockerfile.read_text() == dedent(f"""
        ARG BASE={single.reference}@{single.digest}
        ARG TAG=1.0
        ARG HELPER={index.reference}@{index.digest}
        FROM ${{BASE}} AS one
        FROM {registry.address}/{index.repository}:$TAG
        FROM $HELPER AS helper
        """)
    assert (
        f"{dockerfile}:5: OCL204 not fixed: `{registry.address}/{index.repository}:$TAG` is built "
        "from build arguments and other text" in stderr
    )


def test_private_repository_with_token_auth(
    registry_token: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    image = registry_token.images["index"]
    dockerfile = tmp_path / "Dockerfile"
    original = f"FROM {image.reference}\n"
    dockerfile.write_text(original)
    code, _, stderr = fix(str(dockerfile), env=clean_env)
    assert code == 2 and "no credentials for" in stderr and "not fixed: cannot pin" in stderr
    assert dockerfile.read_text() == original
    config = registry_token.docker_config(tmp_path / "login", user=registry_token.reader)
    single = registry_token.images["single"]
    dockerfile.write_text(f"{original}FROM {single.reference} AS two\n")
    issuer = registry_token.issuer
    assert issuer is not None
    tokens, mark = len(issuer.requests), registry_token.mark()
    code, _, stderr = fix(str(dockerfile), env={**clean_env, "DOCKER_CONFIG": str(config)})
    assert (code, dockerfile.read_text()) == (
        0,
        f"FROM {image.reference}@{image.digest}\nFROM {single.reference}@{single.digest} AS two\n",
    )
    # The first reference learns the challenge (401), every other one asks for its token first:
    # one token per repository, one HEAD per reference after the first.
    statuses = sorted((r.method, r.status) for r in registry_token.requests_since(mark))
    assert statuses == [("HEAD", 200), ("HEAD", 200), ("HEAD", 401)]
    assert len(issuer.requests) - tokens == 2
    assert image.digest == skopeo_digest(registry_token, image.reference)
    assert single.digest == skopeo_digest(registry_token, single.reference)
    for secret in registry_token.users.values():
        assert secret not in stderr


def test_missing_tag_is_a_clear_error_and_nothing_is_written(
    registry: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    single = registry.images["single"]
    dockerfile = tmp_path / "Dockerfile"
    original = dedent(f"""
        FROM {single.reference}
        FROM {registry.address}/acme/single:9.9
        """)
    dockerfile.write_text(original)
    other = tmp_path / "other.Dockerfile"
    other.write_text(f"FROM {single.reference}\n")
    code, _, stderr = fix(str(dockerfile), str(other), env=clean_env)
    assert code == 2
    assert dockerfile.read_text() == original  # not even the pin that did resolve
    assert other.read_text() == f"FROM {single.reference}@{single.digest}\n"
    line = next(line for line in stderr.splitlines() if "cannot pin" in line)
    assert line.startswith(f"ocilint: {dockerfile}: not fixed: cannot pin ")
    assert "acme/single:9.9: unknown tag `9.9` in repository `acme/single`" in line


def test_diff_writes_nothing_and_offline_never_asks_the_registry(
    registry: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    single = registry.images["single"]
    dockerfile = tmp_path / "Dockerfile"
    original = f"FROM {single.reference}\n"
    dockerfile.write_text(original)
    code, stdout, _ = fix("--diff", str(dockerfile), env=clean_env)
    assert code == 1
    assert f"-FROM {single.reference}\n+FROM {single.reference}@{single.digest}\n" in stdout
    assert dockerfile.read_text() == original
    mark = registry.mark()
    code, _, _ = fix("--offline", str(dockerfile), env=clean_env)
    assert code == 1 and dockerfile.read_text() == original
    assert registry.requests_since(mark) == []


def test_update_pins_moves_a_digest_when_the_tag_moved(
    registry: RegistryServer, fixture_layout: object, clean_env: dict[str, str], tmp_path: Path
) -> None:
    layout = fixture_layout.path  # type: ignore[attr-defined]
    first = registry.push(f"oci:{layout}:single", "acme/moving", "1.0")
    dockerfile = tmp_path / "Dockerfile"
    reference = f"{registry.address}/acme/moving:1.0"
    dockerfile.write_text(f"FROM {reference}\n")
    assert fix(str(dockerfile), env=clean_env)[0] == 0
    assert dockerfile.read_text() == f"FROM {reference}@{first}\n"
    second = registry.push(f"oci:{layout}:bad", "acme/moving", "1.0")
    assert second != first
    assert fix(str(dockerfile), env=clean_env)[0] == 0  # pinned: left alone without the flag
    assert dockerfile.read_text() == f"FROM {reference}@{first}\n"
    dockerfile.write_text(f"ARG B={reference}@{first}\nFROM {reference}@{first}\nFROM $B\n")
    code, _, stderr = fix("--update-pins", str(dockerfile), env=clean_env)
    assert code == 0, stderr
    assert dockerfile.read_text() == (
        f"ARG B={reference}@{second}\nFROM {reference}@{second}\nFROM $B\n"
    )
    assert second == served_digest(registry, "acme/moving", "1.0")


def test_pins_are_not_made_where_a_pragma_ignores_the_rule(
    registry: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    single = registry.images["single"]
    dockerfile = tmp_path / "Dockerfile"
    text = dedent(f"""
        # ocilint: ignore=OCL204 # pinned by the release job
        FROM {single.reference} AS a
        FROM {single.reference}
        """)
    dockerfile.write_text(text)
    assert fix(str(dockerfile), env=clean_env)[0] == 0
    assert dockerfile.read_text() == text.replace(
        f"FROM {single.reference}\n", f"FROM {single.reference}@{single.digest}\n"
    )
    # A pin that would go in an ARG default is not made where a pragma ignores the rule there.
    text = dedent(f"""
        # ocilint: ignore=OCL204
        ARG BASE={single.reference}
        FROM $BASE
        """)
    dockerfile.write_text(text)
    assert fix(str(dockerfile), env=clean_env)[0] == 1
    assert dockerfile.read_text() == text
    assert os.listdir(tmp_path).count("Dockerfile") == 1
    assert [name for name in os.listdir(tmp_path) if "ocilint-fix" in name] == []


def test_registry_without_digest_header_is_read_and_hashed(
    fault_server: Any, clean_env: dict[str, str], tmp_path: Path
) -> None:
    """A fault a real registry does not produce: no `Docker-Content-Digest`. The manifest is
    then fetched once with GET and its bytes hashed."""
    digest, body, _ = fault_server.add_image("acme/app", "1.0")
    fault_server.manifest("acme/app", "1.0", Serve(body, digest=None))
    dockerfile = tmp_path / "Dockerfile"
    reference = fault_server.reference("acme/app", "1.0")
    dockerfile.write_text(f"FROM {reference}\n")
    code, _, stderr = fix(str(dockerfile), env=clean_env)
    assert code == 0, stderr
    assert dockerfile.read_text() == f"FROM {reference}@{digest}\n"
    assert digest == sha256_digest(body)
    asked = [(r.method, r.path) for r in fault_server.requests if r.path != "/v2/"]
    assert asked == [("HEAD", "/v2/acme/app/manifests/1.0"), ("GET", "/v2/acme/app/manifests/1.0")]


def test_basic_auth_sends_credentials_once_known(
    registry_basic: RegistryServer, clean_env: dict[str, str], tmp_path: Path
) -> None:
    images = [registry_basic.images[name] for name in ("single", "index", "docker", "list")]
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("".join(f"FROM {i.reference} AS s{n}\n" for n, i in enumerate(images)))
    config = registry_basic.docker_config(tmp_path / "login")
    mark = registry_basic.mark()
    code, _, stderr = fix(str(dockerfile), env={**clean_env, "DOCKER_CONFIG": str(config)})
    assert code == 0, stderr
    assert dockerfile.read_text() == "".join(
        f"FROM {i.reference}@{i.digest} AS s{n}\n" for n, i in enumerate(images)
    )
    # One 401 teaches the challenge; then one HEAD per reference, with the credentials.
    statuses = sorted((r.method, r.status) for r in registry_basic.requests_since(mark))
    assert statuses == [("HEAD", 200)] * 4 + [("HEAD", 401)]
    for image in images:
        assert image.digest == skopeo_digest(registry_basic, image.reference)
    assert registry_basic.password is not None and registry_basic.password not in stderr


def test_https_registry_with_its_own_ca(
    tls_registry: tuple[str, Path],  # noqa: F811
    fixture_layout: Any,
    clean_env: dict[str, str],
    tmp_path: Path,
) -> None:
    """Pinning over HTTPS: a TLS failure without the CA (nothing written), the digest with
    `--cert-dir` (Docker's certs.d layout)."""
    address, cert = tls_registry
    skopeo_certs = tmp_path / "skopeo-certs"
    skopeo_certs.mkdir()
    (skopeo_certs / "ca.crt").write_bytes(cert.read_bytes())
    pushed = tmp_path / "digest"
    subprocess.run(
        ["skopeo", "copy", "--preserve-digests", "--dest-cert-dir", str(skopeo_certs),
         "--digestfile", str(pushed), f"oci:{fixture_layout.path}:single",
         f"docker://{address}/acme/tls:1.0"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    digest = pushed.read_text().strip()
    dockerfile = tmp_path / "Dockerfile"
    original = f"FROM {address}/acme/tls:1.0\n"
    dockerfile.write_text(original)
    certs = tmp_path / "certs.d"
    code, _, stderr = fix("--cert-dir", str(certs), str(dockerfile), env=clean_env)
    assert code == 2 and "TLS failure" in stderr and dockerfile.read_text() == original
    (certs / address).mkdir(parents=True)
    (certs / address / "ca.crt").write_bytes(cert.read_bytes())
    code, _, stderr = fix("--cert-dir", str(certs), str(dockerfile), env=clean_env)
    assert code == 0, stderr
    assert dockerfile.read_text() == f"FROM {address}/acme/tls:1.0@{digest}\n"
