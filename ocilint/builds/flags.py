"""The build a command line describes: `--label`, `--annotation`, `--platform` (as `docker buildx
build` spells them) and the same keys in the configuration (`labels`, `annotations`,
`platforms`), for repositories that build from scripts.

Such a build applies to every Dockerfile that no Bake, Compose or workflow build uses.
`--platform` alone is not a build: it says which platforms to check a Dockerfile for.
Values given on the command line are reported at the Dockerfile's `FROM`; values from the
configuration at their line in the configuration file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ocilint.builds import common
from ocilint.errors import ConfigError, UsageError
from ocilint.model import Build, Location, MetadataEntry

TOOL = "flags"


def _config_line(lines: Sequence[str], keys: Sequence[str], fallback: int | None) -> int | None:
    """The line of the configuration that writes one of `keys`: as a TOML key (quoted or
    bare), or as the start of a `"KEY=VALUE"` list item."""
    for number, line in enumerate(lines, start=1):
        for key in keys:
            escaped = re.escape(key)
            if re.match(rf"""^\s*(?:"{escaped}"|'{escaped}'|{escaped})\s*=""", line):
                return number
            if f'"{key}=' in line or f"'{key}=" in line:
                return number
    return fallback


def _read_lines(path: str | None) -> list[str]:
    if not path:
        return []
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read().split("\n")
    except OSError:
        return []


def command_line_build(args: Any, config: Any) -> Build | None:
    """The build the flags and configuration describe, or None when they add nothing."""
    labels_given: Sequence[str] = getattr(args, "label", None) or ()
    annotations_given: Sequence[str] = getattr(args, "annotation", None) or ()
    platforms_given: Sequence[str] = getattr(args, "platform", None) or ()
    if isinstance(platforms_given, str):
        platforms_given = [platforms_given]
    if not (
        labels_given or annotations_given or config.labels or config.annotations or config.platforms
    ):
        return None  # `--platform` alone only says which platforms to check the Dockerfile for
    lines = _read_lines(config.path)
    labels: dict[str, MetadataEntry] = {}
    annotations: list[tuple[str, MetadataEntry]] = []
    section = _config_line(lines, ("labels", "label"), None)
    for key, value in config.labels.items():
        line = _config_line(lines, (key,), section)
        where = Location(_shown(config.path), line)
        labels[key] = common.entry(key, value, where, "set by the configuration's `labels`")
    for text in config.annotations:
        try:
            levels, key, value = common.parse_annotation(text)
        except common.AnnotationSyntaxError as error:
            raise ConfigError(str(error), config.path) from None
        where = Location(
            _shown(config.path), _config_line(lines, ("annotations", "annotation"), None)
        )
        for level in levels:
            annotations.append(
                (level, common.entry(key, value, where, "set by the configuration's `annotations`"))
            )
    for text in labels_given:
        pair = common.split_key_value(text)
        if pair is None:
            raise UsageError(f"--label {text!r}: expected KEY=VALUE")
        labels[pair[0]] = common.entry(pair[0], pair[1], Location(""), "set by --label")
    for text in annotations_given:
        try:
            levels, key, value = common.parse_annotation(text)
        except common.AnnotationSyntaxError as error:
            raise UsageError(f"--annotation: {error}") from None
        for level in levels:
            annotations.append(
                (level, common.entry(key, value, Location(""), "set by --annotation"))
            )
    platforms = tuple(
        part.strip() for item in platforms_given for part in item.split(",") if part.strip()
    ) or tuple(config.platforms)
    return Build(
        name="the command line",
        tool=TOOL,
        location=Location(""),
        dockerfile=None,
        platforms=platforms,
        labels=tuple(labels.values()),
        annotations=tuple(annotations),
    )


def _shown(path: str | None) -> str:
    return common.relative_display(path) if path else ""
