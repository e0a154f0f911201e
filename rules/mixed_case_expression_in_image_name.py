"""Pushed image name built from a GitHub expression that can contain capital letters.

## What it does
Flags a name a workflow pushes (`tags:` of docker/build-push-action) whose repository part
uses `${{ github.repository }}`, `github.repository_owner`, `github.actor` (or a workflow `env`
variable set from one) without lowercasing it.

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


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    build = subject.build
    if build is None:
        return
    for name in build.names:
        if not name.case_expressions:
            continue
        expressions = ", ".join(f"`${{{{ {e} }}}}`" for e in name.case_expressions)
        yield Finding(
            CODE,
            name.location,
            f"pushed name `{name.written}` uses {expressions}, which keeps the capital letters "
            "of GitHub names; the push fails for any owner or repository with one",
            fix="lowercase it: give the name to docker/metadata-action's `images:` and use "
            "`tags: ${{ steps.meta.outputs.tags }}`, or set it in an earlier step with "
            '`echo "IMAGE=${GITHUB_REPOSITORY,,}" >> "$GITHUB_ENV"`',
        )
