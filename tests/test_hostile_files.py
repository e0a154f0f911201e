"""Hostile files, archives, layouts and output streams, tried as an attacker would.

Every test runs the real command line in a fresh process under a wall-clock limit and a memory
limit (RLIMIT_AS), and asserts on the exit status and the exact line users see. Controls (a good
Dockerfile beside the bad input) must keep their findings: one bad input never costs the others.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import json
import os
import resource
import stat
import subprocess
import sys
import tarfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import pytest

from tests.conftest import PROJECT_ROOT
from tests.reporters.test_sarif import valid as valid_sarif

TIME_LIMIT = 60  # seconds, per run: each attack used to run for minutes or forever
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space: attacks used to take gigabytes
GIB = 1024 * 1024 * 1024


def raise_key(key: str) -> str:
    """The end of the error line for a budget exceeded: the configuration key that raises it."""
    return f" (raise `limits.{key}` in the configuration)"


OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
LAYER = {  # never read: ocilint reads no layer
    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
    "digest": "sha256:" + hashlib.sha256(b"layer").hexdigest(),
    "size": 5,
}
INDEX_WITHOUT_ANNOTATIONS = ["OCL101", "OCL101", "OCL101"]  # description, licenses, source
GOOD_LABELS = {
    "org.opencontainers.image.source": "https://github.com/acme/app",
    "org.opencontainers.image.description": "Acme app",
    "org.opencontainers.image.licenses": "Apache-2.0",
}
BAD_DOCKERFILE = (PROJECT_ROOT / "examples" / "bad.Dockerfile").read_text()
BAD_CODES = [
    "OCL101", "OCL101", "OCL201", "OCL110", "OCL106", "OCL107", "OCL203", "OCL204",
]  # fmt: skip  # what examples/bad.Dockerfile finds, in order


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def ocilint(
    *args: str,
    cwd: Path | None = None,
    stdin: IO[bytes] | int | None = subprocess.DEVNULL,
    stdout: IO[bytes] | int | None = subprocess.PIPE,
    as_user: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """Run ocilint; `as_user` drops root's power to read any file, so permissions count."""
    environment = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(PROJECT_ROOT)}
    environment.pop("OCILINT_DEBUG", None)
    prefix = []
    if as_user and os.getuid() == 0:
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "ocilint", *args],
        cwd=cwd,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=environment,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
    )


def errors(result: subprocess.CompletedProcess[bytes]) -> list[str]:
    return result.stderr.decode("utf-8", "replace").splitlines()


def assert_refused(result: subprocess.CompletedProcess[bytes], *lines: str) -> None:
    """Exit status 2, and exactly these lines on standard error."""
    assert (result.returncode, errors(result)) == (2, list(lines))


def findings(result: subprocess.CompletedProcess[bytes]) -> dict[str, list[str]]:
    """Codes found per path, from `--format json` output."""
    document = json.loads(result.stdout)
    found: dict[str, list[str]] = {}
    for finding in document["findings"]:
        found.setdefault(finding["path"], []).append(finding["code"])
    return found


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """The control: a Dockerfile with findings, checked beside each hostile input."""
    path = tmp_path / "control" / "Dockerfile"
    path.parent.mkdir()
    path.write_text(BAD_DOCKERFILE)
    return path


# --------------------------------------------------------------------------- reads


def test_fifo_named_dockerfile_in_a_scanned_folder_is_skipped_and_said_so(
    tmp_path: Path, bad: Path
) -> None:
    os.mkfifo(tmp_path / "Dockerfile")
    result = ocilint("check", "--isolated", "--format", "json", str(tmp_path))
    assert result.returncode == 1  # the control's findings; the FIFO is not an error of the run
    assert errors(result) == [
        f"ocilint: {tmp_path}/Dockerfile: is a FIFO (named pipe), not a regular file: skipped"
    ]
    assert findings(result) == {str(bad): BAD_CODES}


def test_fifo_named_on_the_command_line_is_refused(tmp_path: Path, bad: Path) -> None:
    fifo = tmp_path / "config.json"
    os.mkfifo(fifo)
    result = ocilint("check", "--isolated", "--format", "json", str(fifo), str(bad))
    assert_refused(result, f"ocilint: {fifo}: is a FIFO (named pipe), not a regular file: not read")
    assert findings(result) == {str(bad): BAD_CODES}


