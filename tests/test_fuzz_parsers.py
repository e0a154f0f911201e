"""Fuzzing the parsers of hostile files: JSON documents, tar archives, TOML configuration and the
Dockerfile reader. Whatever the input, the result is a subject or one `OcilintError`, never a
crash, within a memory limit (RLIMIT_AS for this module) and a bounded number of examples.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocilint.budgets import Budgets
from ocilint.config import load_config
from ocilint.documents import json_file_subject, json_positions
from ocilint.errors import ConfigError, InputError
from ocilint.loading import LoadContext, decode_dockerfile, dockerfile_subject
from ocilint.reading import read_input
from ocilint.sources.files import ArchiveFiles

MEMORY_LIMIT = 3 * 1024 * 1024 * 1024  # address space for the whole test process
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(autouse=True, scope="module")
def memory_limit() -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# --------------------------------------------------------------------------- JSON documents

KEYS = st.sampled_from(
    ["", "a", "a/b", "~", "~1", "é", '"', "\\", "config", "Labels", "manifests", "mediaType",
     "org.opencontainers.image.licenses", "architecture", "os", "\udcff", "0"]
)  # fmt: skip
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=40,
)


def _pointers(value: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    yield where, value
    if isinstance(value, dict):
        for key, child in value.items():
            escaped = key.replace("~", "~0").replace("/", "~1")
            yield from _pointers(child, f"{where}/{escaped}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _pointers(child, f"{where}/{index}")


@FUZZ
@given(VALUES, st.sampled_from([None, 0, 1, 4]), st.booleans())
def test_json_positions_point_at_each_value(value: Any, indent: int | None, ascii: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii)
    positions = json_positions(text)
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    for where, expected in _pointers(value):
        line, column = positions[where]
        offset = starts[line - 1] + column - 1
        found, _ = json.JSONDecoder().raw_decode(text, offset)
        assert found == expected or (found != found and expected != expected)
    assert positions.get("/no such key") is None or isinstance(value, dict)


@FUZZ
@given(VALUES)
def test_any_json_is_a_subject_or_an_input_error(value: Any) -> None:
    data = json.dumps(value).encode("utf-8", "surrogatepass")
    try:
        subject = json_file_subject("x.json", data)
    except InputError:
        return
    for metadata in subject.metadata:
        for entry in metadata.entries:
            assert entry.location.path == "x.json"


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_are_a_subject_or_an_input_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        json_file_subject("x.json", data)


@FUZZ
@given(st.sampled_from(["[", '{"a":', '{"a":[', '[{"b":']), st.integers(1, 3000))
def test_deep_or_long_json_is_an_input_error_or_a_subject(opening: str, depth: int) -> None:
    closing = "".join({"[": "]", "{": "}"}[c] for c in reversed(opening) if c in "[{")
    text = opening * depth + "1" + closing * depth
    with contextlib.suppress(InputError):
        json_file_subject("x.json", text.encode())


# --------------------------------------------------------------------------- archives


def _tar(members: list[tuple[str, bytes, bytes]], fmt: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
        for name, kind, data in members:
            info = tarfile.TarInfo(name)
            info.type = kind
            if kind == tarfile.REGTYPE:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                info.linkname = "target"
                tar.addfile(info)
    return buffer.getvalue()


MEMBER_NAMES = st.sampled_from(
    ["oci-layout", "index.json", "blobs/sha256/a", "../x", "/abs", "./index.json", "a" * 120,
     "dir/", "manifest.json", "é/ü", "x" * 300]
)  # fmt: skip
MEMBERS = st.lists(
    st.tuples(
        MEMBER_NAMES,
        st.sampled_from([tarfile.REGTYPE, tarfile.SYMTYPE, tarfile.FIFOTYPE, tarfile.DIRTYPE]),
        st.binary(max_size=64) | st.just(b'{"imageLayoutVersion": "1.0.0"}'),
    ),
    max_size=6,
)
SMALL = Budgets(archive_members=4, archive_decompressed_bytes=8192, archive_kept_bytes=100)


@FUZZ
@given(
    MEMBERS,
    st.sampled_from([tarfile.GNU_FORMAT, tarfile.PAX_FORMAT]),
    st.sampled_from(["", "gz", "bz2", "xz"]),
    st.lists(st.tuples(st.integers(0, 4095), st.integers(0, 255)), max_size=8),
    st.booleans(),
)
def test_archives_are_read_or_refused(
    tmp_path_factory: pytest.TempPathFactory,
    members: list[tuple[str, bytes, bytes]],
    fmt: int,
    compression: str,
    flips: list[tuple[int, int]],
    small: bool,
) -> None:
    """Valid and damaged (byte-flipped) archives: members are listed, or one input error."""
    data = bytearray(_tar(members, fmt))
    for position, value in flips:
        if position < len(data):
            data[position] = value
    if compression:
        import bz2
        import gzip
        import lzma

        data = bytearray({"gz": gzip, "bz2": bz2, "xz": lzma}[compression].compress(bytes(data)))
        for position, value in flips[::2]:  # damage the compressed stream too
            if 0 < position < len(data):
                data[-position] = value
    path = tmp_path_factory.mktemp("tar") / "image.tar"
    path.write_bytes(bytes(data))
    try:
        archive = ArchiveFiles(str(path), "oci-archive:x", SMALL if small else Budgets())
    except InputError:
        return
    try:
        for name in list(archive.members):
            if archive.exists(name):
                with contextlib.suppress(InputError):
                    assert len(archive.read(name, 32)) <= 32
    finally:
        archive.close()


# --------------------------------------------------------------------------- configuration

TOML_FRAGMENTS = st.sampled_from(
    ["select", " = ", '"', "'", "[", "]", "{", "}", "\n", "build-args", "A", "1", "9" * 40,
     "true", ",", ".", "tool.ocilint", "#", "\\", "\x00", "é", "\udcff", "inf", "nan", "1979-05-27",
     '"""', "rules", "severity", "timeout", "-1", "per-file-ignores"]
)  # fmt: skip


@FUZZ
@given(st.lists(TOML_FRAGMENTS, max_size=40), st.integers(0, 3))
def test_any_configuration_is_a_config_or_a_config_error(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str], nesting: int
) -> None:
    text = "".join(parts)
    if nesting:
        text += "\nx = " + "[" * (2000 * nesting) + "]" * (2000 * nesting) + "\n"
    path = tmp_path_factory.mktemp("config") / ".ocilint.toml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with contextlib.suppress(ConfigError):
        load_config(str(path))


# --------------------------------------------------------------------------- Dockerfile reader


@FUZZ
@given(
    st.binary(max_size=200) | st.text(max_size=200).map(str.encode),
    st.integers(0, 64),
    st.sampled_from(["Dockerfile", "x.json"]),
)
def test_dockerfile_reader_reads_within_budget_or_refuses(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, limit: int, name: str
) -> None:
    path = tmp_path_factory.mktemp("read") / name
    path.write_bytes(data)
    budgets = Budgets(dockerfile_bytes=limit, json_file_bytes=limit * 2)
    try:
        read = read_input(str(path), budgets)
    except InputError as error:
        assert "larger than" in error.message
        assert len(data) > limit
        return
    assert read == data
    with contextlib.suppress(InputError):
        dockerfile_subject(str(path), decode_dockerfile(str(path), read), LoadContext())


def test_reader_refuses_special_files(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "Dockerfile"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a FIFO"):
        read_input(str(fifo))
    with pytest.raises(InputError, match="is a directory"):
        read_input(str(tmp_path))
    with pytest.raises(InputError, match="no such file"):
        read_input(str(tmp_path / "missing"))
