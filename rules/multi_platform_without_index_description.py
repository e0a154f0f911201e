"""Multi-platform build whose description is not an index annotation.

## What it does
Checks a build that targets more than one platform (`platforms:` in a workflow, Compose or
Bake, `--platform a,b` with build flags, `platforms` in the configuration) whose image has an
`org.opencontainers.image.description` label or manifest annotation but no description
annotation at the index level. (An image with no description at all is
`missing-required-label`'s finding.)

## Why is this bad?
A multi-platform build pushes an image index. GitHub Container Registry shows the description
of a multi-platform image from the index's annotations; the per-platform labels and manifest
annotations are not read, so the package page stays empty.
docker/metadata-action writes its annotations at the manifest level unless
`DOCKER_METADATA_ANNOTATIONS_LEVELS` says otherwise. For a Bake target that inherits
`docker-metadata-action`, the action's `bake-file-annotations` may add the annotation at CI
time, which the repository does not show: the finding is then at most `info`.

## Example
    - uses: docker/build-push-action@v6
      with:
        platforms: linux/amd64,linux/arm64
        labels: org.opencontainers.image.description=My app

Use instead:
    - uses: docker/build-push-action@v6
      with:
        platforms: linux/amd64,linux/arm64
        labels: org.opencontainers.image.description=My app
        annotations: index:org.opencontainers.image.description=My app

## References
- [GitHub: labelling multi-arch container images](https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry#labelling-container-images)
- [Docker: annotation levels](https://docs.docker.com/build/metadata/annotations/#specify-annotation-level)
"""

from collections.abc import Iterator

from ocilint.annotations import DESCRIPTION
from ocilint.model import DockerfileSubject, Finding, Location, Options, Severity

CODE = "OCL404"
NAME = "multi-platform-without-index-description"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile",)

_FIXES = {
    "github-actions": "add `index:org.opencontainers.image.description=…` to the step's "
    "`annotations` (with docker/metadata-action, set `DOCKER_METADATA_ANNOTATIONS_LEVELS: "
    "manifest,index` on its step)",
    "bake": 'add `annotations = ["index:org.opencontainers.image.description=…"]` to the target',
    "compose": "Compose's `build` has no annotations: add the index annotation with Bake (it "
    "reads this Compose file; an override target can add `annotations`) or `docker buildx "
    "build --annotation index:org.opencontainers.image.description=…`",
}
_DEFAULT_FIX = "add `--annotation index:org.opencontainers.image.description=…` to the build"


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    build = subject.build
    if build is None or build.platforms is None or len(set(build.platforms)) < 2:
        return
    if build.unknown_annotations is not None:
        return  # they may hold it: unresolved-value says they cannot be checked
    if any(level == "index" and entry.key == DESCRIPTION for level, entry in build.annotations):
        return
    where: Location = build.platforms_location or build.location
    elsewhere = ""
    for level, entry in build.annotations:
        if entry.key == DESCRIPTION:
            where, elsewhere = entry.location, f" (it is a {level.partition('[')[0]} annotation)"
    if not elsewhere:
        for metadata in subject.metadata:
            label = metadata.get(DESCRIPTION) if metadata.kind == "labels" else None
            if label is not None:
                where, elsewhere = label.location, " (it is only a label)"
    if not elsewhere:
        # No description anywhere: missing-required-label says so. Labels from a source
        # unknown offline may hold it as a label: not guessed either way.
        return
    if not where.path:
        where = subject.metadata[0].anchor if subject.metadata else Location(subject.path)
    platforms = ", ".join(build.platforms)
    message = (
        f"`{DESCRIPTION}` is not an index annotation of this multi-platform build "
        f"({platforms}){elsewhere}, so GitHub Container Registry shows no description"
    )
    if build.metadata_action_bake:
        # docker/metadata-action's bake-file-annotations may bring it at CI time: say so, softly
        yield Finding(
            CODE,
            where,
            message + " unless docker/metadata-action's `bake-file-annotations` adds it at "
            "index level",
            fix="pass `bake-file-annotations` to docker/bake-action with "
            "`DOCKER_METADATA_ANNOTATIONS_LEVELS: manifest,index`, or "
            + _FIXES["bake"].removeprefix("add "),
            max_severity=Severity.INFO,
        )
        return
    yield Finding(CODE, where, message, fix=_FIXES.get(build.tool, _DEFAULT_FIX))