def test_a_device_is_refused_by_name(bad: Path) -> None:
    result = ocilint("check", "--isolated", "--format", "json", "/dev/zero", str(bad))
    assert_refused(
        result, "ocilint: /dev/zero: is a character device, not a regular file: not read"
    )
    assert findings(result) == {str(bad): BAD_CODES}


def test_endless_standard_input_stops_at_the_dockerfile_limit() -> None:
    with open("/dev/zero", "rb") as zeros:
        result = ocilint("check", "--isolated", "-", stdin=zeros)
    assert_refused(
        result,
        "ocilint: -: larger than 16 MiB, the limit for a Dockerfile"
        + raise_key("dockerfile-bytes"),
    )


def test_endless_json_on_standard_input_stops_at_the_json_limit(tmp_path: Path) -> None:
    endless = tmp_path / "endless.json"
    with endless.open("wb") as file:  # sparse: `[` then 100 MiB of NUL bytes
        file.write(b"[")
        file.truncate(100 * 1024 * 1024)
    with endless.open("rb") as stream:
        result = ocilint("check", "--isolated", "-", stdin=stream)
    assert_refused(
        result,
        "ocilint: -: larger than 64 MiB, the limit for a JSON document"
        + raise_key("json-file-bytes"),
    )


def test_json_file_over_its_limit_is_refused_without_reading_it_all(
    tmp_path: Path, bad: Path
) -> None:
    huge = tmp_path / "inspect.json"
    with huge.open("wb") as file:  # sparse: 8 GiB that would take minutes to read
        file.write(b"{")
        file.truncate(8 * GIB)
    result = ocilint("check", "--isolated", "--format", "json", str(huge), str(bad))
    assert_refused(
        result,
        f"ocilint: {huge}: larger than 64 MiB, the limit for a JSON document"
        + raise_key("json-file-bytes"),
    )
    assert findings(result) == {str(bad): BAD_CODES}


def test_dockerfile_option_refuses_a_device() -> None:
    result = ocilint(
        "check", "image-ref", "--isolated", "--offline", "--dockerfile", "/dev/zero", "alpine:3"
    )
    assert_refused(
        result,
        "ocilint: --dockerfile: /dev/zero: is a character device, not a regular file: not read",
    )


def test_dockerfile_option_stops_at_the_dockerfile_limit(tmp_path: Path) -> None:
    huge = tmp_path / "Dockerfile"
    with huge.open("wb") as file:  # sparse: 8 GiB of `FROM scratch` and then NUL bytes
        file.write(b"FROM scratch\n")
        file.truncate(8 * GIB)
    result = ocilint(
        "check", "image-ref", "--isolated", "--offline", "--dockerfile", str(huge), "alpine:3"
    )
    assert_refused(
        result,
        f"ocilint: --dockerfile: {huge}: larger than 16 MiB, the limit for a Dockerfile"
        + raise_key("dockerfile-bytes"),
    )


def test_large_json_document_under_the_limit_fits_in_memory(tmp_path: Path) -> None:
    """38 MiB of small values on 3.5 million lines used to take 3 GB for their positions.

    (Under a key the image-spec schema leaves open: validating 3.5 million history entries
    with jsonschema is slow in itself, which is the schema rule's business.)"""
    labels = {**GOOD_LABELS, "org.opencontainers.image.licenses": "MIT OR ("}
    rootfs = {"type": "layers", "diff_ids": []}
    head = json.dumps(
        {"architecture": "amd64", "os": "linux", "rootfs": rootfs, "config": {"Labels": labels}}
    )
    path = tmp_path / "config.json"
    with path.open("w") as file:
        file.write(head[:-1].replace(", ", ",\n") + ',\n"x-generator-data": [\n')
        file.write(",\n".join(["[0,1,2,3]"] * 3_500_000) + "\n]}\n")
    assert 30 * 1024 * 1024 < path.stat().st_size < 64 * 1024 * 1024
    result = ocilint("check", "--isolated", "--format", "json", str(path))
    assert errors(result) == []
    assert result.returncode == 1
    document = json.loads(result.stdout)
    [finding] = document["findings"]
    assert (finding["code"], finding["path"], finding["line"], finding["pointer"]) == (
        "OCL103",
        str(path),
        7,
        "/config/Labels/org.opencontainers.image.licenses",
    )


