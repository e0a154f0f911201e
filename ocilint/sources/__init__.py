"""Image sources: where `ocilint check image-ref` and `ocilint check FILE.json` read images from.

All I/O for images lives in this package; everything it returns is an immutable `ImageSubject`.
"""

from __future__ import annotations

import os

from ocilint.errors import InputError
from ocilint.hookspecs import hookimpl
from ocilint.loading import LoadContext
from ocilint.model import ImageSubject
from ocilint.transports import (
    AUTO,
    DAEMON,
    DOCKER_ARCHIVE,
    OCI_ARCHIVE,
    OCI_LAYOUT,
    REGISTRY,
    parse_target,
)


@hookimpl
def ocilint_load_image(text: str, context: LoadContext) -> list[ImageSubject] | None:
    target = parse_target(text)
    if target.transport == OCI_LAYOUT:
        from ocilint.sources.files import DirectoryFiles
        from ocilint.sources.layout import load_layout

        assert target.path is not None
        if not os.path.isdir(target.path):
            raise InputError("no such OCI layout directory", text)
        files = DirectoryFiles(target.path, text)
        return [load_layout(files, text, f"OCI layout {target.path}", target.tag, context.platform)]
    if target.transport in (OCI_ARCHIVE, DOCKER_ARCHIVE):
        from ocilint.sources.files import ArchiveFiles
        from ocilint.sources.layout import load_docker_archive, load_layout

        assert target.path is not None
        archive = ArchiveFiles(target.path, text)
        try:
            if target.transport == OCI_ARCHIVE:
                source = f"oci-archive {target.path}"
                return [load_layout(archive, text, source, target.tag, context.platform)]
            source = f"docker-archive {target.path}"
            return [load_docker_archive(archive, text, source, target.reference, context.platform)]
        finally:
            archive.close()
    if target.transport in (REGISTRY, DAEMON, AUTO):
        from ocilint.reference import parse_normalized
        from ocilint.sources.daemon import EngineUnavailable, ImageNotInEngine, load_from_engine
        from ocilint.sources.registry import RegistryOptions, load_from_registry

        assert target.reference is not None
        reference = parse_normalized(target.reference)
        if target.transport in (DAEMON, AUTO):
            # Pre-push: the image just built is in the local engine; else ask the registry.
            try:
                image = load_from_engine(
                    reference, target.reference, text, context.timeout, context.platform
                )
                return [image]
            except (EngineUnavailable, ImageNotInEngine) as error:
                if target.transport == DAEMON:
                    raise InputError(str(error), text) from None
        options = RegistryOptions(context.timeout, context.insecure_registries)
        if context.cert_dir:
            options = RegistryOptions(
                context.timeout, context.insecure_registries, context.cert_dir
            )
        return [load_from_registry(reference, text, options, context.platform)]
    return None


@hookimpl
def ocilint_load_file(path: str, data: bytes, context: LoadContext) -> list[ImageSubject] | None:
    """A JSON image document named on the command line: a manifest, index, config or inspect."""
    if not (path.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"[")):
        return None
    from ocilint.documents import json_file_subject

    return [json_file_subject(path, data)]
