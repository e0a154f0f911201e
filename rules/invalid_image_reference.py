"""Image reference that Docker cannot parse.

## What it does
Parses every external image the build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`) and every reference given to `ocilint check image-ref` with the
grammar of the distribution/reference module that Docker clients use, and reports why one does
not parse: `repository name must be lowercase`, `invalid reference format`, a tag longer than 128
characters, a digest of the wrong length or with upper-case hex, a path over 255 characters.

A URL (`https://ghcr.io/acme/app:1`) or a transport that does not exist (`oci-layout:DIR`,
a misspelled `docker-deamon:`) gets the form that works as its fix: `docker://HOST/REPO:TAG`,
`docker-daemon:REPO:TAG`, `oci:DIR[:TAG]`, `oci-archive:FILE[:TAG]` or
`docker-archive:FILE[:REPO:TAG]` for `check image-ref`, the bare reference in a Dockerfile.

## Why is this bad?
`docker build` and `docker push` fail with the same message, but only after the build has run.

## Example
    FROM Ubuntu:22.04

Use instead:
    FROM ubuntu:22.04

## References
- [distribution/reference grammar](https://github.com/distribution/reference/blob/main/reference.go)
"""

from collections.abc import Iterator

from ocilint.fixes.spans import reference_edit
from ocilint.image_uses import UNSUPPORTED_ALGORITHM, parsed_uses
from ocilint.model import Finding, Fix, ImageUse, ImageUseKind, Location, Options, Severity
from ocilint.reference import InvalidReference, parse_normalized
from ocilint.transports import suggest, url_reference

CODE = "OCL201"
NAME = "invalid-image-reference"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, parsed in parsed_uses(subject):
        if not isinstance(parsed, InvalidReference) or parsed.reason == UNSUPPORTED_ALGORITHM:
            continue
        location = use.location
        if parsed.position is not None and use.written == use.text and location.column:
            column = location.column + parsed.position
            location = Location(location.path, location.line, column, location.line, column + 1)
        yield Finding(
            CODE,
            location,
            f"invalid image reference {use.describe()}: {parsed.reason}",
            autofix=_fix(subject, use, parsed),
        )


def _fix(subject: object, use: ImageUse, parsed: InvalidReference) -> Fix | None:
    if use.kind is ImageUseKind.REFERENCE:
        suggested = suggest(use.written)
        if suggested is not None:
            return Fix(f"use `{suggested[0]}`: {suggested[1]}")
    else:
        reference = url_reference(use.text)
        if reference is not None and _parses(reference):
            edit = reference_edit(subject, use, reference)
            return Fix.use(reference, edit, "use `{}`: an image is named without a URL scheme")
    if not parsed.fix:
        return None
    # `ocilint fix` lower-cases a name written in mixed case (`Alpine`), not one in capitals
    # only (`REPLACE-ME`): that is a template placeholder another tool substitutes.
    if not any(char.islower() for char in use.text.partition("@")[0]):
        return Fix.use(parsed.fix, None, not_applied="a name in capitals looks like a placeholder")
    return Fix.use(parsed.fix, reference_edit(subject, use, parsed.fix))


def _parses(text: str) -> bool:
    try:
        parse_normalized(text)
    except InvalidReference:
        return False
    return True
