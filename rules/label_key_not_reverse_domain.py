"""Label key not in reverse-domain notation.

## What it does
Checks that label keys are namespaced in reverse-domain notation, like `com.example.my-key` or
`org.opencontainers.image.source`: at least two dot-separated parts, the first in lower case,
each made of letters and digits joined by single `-` or `_`.

## Why is this bad?
The image-spec says keys should use reverse-domain notation, and Docker reserves keys without a
namespace for the CLI. Bare keys like `maintainer` or `version` collide across tools; most have
a pre-defined OCI equivalent that registries understand.

## Example
    LABEL maintainer="Jane <jane@example.com>" version="1.2"

Use instead:
    LABEL org.opencontainers.image.authors="Jane <jane@example.com>" \
          org.opencontainers.image.version="1.2"

## References
- [OCI image-spec: annotation rules](https://github.com/opencontainers/image-spec/blob/main/annotations.md#rules)
- [Docker: label key format recommendations](https://docs.docker.com/engine/manage-resources/labels/)
"""

import re
from collections.abc import Iterator

from ocilint.annotations import LEGACY_KEYS, REVERSE_DOMAIN_KEY, describe_origin, shorten
from ocilint.model import Finding, Options, Severity

CODE = "OCL109"
NAME = "label-key-not-reverse-domain"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "image")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for metadata in getattr(subject, "metadata", ()):
        for entry in metadata.entries:
            if not entry.key_known or REVERSE_DOMAIN_KEY.match(entry.key):
                continue
            yield Finding(
                CODE,
                entry.location,
                f"{metadata.kind[:-1]} key `{shorten(entry.key)}` is not in reverse-domain "
                f"notation{describe_origin(entry)}",
                fix=_fix(entry.key),
            )


def _fix(key: str) -> str:
    replacement = LEGACY_KEYS.get(key.lower())
    if replacement:
        return f"use the pre-defined key `{replacement}`"
    lowered = key.lower()
    if REVERSE_DOMAIN_KEY.match(lowered):
        return f"use `{lowered}`"
    if "." not in key:
        cleaned = re.sub(r"[^a-z0-9]+", "-", lowered).strip("-") or "key"
        return f"namespace it, e.g. `com.example.{cleaned}`"
    return "use lower-case letters and digits in dot-separated parts joined by single `-` or `_`"
