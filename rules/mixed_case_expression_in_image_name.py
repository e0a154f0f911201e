"""Pushed image name built from a GitHub expression that can contain capital letters.

## What it does
Flags a name a workflow pushes (`tags:` of docker/build-push-action, `-t` of a `docker build`
in a `run:` step) whose repository part uses `${{ github.repository }}`,
`github.repository_owner`, `github.actor` (or a workflow `env` variable set from one, or
`$GITHUB_REPOSITORY` in the shell) without lowercasing it; and a Bake `tags` entry that uses the
`GITHUB_REPOSITORY`, `GITHUB_REPOSITORY_OWNER` or `GITHUB_ACTOR` variable (which Bake takes from
GitHub Actions' environment) without `lower()`.

## Why is this bad?
GitHub logins and repository names keep their capital letters (`Octo-Org/My-App`), but image
repository names must be lowercase: the push fails for every owner or repository with a
capital letter, after the whole build has run. docker/metadata-action lowercases the names in
its `images` input; a hand-written `tags:` does not.

## Example
    tags: ghcr.io/${{ github.repository }}:1.0

Use instead:
    - id: meta
      uses: docker/metadata-action@v5
      with:
        images: ghcr.io/${{ github.repository }}
    - uses: docker/build-push-action@v6
      with:
        tags: ${{ steps.meta.outputs.tags }}
"""

from collections.abc import Iterator

from ocilint.model import DockerfileSubject, Finding, Options, Severity

CODE = "OCL208"
NAME = "mixed-case-expression-in-image-name"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile",)


_WORKFLOW_FIX = (
    "lowercase it: give the name to docker/metadata-action's `images:` and use "
    "`tags: ${{ steps.meta.outputs.tags }}`, or set it in an earlier step with "
    '`echo "IMAGE=${GITHUB_REPOSITORY,,}" >> "$GITHUB_ENV"`'
)
_BAKE_FIX = "lowercase it with Bake's `lower()`, e.g. `ghcr.io/${lower(GITHUB_REPOSITORY)}:1.0`"


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    build = subject.build
    if build is None:
        return
    for name in build.names:
        if not name.case_expressions:
            continue
        expressions = ", ".join(f"`{e}`" for e in name.case_expressions)
        yield Finding(
            CODE,
            name.location,
            f"pushed name `{name.written}` uses {expressions}, which keeps the capital letters "
            "of GitHub names; the push fails for any owner or repository with one",
            fix=_BAKE_FIX if build.tool == "bake" else _WORKFLOW_FIX,
        )
