"""Label key not in reverse-domain notation.

## What it does
Checks that label keys are namespaced in reverse-domain notation, like `com.example.my-key` or
`org.opencontainers.image.source`: at least two dot-separated parts, the first in lower case,
each made of letters and digits joined by single `-` or `_`.

Keys of documented conventions are accepted without a namespace (option `allow`):
`maintainer`, which the Dockerfile reference gives as the replacement for the deprecated
`MAINTAINER` instruction, and the generic labels that Red Hat's container image guidelines
require (`name`, `version`, `release`, `summary`, `description`, `vendor`, `url`,
`architecture`, `build-date`, `vcs-type`, `vcs-url`, `vcs-ref`, `distribution-scope`,
`authoritative-source-url`, and the `atomic`/`podman container runlabel` commands `run`,
`install`, `uninstall`, `stop`, `debug`, `help`, `usage`, `run_opts_file`). Namespaced
conventions (`io.k8s.display-name`, `io.openshift.tags`, `com.redhat.component`, the
deprecated `org.label-schema.*`) are in reverse-domain notation already. Keys in Docker's
reserved namespaces are `reserved-label-namespace`'s (OCL113) finding.

## Why is this bad?
The image-spec says keys should use reverse-domain notation. Bare keys that no convention
documents (`author`, `license`, `Version`) collide across tools; most have a pre-defined OCI
equivalent that registries understand.

## Example
    LABEL author="Jane <jane@example.com>" license="MIT"

Use instead:
    LABEL org.opencontainers.image.authors="Jane <jane@example.com>" \
          org.opencontainers.image.licenses="MIT"

## Options
- `allow`: keys accepted without a namespace (default: the conventional keys above; `[]`
  flags every key without a namespace).

## References
- [OCI image-spec: annotation rules](https://github.com/opencontainers/image-spec/blob/main/annotations.md#rules)
- [Docker: label key format recommendations](https://docs.docker.com/engine/manage-resources/labels/)
- [Dockerfile reference: MAINTAINER (deprecated)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
- [Project Atomic: Container Application Generic Labels](https://github.com/projectatomic/ContainerApplicationGenericLabels)
- [Red Hat: container image labels](https://github.com/projectatomic/ContainerApplicationGenericLabels/blob/master/vendor/redhat/labels.md)
"""

import re
from collections.abc import Iterator

from ocilint.annotations import (
    CONVENTIONAL_KEYS,
    LEGACY_KEYS,
    REVERSE_DOMAIN_KEY,
    describe_origin,
    shorten,
)
from ocilint.model import Finding, Options, Severity

CODE = "OCL109"
NAME = "label-key-not-reverse-domain"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "image")
DEFAULTS = {"allow": CONVENTIONAL_KEYS}


def check(subject: object, options: Options) -> Iterator[Finding]:
    for metadata in getattr(subject, "metadata", ()):
        for entry in metadata.entries:
            if not entry.key_known or REVERSE_DOMAIN_KEY.match(entry.key):
                continue
            if entry.key in options["allow"]:
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
        return f"use `{shorten(lowered)}`"
    if "." not in key:
        cleaned = re.sub(r"[^a-z0-9]+", "-", lowered).strip("-") or "key"
        return f"namespace it, e.g. `com.example.{shorten(cleaned, 60)}`"
    return "use lower-case letters and digits in dot-separated parts joined by single `-` or `_`"
