"""Google Artifact Registry name that Artifact Registry rejects.

## What it does
Checks every image on Artifact Registry (`LOCATION-docker.pkg.dev`) that a build pulls
(`FROM`, `COPY --from=<image>`, `RUN --mount=…,from=<image>`), and every reference given to
`ocilint check image-ref`.

- A name is `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE[/…]`: at least three path
  components. A domain-scoped project `example.com:project` is written `example.com/project`
  and counts as one.
- PROJECT is a project ID: 6-30 lowercase letters, digits and hyphens, starting with a letter,
  not ending with a hyphen.
- REPOSITORY is a repository ID: lowercase letters, digits and hyphens, starting with a letter,
  ending with a letter or digit, at most 63 characters; or one of the `gcr.io`,
  `us.gcr.io`, `eu.gcr.io` and `asia.gcr.io` repositories that serve Container Registry names.
- LOCATION is a multi-region (`us`, `europe`, `asia`) or a Google Cloud region ocilint knows
  (`us-central1`, `europe-west1`, …); a close misspelling gets a suggestion.

## Why is this bad?
Artifact Registry cannot hold an image directly under a project, a project or repository ID
outside these rules does not exist, and a host for an unknown location does not resolve; the
push or pull fails after the build has run.

## Example
    FROM us-docker.pkg.dev/my-project/app:1.0

Use instead:
    FROM us-docker.pkg.dev/my-project/my-repo/app:1.0

## Options
- `allow`: registries (a pattern without `/`, matched against the host, e.g. a region added
  after this release: `me-central3-docker.pkg.dev`) or repositories (a pattern with `/`,
  matched against `host/path`) to leave alone (default: none).

## References
- [Artifact Registry: Repository and image names](https://cloud.google.com/artifact-registry/docs/docker/names)
- [Resource Manager: Creating and managing projects](https://cloud.google.com/resource-manager/docs/creating-managing-projects)
  (project IDs: 6-30 characters, lowercase letters, digits and hyphens, start with a letter,
  cannot end with a hyphen)
- [Artifact Registry: Repository locations](https://cloud.google.com/artifact-registry/docs/repositories/repo-locations)
- [Artifact Registry: gcr.io repositories](https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories)
"""

from collections.abc import Iterator

from ocilint.model import Finding, Options, Severity

CODE = "OCL306"
NAME = "artifact-registry-naming"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")
DEFAULTS: dict[str, tuple[str, ...]] = {"allow": ()}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from ocilint.registries import ARTIFACT_REGISTRY, check_uses

    return check_uses(subject, (ARTIFACT_REGISTRY,), CODE, options)
