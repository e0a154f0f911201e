"""Image from a registry that is not allowed.

## What it does
Off by default; on when selected or when `allowed` is configured. Flags an external image
whose registry (or repository) matches none of the `allowed` patterns. A pattern without `/`
matches the registry host (`docker.io` for Docker Hub, `ghcr.io`, `*.dkr.ecr.*.amazonaws.com`);
a pattern with `/` matches the full repository name (`ghcr.io/acme/*`). `*` is a wildcard.

## Why is this bad?
Platform teams mirror approved images into their own registries; a build that pulls from
anywhere else escapes scanning and may break when the public registry rate-limits.

## Example
With `allowed = ["registry.acme.com", "ghcr.io/acme/*"]`:

    FROM python:3.12

Use instead:
    FROM registry.acme.com/mirror/python:3.12

## Options
- `allowed`: registry or repository patterns (default: none).

## References
- [hadolint DL3026](https://github.com/hadolint/hadolint/wiki/DL3026)
"""

from collections.abc import Iterator

from ocilint.image_uses import valid_uses
from ocilint.model import Finding, Options, Severity

CODE = "OCL205"
NAME = "disallowed-registry"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")
ENABLED_BY_DEFAULT = False
DEFAULTS: dict[str, tuple[str, ...]] = {"allowed": ()}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from fnmatch import fnmatchcase

    allowed = options["allowed"]
    for use, reference in valid_uses(subject):
        # Host names are case-insensitive; repository paths are lower case by grammar.
        domain = (reference.domain or "").lower()
        full_name = f"{domain}/{reference.path}"
        if any(
            fnmatchcase(full_name if "/" in pattern else domain, pattern.lower())
            for pattern in allowed
        ):
            continue
        shown = ", ".join(f"`{pattern}`" for pattern in allowed) or "none configured"
        yield Finding(
            CODE,
            use.location,
            f"image {use.describe()} comes from `{domain}`, which is not an allowed "
            f"registry (allowed: {shown})",
            fix="use a mirror in an allowed registry",
        )
