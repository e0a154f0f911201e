"""Built images on disk: OCI layouts, oci-archive and docker-archive tarballs, multi-platform
indexes, Docker manifest lists and artifacts, all built for real with umoci and skopeo."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_ocilint
from tests.images import (
    DOCKER_LIST,
    GOOD_LABELS,
    build_image,
    descriptor_for,
    layer_digests,
    read_blob,
    skopeo,
    to_docker_manifest,
    write_artifact,
    write_index,
)

BAD_LABELS = {**GOOD_LABELS, "org.opencontainers.image.licenses": "MIT/Apache-2.0"}
DESCRIPTION = "org.opencontainers.image.description"


def check(*refs: str, cwd: Path, extra: tuple[str, ...] = ()) -> tuple[int, dict[str, Any], str]:
    result = run_ocilint("check", "image-ref", "--format", "json", *extra, *refs, cwd=cwd)
    return result.code, json.loads(result.stdout), result.stderr


def summary(document: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(f["path"], f["code"], f["pointer"]) for f in document["findings"]]


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One layout holding good, bad, multi-platform, Docker-typed and artifact images."""
    root = tmp_path_factory.mktemp("images")
    layout = root / "layout"
    build_image(layout, "good")
    build_image(layout, "bad", BAD_LABELS, {"org.opencontainers.image.title": ""})
    build_image(layout, "amd64", {}, architecture="amd64")
    build_image(
        layout,
        "arm64",
        {"org.opencontainers.image.licenses": "GPLv3"},
        architecture="arm64",
        content=b"arm\n",
    )
    write_index(
        layout, "multi", [("amd64", "linux", "amd64"), ("arm64", "linux", "arm64")], GOOD_LABELS
    )
    write_index(layout, "multi-bare", [("amd64", "linux", "amd64"), ("arm64", "linux", "arm64")])
    to_docker_manifest(layout, "amd64", "docker-amd64")
    to_docker_manifest(layout, "arm64", "docker-arm64")
    write_index(
        layout, "list", [("docker-amd64", "linux", "amd64"), ("docker-arm64", "linux", "arm64")],
        media_type=DOCKER_LIST,
    )  # fmt: skip
    write_artifact(layout, "chart", {"org.opencontainers.image.created": "yesterday"})
    skopeo("copy", "oci:layout:bad", "oci-archive:bad-oci.tar:v1", workdir=root)
    skopeo("copy", "--all", "oci:layout:multi", "oci-archive:multi.tar", workdir=root)
    skopeo("copy", "oci:layout:bad", "docker-archive:bad-docker.tar:acme/app:1", workdir=root)
    # Layers are never read: without them every check above still works.
    for tag in ("good", "bad", "amd64", "arm64"):
        for digest in layer_digests(layout, tag):
            (layout / "blobs" / "sha256" / digest.split(":")[1]).unlink(missing_ok=True)
    return root


def test_good_image_passes(images: Path) -> None:
    code, document, stderr = check("oci:layout:good", cwd=images)
    assert (code, summary(document), stderr) == (0, [], "")


def test_config_labels_are_checked_with_json_pointers(images: Path) -> None:
    code, document, _ = check("oci:layout:bad", cwd=images)
    assert code == 1
    assert summary(document) == [
        ("oci:layout:bad", "OCL108", "/annotations/org.opencontainers.image.title"),
        ("oci:layout:bad (config)", "OCL103", "/config/Labels/org.opencontainers.image.licenses"),
    ]
    assert document["findings"][1]["fix"] == "use `MIT OR Apache-2.0`"


def test_the_report_names_the_source_and_digest(images: Path) -> None:
    result = run_ocilint("check", "image-ref", "oci:layout:good", cwd=images)
    digest = descriptor_for(images / "layout", "good")["digest"]
    assert (
        result.stdout.splitlines()[0]
        == f"oci:layout:good: manifest {digest} from OCI layout layout"
    )


def test_json_report_names_each_image_and_digest(images: Path) -> None:
    _, document, _ = check("oci:layout:multi", cwd=images)
    digest = descriptor_for(images / "layout", "multi")["digest"]
    assert document["images"] == [
        {
            "input": "oci:layout:multi",
            "document": "index",
            "digest": digest,
            "source": "OCI layout layout",
            "platforms": ["linux/amd64", "linux/arm64"],
        }
    ]


def test_index_annotations_carry_the_required_metadata(images: Path) -> None:
    code, document, _ = check("oci:layout:multi", cwd=images)
    assert code == 1
    assert summary(document) == [
        (
            "oci:layout:multi (linux/arm64 config)",
            "OCL103",
            "/config/Labels/org.opencontainers.image.licenses",
        ),
    ]
    _code, document, _ = check("oci:layout:multi-bare", cwd=images)
    missing = [f for f in document["findings"] if f["code"] == "OCL101"]
    assert [(f["path"], f["message"].split("`")[1]) for f in missing] == [
        ("oci:layout:multi-bare", "org.opencontainers.image.description"),
        ("oci:layout:multi-bare", "org.opencontainers.image.licenses"),
        ("oci:layout:multi-bare", "org.opencontainers.image.source"),
    ]
    assert " in the image index " in missing[0]["message"]


