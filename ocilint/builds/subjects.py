"""A build merged into the subject the rules check: the image it really makes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from ocilint.model import (
    Build,
    DockerfileSubject,
    Finding,
    ImageUse,
    ImageUseKind,
    Location,
    Metadata,
    MetadataEntry,
)

_LEVEL_NAMES = {
    "index": "index",
    "manifest": "manifest",
    "manifest-descriptor": "manifest descriptors in the index",
    "index-descriptor": "index descriptor in the layout",
}


def _placed(entry: MetadataEntry, anchor: Location) -> MetadataEntry:
    """Entries from the command line have no file: report them at the Dockerfile's FROM."""
    if entry.location.path:
        return entry
    return dataclasses.replace(entry, location=anchor, value_location=anchor, value_columns=())


def merge(subject: DockerfileSubject, build: Build) -> DockerfileSubject:
    """`subject` (the Dockerfile resolved for the build's target and args) with the build's
    labels overlaid on the target stage's, its annotations per level and its pushed names."""
    what = f"the image built by {build.name}"
    sets: list[Metadata] = []
    anchor = build.location
    if subject.metadata:
        stage_labels = subject.metadata[0]
        anchor = stage_labels.anchor
        entries: dict[str, MetadataEntry] = {entry.key: entry for entry in stage_labels.entries}
        for entry in build.labels:
            entries.pop(entry.key, None)
            entries[entry.key] = _placed(entry, anchor)
        sets.append(
            dataclasses.replace(
                stage_labels,
                entries=tuple(entries.values()),
                description=what,
                # labels from an unknown source may hold the required keys: never guess
                checks_required=stage_labels.checks_required and build.unknown_labels is None,
            )
        )
        sets.extend(subject.metadata[1:])
    levels: dict[str, dict[str, MetadataEntry]] = {}
    for level, entry in build.annotations:
        levels.setdefault(level, {})[entry.key] = _placed(entry, anchor)
    build_anchor = build.location if build.location.path else anchor
    for level, by_key in levels.items():
        kind, _, platform = level.partition("[")
        where = _LEVEL_NAMES.get(kind, kind)
        if platform:
            where += f" for {platform.rstrip(']')}"
        sets.append(
            Metadata(
                kind="annotations",
                entries=tuple(by_key.values()),
                anchor=build_anchor,
                checks_required=False,
                description=f"the {where} of {what}",
            )
        )
    pushed = tuple(
        ImageUse(
            text=name.text,
            written=name.written,
            kind=ImageUseKind.PUSH,
            location=name.location if name.location.path else build_anchor,
            unresolved=name.unresolved,
        )
        for name in build.names
    )
    return dataclasses.replace(
        subject,
        metadata=tuple(sets),
        image_uses=subject.image_uses + pushed,
        build=build,
    )


def annotation_sets(build: Build) -> Mapping[str, tuple[MetadataEntry, ...]]:
    levels: dict[str, dict[str, MetadataEntry]] = {}
    for level, entry in build.annotations:
        levels.setdefault(level, {})[entry.key] = entry
    return {level: tuple(entries.values()) for level, entries in levels.items()}


def pragmas(build: Build) -> dict[str, Any]:
    """`# ocilint: ignore=CODE` comments in the build's files (also `// …` in HCL): each covers
    the next line that is not a comment, a `global ignore=` the whole file."""
    from ocilint.pragmas import suppressions

    found: dict[str, Any] = {}
    for path, text in build.sources.items():
        comments: list[tuple[int, str]] = []
        spans: list[tuple[int, int]] = []
        for number, line in enumerate(text.split("\n"), start=1):
            stripped = line.strip()
            if stripped.startswith(("#", "//")):
                comments.append((number, "#" + stripped.lstrip("#/")))
            elif stripped:
                spans.append((number, number))
        if any("ocilint" in comment for _, comment in comments):
            found[path] = suppressions(comments, spans)
    return found


def name_findings(findings: Iterable[Finding], build: Build) -> list[Finding]:
    """Findings that say which build they are about (a Dockerfile may serve several)."""
    suffix = f" [build: {build.name}]"
    return [dataclasses.replace(f, message=f.message + suffix) for f in findings]
