"""`--online`: the labels an image inherits from its external base image, read from the registry.

Only the base's manifest (or index) and config are fetched, through the same registry client
and credentials as `ocilint check image-ref`; never a layer. One fetch per base reference per
run, shared by every Dockerfile and build that uses it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ocilint.errors import InputError
from ocilint.model import BaseLabels, DockerfileSubject, ImageUseKind


class BaseImages:
    """Fetches and remembers base images' config labels for one run."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.cache: dict[tuple[str, str | None], tuple[str | None, dict[str, str]]] = {}

    def labels(self, text: str, platform: str | None) -> tuple[str | None, dict[str, str]]:
        """(digest, labels) of the base image `text`; a base named by digest is fetched once
        whatever name it is written with."""
        _, at, digest = text.rpartition("@")
        key = (digest if at and digest.startswith("sha256:") else text, platform)
        if key not in self.cache:
            self.cache[key] = self._fetch(text, platform)
        return self.cache[key]

    def _fetch(self, text: str, platform: str | None) -> tuple[str | None, dict[str, str]]:
        from ocilint.reference import InvalidReference, parse_normalized
        from ocilint.sources.registry import RegistryOptions, load_from_registry

        try:
            reference = parse_normalized(text)
        except InvalidReference as error:
            raise InputError(f"--online: cannot read base image `{text}`: {error}") from None
        options = RegistryOptions(
            self.context.timeout, self.context.insecure_registries, budgets=self.context.budgets
        )
        image = load_from_registry(reference, text, options, platform)
        for metadata in image.metadata:
            if metadata.kind == "labels":
                labels = {e.key: e.value for e in metadata.entries if e.value is not None}
                return image.digest, labels
        return image.digest, {}


def with_base_labels(
    subject: DockerfileSubject, bases: BaseImages, platform: str | None
) -> DockerfileSubject:
    """`subject` with the labels of the external base image its target stage starts from."""
    if not subject.metadata or not subject.metadata[0].unknown_base:
        return subject
    text = subject.metadata[0].unknown_base
    use = next(
        (u for u in subject.image_uses if u.kind is ImageUseKind.FROM and u.text == text), None
    )
    if use is None or use.unresolved:
        return subject
    digest, labels = bases.labels(text, platform)
    return dataclasses.replace(subject, base_labels=(BaseLabels(use, digest, labels),))
