"""`ocilint check --online`: base images' labels read from a real registry (Debian's
docker-registry on loopback), with base images built by umoci and pushed by skopeo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_ocilint
from tests.images import GOOD_LABELS, build_image
from tests.servers import RegistryServer

BASE_LABELS = {
    **GOOD_LABELS,
    "org.opencontainers.image.version": "3.4.5",
    "org.opencontainers.image.title": "acme-base",
    "org.opencontainers.image.vendor": "Acme",
    "org.opencontainers.image.created": "2024-01-01T00:00:00Z",
}


@pytest.fixture(scope="module")
def labelled_base(registry: RegistryServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A base image with seven OCI labels, pushed as acme/labelled-base:3.4."""
    layout = tmp_path_factory.mktemp("base") / "layout"
    build_image(layout, "base", BASE_LABELS, content=b"base\n")
    registry.push(f"oci:{layout}:base", "acme/labelled-base", "3.4")
    return registry.reference("acme/labelled-base", "3.4")


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "docker").mkdir()
    return {"DOCKER_CONFIG": str(tmp_path / "docker"), "REGISTRY_AUTH_FILE": ""}


def findings(stdout: str) -> list[tuple[str, int, str]]:
    document = json.loads(stdout)
    return sorted((f["code"], f["line"], f["message"].split("`")[1]) for f in document["findings"])


def test_inherited_base_labels_are_reported_online(
    labelled_base: str, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    (tmp_path / "Dockerfile").write_text(
        f"FROM {labelled_base}\n"
        'LABEL org.opencontainers.image.description="My app" \\\n'
        '      org.opencontainers.image.licenses="MIT"\n'
    )
    (tmp_path / "compose.yaml").write_text(
        "services:\n  app:\n    build:\n      context: .\n      labels:\n"
        "        org.opencontainers.image.version: 1.0.0\n"
    )
    select = ["--select", "OCL115,OCL116", "--isolated", "--format", "json"]
    offline = run_ocilint("check", *select, ".", cwd=tmp_path, env=clean_env)
    assert (offline.code, findings(offline.stdout)) == (0, [])
    online = run_ocilint("check", "--online", *select, ".", cwd=tmp_path, env=clean_env)
    assert online.stderr == ""
    assert online.code == 1
    # source at warning; created, title and vendor at info; description, licenses (the
    # Dockerfile) and version (Compose) are overridden, so not inherited.
    assert findings(online.stdout) == [
        ("OCL115", 1, "org.opencontainers.image.source"),
        ("OCL116", 1, "org.opencontainers.image.created"),
        ("OCL116", 1, "org.opencontainers.image.title"),
        ("OCL116", 1, "org.opencontainers.image.vendor"),
    ]
    severities = {f["code"]: f["severity"] for f in json.loads(online.stdout)["findings"]}
    assert severities == {"OCL115": "warning", "OCL116": "info"}


def test_one_fetch_per_base_and_no_layers(
    registry: RegistryServer, labelled_base: str, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Dockerfile").write_text(f"FROM {labelled_base}\n")
    mark = registry.mark()
    result = run_ocilint(
        "check", "--online", "--isolated", "--select", "OCL115", ".", cwd=tmp_path, env=clean_env
    )
    assert result.code == 1, result.stderr
    requests = registry.requests_since(mark)
    manifests = [r for r in requests if "/manifests/" in r[1]]
    blobs = [r for r in requests if "/blobs/" in r[1]]
    assert len(manifests) == 1
    assert len(blobs) == 1  # the config; never a layer


def test_unreachable_base_is_one_line_and_exit_2(tmp_path: Path, clean_env: dict[str, str]) -> None:
    (tmp_path / "Dockerfile").write_text("FROM 127.0.0.1:9/acme/none:1\n")
    result = run_ocilint("check", "--online", "--isolated", ".", cwd=tmp_path, env=clean_env)
    assert result.code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("ocilint: ")
