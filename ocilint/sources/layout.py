"""OCI image layouts (`oci:DIR[:TAG]`, `oci-archive:FILE[:TAG]`) and `docker save` archives
(`docker-archive:FILE[:REF]`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ocilint.budgets import Budgets
from ocilint.documents import (
    load_json,
    metadata_of,
    parse_document,
    platform_matches,
    platform_of,
)
from ocilint.errors import InputError
from ocilint.images import assemble, digest_of, verify
from ocilint.model import ImageSubject
from ocilint.reference import InvalidReference, parse_normalized
from ocilint.sources.files import Files
from ocilint.terminal import shorten, some

REF_NAME = "org.opencontainers.image.ref.name"
_DIGEST = re.compile(r"(?P<algorithm>[a-z0-9]+(?:[+._-][a-z0-9]+)*):(?P<hex>[a-zA-Z0-9=_-]+)\Z")


class LayoutStore:
    """The content store of an OCI image layout: blobs under `blobs/<algorithm>/<encoded>`."""

    concurrency = 1

    def __init__(self, files: Files, display: str, source: str, budgets: Budgets) -> None:
        self.files = files
        self.display = display
        self.source = source
        self.budgets = budgets

    def blob(self, descriptor: Mapping[str, Any], budget: str) -> bytes:
        """The blob a descriptor names, within the `Budgets` field `budget` (a byte count)."""
        digest = descriptor.get("digest")
        match = _DIGEST.match(digest) if isinstance(digest, str) else None
        if match is None:
            raise InputError(
                f"descriptor has an invalid digest {shorten(repr(digest))}", self.display
            )
        name = f"blobs/{match['algorithm']}/{match['hex']}"
        data = self.files.read(name, getattr(self.budgets, budget), budget)
        verify(data, descriptor, self.display)
        return data

    def read_manifest(self, descriptor: Mapping[str, Any]) -> tuple[bytes, str | None]:
        media_type = descriptor.get("mediaType")
        return self.blob(descriptor, "document_bytes"), media_type if isinstance(
            media_type, str
        ) else None

    def read_config(self, descriptor: Mapping[str, Any]) -> bytes:
        return self.blob(descriptor, "config_bytes")


def load_layout(
    files: Files,
    display: str,
    source: str,
    tag: str | None,
    platform: str | None,
    budgets: Budgets,
) -> ImageSubject:
    if not files.exists("oci-layout"):
        raise InputError("not an OCI image layout: it has no `oci-layout` file", display)
    header, _ = load_json(
        files.read("oci-layout", 64 * 1024), f"{display} (oci-layout)", lines=False
    )
    version = header.get("imageLayoutVersion") if isinstance(header, dict) else None
    if version != "1.0.0":
        raise InputError(
            f'unsupported OCI layout version {shorten(repr(version))} (expected "1.0.0")', display
        )
    index_bytes = files.read("index.json", budgets.document_bytes, "document_bytes")
    index, _ = load_json(
        index_bytes, f"{display} (index.json)", limit=budgets.document_bytes, lines=False
    )
    descriptors = [
        d
        for d in (index.get("manifests") if isinstance(index, dict) else None) or []
        if isinstance(d, dict)
    ]
    names = sorted({name for d in descriptors if isinstance(name := _ref_name(d), str)})
    if tag is not None:
        chosen = [d for d in descriptors if _ref_name(d) == tag]
        if not chosen:
            raise InputError(
                f"no image tagged `{shorten(tag)}` in the layout (tags: {some(names)})",
                display,
            )
    else:
        chosen = descriptors
    if not chosen:
        raise InputError("the layout's index.json lists no images", display)
    if len(chosen) > 1:
        listed = some(names, empty="untagged")
        raise InputError(
            f"the layout holds {len(chosen)} images; name one with `:TAG` (tags: {listed})", display
        )
    store = LayoutStore(files, display, source, budgets)
    descriptor = chosen[0]
    root, declared = store.read_manifest(descriptor)
    return assemble(
        store, root, declared, platform=platform, digest=descriptor.get("digest"), budgets=budgets
    )


def _ref_name(descriptor: Mapping[str, Any]) -> str | None:
    annotations = descriptor.get("annotations")
    if isinstance(annotations, dict) and isinstance(annotations.get(REF_NAME), str):
        return str(annotations[REF_NAME])
    return None


def _same_reference(a: str, b: str) -> bool:
    try:
        return str(parse_normalized(a)) == str(parse_normalized(b))
    except InvalidReference:
        return a == b


def load_docker_archive(
    files: Files,
    display: str,
    source: str,
    reference: str | None,
    platform: str | None,
    budgets: Budgets,
) -> ImageSubject:
    """A `docker save` tarball: Docker's `manifest.json` names each image's config and tags."""
    listing = files.read("manifest.json", budgets.document_bytes, "document_bytes")
    entries, _ = load_json(
        listing, f"{display} (manifest.json)", limit=budgets.document_bytes, lines=False
    )
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError("not a docker-archive: `manifest.json` is not a list of images", display)
    for number, entry in enumerate(entries, 1):
        tags = entry.get("RepoTags")
        if tags is not None and (
            not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)
        ):
            raise InputError(
                f"`manifest.json`: `RepoTags` of image {number} is not a list of strings", display
            )
    tags = [t for e in entries for t in e.get("RepoTags") or [] if isinstance(t, str)]
    if reference is not None:
        chosen = [
            e
            for e in entries
            if any(_same_reference(reference, t) for t in e.get("RepoTags") or [])
        ]
        if not chosen:
            raise InputError(
                f"no image tagged `{shorten(reference)}` in the archive (tags: {some(tags)})",
                display,
            )
    else:
        chosen = entries
    if len(chosen) != 1:
        raise InputError(
            f"the archive holds {len(chosen)} images; name one with `:REF` (tags: {some(tags)})",
            display,
        )
    entry = chosen[0]
    config_name = entry.get("Config")
    if not isinstance(config_name, str):
        raise InputError("`manifest.json` names no config for the image", display)
    data = files.read(config_name, budgets.config_bytes, "config_bytes")
    expected = re.search(r"([0-9a-f]{64})(?:\.json)?\Z", config_name)
    digest = digest_of(data)
    if expected and digest != f"sha256:{expected.group(1)}":
        raise InputError(f"digest mismatch: `{shorten(config_name)}` hashes to {digest}", display)
    config = parse_document(
        data, f"{display} (config)", None, limit=budgets.config_bytes, digest=digest
    )
    if not config.kind.is_config:
        raise InputError(f"`{shorten(config_name)}` is {config.kind}, not an image config", display)
    found = platform_of({"platform": config.data}) if isinstance(config.data, dict) else None
    if platform and not platform_matches(platform, found):
        raise InputError(
            f"the image is for {found or 'an unknown platform'}, not {platform}", display
        )
    repo_tags = entry.get("RepoTags") or []
    return ImageSubject(
        path=display,
        documents=(config,),
        metadata=tuple(metadata_of(config, checks_required=True, description="the image config")),
        source=source,
        reference=repo_tags[0] if repo_tags and isinstance(repo_tags[0], str) else None,
        digest=digest,
    )
