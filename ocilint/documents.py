"""Image documents: recognising them, where their values are, and what metadata they carry.

Pure functions over bytes already read; the loaders in `ocilint/sources/` do the I/O.

- `load_json` parses a document and maps every JSON pointer to its 1-based line and column, so
  findings in a file point at the value the user can open.
- `recognise` tells an OCI or Docker manifest, index/manifest list, image config and
  `docker inspect` output apart, by media type where one is declared, else by structure.
- `metadata_of` turns config `Labels` and manifest/index `annotations` into the same
  `Metadata` the Dockerfile label rules check.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ocilint.budgets import DEFAULT_BUDGETS
from ocilint.errors import InputError
from ocilint.model import Document, DocumentKind, ImageSubject, Location, Metadata, MetadataEntry

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_EMPTY = "application/vnd.oci.empty.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_SCHEMA1 = (
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
)
MANIFEST_MEDIA_TYPES = (OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST)
KIND_BY_MEDIA_TYPE = {
    OCI_MANIFEST: DocumentKind.OCI_MANIFEST,
    OCI_INDEX: DocumentKind.OCI_INDEX,
    DOCKER_MANIFEST: DocumentKind.DOCKER_MANIFEST,
    DOCKER_MANIFEST_LIST: DocumentKind.DOCKER_MANIFEST_LIST,
    OCI_CONFIG: DocumentKind.OCI_CONFIG,
    DOCKER_CONFIG: DocumentKind.DOCKER_CONFIG,
}

# A JSON file named on the command line (inspect output), unless the configuration says
# otherwise; manifests and configs of images are read within the run's `Budgets` too.
MAX_FILE_BYTES = DEFAULT_BUDGETS.json_file_bytes

RECOGNISED = (
    "an OCI or Docker image manifest, an OCI image index or Docker manifest list, an OCI or "
    "Docker image config, or `docker inspect`/`podman inspect` output (looked for `mediaType`, "
    "`manifests`, `config` with `layers`, `rootfs` or `architecture` with `os`, or a list of "
    "objects with `Config`)"
)


class UnrecognisedDocument(ValueError):
    """JSON that is none of the documents ocilint checks."""


# --------------------------------------------------------------------------- JSON positions

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A string, or one bracket: enough to skip a container without parsing it.
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_STRING_OR_BRACKET = re.compile(rf"{_STRING}|[\[\]{{}}]")


def _nested(depth: int) -> str:
    """A container nested at most `depth` deep, matched without backtracking."""
    inner = _nested(depth - 1) if depth > 1 else None
    alternatives = [r'[^\[\]{}"]++', _STRING, *([inner] if inner else [])]
    return rf"[\[{{](?:{'|'.join(alternatives)})*+[\]}}]"


# Containers up to 4 deep are skipped in one match; deeper ones a level at a time.
_CONTAINER = re.compile(_nested(4))
_SCALAR = re.compile(r"[^,\]}\s]*")


def escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "".join(f"/{escape_pointer(str(token))}" for token in tokens)


class JsonPositions(Mapping[str, tuple[int, int]]):
    """The 1-based (line, column) of the value a JSON pointer names in `text`, found on demand.

    Memory stays proportional to the text: line starts are an array of offsets (built on the
    first lookup), and only the containers on the path of a looked-up pointer are indexed (their
    children's offsets, kept for the next lookup). Iterative, so deep nesting cannot exhaust the
    stack. Call only on text `json.loads` accepted; for a duplicated key the last one counts,
    as in `json.loads`.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # Positions already found, by offset: (offset, line, offset of that line's start).
        self._marks: list[tuple[int, int, int]] = [(0, 1, 0)]
        self._objects: dict[int, dict[str, int]] = {}
        self._arrays: dict[int, list[int]] = {}

    def _skip_whitespace(self, index: int) -> int:
        return _WHITESPACE.match(self.text, index).end()  # type: ignore[union-attr]

    def _skip_value(self, index: int) -> int:
        text = self.text
        char = text[index]
        if char == '"':
            from json.decoder import scanstring  # type: ignore[attr-defined]

            return int(scanstring(text, index + 1)[1])
        if char in "{[":
            depth = 0
            position = index
            while match := _STRING_OR_BRACKET.search(text, position):
                token = match.group()
                position = match.end()
                if token in "{[":
                    whole = _CONTAINER.match(text, match.start())
                    if whole is not None:
                        position = whole.end()
                        if depth == 0:
                            return position
                    else:
                        depth += 1
                elif token in "}]":
                    depth -= 1
                    if depth == 0:
                        return position
            return len(text)
        return _SCALAR.match(text, index).end()  # type: ignore[union-attr]

    def _members(self, index: int) -> dict[str, int]:
        """Key → value offset of the object at `index`."""
        cached = self._objects.get(index)
        if cached is not None:
            return cached
        from json.decoder import scanstring  # type: ignore[attr-defined]

        text, members = self.text, {}
        position = self._skip_whitespace(index + 1)
        while position < len(text) and text[position] == '"':
            key, position = scanstring(text, position + 1)
            position = self._skip_whitespace(self._skip_whitespace(position) + 1)  # past `:`
            members[key] = position
            position = self._skip_whitespace(self._skip_value(position))
            if position < len(text) and text[position] == ",":
                position = self._skip_whitespace(position + 1)
        self._objects[index] = members
        return members

    def _items(self, index: int) -> list[int]:
        """Offsets of the elements of the array at `index`."""
        cached = self._arrays.get(index)
        if cached is not None:
            return cached
        text, items = self.text, []
        position = self._skip_whitespace(index + 1)
        while position < len(text) and text[position] != "]":
            items.append(position)
            position = self._skip_whitespace(self._skip_value(position))
            if position < len(text) and text[position] == ",":
                position = self._skip_whitespace(position + 1)
        self._arrays[index] = items
        return items

    def offset(self, where: str) -> int | None:
        """The offset of the value `where` names, or None when it names nothing."""
        if where and not where.startswith("/"):
            return None
        index = self._skip_whitespace(0)
        for raw in where.split("/")[1:] if where else ():
            token = raw.replace("~1", "/").replace("~0", "~")
            char = self.text[index] if index < len(self.text) else ""
            if char == "{":
                found = self._members(index).get(token)
                if found is None:
                    return None
                index = found
            elif char == "[" and token.isdigit() and token.isascii():
                items = self._items(index)
                if int(token) >= len(items) or (token != "0" and token.startswith("0")):
                    return None
                index = items[int(token)]
            else:
                return None
        return index

    def position(self, offset: int) -> tuple[int, int]:
        """Counted from the nearest position found before: lookups in document order read the
        text once in all."""
        at = bisect.bisect_right(self._marks, (offset, 1 << 62, 0)) - 1
        start, line, line_start = self._marks[at]
        newlines = self.text.count("\n", start, offset)
        if newlines:
            line += newlines
            line_start = self.text.rfind("\n", start, offset) + 1
        if at == len(self._marks) - 1:  # in document order: kept, in O(1)
            self._marks.append((offset, line, line_start))
        return line, offset - line_start + 1

    def __getitem__(self, where: str) -> tuple[int, int]:
        offset = self.offset(where)
        if offset is None:
            raise KeyError(where)
        return self.position(offset)

    def __iter__(self) -> Iterator[str]:
        """Every pointer, in document order (for tests and tools; lookups never need it)."""
        stack = [("", self._skip_whitespace(0))]
        while stack:
            where, index = stack.pop()
            yield where
            char = self.text[index] if index < len(self.text) else ""
            if char == "{":
                members = self._members(index).items()
                children = [(f"{where}/{escape_pointer(k)}", v) for k, v in members]
            elif char == "[":
                children = [(f"{where}/{i}", v) for i, v in enumerate(self._items(index))]
            else:
                continue
            stack.extend(reversed(children))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def json_positions(text: str) -> JsonPositions:
    """Map the JSON pointer of every value in `text` to its (line, column), 1-based, lazily."""
    return JsonPositions(text)


def load_json(
    data: bytes, path: str, *, limit: int = MAX_FILE_BYTES, lines: bool = True
) -> tuple[Any, JsonPositions | None]:
    """Parse a JSON document; return it and, when `lines`, its pointer → position map."""
    import json

    if len(data) > limit:
        raise InputError(f"document is {len(data):,} bytes, over the {limit:,}-byte limit", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 JSON: invalid byte at offset {error.start}", path) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"invalid JSON: {error.msg} (column {error.colno})", path, error.lineno
        ) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path) from None
    except ValueError:  # int(): a number past Python's 4,300-digit limit
        raise InputError("invalid JSON: a number has more than 4,300 digits", path) from None
    return value, (json_positions(text) if lines else None)


