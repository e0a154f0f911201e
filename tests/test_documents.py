"""`ocilint check FILE.json`: image documents recognised by content, findings on their lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ocilint.documents import UnrecognisedDocument, json_positions, recognise
from ocilint.model import DocumentKind
from tests.conftest import run_ocilint

CONFIG = """{
  "created": "2024-01-01T00:00:00Z",
  "architecture": "amd64",
  "os": "linux",
  "config": {
    "Env": ["PATH=/usr/bin"],
    "Labels": {
      "org.opencontainers.image.source": "https://github.com/acme/app",
      "org.opencontainers.image.description": "Acme app",
      "org.opencontainers.image.licenses": "Apache 2.0"
    }
  },
  "rootfs": {"type": "layers", "diff_ids": []}
}
"""
INSPECT = [
    {
        "Id": "sha256:" + "1" * 64,
        "RepoTags": ["ghcr.io/acme/app:1.0"],
        "RepoDigests": ["ghcr.io/acme/app@sha256:" + "2" * 64],
        "Architecture": "amd64",
        "Os": "linux",
        "Config": {"Labels": {"org.opencontainers.image.source": "git@github.com:acme/app.git"}},
    }
]
DIGEST = "sha256:" + "a" * 64


def check(tmp_path: Path, name: str, content: str | Any) -> tuple[int, list[tuple[Any, ...]], str]:
    text = content if isinstance(content, str) else json.dumps(content, indent=2)
    (tmp_path / name).write_text(text)
    result = run_ocilint("check", "--format", "json", name, cwd=tmp_path)
    if result.code == 2 and not result.stdout.strip().startswith("{"):
        return result.code, [], result.stderr
    findings = json.loads(result.stdout)["findings"]
    return (
        result.code,
        [(f["code"], f["line"], f["column"], f["pointer"]) for f in findings],
        result.stderr,
    )


def test_config_labels_are_found_on_their_lines(tmp_path: Path) -> None:
    code, found, _ = check(tmp_path, "config.json", CONFIG)
    assert code == 1
    assert found == [("OCL103", 10, 45, "/config/Labels/org.opencontainers.image.licenses")]


def test_inspect_output_from_docker_and_podman(tmp_path: Path) -> None:
    code, found, _ = check(tmp_path, "inspect.json", INSPECT)
    assert code == 1
    assert [(c, p) for c, _, _, p in found] == [
        ("OCL101", "/0/Config"),
        ("OCL101", "/0/Config"),
        ("OCL106", "/0/Config/Labels/org.opencontainers.image.source"),
    ]


def test_oci_manifest_without_media_type(tmp_path: Path) -> None:
    manifest = {
        "schemaVersion": 2,
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": DIGEST,
            "size": 2,
        },
        "layers": [
            {
                "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                "digest": DIGEST,
                "size": 2,
            }
        ],
        "annotations": {"org.opencontainers.image.licence": "MIT"},
    }
    _code, found, _ = check(tmp_path, "manifest.json", manifest)
    assert [(c, p) for c, _, _, p in found] == [
        ("OCL110", "/annotations/org.opencontainers.image.licence")
    ]


def test_index_must_carry_the_required_annotations(tmp_path: Path) -> None:
    index = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [],
    }
    _code, found, _ = check(tmp_path, "index.json", index)
    assert [c for c, *_ in found] == ["OCL101", "OCL101", "OCL101"]


def test_docker_manifest_list(tmp_path: Path) -> None:
    listing = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
        "manifests": [],
    }
    _code, found, _ = check(tmp_path, "list.json", listing)
    assert [(c, line) for c, line, _, _ in found] == [("OCL402", 1)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"hello": "world"}', "not an image document: JSON of unknown structure; expected an OCI or Docker image manifest"),
        ("[1, 2]", "not an image document: a JSON array that is not inspect output"),
        ('{"schemaVersion": 1, "mediaType": "application/vnd.docker.distribution.manifest.v1+prettyjws"}', "a Docker schema 1 manifest"),
        ('{"a": [1, }', "invalid JSON: Expecting value (column 11)"),
        ("[" * 100000 + "]" * 100000, "invalid JSON: nested too deeply"),
    ],
)  # fmt: skip
def test_unusable_json_is_exit_2_with_one_line(tmp_path: Path, content: str, message: str) -> None:
    code, _, stderr = check(tmp_path, "doc.json", content)
    assert code == 2
    assert message in stderr
    assert len(stderr.splitlines()) == 1
    assert "Traceback" not in stderr


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    _, _, stderr = check(tmp_path, "doc.json", '{\n  "a": 1,\n  "b": \n}')
    assert stderr == "ocilint: doc.json:4: invalid JSON: Expecting value (column 1)\n"


def test_directories_are_not_searched_for_json(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    result = run_ocilint("check", "--select", "OCL204", ".", cwd=tmp_path)
    assert (result.code, result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        ({"mediaType": "application/vnd.oci.image.index.v1+json"}, DocumentKind.OCI_INDEX),
        ({"manifests": []}, DocumentKind.OCI_INDEX),
        ({"config": {}, "layers": []}, DocumentKind.OCI_MANIFEST),
        (
            {"mediaType": "application/vnd.docker.distribution.manifest.v2+json"},
            DocumentKind.DOCKER_MANIFEST,
        ),
        ({"architecture": "amd64", "os": "linux", "rootfs": {}}, DocumentKind.OCI_CONFIG),
        (
            {"architecture": "amd64", "os": "linux", "docker_version": "24"},
            DocumentKind.DOCKER_CONFIG,
        ),
        ({"Id": "x", "Config": {}}, DocumentKind.INSPECT),
        ([{"Config": {"Labels": None}}], DocumentKind.INSPECT),
    ],
)
def test_recognition(document: Any, kind: DocumentKind) -> None:
    assert recognise(document) is kind


def test_declared_media_type_wins_over_structure() -> None:
    assert (
        recognise({"manifests": []}, "application/vnd.docker.distribution.manifest.list.v2+json")
        is DocumentKind.DOCKER_MANIFEST_LIST
    )
    with pytest.raises(UnrecognisedDocument):
        recognise("text")


def test_json_positions() -> None:
    text = '{\n  "a": [1, {"b/c": "x"}],\n  "d~": {}\n}'
    assert json_positions(text) == {
        "": (1, 1), "/a": (2, 8), "/a/0": (2, 9), "/a/1": (2, 12), "/a/1/b~1c": (2, 20), "/d~0": (3, 9),
    }  # fmt: skip
