"""A user labels an image the way Docker and Red Hat document: no OCL109; Docker's own
namespaces are reported (OCL113)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_ocilint

RED_HAT = """\
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
LABEL maintainer="Jane <jane@example.com>"
LABEL name="acme/app" vendor="Acme" version="1.2" release="3" summary="App" \\
      description="The app" url="https://example.com" architecture="x86_64" \\
      build-date="2024-05-01T00:00:00Z" vcs-ref="abc" vcs-type="git" \\
      com.redhat.component="acme-app-container" io.k8s.description="The app" \\
      io.k8s.display-name="App" io.openshift.tags="acme,app" \\
      io.openshift.expose-services="8080:http" org.label-schema.schema-version="1.0"
LABEL author="Jane" com.docker.team="platform" Version="1.2"
"""


def label_findings(path: Path, *options: str) -> list[tuple[str, int, int, str]]:
    result = run_ocilint(
        "check", "--isolated", "--format", "json", "--select", "OCL109,OCL113", *options, str(path)
    )
    assert result.code in (0, 1), result.stderr
    return [
        (f["code"], f["line"], f["column"], f["message"])
        for f in json.loads(result.stdout)["findings"]
    ]


def test_user_labels_an_image_as_red_hat_and_docker_document(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Containerfile"
    dockerfile.write_text(RED_HAT)
    assert label_findings(dockerfile) == [
        ("OCL109", 9, 7, "label key `author` is not in reverse-domain notation"),
        (
            "OCL113",
            9,
            21,
            "label key `com.docker.team` is in Docker's reserved namespace `com.docker.`",
        ),
        ("OCL109", 9, 48, "label key `Version` is not in reverse-domain notation"),
    ]


def test_user_asks_for_namespaced_keys_only(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text('FROM scratch\nLABEL maintainer="Jane"\n')
    (tmp_path / ".ocilint.toml").write_text("[rules.label-key-not-reverse-domain]\nallow = []\n")
    result = run_ocilint("check", "--select", "OCL109", "Dockerfile", cwd=tmp_path)
    assert result.code == 1
    assert "Dockerfile:2:7: OCL109 warning: label key `maintainer`" in result.stdout