# --------------------------------------------------------------------------- recognition


def recognise(data: Any, declared: str | None = None) -> DocumentKind:
    """What a parsed document is: by its media type (or the declared one), else by structure."""
    if isinstance(data, list):
        if data and all(
            isinstance(item, dict) and isinstance(item.get("Config"), dict) for item in data
        ):
            return DocumentKind.INSPECT
        raise UnrecognisedDocument(
            f"a JSON array that is not inspect output; expected {RECOGNISED}"
        )
    if not isinstance(data, dict):
        raise UnrecognisedDocument(f"a JSON {type(data).__name__}; expected {RECOGNISED}")
    media_type = data.get("mediaType") if isinstance(data.get("mediaType"), str) else None
    # What the container declares (Content-Type, a descriptor) wins; the body's own
    # `mediaType` is optional and may be absent.
    for candidate in (declared, media_type):
        if candidate in DOCKER_SCHEMA1:
            raise UnrecognisedDocument(
                "a Docker schema 1 manifest: deprecated since 2017 and not checked; push with a "
                "current client to get schema 2 or OCI"
            )
        if candidate in KIND_BY_MEDIA_TYPE:
            return KIND_BY_MEDIA_TYPE[candidate]
    # Structure alone, leniently: a malformed index or manifest is still one, for oci-schema
    # to report what is wrong with it.
    if "manifests" in data:
        return DocumentKind.OCI_INDEX
    if "config" in data and "layers" in data:
        return DocumentKind.OCI_MANIFEST
    if isinstance(data.get("Config"), dict) and ("Id" in data or "RepoTags" in data):
        return DocumentKind.INSPECT
    if "rootfs" in data or ("architecture" in data and "os" in data):
        docker_only = ("docker_version", "container_config", "container")
        if any(key in data for key in docker_only):
            return DocumentKind.DOCKER_CONFIG
        return DocumentKind.OCI_CONFIG
    if media_type is not None:
        raise UnrecognisedDocument(
            f"a document of media type `{media_type}`; expected {RECOGNISED}"
        )
    raise UnrecognisedDocument(f"JSON of unknown structure; expected {RECOGNISED}")