def test_integer_past_pythons_digit_limit_is_an_input_error(tmp_path: Path, bad: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"architecture": "amd64", "os": "linux", "size": ' + "9" * 5000 + "}")
    for output in ("json", "sarif", "gitlab", "github", "text"):
        result = ocilint("check", "--isolated", "--format", output, str(path), str(bad))
        assert_refused(
            result, f"ocilint: {path}: invalid JSON: a number has more than 4,300 digits"
        )
        assert b"OCL201" in result.stdout  # the control's findings are kept in every format
    assert findings(ocilint("check", "--isolated", "--format", "json", str(path), str(bad))) == {
        str(bad): BAD_CODES
    }


def test_unreadable_directory_is_reported_and_the_rest_checked(tmp_path: Path) -> None:
    root = tmp_path
    (root / "app").mkdir()
    (root / "app" / "Dockerfile").write_text(BAD_DOCKERFILE)
    (root / "secret").mkdir()
    (root / "secret" / "Dockerfile").write_text(BAD_DOCKERFILE)
    (root / "secret").chmod(0)
    try:
        result = ocilint("check", "--isolated", "--format", "json", str(root), as_user=True)
    finally:
        (root / "secret").chmod(0o755)
    assert_refused(
        result,
        f"ocilint: {root}/secret: cannot read directory: Permission denied; Dockerfiles in it "
        "were not checked",
    )
    assert findings(result) == {f"{root}/app/Dockerfile": BAD_CODES}


# --------------------------------------------------------------------------- layouts


def _blob(layout: Path, document: Mapping[str, Any] | bytes) -> dict[str, Any]:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    digest = hashlib.sha256(data).hexdigest()
    (layout / "blobs" / "sha256").mkdir(parents=True, exist_ok=True)
    (layout / "blobs" / "sha256" / digest).write_bytes(data)
    return {"digest": f"sha256:{digest}", "size": len(data)}


def _image(layout: Path, labels: Mapping[str, str], note: str = "") -> dict[str, Any]:
    """A manifest with a config carrying `labels`, as a descriptor."""
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Labels": dict(labels)},
        "rootfs": {"type": "layers", "diff_ids": [LAYER["digest"]]},
    }
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, **_blob(layout, config)},
        "layers": [LAYER],
        "annotations": {"org.example.note": note} if note else {},
    }
    return {"mediaType": OCI_MANIFEST, **_blob(layout, manifest)}


def _index(layout: Path, entries: list[dict[str, Any]]) -> dict[str, Any]:
    index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}
    return {"mediaType": OCI_INDEX, **_blob(layout, index)}


