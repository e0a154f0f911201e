"""`org.opencontainers.image.ref.name` does not follow the image-spec's grammar.

## What it does
Checks `org.opencontainers.image.ref.name` against the grammar the image-spec defines:
components of letters and digits joined by `-`, `.`, `_`, `:`, `@`, `+` or `--`, separated by
`/` (for example `v1.0.0-vendor.0` or `2.0.0-debug`).

## Why is this bad?
Tools select an image in an OCI layout by this name (`oci:DIR:TAG`); a name outside the
grammar may not be found, or may be refused, by another implementation.

## Example
    org.opencontainers.image.ref.name: "v1 beta"

Use instead:
    org.opencontainers.image.ref.name: "v1-beta"

## References
- [OCI image-spec: annotations, ref.name](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
"""

import re
from collections.abc import Iterator

from ocilint.annotations import REF_NAME, describe_origin, resolved_entries, shorten
from ocilint.model import Finding, Options, Severity

CODE = "OCL112"
NAME = "invalid-ref-name"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "image")

_COMPONENT = r"[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*"
REF_NAME_GRAMMAR = re.compile(rf"{_COMPONENT}(?:/{_COMPONENT})*\Z", re.ASCII)


def check(subject: object, options: Options) -> Iterator[Finding]:
    for entry in resolved_entries(getattr(subject, "metadata", ()), (REF_NAME,)):
        assert entry.value is not None
        if not entry.value.strip() or REF_NAME_GRAMMAR.match(entry.value):
            continue
        suggestion = re.sub(r"[^A-Za-z0-9._:@+/-]+", "-", entry.value).strip("-./")
        valid = bool(suggestion) and REF_NAME_GRAMMAR.match(suggestion) is not None
        yield Finding(
            CODE,
            entry.value_location,
            f"`{entry.key}` value `{shorten(entry.value)}` does not follow the ref.name grammar "
            f"(letters and digits joined by `-._:@+` or `--`, components separated by `/`)"
            f"{describe_origin(entry)}",
            fix=f"use `{suggestion}`" if valid else None,
        )
