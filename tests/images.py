"""Real images for tests, built from scratch with umoci and skopeo (no network, no daemon).

Multi-platform indexes and Docker manifest lists are written by hand into the layout's blob
store, with real digests, as the image-spec describes them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
CREATED = "2024-01-01T00:00:00Z"
GOOD_LABELS = {
    "org.opencontainers.image.source": "https://github.com/acme/app",
    "org.opencontainers.image.description": "Acme app",
    "org.opencontainers.image.licenses": "Apache-2.0",
}


def require_tools(*tools: str) -> None:
    """Skip when a tool is missing, except in CI, where .ci/run installs them: fail there."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (.ci/run installs them with apt-get)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run(*command: str, cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=120)


def skopeo(*args: str, workdir: Path) -> None:
    policy = workdir / "policy.json"
    if not policy.exists():
        policy.write_text('{"default": [{"type": "insecureAcceptAnything"}]}')
    require_tools("skopeo")
    run("skopeo", "--policy", str(policy), *args, cwd=workdir)


def build_image(
    layout: Path,
    tag: str,
    labels: Mapping[str, str] = GOOD_LABELS,
    annotations: Mapping[str, str] | None = None,
    *,
    os_name: str = "linux",
    architecture: str = "amd64",
    content: bytes = b"hello\n",
) -> None:
    """One image with one layer, in the OCI layout `layout` (created if needed), tagged `tag`."""
    require_tools("umoci")
    if not (layout / "oci-layout").exists():
        run("umoci", "init", "--layout", str(layout))
    run("umoci", "new", "--image", f"{layout}:{tag}")
    source = layout.parent / f"{layout.name}-{tag}-rootfs"
    source.mkdir(exist_ok=True)
    (source / "hello.txt").write_bytes(content)
    os.utime(source / "hello.txt", (0, 0))
    run(
        "umoci",
        "insert",
        "--image",
        f"{layout}:{tag}",
        "--no-history",
        str(source / "hello.txt"),
        "/hello.txt",
    )
    command = [
        "umoci", "config", "--image", f"{layout}:{tag}", "--no-history", "--created", CREATED,
        "--os", os_name, "--architecture", architecture,
    ]  # fmt: skip
    for key, value in labels.items():
        command += ["--config.label", f"{key}={value}"]
    for key, value in (annotations or {}).items():
        command += ["--manifest.annotation", f"{key}={value}"]
    run(*command)


def read_index(layout: Path) -> dict[str, Any]:
    return json.loads((layout / "index.json").read_text())  # type: ignore[no-any-return]


def descriptor_for(layout: Path, tag: str) -> dict[str, Any]:
    for descriptor in read_index(layout)["manifests"]:
        if descriptor.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag:
            return dict(descriptor)
    raise KeyError(tag)


def write_blob(layout: Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    (layout / "blobs" / "sha256" / digest).write_bytes(data)
    return f"sha256:{digest}"


def read_blob(layout: Path, digest: str) -> bytes:
    return (layout / "blobs" / "sha256" / digest.split(":", 1)[1]).read_bytes()


def add_to_index(layout: Path, descriptor: Mapping[str, Any], tag: str) -> None:
    index = read_index(layout)
    entry = dict(descriptor)
    entry["annotations"] = {
        **entry.get("annotations", {}),
        "org.opencontainers.image.ref.name": tag,
    }
    index["manifests"] = [
        d for d in index["manifests"]
        if d.get("annotations", {}).get("org.opencontainers.image.ref.name") != tag
    ] + [entry]  # fmt: skip
    (layout / "index.json").write_text(json.dumps(index))


def write_index(
    layout: Path,
    tag: str,
    platforms: Sequence[tuple[str, str, str]],  # (image tag, os, architecture)
    annotations: Mapping[str, str] | None = None,
    *,
    media_type: str = OCI_INDEX,
    extra: Sequence[Mapping[str, Any]] = (),
) -> str:
    """A multi-platform index (or Docker manifest list) over images already in the layout."""
    manifests = []
    for image_tag, os_name, architecture in platforms:
        descriptor = descriptor_for(layout, image_tag)
        descriptor.pop("annotations", None)
        descriptor["platform"] = {"os": os_name, "architecture": architecture}
        manifests.append(descriptor)
    document: dict[str, Any] = {
        "schemaVersion": 2,
        "mediaType": media_type,
        "manifests": manifests + list(extra),
    }
    if annotations:
        document["annotations"] = dict(annotations)
    data = json.dumps(document, indent=2).encode()
    digest = write_blob(layout, data)
    add_to_index(layout, {"mediaType": media_type, "digest": digest, "size": len(data)}, tag)
    return digest


def to_docker_manifest(layout: Path, tag: str, new_tag: str) -> dict[str, Any]:
    """Rewrite an image's manifest with Docker schema 2 media types (no annotations), as a
    registry that never saw OCI would hold it."""
    descriptor = descriptor_for(layout, tag)
    manifest = json.loads(read_blob(layout, descriptor["digest"]))
    manifest["mediaType"] = DOCKER_MANIFEST
    manifest["config"]["mediaType"] = "application/vnd.docker.container.image.v1+json"
    for layer in manifest["layers"]:
        layer["mediaType"] = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    manifest.pop("annotations", None)
    data = json.dumps(manifest).encode()
    digest = write_blob(layout, data)
    result = {"mediaType": DOCKER_MANIFEST, "digest": digest, "size": len(data)}
    add_to_index(layout, result, new_tag)
    return result


def write_artifact(layout: Path, tag: str, annotations: Mapping[str, str] | None = None) -> str:
    """An OCI artifact manifest: artifactType and the empty config, as `oras push` writes."""
    empty = write_blob(layout, b"{}")
    payload = write_blob(layout, b"chart contents")
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "artifactType": "application/vnd.cncf.helm.chart.v1.tar+gzip",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": empty, "size": 2},
        "layers": [
            {
                "mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                "digest": payload,
                "size": 14,
            }
        ],
        "annotations": dict(annotations or {}),
    }
    data = json.dumps(manifest).encode()
    digest = write_blob(layout, data)
    add_to_index(layout, {"mediaType": OCI_MANIFEST, "digest": digest, "size": len(data)}, tag)
    return digest


def layer_digests(layout: Path, tag: str) -> list[str]:
    manifest = json.loads(read_blob(layout, descriptor_for(layout, tag)["digest"]))
    return [layer["digest"] for layer in manifest["layers"]]
