"""From a manifest or index to an `ImageSubject`: follow the index, read configs, never layers.

The content comes from a `ContentStore` (an OCI layout, an archive, a registry, an engine),
which verifies every digest it returns. This module decides what to read and how the documents
become label/annotation sets:

- a single image: its config labels (which registries such as GitHub Container Registry show)
  and its manifest annotations;
- an OCI index: the index annotations, which GitHub Container Registry shows for a
  multi-platform image and so carry the required metadata, then each platform's config labels
  and manifest annotations;
- a Docker manifest list cannot carry annotations; the platforms are checked and a rule says so;
- an OCI artifact (`artifactType`, or a config that is not an image config) is reported as such,
  and not checked as a broken image.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from ocilint.budgets import DEFAULT_BUDGETS, BudgetExceeded, Budgets, hint
from ocilint.documents import (
    artifact_type,
    metadata_of,
    parse_document,
    platform_matches,
    platform_of,
)
from ocilint.errors import InputError
from ocilint.model import Document, DocumentKind, ImageSubject, Metadata
from ocilint.terminal import shorten, some

MAX_INDEX_DEPTH = DEFAULT_BUDGETS.index_depth
ATTESTATION = "attestation-manifest"
_HASHES: Mapping[str, Callable[[bytes], Any]] = {
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}


class ContentStore(Protocol):
    """Where an image's documents are read from. Implementations verify digests and sizes."""

    @property
    def display(self) -> str:
        """How findings name this image, e.g. `oci:./layout:v1`."""
        ...

    @property
    def source(self) -> str:
        """For the report, e.g. "OCI layout ./layout"."""
        ...

    @property
    def concurrency(self) -> int:
        """How many reads may run at once."""
        ...

    def read_manifest(self, descriptor: Mapping[str, Any]) -> tuple[bytes, str | None]:
        """The manifest or index a descriptor names, and its declared media type."""
        ...

    def read_config(self, descriptor: Mapping[str, Any]) -> bytes:
        """The config blob a manifest's `config` descriptor names."""
        ...


def digest_of(data: bytes, algorithm: str = "sha256") -> str:
    return f"{algorithm}:{_HASHES[algorithm](data).hexdigest()}"


def verify(data: bytes, descriptor: Mapping[str, Any], where: str) -> None:
    """Check `data` against a descriptor's digest and size; a mismatch is an error."""
    digest = descriptor.get("digest")
    if not isinstance(digest, str) or ":" not in digest:
        raise InputError(f"descriptor has no valid digest: {shorten(repr(digest))}", where)
    algorithm = digest.split(":", 1)[0]
    if algorithm not in _HASHES:
        raise InputError(f"cannot verify `{digest}`: unsupported digest algorithm", where)
    actual = digest_of(data, algorithm)
    if actual != digest:
        raise InputError(f"digest mismatch: expected {digest}, content is {actual}", where)
    size = descriptor.get("size")
    if isinstance(size, int) and size != len(data):
        raise InputError(
            f"size mismatch for {digest}: descriptor says {size}, got {len(data)}", where
        )


