"""What the build tools share: buildx's annotation syntax, metadata-action's generated keys,
and making metadata entries for values written in build files."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ocilint.annotations import (
    CREATED,
    DESCRIPTION,
    LICENSES,
    REVISION,
    SOURCE,
    TITLE,
    URL,
    VERSION,
)
from ocilint.model import Location, MetadataEntry, PushedName

# buildx `--annotation [TYPES][PLATFORM]:KEY=VALUE` and BuildKit's `annotation-TYPE[PLATFORM].KEY`.
ANNOTATION_TYPES = ("manifest", "index", "manifest-descriptor", "index-descriptor")
DEFAULT_ANNOTATION_TYPE = "manifest"
_TYPES_WITH_PLATFORM = re.compile(r"(?P<types>[a-z,-]*)(?:\[(?P<platform>[^\]]*)\])?\Z")

METADATA_ACTION = "docker/metadata-action"
METADATA_ACTION_TARGET = "docker-metadata-action"  # the Bake target its bake files define

_REPOSITORY = "the GitHub repository"
# The keys docker/metadata-action writes into its `labels` and `annotations` outputs
# (src/meta.ts getOCIAnnotationsWithCustoms): all present, values known only when it runs.
# Values whose form is guaranteed are not worth an info finding; the others say why.
METADATA_ACTION_KEYS: tuple[tuple[str, str], ...] = (
    (TITLE, ""),
    (
        DESCRIPTION,
        f"docker/metadata-action sets it to the description of {_REPOSITORY}, which is "
        "empty when the repository has none",
    ),
    (URL, ""),
    (SOURCE, ""),
    (VERSION, ""),
    (CREATED, ""),
    (REVISION, ""),
    (
        LICENSES,
        f"docker/metadata-action sets it to the SPDX id GitHub detects for {_REPOSITORY}'s "
        "license: empty when it finds none, `NOASSERTION` when it cannot tell",
    ),
)


class AnnotationSyntaxError(ValueError):
    pass


def parse_annotation(text: str) -> tuple[tuple[str, ...], str, str]:
    """(levels, key, value) of buildx's `[TYPE,...][PLATFORM]:KEY=VALUE`.

    A level is a type, with `[os/arch]` appended when a platform is named. Without a type the
    annotation goes to the image manifest, as buildx does.
    """
    spec, eq, value = text.partition("=")
    if not eq:
        raise AnnotationSyntaxError(f"annotation `{text}` has no `=`: expected [TYPES:]KEY=VALUE")
    prefix, colon, key = spec.partition(":")
    if not colon:
        return (DEFAULT_ANNOTATION_TYPE,), spec.strip(), value
    match = _TYPES_WITH_PLATFORM.match(prefix.strip())
    if match is None:
        raise AnnotationSyntaxError(f"annotation `{text}`: cannot read the type `{prefix}`")
    types = [part.strip() for part in (match.group("types") or "").split(",") if part.strip()]
    for kind in types:
        if kind not in ANNOTATION_TYPES:
            known = ", ".join(ANNOTATION_TYPES)
            raise AnnotationSyntaxError(
                f"annotation `{text}`: unknown type `{kind}` (types: {known})"
            )
    platform = match.group("platform")
    suffix = f"[{platform}]" if platform else ""
    levels = tuple(f"{kind}{suffix}" for kind in (types or [DEFAULT_ANNOTATION_TYPE]))
    return levels, key.strip(), value


def output_annotations(output: str) -> Iterator[tuple[str, str, str, int]]:
    """(level, key, value, offset) of each `annotation…` attribute of an `--output` value."""
    import csv  # here, not at the top: a plain Dockerfile run imports this module

    offset = 0
    for field in next(csv.reader([output]), []):
        start = output.find(field, offset)
        offset = max(offset, start + len(field)) if start >= 0 else offset
        name, eq, value = field.partition("=")
        name = name.strip()
        if not eq or not name.startswith("annotation"):
            continue
        head, dot, key = name.partition(".")
        if not dot:
            continue
        kind = head.removeprefix("annotation").removeprefix("-") or DEFAULT_ANNOTATION_TYPE
        match = _TYPES_WITH_PLATFORM.match(kind)
        if match is None or match.group("types") not in ANNOTATION_TYPES:
            continue
        platform = match.group("platform")
        level = match.group("types") + (f"[{platform}]" if platform else "")
        yield level, key, value, max(start, 0)


def level_type(level: str) -> str:
    return level.partition("[")[0]


def entry(
    key: str,
    value: str | None,
    location: Location,
    origin: str,
    *,
    value_location: Location | None = None,
    unknown_reason: str = "",
    unresolved: tuple[str, ...] = (),
) -> MetadataEntry:
    """A label or annotation written in a build file; columns map onto the value when known."""
    where = value_location or location
    columns: tuple[int, ...] = ()
    if value is not None and where.column is not None and "\n" not in value:
        columns = tuple(range(where.column, where.column + len(value)))
    return MetadataEntry(
        key=key,
        value=value,
        location=location,
        value_location=where,
        unresolved=unresolved,
        origin=origin,
        value_columns=columns,
        unknown_reason=unknown_reason,
    )


def metadata_action_entries(
    location: Location, origin: str, written: Iterable[MetadataEntry] = ()
) -> list[MetadataEntry]:
    """metadata-action's generated keys, then the `labels`/`annotations` input (which wins)."""
    result = {
        key: entry(key, None, location, origin, unknown_reason=reason)
        for key, reason in METADATA_ACTION_KEYS
    }
    for item in written:
        result[item.key] = item
    return list(result.values())


def pushed_name(
    written: str,
    location: Location,
    text: str,
    unresolved: Iterable[str],
    case_spans: Iterable[tuple[int, str]],
) -> PushedName:
    """A pushed name; `case_spans` are (offset in `text`, what was substituted there) for values
    that can hold capital letters. Those in the repository part (before `:tag` or `@digest`)
    become the name's `case_expressions`."""
    slash = text.rfind("/")
    colon = text.find(":", slash + 1)
    at = text.find("@")
    ends = [end for end in (colon, at) if end >= 0]
    name_end = min(ends) if ends else len(text)
    risky = tuple(dict.fromkeys(name for offset, name in case_spans if offset < name_end))
    return PushedName(
        written=written,
        text=text,
        location=location,
        unresolved=tuple(unresolved),
        case_expressions=risky,
    )


def split_key_value(text: str) -> tuple[str, str] | None:
    key, eq, value = text.partition("=")
    if not eq or not key.strip():
        return None
    return key.strip(), value


def relative_display(path: str) -> str:
    import os

    if os.path.isabs(path):
        try:
            shown = os.path.relpath(path)
        except ValueError:
            return path
        return path if shown.startswith("..") else shown
    return os.path.normpath(path)