def artifact_type(document: Document) -> str | None:
    """The type of the artifact an OCI manifest describes, or None for a runnable image: its
    `artifactType`, else a config media type that is not an image config."""
    data = document.data
    if document.kind is not DocumentKind.OCI_MANIFEST or not isinstance(data, dict):
        return None
    declared = data.get("artifactType")
    if isinstance(declared, str) and declared:
        return declared
    config = data.get("config")
    config_type = config.get("mediaType") if isinstance(config, dict) else None
    if isinstance(config_type, str) and config_type != OCI_CONFIG:
        return config_type
    return None


def is_artifact(document: Document) -> bool:
    """An OCI manifest for something other than a runnable image (an artifact)."""
    return artifact_type(document) is not None


def platform_of(descriptor: Mapping[str, Any]) -> str | None:
    platform = descriptor.get("platform")
    if not isinstance(platform, dict):
        return None
    parts = [platform.get("os"), platform.get("architecture"), platform.get("variant")]
    return "/".join(str(part) for part in parts if isinstance(part, str) and part) or None


def platform_matches(wanted: str, candidate: str | None) -> bool:
    """`linux/arm64` matches `linux/arm64` and `linux/arm64/v8`; a variant must match exactly."""
    if candidate is None:
        return False
    want = wanted.lower().split("/")
    have = candidate.lower().split("/")
    if len(want) >= 3:
        return want[:3] == have[:3]
    return want == have[: len(want)]


# --------------------------------------------------------------------------- metadata


def _map_at(data: Any, tokens: tuple[str | int, ...]) -> Any:
    for token in tokens:
        if isinstance(data, dict) and isinstance(token, str):
            data = data.get(token)
        elif isinstance(data, list) and isinstance(token, int) and 0 <= token < len(data):
            data = data[token]
        else:
            return None
    return data


def _entries(
    document: Document, tokens: tuple[str | int, ...], origin: str
) -> Iterator[MetadataEntry]:
    values = _map_at(document.data, tokens)
    if not isinstance(values, dict):
        return
    base = pointer(*tokens)
    for key, value in values.items():
        where = f"{base}/{escape_pointer(key)}"
        location = document.location(where)
        text = value if isinstance(value, str) else None
        columns: tuple[int, ...] = ()
        if (
            text is not None
            and location.column is not None
            and len(text) <= _MAX_COLUMNS
            and "\\" not in _raw_hint(text)
        ):
            columns = tuple(location.column + 1 + i for i in range(len(text)))
        yield MetadataEntry(
            key=key,
            value=text if text is not None else _scalar(value),
            location=location,
            value_location=Location(
                location.path,
                location.line,
                (location.column or 0) + 1 if location.column else None,
                location.line,
                None,
                where,
            ),
            origin=origin,
            value_columns=columns,
        )