@dataclass
class _Assembly:
    store: ContentStore
    wanted_platform: str | None
    documents: list[Document]
    metadata: list[Metadata]
    notes: list[str]
    budgets: Budgets
    # Digests already read in this image graph: each is read and checked once, however often
    # indexes repeat it, and every distinct one counts against `budgets.documents`.
    seen: set[str] = field(default_factory=set)
    configs: dict[str, Document] = field(default_factory=dict)

    def count(self, digest: Any) -> None:
        if isinstance(digest, str):
            self.seen.add(digest)
        if len(self.seen) > self.budgets.documents:
            raise BudgetExceeded(
                f"the image graph has more than {self.budgets.documents:,} distinct "
                "documents (indexes, manifests, configs), the limit for one image"
                + hint("documents"),
                self.store.display,
            )

    def fetch_all(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        if self.store.concurrency <= 1 or len(items) <= 1:
            return [function(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(self.store.concurrency, len(items))) as pool:
            return list(pool.map(function, items))

    def manifest(self, document: Document, platform: str | None, single: bool) -> None:
        """A manifest document: its annotations, and its config unless it is an artifact."""
        label = f"{platform} " if platform else ""
        self.documents.append(document)
        kind = artifact_type(document)
        if kind is not None:
            self.notes.append(f"{document.path}: an OCI artifact ({kind}), not an image")
            self.metadata.extend(
                metadata_of(
                    document, checks_required=False, description=f"the {label}artifact manifest"
                )
            )
            return
        self.metadata.extend(
            metadata_of(document, checks_required=False, description=f"the {label}image manifest")
        )
        descriptor = document.data.get("config") if isinstance(document.data, dict) else None
        if not isinstance(descriptor, dict):
            return
        config = self.config(descriptor, document, platform)
        if (
            single
            and self.wanted_platform
            and not platform_matches(self.wanted_platform, config.platform)
        ):
            raise InputError(
                f"the image is for {config.platform or 'an unknown platform'}, "
                f"not {self.wanted_platform}",
                self.store.display,
            )
        self.documents.append(config)
        self.metadata.extend(
            metadata_of(config, checks_required=single, description=f"the {label}image config")
        )

    def config(
        self, descriptor: Mapping[str, Any], manifest: Document, platform: str | None
    ) -> Document:
        path = f"{self.store.display} ({platform + ' ' if platform else ''}config)"
        digest = descriptor.get("digest")
        if isinstance(digest, str) and digest in self.configs:
            shared = self.configs[digest]
            if shared.path == path:
                return shared
        self.count(digest)
        data = self.store.read_config(descriptor)
        document = parse_document(
            data,
            path,
            descriptor.get("mediaType"),
            limit=self.budgets.config_bytes,
            digest=descriptor.get("digest"),
            platform=platform,
        )
        if platform is None and isinstance(document.data, dict):
            found = platform_of({"platform": document.data})
            document = Document(
                document.kind, document.data, document.path, document.digest, document.size,
                document.media_type, found, document.lines,
            )  # fmt: skip
        if isinstance(digest, str):
            self.configs[digest] = document
        return document

    def index(self, document: Document, depth: int) -> None:
        self.documents.append(document)
        if document.kind is DocumentKind.OCI_INDEX:
            self.metadata.extend(
                metadata_of(
                    document,
                    checks_required=depth == 0,
                    description="the image index (registries show its annotations for a "
                    "multi-platform image)",
                )
            )
        entries = document.data.get("manifests") if isinstance(document.data, dict) else None
        descriptors = [d for d in entries or [] if isinstance(d, dict)]
        attestations = [d for d in descriptors if _is_attestation(d)]
        if attestations:
            self.notes.append(
                f"{document.path}: skipped {len(attestations)} attestation manifest(s)"
            )
        candidates = [d for d in descriptors if not _is_attestation(d)]
        if self.wanted_platform:
            chosen = [
                d for d in candidates if platform_matches(self.wanted_platform, platform_of(d))
            ]
            if not chosen and depth == 0:
                available = some(sorted({platform_of(d) or "unknown" for d in candidates}))
                raise InputError(
                    f"no manifest for platform {self.wanted_platform} (platforms: {available})",
                    self.store.display,
                )
            candidates = chosen
        depth_limit = self.budgets.index_depth
        if depth >= depth_limit:
            raise BudgetExceeded(
                f"indexes nested more than {depth_limit} deep" + hint("index_depth"), document.path
            )
        fresh: list[dict[str, Any]] = []
        for descriptor in candidates:
            digest = descriptor.get("digest")
            if isinstance(digest, str) and digest in self.seen:
                continue
            self.count(digest)
            fresh.append(descriptor)
        if len(fresh) < len(candidates):
            repeated = len(candidates) - len(fresh)
            self.notes.append(
                f"{document.path}: {repeated} entr{'y' if repeated == 1 else 'ies'} repeating a "
                "digest already read, checked once"
            )
        candidates = fresh

        def read(descriptor: Mapping[str, Any]) -> Document:
            platform = platform_of(descriptor)
            path = f"{self.store.display} ({platform + ' ' if platform else ''}manifest)"
            data, declared = self.store.read_manifest(descriptor)
            return parse_document(
                data, path, declared or descriptor.get("mediaType"),
                limit=self.budgets.document_bytes, digest=descriptor.get("digest"),
                platform=platform,
            )  # fmt: skip

        for child in self.fetch_all(read, candidates):
            if child.kind.is_index:
                self.index(child, depth + 1)
            elif child.kind.is_manifest:
                self.manifest(child, child.platform, single=False)
            else:
                raise InputError(f"an index entry is {child.kind}, not a manifest", child.path)


def _is_attestation(descriptor: Mapping[str, Any]) -> bool:
    annotations = descriptor.get("annotations")
    if (
        isinstance(annotations, dict)
        and annotations.get("vnd.docker.reference.type") == ATTESTATION
    ):
        return True
    return platform_of(descriptor) == "unknown/unknown"


def assemble(
    store: ContentStore,
    root: bytes,
    declared: str | None,
    *,
    platform: str | None = None,
    reference: str | None = None,
    digest: str | None = None,
    budgets: Budgets,
) -> ImageSubject:
    """Read an image from `store`, starting at the manifest or index bytes `root`."""
    document = parse_document(
        root, store.display, declared, limit=budgets.document_bytes, digest=digest
    )
    assembly = _Assembly(store, platform, [], [], [], budgets)
    assembly.count(document.digest)
    if document.kind.is_index:
        assembly.index(document, 0)
    elif document.kind.is_manifest:
        assembly.manifest(document, None, single=True)
    else:
        raise InputError(f"expected a manifest or index, found {document.kind}", store.display)
    return ImageSubject(
        path=store.display,
        documents=tuple(assembly.documents),
        metadata=tuple(assembly.metadata),
        source=store.source,
        reference=reference,
        digest=document.digest,
        notes=tuple(assembly.notes),
    )
