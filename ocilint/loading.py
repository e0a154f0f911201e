"""Built-in loaders: which files to check, and Dockerfiles into subjects.

This is where file I/O happens; everything it produces is immutable.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ocilint import dockerfile
from ocilint.budgets import DEFAULT_BUDGETS, Budgets
from ocilint.errors import InputError
from ocilint.hookspecs import hookimpl
from ocilint.model import (
    DockerfileSubject,
    ImageSubject,
    ImageUse,
    ImageUseKind,
    Location,
    Metadata,
    MetadataEntry,
    ReferenceSubject,
)
from ocilint.shell import ExpansionLimitError
from ocilint.transports import Target

_SKIPPED_DIRECTORIES = frozenset(
    {
        ".git", ".hg", ".svn", ".jj", "node_modules", ".venv", "venv", "__pycache__", ".tox",
        ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".terraform",
    }
)  # fmt: skip
_NOT_DOCKERFILE_SUFFIXES = (
    ".md", ".rst", ".txt", ".sh", ".ps1", ".py", ".json", ".yml", ".yaml", ".toml", ".html",
    ".orig", ".bak", ".rej", ".patch", ".diff", ".dockerignore", ".swp", ".lock", ".sum", "~",
    # templates that generate a Dockerfile: autoconf, Jinja, Go, ERB, Mustache, Handlebars,
    # EJS, Twig, Liquid, Nunjucks, m4, Puppet EPP, EEx, Mako, FreeMarker, Velocity
    ".in", ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".gotmpl", ".template", ".erb",
    ".mustache", ".hbs", ".handlebars", ".ejs", ".twig", ".liquid", ".njk", ".m4", ".epp",
    ".eex", ".mako", ".ftl", ".vm",
)  # fmt: skip
# `Dockerfile-template`, `Dockerfile.template.debian`, `Dockerfile_tmpl`: a template by name.
_TEMPLATE_WORD = re.compile(r"[._-](?:templates?|tmpl|tpl)(?:[._-]|\Z)")
_KIND_BY_NAME = {
    "FROM": ImageUseKind.FROM,
    "COPY --from": ImageUseKind.COPY_FROM,
    "RUN --mount from": ImageUseKind.MOUNT_FROM,
}


@dataclass(frozen=True, slots=True)
class LoadContext:
    """Options that shape how inputs become subjects."""

    build_args: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    target: str | None = None
    offline: bool = False
    platform: str | None = None
    timeout: float = 30.0
    insecure_registries: tuple[str, ...] = ()
    cert_dir: str | None = None  # per-registry certificates, default /etc/docker/certs.d
    # Dockerfile target platforms (`check --platform`, buildx syntax); empty: the host's.
    platforms: tuple[str, ...] = ()
    budgets: Budgets = DEFAULT_BUDGETS  # the configuration's `[limits]`, for every input


def is_dockerfile_name(name: str) -> bool:
    """Dockerfile, Containerfile, *.Dockerfile, *.containerfile, Dockerfile.*, Containerfile.*,
    except documents and templates by their suffix (`Dockerfile.md`, `Dockerfile.in`,
    `Dockerfile.j2`, `Dockerfile-template`): a file named on the command line is checked
    whatever its name."""
    lowered = name.lower()
    if lowered in ("dockerfile", "containerfile"):
        return True
    if lowered.endswith(_NOT_DOCKERFILE_SUFFIXES) or _TEMPLATE_WORD.search(lowered):
        return False
    return lowered.endswith((".dockerfile", ".containerfile")) or lowered.startswith(
        (
            "dockerfile.",
            "containerfile.",
            "dockerfile-",
            "containerfile-",
            "dockerfile_",
            "containerfile_",
        )
    )


def iter_paths(paths: Sequence[str]) -> Iterator[str | InputError]:
    """Files to check: named files as given, and Dockerfiles found under named directories.

    A directory that cannot be read is yielded as an `InputError` (its Dockerfiles go
    unchecked, which the run must report); a special file found by the search (a FIFO named
    `Dockerfile`) as a `SkippedFile`, never opened. Named files are yielded as given (and
    refused when read if they are not regular files).
    """
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            yield path
            continue
        unreadable: list[OSError] = []
        for root, directories, files in os.walk(path, onerror=unreadable.append):
            yield from _unreadable_directories(unreadable)
            directories[:] = sorted(d for d in directories if d not in _SKIPPED_DIRECTORIES)
            for name in sorted(files):
                if is_dockerfile_name(name):
                    yield _regular_or_skipped(os.path.join(root, name))
        yield from _unreadable_directories(unreadable)


def _regular_or_skipped(path: str) -> str | InputError:
    from ocilint.reading import SkippedFile, file_type

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return path  # reading it says what is wrong
    if stat.S_ISREG(mode):
        return path
    return SkippedFile(f"is {file_type(mode)}, not a regular file: skipped", path)


def _unreadable_directories(errors: list[OSError]) -> Iterator[InputError]:
    while errors:
        error = errors.pop(0)
        yield InputError(
            f"cannot read directory: {error.strerror}; Dockerfiles in it were not checked",
            str(error.filename),
        )


def decode_dockerfile(path: str, data: bytes) -> str:
    """Decode a Dockerfile as Docker does (UTF-8); refuse what Docker cannot read."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("not a Dockerfile Docker can read: it is UTF-16 encoded (use UTF-8)", path)
    # Like Docker, take the bytes as they come: invalid UTF-8 becomes U+FFFD, a stray NUL stays.
    return data.decode("utf-8", errors="replace")


