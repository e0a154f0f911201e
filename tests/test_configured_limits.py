"""A user raises or lowers an input budget in the configuration's `[limits]` table.

For each budget a real project can outgrow (a generated Dockerfile, a large `docker inspect`
document, an image archive with many files, an index of indexes): the default refuses the
input with one line naming the key to raise, the raised limit in `.ocilint.toml` lets the same
input be checked with its findings, and a lowered limit refuses an ordinary input the same way,
exit status 2. Real files, archives and registries, and the real command line in a fresh
process under the memory and time limits of tests/test_hostile_files.py (which tries the
defaults against attacks).
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

from tests.hostile import clean_environment, run_limited
from tests.servers import OCI_INDEX, FaultServer, RegistryServer, Serve, sha256_digest
from tests.test_hostile_files import (
    BAD_CODES,
    BAD_DOCKERFILE,
    GOOD_LABELS,
    INDEX_WITHOUT_ANNOTATIONS,
    _archive_of,
    _image,
    _index,
    _platform,
    _write_layout,
    assert_refused,
    errors,
    ocilint,
    raise_key,
)

MIB = 1024 * 1024
BAD_LICENCE = {**GOOD_LABELS, "org.opencontainers.image.licenses": "MIT OR ("}


def configure(directory: Path, **limits: int) -> None:
    """`.ocilint.toml` with a `[limits]` table; keyword `document_bytes` is `document-bytes`."""
    lines = [f"{name.replace('_', '-')} = {value}" for name, value in limits.items()]
    (directory / ".ocilint.toml").write_text("[limits]\n" + "\n".join(lines) + "\n")


def codes(report: Any) -> list[str]:
    """The codes of a JSON report's findings, in order."""
    return [finding["code"] for finding in report["findings"]]


def too_many_documents(image: str, limit: str) -> str:
    return (
        f"ocilint: {image}: the image graph has more than {limit} distinct documents (indexes, "
        "manifests, configs), the limit for one image" + raise_key("documents")
    )


def too_many_members(archive: Path, limit: str) -> str:
    return (
        f"ocilint: oci-archive:{archive}: archive has more than {limit} members, the limit for "
        "an image archive" + raise_key("archive-members")
    )


def refused_then_checked(directory: Path, args: list[str], refused: str, **raised: int) -> Any:
    """`ocilint ARGS --format json` run in `directory`: refused by default with exactly the
    line `refused`, then, with the limits `raised` configured, checked without an error.
    Returns the JSON report."""
    args = [*args, "--format", "json"]
    assert_refused(ocilint(*args, cwd=directory), refused)
    configure(directory, **raised)
    result = ocilint(*args, cwd=directory)
    assert (result.returncode, errors(result)) == (1, [])
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- Dockerfiles


def test_user_raises_dockerfile_bytes_to_check_a_generated_17_mib_dockerfile(
    tmp_path: Path,
) -> None:
    dockerfile = tmp_path / "Dockerfile"
    with dockerfile.open("w") as file:  # the instructions, then 17 MiB of generated comments
        file.write(BAD_DOCKERFILE)
        file.write(("# " + "x" * 1021 + "\n") * (17 * 1024))
    report = refused_then_checked(
        tmp_path,
        ["check", "Dockerfile"],
        "ocilint: Dockerfile: larger than 16 MiB, the limit for a Dockerfile"
        + raise_key("dockerfile-bytes"),
        dockerfile_bytes=32 * MIB,
    )
    assert codes(report) == BAD_CODES


