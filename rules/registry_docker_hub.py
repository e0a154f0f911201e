"""Docker Hub name that Docker Hub rejects.

## What it does
Checks every image on Docker Hub that a build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`), and every reference given to `ocilint check image-ref`, against
Docker Hub's naming. Names without a registry are Docker Hub names, and so are `docker.io`,
`index.docker.io` and `registry-1.docker.io`; Docker writes a one-component name such as
`ubuntu` as `docker.io/library/ubuntu`.

- A name is exactly `NAMESPACE/REPOSITORY`: Docker Hub has no nested repositories
  (`acme/team/app`).
- NAMESPACE is a Docker ID or organization name: 4-30 lowercase letters and digits. (`_` is
  let through: early Docker clients checked namespaces against `[a-z0-9_]{4,30}`, so older
  accounts may have one.)
- REPOSITORY is 2-255 lowercase letters, digits, `-` and `_`. Docker Hub does not allow `.`,
  although the reference grammar does.

## Why is this bad?
`docker push` to such a name is refused by Docker Hub (and a pull finds nothing), after the
build has run.

## Example
    FROM acme/web.frontend:1.0

Use instead:
    FROM acme/web-frontend:1.0

## Options
- `allow`: registries (a pattern without `/`, matched against the host) or repositories (a
  pattern with `/`, matched against `host/path`, e.g. `docker.io/acme/*`) to leave alone
  (default: none).

## References
- [Docker Docs: Create a repository](https://docs.docker.com/docker-hub/repos/create/)
  (repository names: 2-255 characters, lowercase letters, numbers, hyphens and underscores)
- [Docker Docs: Create an account](https://docs.docker.com/accounts/create-account/)
  (Docker ID: 4-30 characters, numbers and lowercase letters only)
"""

from collections.abc import Iterator

from ocilint.model import Finding, Options, Severity

CODE = "OCL302"
NAME = "docker-hub-naming"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")
DEFAULTS: dict[str, tuple[str, ...]] = {"allow": ()}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from ocilint.registries import DOCKER_HUB, check_uses

    return check_uses(subject, (DOCKER_HUB,), CODE, options)