def _write_layout(layout: Path, root: Mapping[str, Any]) -> Path:
    layout.mkdir(parents=True, exist_ok=True)
    (layout / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
    (layout / "index.json").write_text(json.dumps({"schemaVersion": 2, "manifests": [root]}))
    return layout


def _platform(number: int) -> dict[str, Any]:
    return {"platform": {"os": "linux", "architecture": "amd64", "variant": f"v{number}"}}


def test_nested_indexes_repeating_digests_are_read_once(tmp_path: Path) -> None:
    """4 levels x 25 entries used to expand to 390,625 manifests and 1.7 GB."""
    layout = tmp_path / "layout"
    level = _image(layout, {**GOOD_LABELS, "org.opencontainers.image.licenses": "MIT OR ("})
    for _ in range(4):
        level = _index(layout, [{**level, **_platform(number)} for number in range(25)])
    _write_layout(layout, level)
    assert sum(f.stat().st_size for f in layout.rglob("*") if f.is_file()) < 64 * 1024
    result = ocilint("check", "image-ref", "--isolated", "--format", "json", f"oci:{layout}")
    assert errors(result) == []
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert [f["code"] for f in document["findings"]] == [*INDEX_WITHOUT_ANNOTATIONS, "OCL103"]
    assert document["images"][0]["platforms"] == ["linux/amd64/v0"]


def test_distinct_documents_per_image_are_counted(tmp_path: Path) -> None:
    layout = tmp_path / "layout"
    entries = [{**_image(layout, GOOD_LABELS, note=str(n)), **_platform(n)} for n in range(1001)]
    _write_layout(layout, _index(layout, entries))
    result = ocilint("check", "image-ref", "--isolated", f"oci:{layout}")
    assert_refused(
        result,
        f"ocilint: oci:{layout}: the image graph has more than 1,000 distinct documents "
        "(indexes, manifests, configs), the limit for one image" + raise_key("documents"),
    )


def test_indexes_nested_too_deep(tmp_path: Path) -> None:
    layout = tmp_path / "layout"
    level = _image(layout, GOOD_LABELS)
    for _ in range(6):
        level = _index(layout, [level])
    _write_layout(layout, level)
    result = ocilint("check", "image-ref", "--isolated", f"oci:{layout}")
    assert_refused(
        result,
        f"ocilint: oci:{layout} (manifest): indexes nested more than 4 deep"
        + raise_key("index-depth"),
    )


def test_fifo_as_a_blob_is_refused_and_other_images_still_checked(
    tmp_path: Path, bad: Path
) -> None:
    layout = tmp_path / "layout"
    config_less = _image(layout, GOOD_LABELS)
    digest = config_less["digest"].split(":")[1]
    (layout / "blobs" / "sha256" / digest).unlink()
    os.mkfifo(layout / "blobs" / "sha256" / digest)
    _write_layout(layout, config_less)
    good = tmp_path / "good"
    _write_layout(good, _image(good, {**GOOD_LABELS, "org.opencontainers.image.licenses": "("}))
    result = ocilint(
        "check", "image-ref", "--isolated", "--format", "json", f"oci:{layout}", f"oci:{good}"
    )
    assert_refused(
        result,
        f"ocilint: oci:{layout}: `blobs/sha256/{digest}` is a FIFO (named pipe), not a regular "
        "file: not read",
    )
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["OCL103"]


# --------------------------------------------------------------------------- archives


def _header(name: str, size: int, kind: bytes = tarfile.REGTYPE) -> bytes:
    info = tarfile.TarInfo(name)
    info.size = size
    info.type = kind
    return info.tobuf(format=tarfile.GNU_FORMAT)


def _zeros_bz2(count: int) -> Iterator[bytes]:
    """`count` bytes of zeros as concatenated bzip2 streams (100 MiB compresses to 113 bytes)."""
    chunk = 100 * 1024 * 1024
    whole = bz2.compress(bytes(chunk))
    for _ in range(count // chunk):
        yield whole
    if count % chunk:
        yield bz2.compress(bytes(count % chunk))


def test_bzip2_bomb_with_one_huge_member(tmp_path: Path, bad: Path) -> None:
    bomb = tmp_path / "image.tar.bz2"
    with bomb.open("wb") as file:
        file.write(bz2.compress(_header("blobs/sha256/layer", 50 * GIB)))
        file.write(b"".join(_zeros_bz2(20 * 100 * 1024 * 1024)))
    assert bomb.stat().st_size < 80 * 1024
    result = ocilint("check", "image-ref", "--isolated", f"oci-archive:{bomb}")
    assert_refused(
        result,
        f"ocilint: oci-archive:{bomb}: compressed archive expands past 1 GiB, the limit for "
        "walking an archive; decompress it, or use an uncompressed tar"
        + raise_key("archive-decompressed-bytes"),
    )


def test_bzip2_bomb_of_many_members_stops_at_the_decompression_budget(tmp_path: Path) -> None:
    bomb = tmp_path / "image.tar.bz2"
    member = 300 * 1024 * 1024
    with bomb.open("wb") as file:
        for number in range(8):  # 2.4 GiB of zeros in 300 MiB members
            file.write(bz2.compress(_header(f"blobs/sha256/{number}", member)))
            file.write(b"".join(_zeros_bz2(member)))
    result = ocilint("check", "image-ref", "--isolated", f"docker-archive:{bomb}")
    assert_refused(
        result,
        f"ocilint: docker-archive:{bomb}: compressed archive expands past 1 GiB, the limit for "
        "walking an archive; decompress it, or use an uncompressed tar"
        + raise_key("archive-decompressed-bytes"),
    )


def test_sparse_4_gib_member_is_skipped_not_read(tmp_path: Path) -> None:
    archive = tmp_path / "image.tar"
    with archive.open("wb") as file:
        file.write(_header("blobs/sha256/layer", 4 * GIB))
        file.truncate(512 + 4 * GIB + 1024)  # sparse on disk: costs nothing to create
    result = ocilint("check", "image-ref", "--isolated", f"oci-archive:{archive}")
    assert_refused(
        result,
        f"ocilint: oci-archive:{archive}: not an OCI image layout: it has no `oci-layout` file",
    )


def test_huge_pax_header_is_refused_before_reading_it(tmp_path: Path) -> None:
    archive = tmp_path / "image.tar"
    with archive.open("wb") as file:
        file.write(_header("././@PaxHeader", 4 * GIB, tarfile.XHDTYPE))
        file.truncate(512 + 4 * GIB + 1024)
    result = ocilint("check", "image-ref", "--isolated", f"oci-archive:{archive}")
    assert_refused(
        result,
        f"ocilint: oci-archive:{archive}: damaged or hostile tar archive: a header asks to read "
        "4,294,967,296 bytes at once",
    )


@pytest.mark.parametrize("compressed", [False, True])
def test_too_many_members(tmp_path: Path, compressed: bool) -> None:
    """2M empty members used to take 42 s and 1 GB; the walk stops at the 20,001st."""
    archive = tmp_path / ("image.tar.gz" if compressed else "image.tar")
    opener: Any = gzip.open if compressed else open
    with opener(archive, "wb") as file:
        for number in range(25_000):
            file.write(_header(f"m{number}", 0))
        file.write(bytes(1024))
    result = ocilint("check", "image-ref", "--isolated", f"docker-archive:{archive}")
    assert_refused(
        result,
        f"ocilint: docker-archive:{archive}: archive has more than 20,000 members, the limit "
        "for an image archive" + raise_key("archive-members"),
    )


def _archive_of(layout: Path, archive: Path, compressed: bool = False) -> Path:
    with tarfile.open(archive, "w:gz" if compressed else "w") as tar:
        for path in sorted(layout.rglob("*")):
            tar.add(path, arcname=str(path.relative_to(layout)), recursive=False)
    return archive


@pytest.mark.parametrize("compressed", [False, True])
def test_archives_still_read_real_images(tmp_path: Path, compressed: bool) -> None:
    """The control for the archive budgets: a good image in an archive is checked as before."""
    layout = tmp_path / "layout"
    labels = {**GOOD_LABELS, "org.opencontainers.image.licenses": "MIT OR ("}
    _write_layout(layout, _index(layout, [{**_image(layout, labels), **_platform(1)}]))
    (layout / "blobs" / "sha256" / ("0" * 64)).write_bytes(os.urandom(5 * 1024 * 1024))
    archive = _archive_of(layout, tmp_path / "image.tar", compressed)
    result = ocilint(
        "check", "image-ref", "--isolated", "--format", "json", f"oci-archive:{archive}"
    )
    assert errors(result) == []
    assert result.returncode == 1
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert codes == [*INDEX_WITHOUT_ANNOTATIONS, "OCL103"]


def test_docker_archive_with_repo_tags_as_an_object(tmp_path: Path) -> None:
    archive = tmp_path / "saved.tar"
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {}}).encode()
    name = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": name, "RepoTags": {"a": "b"}, "Layers": []}]).encode()
    with tarfile.open(archive, "w") as tar:
        for member, data in (("manifest.json", manifest), (name, config)):
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    result = ocilint("check", "image-ref", "--isolated", f"docker-archive:{archive}")
    assert_refused(
        result,
        f"ocilint: docker-archive:{archive}: `manifest.json`: `RepoTags` of image 1 is not a "
        "list of strings",
    )


