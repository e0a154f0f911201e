"""Image reference without a registry host.

## What it does
Reports, at info level, an image reference given to `ocilint check image-ref` that names no
registry (`myapp:1.0`, `acme/app:1.0`), with its fully qualified form. For a single-component
name it adds that Docker would push to `docker.io/library/`, the namespace of Docker Official
Images.

## Why is this bad?
Short names are resolved differently by different tools: Docker assumes Docker Hub, Podman and
Buildah consult `unqualified-search-registries` and may ask or pick another registry. A push of
`myapp:1.0` goes to `docker.io/library/myapp`, which only Docker can push to.

## Example
    ocilint check image-ref myapp:1.0

Use instead:
    ocilint check image-ref ghcr.io/acme/myapp:1.0

## References
- [containers-registries.conf: short-name resolution](https://github.com/containers/image/blob/main/docs/containers-registries.conf.5.md)
"""

from collections.abc import Iterator

from ocilint.image_uses import valid_uses
from ocilint.model import Finding, Options, Severity
from ocilint.reference import is_domain_like

CODE = "OCL207"
NAME = "unqualified-image-reference"
SEVERITY = Severity.INFO
APPLIES_TO = ("reference",)


def check(subject: object, options: Options) -> Iterator[Finding]:
    for use, reference in valid_uses(subject):
        first, slash, _ = use.text.partition("/")
        if slash and is_domain_like(first):
            continue
        qualified = str(reference)
        message = f"image `{use.text}` names no registry; Docker reads it as `{qualified}`"
        if not slash:
            message += ", the namespace of Docker Official Images, which only Docker can push to"
        yield Finding(CODE, use.location, message, fix=f"write the fully qualified `{qualified}`")