def test_platform_limits_what_is_read(images: Path) -> None:
    code, document, _ = check("oci:layout:multi", cwd=images, extra=("--platform", "linux/amd64"))
    assert (code, summary(document)) == (0, [])
    code, _, stderr = check("oci:layout:multi", cwd=images, extra=("--platform", "linux/s390x"))
    assert code == 2
    assert (
        stderr
        == "ocilint: oci:layout:multi: no manifest for platform linux/s390x (platforms: linux/amd64, linux/arm64)\n"
    )


def test_docker_manifest_list_cannot_carry_annotations(images: Path) -> None:
    code, document, _ = check("oci:layout:list", cwd=images)
    assert code == 1
    assert summary(document)[0] == ("oci:layout:list", "OCL402", "")
    assert "annotation-index.org.opencontainers.image.description" in document["findings"][0]["fix"]


def test_artifact_is_reported_as_such(images: Path) -> None:
    _code, document, _ = check("oci:layout:chart", cwd=images)
    assert [(f["code"], f["severity"]) for f in document["findings"]] == [
        ("OCL107", "error"),
        ("OCL403", "info"),
    ]
    assert "application/vnd.cncf.helm.chart.v1.tar+gzip" in document["findings"][1]["message"]


def test_tags_select_images_in_a_layout(images: Path) -> None:
    code, _, stderr = check("oci:layout", cwd=images)
    assert code == 2
    assert stderr.startswith(
        "ocilint: oci:layout: the layout holds 10 images; name one with `:TAG` (tags: amd64, arm64, bad, chart,"
    )
    code, _, stderr = check("oci:layout:nope", cwd=images)
    assert code == 2 and "no image tagged `nope` in the layout" in stderr


def test_archives_made_by_skopeo(images: Path) -> None:
    code, document, _ = check(
        "oci-archive:bad-oci.tar:v1",
        "oci-archive:multi.tar",
        "docker-archive:bad-docker.tar",
        cwd=images,
    )
    assert code == 1
    assert sorted((f["path"], f["code"]) for f in document["findings"]) == [
        ("docker-archive:bad-docker.tar (config)", "OCL103"),
        ("oci-archive:bad-oci.tar:v1", "OCL108"),
        ("oci-archive:bad-oci.tar:v1 (config)", "OCL103"),
        ("oci-archive:multi.tar (linux/arm64 config)", "OCL103"),
    ]
    code, _, stderr = check("docker-archive:bad-docker.tar:acme/other:2", cwd=images)
    assert code == 2
    assert "no image tagged `acme/other:2` in the archive (tags: docker.io/acme/app:1)" in stderr


def test_digest_mismatch_is_an_error(tmp_path: Path) -> None:
    build_image(tmp_path / "layout", "v1")
    config = json.loads(
        read_blob(tmp_path / "layout", descriptor_for(tmp_path / "layout", "v1")["digest"])
    )["config"]
    blob = tmp_path / "layout" / "blobs" / "sha256" / config["digest"].split(":")[1]
    blob.write_bytes(blob.read_bytes().replace(b"Acme app", b"Evil app"))
    code, _, stderr = check("oci:layout:v1", cwd=tmp_path)
    assert code == 2
    assert stderr.startswith(
        f"ocilint: oci:layout:v1: digest mismatch: expected {config['digest']}, content is sha256:"
    )


def test_archive_with_unsafe_member_names_is_refused(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "evil.tar", "w") as tar:
        for name in ("oci-layout", "../escape"):
            info = tarfile.TarInfo(name)
            info.size = 2
            tar.addfile(info, io.BytesIO(b"{}"))
    code, _, stderr = check("oci-archive:evil.tar", cwd=tmp_path)
    assert code == 2
    assert (
        stderr
        == "ocilint: oci-archive:evil.tar: archive member `../escape` has an absolute path or `..`; refusing the archive\n"
    )
    assert not (tmp_path.parent / "escape").exists()


def test_not_a_layout_or_archive(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.tar").write_bytes(b"not a tar")
    code, _, stderr = check("oci:empty", "oci:missing", "oci-archive:file.tar", cwd=tmp_path)
    assert code == 2
    assert stderr.splitlines() == [
        "ocilint: oci:empty: not an OCI image layout: it has no `oci-layout` file",
        "ocilint: oci:missing: no such OCI layout directory",
        "ocilint: oci-archive:file.tar: not a tar archive (plain, gzip, bzip2 or xz)",
    ]
