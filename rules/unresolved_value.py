"""Value that cannot be checked because it depends on a variable without a value.

## What it does
Reports, at info level, a value a build definition sets that cannot be known before the
build runs (`${{ github.event.repository.description }}` in a workflow, the `licenses`
docker/metadata-action fills in from the repository, a Bake variable without a default), a
pushed name that depends on such a value, and a checked label (`source`, `url`,
`documentation`, `created`, `licenses`, `description`, `base.name`, `base.digest`,
`ref.name`) or an external image whose value depends on `$VAR`, where `VAR` has no
value in the Dockerfile: an `ARG` without a default that was not given with `--build-arg`,
or a variable that may come from the base image's `ENV`.

## Why is this bad?
ocilint never guesses a value. This finding says which values went unchecked and how to check
them, instead of passing silently.

## Example
    ARG LICENSE
    LABEL org.opencontainers.image.licenses=$LICENSE

Use instead:
    ocilint check --build-arg LICENSE=Apache-2.0 Dockerfile

or a default in the Dockerfile (`ARG LICENSE=Apache-2.0`), or `build-args` in the configuration.
"""

from collections.abc import Iterator

from ocilint.annotations import CHECKED_VALUE_KEYS, describe_origin
from ocilint.model import (
    BuildSubject,
    DockerfileSubject,
    Finding,
    ImageUseKind,
    Options,
    Severity,
)

CODE = "OCL002"
NAME = "unresolved-value"
SEVERITY = Severity.INFO
APPLIES_TO = ("dockerfile", "build")


def _variables(names: tuple[str, ...]) -> str:
    listed = ", ".join(f"`{name}`" for name in names)
    return f"{listed}, which {'has' if len(names) == 1 else 'have'} no value here"


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _fix(names: tuple[str, ...]) -> str:
    args = " ".join(f"--build-arg {name}=…" for name in names)
    return f"pass {args} (or give the ARG a default) to check it"


def check(subject: DockerfileSubject | BuildSubject, options: Options) -> Iterator[Finding]:
    build = subject.build
    if build is not None:
        for kind, source in (
            ("labels", build.unknown_labels),
            ("annotations", build.unknown_annotations),
        ):
            if source is not None and not isinstance(subject, BuildSubject):
                what, where = source
                yield Finding(
                    CODE,
                    where,
                    f"cannot check the {kind} of the image built by {build.name}: some come "
                    f"from {what}",
                )
    if isinstance(subject, BuildSubject):
        build = subject.build
        yield Finding(
            CODE,
            build.dockerfile_location or build.location,
            f"cannot check the image built by {build.name}: {build.dockerfile_unknown}",
        )
        return
    for metadata in subject.metadata:
        for entry in metadata.entries:
            if not entry.key_known:
                yield Finding(
                    CODE,
                    entry.location,
                    f"cannot check label `{entry.key}`: its key depends on "
                    f"{_variables(entry.unresolved)}{describe_origin(entry)}",
                    fix=_fix(entry.unresolved),
                )
            elif entry.value is None and entry.unknown_reason:
                if entry.key in CHECKED_VALUE_KEYS:
                    yield Finding(
                        CODE,
                        entry.value_location,
                        f"cannot check `{entry.key}`: {entry.unknown_reason}"
                        f"{describe_origin(entry)}",
                        fix="set the value in the build definition to have it checked",
                    )
            elif entry.value is None and entry.key in CHECKED_VALUE_KEYS and entry.unresolved:
                yield Finding(
                    CODE,
                    entry.value_location,
                    f"cannot check `{entry.key}`: its value depends on "
                    f"{_variables(entry.unresolved)}{describe_origin(entry)}",
                    fix=_fix(entry.unresolved),
                )
    for use in subject.image_uses:
        if use.unresolved and use.kind is ImageUseKind.PUSH:
            yield Finding(
                CODE,
                use.location,
                f"cannot check pushed name `{use.written}`: it depends on "
                f"{_names(use.unresolved)}, which cannot be known before the build runs",
            )
        elif use.unresolved:
            yield Finding(
                CODE,
                use.location,
                f"cannot check image `{use.written}` ({use.kind}): it depends on "
                f"{_variables(use.unresolved)}",
                fix=_fix(use.unresolved),
            )