# Per-character columns cost memory per character: only for values of a sane length (a longer
# value's findings point at its start).
_MAX_COLUMNS = 64 * 1024


def _raw_hint(text: str) -> str:
    # Characters JSON must escape shift columns; give up precise columns for them.
    return "\\" if any(ch in text for ch in '"\\') or any(ord(ch) < 0x20 for ch in text) else ""


def _scalar(value: Any) -> str:
    import json

    return json.dumps(value)


def metadata_of(
    document: Document,
    *,
    checks_required: bool,
    description: str,
    origin: str = "",
) -> list[Metadata]:
    """The label or annotation sets one document carries."""
    kind = document.kind
    if kind is DocumentKind.INSPECT:
        # `docker inspect` prints a list; the Engine API's /images/{name}/json one object.
        items: list[tuple[tuple[int, ...], Any]] = (
            [((index,), item) for index, item in enumerate(document.data)]
            if isinstance(document.data, list)
            else [((), document.data)]
        )
        sets = []
        for prefix, item in items:
            name = _inspect_name(item, prefix[0] if prefix else 0)
            sets.append(
                Metadata(
                    kind="labels",
                    entries=tuple(_entries(document, (*prefix, "Config", "Labels"), origin)),
                    anchor=document.location(pointer(*prefix, "Config")),
                    checks_required=checks_required,
                    description=f"{description} ({name})" if prefix else description,
                )
            )
        return sets
    if kind.is_config:
        tokens: tuple[str | int, ...] = ("config", "Labels")
        anchor = (
            document.location(pointer("config"))
            if isinstance(_map_at(document.data, ("config",)), dict)
            else document.location("")
        )
        return [
            Metadata(
                kind="labels",
                entries=tuple(_entries(document, tokens, origin)),
                anchor=anchor,
                checks_required=checks_required,
                description=description,
            )
        ]
    if kind is DocumentKind.DOCKER_MANIFEST_LIST:
        return []  # cannot carry annotations; manifest-list-without-annotations says so
    return [
        Metadata(
            kind="annotations",
            entries=tuple(_entries(document, ("annotations",), origin)),
            anchor=document.location(""),
            checks_required=checks_required,
            description=description,
        )
    ]


def _inspect_name(item: Any, index: int) -> str:
    tags = item.get("RepoTags") if isinstance(item, dict) else None
    if isinstance(tags, list) and tags and isinstance(tags[0], str):
        return tags[0]
    identifier = item.get("Id") if isinstance(item, dict) else None
    return str(identifier)[:19] if identifier else f"item {index}"


def parse_document(
    data: bytes,
    path: str,
    declared: str | None,
    *,
    limit: int,
    digest: str | None = None,
    platform: str | None = None,
    lines: bool = False,
) -> Document:
    """Parse and recognise one document; `lines` maps its pointers to positions (for a file)."""
    import hashlib

    value, positions = load_json(data, path, limit=limit, lines=lines)
    try:
        kind = recognise(value, declared)
    except UnrecognisedDocument as error:
        raise InputError(f"not an image document: {error}", path) from None
    return Document(
        kind=kind,
        data=value,
        path=path,
        digest=digest or f"sha256:{hashlib.sha256(data).hexdigest()}",
        size=len(data),
        media_type=declared,
        platform=platform,
        lines=positions,
    )


def json_file_subject(path: str, data: bytes, *, limit: int = MAX_FILE_BYTES) -> ImageSubject:
    """An image document read from a file (at most `limit` bytes): findings point at its lines."""
    document = parse_document(data, path, None, limit=limit, lines=True)
    kind = document.kind
    # Labels are what registries read for a single image, index annotations for a
    # multi-platform one; a manifest alone does not show its config, so nothing is required of it.
    required = kind.is_config or kind in (DocumentKind.INSPECT, DocumentKind.OCI_INDEX)
    if is_artifact(document):
        required = False
    described = {
        DocumentKind.OCI_INDEX: "the image index (registries show its annotations for a "
        "multi-platform image)",
        DocumentKind.INSPECT: "the inspected image",
    }.get(kind, f"the {'artifact manifest' if is_artifact(document) else kind.value}")
    return ImageSubject(
        path=path,
        documents=(document,),
        metadata=tuple(metadata_of(document, checks_required=required, description=described)),
        digest=document.digest,
    )