def test_fifo_member_and_missing_archive_do_not_stop_the_run(tmp_path: Path) -> None:
    archive = tmp_path / "fifo.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("oci-layout")
        info.type = tarfile.FIFOTYPE
        tar.addfile(info)
    fifo = tmp_path / "pipe.tar"
    os.mkfifo(fifo)
    result = ocilint(
        "check", "image-ref", "--isolated", f"oci-archive:{archive}", f"oci-archive:{fifo}",
        "docker-archive:/nonexistent.tar",
    )  # fmt: skip
    assert_refused(
        result,
        f"ocilint: oci-archive:{archive}: not an OCI image layout: it has no `oci-layout` file",
        f"ocilint: oci-archive:{fifo}: is a FIFO (named pipe), not a regular file: not read",
        "ocilint: docker-archive:/nonexistent.tar: no such file or directory",
    )


# --------------------------------------------------------------------------- output


def test_non_utf8_file_names_give_valid_reports(tmp_path: Path) -> None:
    directory = os.fsencode(tmp_path)
    name = directory + b"/bad\xff\xfe.Dockerfile"
    with open(name, "wb") as file:
        file.write(BAD_DOCKERFILE.encode())
    shown = f"{tmp_path}/bad\\xff\\xfe.Dockerfile"
    for output in ("json", "gitlab", "sarif"):
        result = ocilint("check", "--isolated", "--format", output, str(tmp_path), cwd=tmp_path)
        assert result.returncode == 1, errors(result)
        document = json.loads(result.stdout.decode("utf-8"))  # strict UTF-8: valid output
        if output == "sarif":
            valid_sarif(result.stdout.decode("utf-8"))
        if output == "json":
            assert {f["path"] for f in document["findings"]} == {shown}
            assert "bad\\xff\\xfe.Dockerfile: OCL201" not in result.stdout.decode()
        elif output == "gitlab":
            assert {issue["location"]["path"] for issue in document} == {"bad\\xff\\xfe.Dockerfile"}
        else:
            uris = {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in document["runs"][0]["results"]
            }
            assert uris == {"bad%FF%FE.Dockerfile"}
    text = ocilint("check", "--isolated", str(tmp_path))
    assert text.returncode == 1
    assert text.stdout.decode("utf-8").splitlines()[0].startswith(f"{shown}:2:1: OCL101 warning")


