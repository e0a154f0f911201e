"""Labels an image inherits from its base image (read with `--online`), for the base-label rules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ocilint.annotations import shorten
from ocilint.model import DockerfileSubject, Finding


def inherited_findings(
    subject: DockerfileSubject, code: str, keys: Sequence[str], why: str
) -> Iterator[Finding]:
    """A finding for each of `keys` the base image sets and the image does not override."""
    own = {entry.key for metadata in subject.metadata[:1] for entry in metadata.entries}
    for base in subject.base_labels:
        for key in keys:
            value = base.labels.get(key)
            if value is None or key in own:
                continue
            yield Finding(
                code,
                base.image.location,
                f"`{key}` is inherited from the base image `{base.image.text}` "
                f"(`{shorten(value)}`) and not set for this image: {why}",
                fix=f"set `{key}` for this image (a `LABEL` after `FROM`, or the build's labels)",
            )