def dockerfile_subject(path: str, text: str, context: LoadContext) -> DockerfileSubject:
    """The Dockerfile resolved for the first platform of `context` (the host's by default)."""
    return dockerfile_subjects(path, text, context)[0]


def dockerfile_subjects(path: str, text: str, context: LoadContext) -> list[DockerfileSubject]:
    """One subject per distinct build: each `--platform` is resolved (BuildKit's automatic
    TARGETARCH & co.), and platforms whose labels, images and problems agree share a subject.
    """
    from ocilint.platforms import PlatformError, automatic_args, host_platform, parse_platforms

    parsed = _parse(path, text)
    try:
        platforms = parse_platforms(context.platforms) or (host_platform(),)
    except PlatformError as error:
        raise InputError(str(error)) from None
    groups: dict[object, tuple[DockerfileSubject, list[str]]] = {}
    for platform in platforms:
        try:
            model = dockerfile.resolve(parsed, context.build_args, automatic_args(platform))
        except ExpansionLimitError as error:
            raise InputError(error.message, path, error.line) from None
        subject = _subject(path, model, context)
        key = (subject.metadata, subject.image_uses, model.problems, subject.target is None)
        groups.setdefault(key, (subject, []))[1].append(str(platform))
    return [
        dataclasses.replace(subject, platforms=tuple(names)) for subject, names in groups.values()
    ]


def _parse(path: str, text: str) -> dockerfile.ParsedDockerfile:
    try:
        return _parse_unchecked(path, text)
    except ExpansionLimitError as error:
        raise InputError(error.message, path, error.line) from None


def _parse_unchecked(path: str, text: str) -> dockerfile.ParsedDockerfile:
    parsed = dockerfile.parse(text)
    if parsed.limit_exceeded:
        raise InputError(
            f"too large to check: {parsed.limit_exceeded}"
            " (ocilint's limit; see README, Limits and hostile input)",
            path,
        )
    if not parsed.instructions:
        raise InputError("not a Dockerfile: it has no instructions", path)
    first = parsed.instructions[0]
    if first.keyword.lower() not in dockerfile.KNOWN_INSTRUCTIONS:
        if "\x00" in text:
            raise InputError("not a Dockerfile: it contains NUL bytes (a binary file?)", path)
        shown = first.written[:40].encode("unicode_escape").decode("ascii")
        raise InputError(
            f"not a Dockerfile: `{shown}` is not a Dockerfile instruction", path, first.start_line
        )
    return parsed


def _subject(path: str, model: dockerfile.Dockerfile, context: LoadContext) -> DockerfileSubject:
    if context.target:
        target = model.stage_named(context.target)
        if target is None:
            names = ", ".join(s.name for s in model.stages if s.name) or "none"
            raise InputError(f"target stage `{context.target}` not found (stages: {names})", path)
    else:
        target = model.stages[-1] if model.stages else None
    metadata: tuple[Metadata, ...] = ()
    if target is not None:
        metadata = (_target_labels(path, model, target),)
    uses = tuple(
        ImageUse(
            text=image.text,
            written=image.written,
            kind=_KIND_BY_NAME[image.kind],
            location=Location(path, image.line, image.column, image.end_line, image.end_column),
            unresolved=image.unresolved,
            unset=image.unset,
        )
        for image in model.external_images
    )
    return DockerfileSubject(
        path=path, dockerfile=model, target=target, metadata=metadata, image_uses=uses
    )


def _target_labels(path: str, model: dockerfile.Dockerfile, target: dockerfile.Stage) -> Metadata:
    labels, unknown_base = model.effective_labels(target)
    entries = []
    for label in labels.values():
        origin = (
            ""
            if label.stage_index == target.index
            else model.stages[label.stage_index].display_name
        )
        entries.append(
            MetadataEntry(
                key=label.key,
                value=label.value,
                location=Location(path, label.line, label.column, label.end_line, label.end_column),
                value_location=Location(path, label.value_line, label.value_column),
                unresolved=label.unresolved,
                origin=origin,
                value_columns=label.value_columns,
                key_known=label.key_known,
                out_of_scope=label.out_of_scope,
                declare_after=model.stages[
                    label.stage_index if label.declare_in is None else label.declare_in
                ].from_instruction.start_line,
            )
        )
    from_line = target.from_instruction
    column = from_line.source_map.segments[0][2]
    anchor = Location(path, from_line.start_line, column, from_line.start_line, None)
    return Metadata(
        kind="labels",
        entries=tuple(entries),
        anchor=anchor,
        unknown_base=unknown_base,
        description=f"the image built by {target.display_name}",
    )


@hookimpl(trylast=True)
def ocilint_load_file(path: str, data: bytes, context: LoadContext) -> list[DockerfileSubject]:
    return dockerfile_subjects(path, decode_dockerfile(path, data), context)


def reference_subject(target: Target) -> ReferenceSubject:
    """The reference an image-ref argument names, for the reference rules (no I/O)."""
    reference = target.reference or ""
    use = ImageUse(reference, target.text, ImageUseKind.REFERENCE, Location(target.text))
    return ReferenceSubject(path=target.text, text=reference, image_uses=(use,))


@hookimpl(trylast=True)
def ocilint_load_image(text: str, context: LoadContext) -> list[ImageSubject]:
    raise InputError(
        "loading images is not available in this version of ocilint: only the reference was "
        "checked (use --offline to check references without loading)",
        text,
    )
