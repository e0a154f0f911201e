"""Amazon ECR Public name that ECR Public rejects.

## What it does
Checks every image on Amazon ECR Public (`public.ecr.aws`, and its dual-stack endpoint
`ecr-public.aws.com`) that a build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`), and every reference given to `ocilint check image-ref`.

- A name is `public.ecr.aws/ALIAS/REPOSITORY[/…]`: the registry alias comes first.
- ALIAS is 2-50 characters and matches `[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*` (a letter, at
  least one more letter or digit, then single `.`, `_` or `-` between letters or digits).
- REPOSITORY (the rest of the path) is 2-205 characters and matches
  `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*` (no `__`, no `--`).

## Why is this bad?
ECR Public cannot hold such an alias or repository, so the push or pull fails after the build
has run.

## Example
    FROM public.ecr.aws/nginx:1.27

Use instead:
    FROM public.ecr.aws/nginx/nginx:1.27

## Options
- `allow`: registries (a pattern without `/`, matched against the host) or repositories (a
  pattern with `/`, matched against `host/path`) to leave alone (default: none).

## References
- [Amazon ECR Public API Reference: CreateRepository](https://docs.aws.amazon.com/AmazonECRPublic/latest/APIReference/API_CreateRepository.html)
  (`repositoryName`: 2-205 characters and the pattern above)
- [Amazon ECR Public API Reference: RegistryAlias](https://docs.aws.amazon.com/AmazonECRPublic/latest/APIReference/API_RegistryAlias.html)
  (`name`: 2-50 characters, `[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*`)
"""

from collections.abc import Iterator

from ocilint.model import Finding, Options, Severity

CODE = "OCL304"
NAME = "ecr-public-naming"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")
DEFAULTS: dict[str, tuple[str, ...]] = {"allow": ()}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from ocilint.registries import ECR_PUBLIC, check_uses

    return check_uses(subject, (ECR_PUBLIC,), CODE, options)
