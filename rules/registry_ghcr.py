"""GitHub Container Registry name that GitHub rejects.

## What it does
Checks every image on `ghcr.io` that a build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`), and every reference given to `ocilint check image-ref`, against
the naming of GitHub's Container registry: `ghcr.io/OWNER/IMAGE[/…]`.

- There are at least two path components: `ghcr.io/app` names no owner.
- OWNER is the GitHub user or organization that owns the package, so it must be a GitHub
  login: letters, digits and hyphens, no hyphen at either end, no two hyphens in a row, at
  most 39 characters (`my_org` and `my.org` cannot be logins).

GitHub Enterprise Cloud with data residency serves the same registry at
`containers.SUBDOMAIN.ghe.com`; those names are checked the same way.

## Why is this bad?
A push to a name without a valid owner is refused, and a pull finds nothing; the build fails
only after it has run. (Enterprise managed users, whose logins end in `_SHORTCODE`, cannot
publish under their own name either, only under an organization.)

## Example
    FROM ghcr.io/app:1.0

Use instead:
    FROM ghcr.io/octo-org/app:1.0

## Options
- `allow`: registries (a pattern without `/`, matched against the host) or repositories (a
  pattern with `/`, matched against `host/path`) to leave alone, e.g. `ghcr.io/legacy--org/*`
  (default: none).

## References
- [GitHub Docs: Working with the Container registry](https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry)
- [GitHub Docs: Username considerations for external authentication](https://docs.github.com/en/enterprise-cloud@latest/admin/managing-iam/iam-configuration-reference/username-considerations-for-external-authentication)
  (login rules: alphanumerics and single dashes, no dash at either end, at most 39 characters)
"""

from collections.abc import Iterator

from ocilint.model import Finding, Options, Severity

CODE = "OCL301"
NAME = "ghcr-naming"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")
DEFAULTS: dict[str, tuple[str, ...]] = {"allow": ()}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from ocilint.registries import GHCR, check_uses

    return check_uses(subject, (GHCR,), CODE, options)