def test_user_lowers_dockerfile_bytes_and_every_way_in_refuses_a_larger_dockerfile(
    tmp_path: Path,
) -> None:
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)  # 304 bytes
    configure(tmp_path, dockerfile_bytes=200)
    refused = "larger than 200 bytes, the limit for a Dockerfile" + raise_key("dockerfile-bytes")
    result = ocilint("check", "Dockerfile", cwd=tmp_path)
    assert_refused(result, f"ocilint: Dockerfile: {refused}")
    with (tmp_path / "Dockerfile").open("rb") as stdin:
        result = ocilint("check", "-", cwd=tmp_path, stdin=stdin)
    assert_refused(result, f"ocilint: -: {refused}")
    result = ocilint(
        "check", "image-ref", "--offline", "--dockerfile", "Dockerfile", "alpine:3", cwd=tmp_path
    )
    assert_refused(result, f"ocilint: --dockerfile: Dockerfile: {refused}")
    (tmp_path / "docker-bake.hcl").write_text('target "app" {\n  dockerfile = "Dockerfile"\n}\n')
    result = ocilint("check", "docker-bake.hcl", cwd=tmp_path)
    assert_refused(result, f"ocilint: {tmp_path}/Dockerfile: {refused}")
    result = ocilint("fix", "--offline", "Dockerfile", cwd=tmp_path)
    assert_refused(
        result, f"ocilint: Dockerfile: {refused}", "ocilint: fixed 0 problems in 0 files"
    )
    assert (tmp_path / "Dockerfile").read_text() == BAD_DOCKERFILE


def test_user_sets_a_one_byte_limit_and_the_error_says_one_byte(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    configure(tmp_path, dockerfile_bytes=1)
    assert_refused(
        ocilint("check", "Dockerfile", cwd=tmp_path),
        "ocilint: Dockerfile: larger than 1 byte, the limit for a Dockerfile"
        + raise_key("dockerfile-bytes"),
    )


# --------------------------------------------------------------------------- JSON documents


def test_user_raises_json_file_bytes_to_check_a_65_mib_image_config(tmp_path: Path) -> None:
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Labels": BAD_LICENCE},
        "rootfs": {"type": "layers", "diff_ids": []},
        "x-build-log": "x" * (65 * MIB),  # a key the image-spec leaves open
    }
    (tmp_path / "config.json").write_text(json.dumps(config, indent=1))
    report = refused_then_checked(
        tmp_path,
        ["check", "config.json"],
        "ocilint: config.json: larger than 64 MiB, the limit for a JSON document"
        + raise_key("json-file-bytes"),
        json_file_bytes=128 * MIB,
    )
    assert codes(report) == ["OCL103"]


def test_user_lowers_json_file_bytes_and_an_inspect_document_is_refused(tmp_path: Path) -> None:
    document = json.dumps(
        [{"Id": "sha256:" + "0" * 64, "Os": "linux", "Architecture": "amd64", "Config": {}}]
    )
    (tmp_path / "inspect.json").write_text(document)
    configure(tmp_path, json_file_bytes=64)
    refused = "larger than 64 bytes, the limit for a JSON document" + raise_key("json-file-bytes")
    assert_refused(
        ocilint("check", "inspect.json", cwd=tmp_path), f"ocilint: inspect.json: {refused}"
    )
    with (tmp_path / "inspect.json").open("rb") as stdin:
        assert_refused(ocilint("check", "-", cwd=tmp_path, stdin=stdin), f"ocilint: -: {refused}")


# --------------------------------------------------------------------------- archives


def _image_archive(tmp_path: Path, padding: int = 0) -> Path:
    """An `oci-archive` of an index with one image (a licence finding), plus `padding` empty
    members, as an archive of a whole build directory has."""
    layout = tmp_path / "layout"
    _write_layout(layout, _index(layout, [{**_image(layout, BAD_LICENCE), **_platform(1)}]))
    archive = _archive_of(layout, tmp_path / "image.tar")
    with tarfile.open(archive, "a") as tar:
        for number in range(padding):
            tar.addfile(tarfile.TarInfo(f"build/{number}"))
    return archive


def test_user_raises_archive_members_to_check_an_archive_of_25_000_files(
    tmp_path: Path,
) -> None:
    archive = _image_archive(tmp_path, padding=25_000)
    report = refused_then_checked(
        tmp_path,
        ["check", "image-ref", f"oci-archive:{archive}"],
        too_many_members(archive, "20,000"),
        archive_members=30_000,
    )
    assert codes(report) == [*INDEX_WITHOUT_ANNOTATIONS, "OCL103"]


