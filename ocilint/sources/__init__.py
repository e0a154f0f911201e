"""Image sources: where `ocilint check image-ref` and `ocilint check FILE.json` read images from.

All I/O for images lives in this package; everything it returns is an immutable `ImageSubject`.
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

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
    Target,
    parse_target,
)

if TYPE_CHECKING:
    from ocilint.reference import Reference

NO_ENGINE = "no local engine configured; checked the registry's copy"


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
        source = f"OCI layout {target.path}"
        return [load_layout(files, text, source, target.tag, context.platform, context.budgets)]
    if target.transport in (OCI_ARCHIVE, DOCKER_ARCHIVE):
        from ocilint.sources.files import ArchiveFiles
        from ocilint.sources.layout import load_docker_archive, load_layout

        assert target.path is not None
        platform, budgets = context.platform, context.budgets
        archive = ArchiveFiles(target.path, text, budgets)
        try:
            if target.transport == OCI_ARCHIVE:
                source = f"oci-archive {target.path}"
                return [load_layout(archive, text, source, target.tag, platform, budgets)]
            source = f"docker-archive {target.path}"
            return [load_docker_archive(archive, text, source, target.reference, platform, budgets)]
        finally:
            archive.close()
    if target.transport in (REGISTRY, DAEMON, AUTO):
        from ocilint.reference import parse_normalized
        from ocilint.sources.registry import CERTS_DIR, RegistryOptions, load_from_registry
        from ocilint.validation import prepare_in_background

        assert target.reference is not None
        reference = parse_normalized(target.reference)
        note = None
        if target.transport in (DAEMON, AUTO):
            # Pre-push: the image about to be pushed is the one in the local engine.
            image, note = _from_engine(target, reference, context)
            if image is not None:
                return [image]
        # Build the schema validators (jsonschema) in a thread while the registry answers,
        # instead of after.
        prepare_in_background()
        options = RegistryOptions(
            context.timeout,
            context.insecure_registries,
            context.cert_dir or CERTS_DIR,
            context.budgets,
        )
        try:
            image = load_from_registry(reference, text, options, context.platform)
        except InputError as error:
            if note is None or note == NO_ENGINE:
                raise
            # The image was built under another name than the one given?
            raise InputError(f"{error.message} ({note.partition(';')[0]})", text) from None
        if note:
            image = dataclasses.replace(image, source=f"{image.source}; {note}")
        return [image]
    return None


@hookimpl
def ocilint_load_file(path: str, data: bytes, context: LoadContext) -> list[ImageSubject] | None:
    """A JSON image document named on the command line: a manifest, index, config or inspect."""
    if not (path.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"[")):
        return None
    from ocilint.documents import json_file_subject

    return [json_file_subject(path, data, limit=context.budgets.json_file_bytes)]


def _from_engine(
    target: Target, reference: Reference, context: LoadContext
) -> tuple[ImageSubject | None, str | None]:
    """The image from the local engine, or (None, why the registry's copy is checked instead).

    A bare reference falls back to the registry only when no engine is configured or the
    engine answers that it does not have the image; an engine that is configured but cannot
    be reached or fails is an error, as it is for `docker push`.
    """
    from ocilint.sources.daemon import (
        EngineUnavailable,
        ImageNotInEngine,
        configured_engine,
        load_from_engine,
    )

    assert target.reference is not None
    text = target.text
    fallback = (
        f" (to check the registry's copy instead: `docker://{target.reference}`)"
        if target.transport == AUTO
        else ""
    )
    try:
        endpoint = configured_engine()
        if endpoint is None and target.transport == AUTO:
            return None, NO_ENGINE
        image = load_from_engine(
            reference, target.reference, text, context.timeout, context.platform, endpoint
        )
    except EngineUnavailable as error:
        raise InputError(f"{error.message}{fallback}", text) from None
    except ImageNotInEngine as error:
        if target.transport == DAEMON:
            raise InputError(str(error), text) from None
        return None, f"{error}; checked the registry's copy"
    return image, None
