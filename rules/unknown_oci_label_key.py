"""Key in the `org.opencontainers.image.` namespace that the image-spec does not define.

## What it does
Flags a key that starts with `org.opencontainers.image.` but is none of the 14 keys the
image-spec pre-defines (`created`, `authors`, `url`, `documentation`, `source`, `version`,
`revision`, `vendor`, `licenses`, `ref.name`, `title`, `description`, `base.digest`,
`base.name`), with the key it most likely meant.

## Why is this bad?
The namespace is reserved for the image-spec; nothing reads a misspelt key. A
`org.opencontainers.image.licence` label leaves the image without license metadata, and
GitHub Container Registry shows no description for `org.opencontainers.image.desc`.

## Example
    LABEL org.opencontainers.image.licence="MIT"

Use instead:
    LABEL org.opencontainers.image.licenses="MIT"

## References
- [OCI image-spec: pre-defined annotation keys](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
"""

from collections.abc import Iterator

from ocilint.annotations import (
    CONVERSION_KEYS,
    PREDEFINED_KEYS,
    PREFIX,
    certain_predefined,
    describe_origin,
    suggest_predefined,
)
from ocilint.fixes.spans import key_edit
from ocilint.model import Finding, Fix, Options, Severity

CODE = "OCL110"
NAME = "unknown-oci-label-key"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "image")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for metadata in getattr(subject, "metadata", ()):
        for entry in metadata.entries:
            key = entry.key
            if not entry.key_known or not key.startswith(PREFIX) or key in PREDEFINED_KEYS:
                continue
            suggestion = suggest_predefined(key)
            message = f"`{key}` is not a pre-defined OCI annotation key{describe_origin(entry)}"
            if key in CONVERSION_KEYS:
                message += (
                    "; it is an annotation converters derive from the image config, not one to "
                    "set by hand"
                )
            fix = None
            if suggestion:
                # Renamed only when the key certainly means it and the image does not set it too.
                certain = suggestion == certain_predefined(key) and metadata.get(suggestion) is None
                edit = key_edit(subject, entry, suggestion) if certain else None
                fix = Fix.use(suggestion, edit, "did you mean `{}`?")
            yield Finding(CODE, entry.location, message, autofix=fix)