def test_control_characters_in_file_names_cannot_fake_lines(tmp_path: Path) -> None:
    name = tmp_path / "x\x1b[2J\nDockerfile:1:1: OCL000 error: fake.Dockerfile"
    name.write_text(BAD_DOCKERFILE)
    for output in ("text", "github"):
        result = ocilint("check", "--isolated", "--format", output, str(tmp_path))
        assert result.returncode == 1
        out = result.stdout.decode()
        assert "\x1b" not in out
        assert not any(line.startswith("Dockerfile:1:1") for line in out.splitlines())
        named = [line for line in out.splitlines() if "fake.Dockerfile" in line]
        assert len(named) == len(BAD_CODES)  # each finding one line, with the name escaped
        escaped = "x\\x1b[2J\\nDockerfile:1:1" if output == "text" else "x\\x1b[2J%0ADockerfile%3A1"
        assert all(escaped in line for line in named)
    result = ocilint("check", "--isolated", "--format", "json", str(tmp_path))
    assert "\x1b" not in result.stdout.decode()  # escaped by JSON, as \u001b


def test_unreadable_input_names_are_terminal_safe(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b]0;title\x07\rb.json"
    name.write_text("[1")
    result = ocilint("check", "--isolated", str(name))
    assert_refused(
        result,
        f"ocilint: {tmp_path}/a\\x1b]0;title\\x07 b.json:1: invalid JSON: Expecting ',' "
        "delimiter (column 3)",
    )


def test_full_disk_is_one_line_and_exit_2(bad: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = ocilint("check", "--isolated", str(bad), stdout=full)
    assert_refused(
        result, "ocilint: cannot write the report to standard output: No space left on device"
    )


def test_closed_pipe_is_a_quiet_exit(bad: Path) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        result = ocilint("check", "--isolated", str(bad), stdout=write)
    finally:
        os.close(write)
    assert_refused(
        result,
    )


def test_closed_standard_output(bad: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        f'exec "{sys.executable}" -m ocilint check --isolated "{bad}" >&-',
        shell=True,
        capture_output=True,
        env=environment,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
    )
    assert_refused(result, "ocilint: cannot write the report: standard output is closed")


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'select = ["\xff"]\n', "not UTF-8 (TOML must be): invalid byte at offset 11"),
        (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "invalid TOML: nested too deeply"),
        (b"a = " + b"{a = " * 5000 + b"}" * 5000 + b"\n", "invalid TOML: nested too deeply"),
        (
            b"[build-args]\nA = " + b"1" * 5000 + b"\n",
            "unsupported TOML: an integer with more than 4,300 digits",
        ),
    ],
)
def test_hostile_configuration_is_one_clear_error(
    tmp_path: Path, bad: Path, content: bytes, message: str
) -> None:
    config = tmp_path / ".ocilint.toml"
    config.write_bytes(content)
    result = ocilint("check", str(bad), cwd=tmp_path)
    assert_refused(result, f"ocilint: {config}: {message}")


def test_configuration_that_is_a_fifo_is_refused(tmp_path: Path, bad: Path) -> None:
    config = tmp_path / "ocilint.toml"
    os.mkfifo(config)
    assert stat.S_ISFIFO(config.stat().st_mode)
    result = ocilint("check", "--config", str(config), str(bad))
    assert_refused(
        result, f"ocilint: {config}: is a FIFO (named pipe), not a regular file: not read"
    )


