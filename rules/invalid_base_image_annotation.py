"""`org.opencontainers.image.base.digest` or `.base.name` is not what the image-spec asks for.

## What it does
Checks that `org.opencontainers.image.base.digest` is a digest (`algorithm:encoded`, with 64
lower-case hex characters for sha256 and 128 for sha512) and that
`org.opencontainers.image.base.name` is a valid, fully qualified image reference (with its
registry, such as `docker.io/library/ubuntu:24.04`, not `ubuntu:24.04`).

## Why is this bad?
Scanners and update bots use these annotations to find the base image and check it for
updates; a short name depends on which registry a tool assumes, and a malformed digest matches
nothing.

## Example
    LABEL org.opencontainers.image.base.name="ubuntu:24.04"

Use instead:
    LABEL org.opencontainers.image.base.name="docker.io/library/ubuntu:24.04"

## References
- [OCI image-spec: pre-defined annotation keys](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
"""

import re
from collections.abc import Iterator

from ocilint.annotations import BASE_DIGEST, BASE_NAME, describe_origin, resolved_entries, shorten
from ocilint.fixes.spans import value_edit
from ocilint.model import Finding, Fix, Options, Severity
from ocilint.reference import InvalidReference, is_domain_like, parse, parse_normalized

CODE = "OCL111"
NAME = "invalid-base-image-annotation"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "image")

_DIGEST = re.compile(r"(?P<algorithm>[a-z0-9]+(?:[+._-][a-z0-9]+)*):(?P<encoded>[a-zA-Z0-9=_-]+)\Z")
_HEX_LENGTH = {"sha256": 64, "sha384": 96, "sha512": 128}


def digest_problem(value: str) -> str | None:
    match = _DIGEST.match(value)
    if match is None:
        return "is not a digest of the form `algorithm:encoded`"
    length = _HEX_LENGTH.get(match["algorithm"])
    if length is None:
        return f"uses the unregistered digest algorithm `{match['algorithm']}`"
    if not re.fullmatch(f"[0-9a-f]{{{length}}}", match["encoded"]):
        return f"is not a {match['algorithm']} digest: it needs {length} lower-case hex characters"
    return None


def name_problem(value: str) -> tuple[str, str | None] | None:
    try:
        parse(value)
    except InvalidReference as error:
        return f"is not a valid image reference: {error.reason}", error.fix
    first, slash, _ = value.partition("/")
    if not slash or not is_domain_like(first):
        return "is not fully qualified: it names no registry", str(parse_normalized(value))
    return None


def check(subject: object, options: Options) -> Iterator[Finding]:
    for entry in resolved_entries(getattr(subject, "metadata", ()), (BASE_DIGEST, BASE_NAME)):
        assert entry.value is not None
        if not entry.value.strip():
            continue
        fix: str | None = None
        if entry.key == BASE_DIGEST:
            what = digest_problem(entry.value)
        else:
            found = name_problem(entry.value)
            what, fix = found if found else (None, None)
        if what is None:
            continue
        yield Finding(
            CODE,
            entry.value_location,
            f"`{entry.key}` value `{shorten(entry.value)}` {what}{describe_origin(entry)}",
            autofix=Fix.use(fix, value_edit(subject, entry, 0, len(entry.value), fix))
            if fix
            else None,
        )
