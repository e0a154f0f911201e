"""Label with an empty value.

## What it does
Flags a label whose value is empty or only whitespace, after variable substitution.

## Why is this bad?
An empty label usually means a build argument was not passed (`LABEL version=$VERSION` with no
`--build-arg VERSION`) or a placeholder was never filled in. Registries show the empty value as
if it were real metadata.

The most common cause is a global `ARG` (declared before the first `FROM`) used inside a
stage that does not declare it again: a global ARG is only in scope for `FROM` lines, so Docker
expands it as empty, whatever `--build-arg` says. The finding then names the ARG and the fix
is `ARG NAME` after the stage's `FROM`.

## Example
    ARG SRC=https://github.com/acme/app
    FROM alpine:3.20
    LABEL org.opencontainers.image.source=$SRC

Use instead:
    ARG SRC=https://github.com/acme/app
    FROM alpine:3.20
    ARG SRC
    LABEL org.opencontainers.image.source=$SRC

For any other empty value: give the value, or remove the label.
"""

from collections.abc import Iterator

from ocilint.annotations import declare_args_fix, describe_origin, resolved_entries
from ocilint.model import Finding, Options, Severity

CODE = "OCL108"
NAME = "empty-label-value"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "image")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for metadata in getattr(subject, "metadata", ()):
        noun = metadata.kind[:-1]
        for entry in resolved_entries((metadata,)):
            assert entry.value is not None
            if entry.value.strip():
                continue
            kind = "whitespace only" if entry.value else "empty"
            yield Finding(
                CODE,
                entry.location,
                f"{noun} `{entry.key}` is {kind}{describe_origin(entry)}",
                fix=declare_args_fix(entry) or f"set a value or remove the {noun}",
            )