# --------------------------------------------------------------------------- isolation


def test_inputs_that_could_not_be_checked_are_listed_in_every_format(
    tmp_path: Path, bad: Path
) -> None:
    fifo = tmp_path / "Dockerfile"
    os.mkfifo(fifo)
    message = f"{fifo}: is a FIFO (named pipe), not a regular file: not read"
    outputs = {
        output: ocilint(
            "check", "--isolated", "--format", output, str(fifo), str(bad), cwd=tmp_path
        )
        for output in ("json", "sarif", "gitlab", "github")
    }
    for result in outputs.values():
        assert_refused(result, f"ocilint: {message}")
    assert json.loads(outputs["json"].stdout)["summary"]["unreadable"] == [message]
    [run] = valid_sarif(outputs["sarif"].stdout.decode("utf-8"))["runs"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["toolExecutionNotifications"] == [
        {"level": "error", "message": {"text": f"could not check {message}."}}
    ]
    assert [r["ruleId"] for r in run["results"]] == BAD_CODES
    gitlab = json.loads(outputs["gitlab"].stdout)
    assert [issue["check_name"] for issue in gitlab] == [*BAD_CODES, "ocilint-input-error"]
    assert gitlab[-1]["location"] == {"path": "Dockerfile", "lines": {"begin": 1}}
    assert gitlab[-1]["description"] == f"ocilint-input-error: could not check {message}"
    github = outputs["github"].stdout.decode().splitlines()
    assert len(github) == len(BAD_CODES) + 1
    assert github[-1] == f"::error title=ocilint::{message.replace('%', '%25')}"


def test_bad_images_do_not_cost_the_good_ones_their_findings(tmp_path: Path) -> None:
    good = tmp_path / "good"
    _write_layout(good, _image(good, {**GOOD_LABELS, "org.opencontainers.image.licenses": "("}))
    empty = tmp_path / "empty.tar"
    empty.write_bytes(b"")
    result = ocilint(
        "check", "image-ref", "--isolated", "--format", "json", f"oci-archive:{empty}",
        f"oci:{good}", f"oci:{tmp_path}/missing",
    )  # fmt: skip
    assert_refused(
        result,
        f"ocilint: oci-archive:{empty}: not a tar archive (plain, gzip, bzip2 or xz)",
        f"ocilint: oci:{tmp_path}/missing: no such OCI layout directory",
    )
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["OCL103"]


def test_messages_quoting_an_input_stay_short(tmp_path: Path) -> None:
    layout = tmp_path / "layout"
    image = _image(layout, GOOD_LABELS)
    _write_layout(layout, image)
    tagged = [
        {**image, "annotations": {"org.opencontainers.image.ref.name": f"t{n:05}"}}
        for n in range(15_000)
    ]
    (layout / "index.json").write_text(json.dumps({"schemaVersion": 2, "manifests": tagged}))
    result = ocilint("check", "image-ref", "--isolated", f"oci:{layout}:{'x' * 1_000}")
    shown = ", ".join(f"t{n:05}" for n in range(10))
    assert_refused(
        result,
        f"ocilint: oci:{layout}:{'x' * 1_000}: no image tagged `{'x' * 119}…` in the layout "
        f"(tags: {shown} and 14,990 more)",
    )


def test_a_repeated_archive_member_counts_as_extraction_would(tmp_path: Path) -> None:
    """The last of two members with one name wins, as when skopeo extracts the archive."""
    first, last = tmp_path / "first", tmp_path / "last"
    _write_layout(first, _image(first, GOOD_LABELS))
    _write_layout(last, _image(last, {**GOOD_LABELS, "org.opencontainers.image.licenses": "("}))
    archive = tmp_path / "image.tar"
    with tarfile.open(archive, "w") as tar:
        for layout in (first, last):
            for path in sorted(layout.rglob("*")):
                tar.add(path, arcname=str(path.relative_to(layout)), recursive=False)
    compressed = tmp_path / "image.tar.gz"
    compressed.write_bytes(gzip.compress(archive.read_bytes()))
    for target in (archive, compressed):
        result = ocilint(
            "check", "image-ref", "--isolated", "--format", "json", f"oci-archive:{target}"
        )
        assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["OCL103"]