def test_user_lowers_archive_members_and_an_ordinary_archive_is_refused(tmp_path: Path) -> None:
    archive = _image_archive(tmp_path)
    configure(tmp_path, archive_members=3)
    assert_refused(
        ocilint("check", "image-ref", f"oci-archive:{archive}", cwd=tmp_path),
        too_many_members(archive, "3"),
    )


# --------------------------------------------------------------------------- image graphs


def test_user_raises_documents_to_check_an_index_of_indexes_of_1_002_images(
    tmp_path: Path,
) -> None:
    """Two indexes of 501 images each under one index: 1,007 distinct documents (the images
    share one config, but for the very last one, whose licence is wrong), each read once."""
    layout = tmp_path / "layout"

    def image(half: int, number: int) -> dict[str, Any]:
        labels = BAD_LICENCE if (half, number) == (1, 500) else GOOD_LABELS
        return {**_image(layout, labels, note=f"{half}-{number}"), **_platform(number)}

    halves = [_index(layout, [image(half, n) for n in range(501)]) for half in range(2)]
    _write_layout(layout, _index(layout, halves))
    report = refused_then_checked(
        tmp_path,
        ["check", "image-ref", f"oci:{layout}"],
        too_many_documents(f"oci:{layout}", "1,000"),
        documents=2_000,
    )
    assert codes(report) == [*INDEX_WITHOUT_ANNOTATIONS, "OCL103"]


def test_user_lowers_documents_and_an_ordinary_layout_is_refused(tmp_path: Path) -> None:
    layout = tmp_path / "layout"
    platforms = [{**_image(layout, GOOD_LABELS, note=str(n)), **_platform(n)} for n in (1, 2)]
    _write_layout(layout, _index(layout, platforms))  # an index, 2 manifests, 1 config
    configure(tmp_path, documents=3)
    assert_refused(
        ocilint("check", "image-ref", f"oci:{layout}", cwd=tmp_path),
        too_many_documents(f"oci:{layout}", "3"),
    )


def _index_of_images(server: FaultServer, count: int) -> str:
    """A registry index of `count` images (distinct manifests, one shared config)."""
    entries: list[dict[str, Any]] = []
    for number in range(count):
        digest, manifest, _ = server.add_image(
            "acme/app", f"p{number}", annotations={"org.example.note": str(number)}
        )
        entries.append(
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest,
             "size": len(manifest), **_platform(number)}
        )  # fmt: skip
    body = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}).encode()
    server.manifest("acme/app", "all", Serve(body, OCI_INDEX))
    server.manifest("acme/app", sha256_digest(body), Serve(body, OCI_INDEX))
    return server.reference("acme/app", "all")


def test_user_raises_documents_to_check_a_registry_index_of_1_001_images(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    reference = _index_of_images(fault_server, 1_001)
    env = clean_environment(tmp_path)
    args = ("check", "image-ref", "--format", "json", reference)
    result = run_limited(*args, env=env, cwd=tmp_path)
    assert (result.code, result.stderr) == (2, too_many_documents(reference, "1,000") + "\n")
    configure(tmp_path, documents=5_000)
    result = run_limited(*args, env=env, cwd=tmp_path)
    assert (result.code, result.stderr) == (1, "")
    # The index's annotations, and each image read: the fault server's have no layers.
    assert codes(json.loads(result.stdout)) == [*INDEX_WITHOUT_ANNOTATIONS, *["OCL401"] * 1_001]


def test_user_lowers_registry_limits_and_an_ordinary_index_is_refused(
    registry: RegistryServer, tmp_path: Path
) -> None:
    """The real registry's two-platform index: an index, 2 manifests and 2 configs."""
    reference = registry.images["index"].reference
    env = clean_environment(tmp_path)
    configure(tmp_path, documents=4)
    result = run_limited("check", "image-ref", reference, env=env, cwd=tmp_path)
    assert (result.code, result.stderr) == (2, too_many_documents(reference, "4") + "\n")
    configure(tmp_path, document_bytes=100)
    result = run_limited("check", "image-ref", reference, env=env, cwd=tmp_path)
    assert result.code == 2
    assert result.stderr.startswith(f"ocilint: {reference}: {registry.address}: response ")
    assert result.stderr.endswith(f"over the 100-byte limit{raise_key('document-bytes')}\n")
