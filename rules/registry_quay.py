"""Quay.io name that Quay rejects.

## What it does
Checks every image on `quay.io` that a build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`), and every reference given to `ocilint check image-ref`.

- A name is `quay.io/NAMESPACE/REPOSITORY[/…]`: the user or organization comes first.
- NAMESPACE is 2-255 characters matching Quay's `^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`: one `.`,
  `_` or `-` at a time between letters and digits (no `__`, no `--`).
- REPOSITORY is not `build`, `trigger`, `tag` or `notification`.

## Why is this bad?
Quay refuses a namespace outside its rules, and a repository named after one of those words
collides with Quay's API: Red Hat documents that it can neither be reached nor deleted.

## Example
    FROM quay.io/prometheus:v2.53.0

Use instead:
    FROM quay.io/prometheus/prometheus:v2.53.0

## Options
- `allow`: registries (a pattern without `/`, matched against the host) or repositories (a
  pattern with `/`, matched against `host/path`) to leave alone (default: none).

## References
- [Red Hat Quay: Repository overview](https://docs.redhat.com/en/documentation/red_hat_quay/3/html/use_red_hat_quay/use-quay-create-repo)
  ("Do not use the following words in your repository name: build, trigger, tag,
  notification")
- [quay/quay `util/validation.py`](https://github.com/quay/quay/blob/master/util/validation.py)
  (`VALID_USERNAME_REGEX`, 2-255 characters) and
  [`util/names.py`](https://github.com/quay/quay/blob/master/util/names.py) (repository names)
"""

from collections.abc import Iterator

from ocilint.model import Finding, Options, Severity

CODE = "OCL307"
NAME = "quay-naming"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")
DEFAULTS: dict[str, tuple[str, ...]] = {"allow": ()}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from ocilint.registries import QUAY, check_uses

    return check_uses(subject, (QUAY,), CODE, options)
