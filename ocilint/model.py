"""The data that flows through ocilint: severities, locations, findings, metadata and subjects.

Everything here is an immutable value with no I/O, so rules stay pure functions of their input.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered: INFO < WARNING < ERROR."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected error, warning or info)"
            ) from None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: a file position, a JSON pointer into a document, or a reference.

    Lines and columns are 1-based; columns count characters. `path` is the file as the user named
    it, `-` for standard input, or the image reference for findings about an image.
    """

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    pointer: str | None = None

    def sort_key(self) -> tuple[str, int, int]:
        return (self.path, self.line or 0, self.column or 0)


DIGEST_PLACEHOLDER = "sha256:<digest>"
"""Stands in an `Edit.replacement` for the digest a registry will give `Edit.resolve`."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from (`line`, `column`) up to (`end_line`, `end_column`), exclusive.

    Lines and columns are 1-based and count characters, as in `Location`. When `resolve` names
    an image reference, `ocilint fix` asks its registry for the digest the reference names now
    and puts it in place of `DIGEST_PLACEHOLDER` in `replacement` (pinning); such an edit is
    never made offline. `original` is the text the span must hold: an edit whose span holds
    anything else is not made.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str
    original: str | None = None
    resolve: str | None = None

    @classmethod
    def at(cls, location: Location, original: str, replacement: str) -> Edit | None:
        """Replace `original`, written on one line at `location`'s start, with `replacement`."""
        if location.line is None or location.column is None:
            return None
        end = location.column + len(original)
        return cls(location.line, location.column, location.line, end, replacement, original)


@dataclass(frozen=True, slots=True)
class Fix:
    """What to do about a finding: the imperative line people read and, when the change is
    mechanical and unambiguous, the edits `ocilint fix` makes. Build the line and the edits
    from the same values (`Fix.use` does: `use `X`` and the edit that writes X).

    `not_applied` says why a fix people can read has no edits (shown by `ocilint fix`).
    """

    message: str
    edits: tuple[Edit, ...] = ()
    not_applied: str | None = None

    @classmethod
    def use(
        cls,
        replacement: str,
        edit: Edit | None,
        template: str = "use `{}`",
        not_applied: str | None = None,
    ) -> Fix:
        """`use `X``, with `edit` (whose replacement must contain X) when one can be made."""
        if edit is not None and replacement not in edit.replacement:
            raise ValueError(f"edit {edit!r} does not write {replacement!r}")
        edits = (edit,) if edit is not None else ()
        return cls(template.format(replacement), edits, None if edits else not_applied)

    @property
    def needs_network(self) -> bool:
        return any(edit.resolve is not None for edit in self.edits)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by one rule.

    Rules create findings with `code`, `location`, `message` and, where they can, `fix` (what to
    do, in one imperative line) or `autofix` (that line with the edits that do it). The engine
    fills in `name` and `severity` from the rule and the configuration. A rule sets
    `max_severity` where the pattern matters less in one kind of subject (e.g. `latest` on the
    image about to be pushed): the severity is capped there.
    """

    code: str
    location: Location
    message: str
    fix: str | None = None
    name: str = ""
    severity: Severity = Severity.WARNING
    max_severity: Severity | None = None
    autofix: Fix | None = None  # the edits behind `fix`; `fix` defaults to its message

    def __post_init__(self) -> None:
        if self.autofix is None:
            return
        if self.fix is None:
            object.__setattr__(self, "fix", self.autofix.message)
        elif self.fix != self.autofix.message:
            raise ValueError(f"fix {self.fix!r} disagrees with its edits' {self.autofix.message!r}")

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (*self.location.sort_key(), self.code, self.message)


@dataclass(frozen=True, slots=True)
class MetadataEntry:
    """One label or annotation: a key, its value and where it was written.

    `value` is None when the value cannot be known statically (it depends on a build argument
    without a value or on the environment of an external base image); `unresolved` names the
    variables responsible. `value_location` points at the first character of the value and
    `value_columns[i]` is the column of `value[i]` when the value maps onto one source line.
    """

    key: str
    value: str | None
    location: Location
    value_location: Location
    unresolved: tuple[str, ...] = ()
    origin: str = ""
    value_columns: tuple[int, ...] = ()
    key_known: bool = True  # False when the key itself depends on an unknown variable
    unknown_reason: str = ""  # why a build tool's value cannot be known offline, for the report
    # Global ARGs the value used in a stage that did not declare them: empty there (Docker).
    out_of_scope: tuple[str, ...] = ()
    declare_after: int | None = None  # line of the stage's FROM, where `ARG NAME` belongs

    def value_position(self, index: int) -> Location:
        """The location of character `index` of the value, as precisely as it is known."""
        loc = self.value_location
        if self.value is None or not self.value_columns:
            return loc
        index = max(0, min(index, len(self.value_columns) - 1))
        column = self.value_columns[index]
        return Location(loc.path, loc.line, column, loc.line, column + 1, loc.pointer)


@dataclass(frozen=True, slots=True)
class Metadata:
    """A set of labels or annotations that one image (or index) ends up with.

    `entries` holds the effective key/value pairs (the last assignment of each key wins).
    `anchor` is where to report a key that is missing. `unknown_base` names an external base
    image whose own labels are inherited but cannot be known offline.
    """

    kind: str  # "labels" or "annotations"
    entries: tuple[MetadataEntry, ...]
    anchor: Location
    checks_required: bool = True
    unknown_base: str | None = None
    description: str = "image"

    def get(self, key: str) -> MetadataEntry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None

    def __iter__(self) -> Iterator[MetadataEntry]:
        return iter(self.entries)


class ImageUseKind(enum.StrEnum):
    FROM = "FROM"
    COPY_FROM = "COPY --from"
    MOUNT_FROM = "RUN --mount from"
    REFERENCE = "reference"
    PUSH = "pushed name"


@dataclass(frozen=True, slots=True)
class ImageUse:
    """An external image that a build pulls, or a reference given on the command line.

    `text` is the reference after variable substitution; `written` is how it appears in the source.
    When `unresolved` is non-empty the reference depends on unknown variables and cannot be checked.
    """

    text: str
    written: str
    kind: ImageUseKind
    location: Location
    unresolved: tuple[str, ...] = ()
    unset: tuple[str, ...] = ()  # undeclared variables that expanded as empty

    def describe(self) -> str:
        """`text` plus how it came about, e.g. `x//y` (FROM `x/$A/y`; `A` is not declared)."""
        if self.written == self.text:
            return f"`{_clip(self.text)}` ({self.kind})"
        note = ""
        if self.unset:
            names = ", ".join(f"`{name}`" for name in self.unset)
            note = f"; {names} {'is' if len(self.unset) == 1 else 'are'} not declared, so empty"
        return f"`{_clip(self.text)}` ({self.kind} `{_clip(self.written)}`{note})"


def _clip(text: str, limit: int = 512) -> str:
    """A reference for a message: a pathological one is cut, so a finding stays one line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class DockerfileSubject:
    """A Dockerfile, parsed and resolved for one build target."""

    path: str
    dockerfile: Any  # ocilint.dockerfile.Dockerfile; Any keeps this module free of parser imports
    target: Any  # ocilint.dockerfile.Stage
    metadata: tuple[Metadata, ...]
    image_uses: tuple[ImageUse, ...]
    platforms: tuple[str, ...] = ()  # target platforms this resolution stands for (--platform)
    kind: str = field(default="dockerfile", init=False)
    build: Build | None = None  # the build definition the image is checked for, if any
    base_labels: tuple[BaseLabels, ...] = ()  # external base images' labels, read with --online


@dataclass(frozen=True, slots=True)
class ReferenceSubject:
    """An image reference given on the command line (`ocilint check image-ref REF`)."""

    path: str
    text: str
    image_uses: tuple[ImageUse, ...]
    metadata: tuple[Metadata, ...] = ()
    kind: str = field(default="reference", init=False)


class DocumentKind(enum.StrEnum):
    """What a JSON document is, recognised by media type where present, else by structure."""

    OCI_MANIFEST = "OCI image manifest"
    DOCKER_MANIFEST = "Docker image manifest (schema 2)"
    OCI_INDEX = "OCI image index"
    DOCKER_MANIFEST_LIST = "Docker manifest list"
    OCI_CONFIG = "OCI image config"
    DOCKER_CONFIG = "Docker image config"
    INSPECT = "docker inspect output"

    @property
    def is_index(self) -> bool:
        return self in (DocumentKind.OCI_INDEX, DocumentKind.DOCKER_MANIFEST_LIST)

    @property
    def is_manifest(self) -> bool:
        return self in (DocumentKind.OCI_MANIFEST, DocumentKind.DOCKER_MANIFEST)

    @property
    def is_config(self) -> bool:
        return self in (DocumentKind.OCI_CONFIG, DocumentKind.DOCKER_CONFIG)


@dataclass(frozen=True, slots=True)
class Document:
    """One JSON document of an image, as read (never a layer).

    `path` is where findings about it are reported: the file, or `REF` / `oci:DIR` with the
    document's role (e.g. `oci:layout@sha256:…`). `lines` maps a JSON pointer to the 1-based
    (line, column) of its value when the document came from a file the user can open.
    """

    kind: DocumentKind
    data: Any
    path: str
    digest: str | None = None
    size: int | None = None
    media_type: str | None = None  # as declared by the container (Content-Type, descriptor)
    platform: str | None = None  # os/arch[/variant] for a platform's manifest and config
    lines: Mapping[str, tuple[int, int]] | None = None

    def location(self, pointer: str = "") -> Location:
        position = self.lines.get(pointer) if self.lines is not None else None
        if position is None:
            return Location(self.path, pointer=pointer)
        line, column = position
        return Location(self.path, line, column, line, None, pointer)


@dataclass(frozen=True, slots=True)
class ImageSubject:
    """A built image: its documents and the label/annotation sets they carry.

    For a multi-platform image, `documents` holds the index, then each platform's manifest and
    config; `metadata` holds the index annotations (which registries show for the image), then
    each platform's config labels and manifest annotations. `source` says where it was read
    from and `digest` which digest was checked, for the report.
    """

    path: str
    documents: tuple[Document, ...]
    metadata: tuple[Metadata, ...]
    source: str = "file"
    reference: str | None = None
    digest: str | None = None
    image_uses: tuple[ImageUse, ...] = ()
    notes: tuple[str, ...] = ()
    kind: str = field(default="image", init=False)


@dataclass(frozen=True, slots=True)
class PushedName:
    """A name a build pushes (`tags`, Bake `tags`, Compose `image`), as written and as checked.

    `text` is the name with what can be known substituted (a GitHub expression whose form is
    known, such as `github.repository`, becomes a placeholder of that form); `unresolved` names
    the parts that cannot be known. `case_expressions` are GitHub expressions in the repository
    part that can produce capital letters and that no tool lowercases.
    """

    written: str
    text: str
    location: Location
    unresolved: tuple[str, ...] = ()
    case_expressions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Build:
    """One image build: a Dockerfile plus what the build command, Bake, Compose or CI adds.

    `name` says which build it is in reports (`docker-bake.hcl target app`). `labels` overlay
    the target stage's labels; `annotations` are (level, entry) pairs with buildx's levels
    (`manifest`, `index`, `manifest-descriptor`, `index-descriptor`, optionally with
    `[os/arch]`). `platforms` is None when it cannot be known (a matrix or an expression).
    Every entry's location is where its value is written.
    """

    name: str
    tool: str  # "flags", "bake", "compose", "github-actions", or a plugin's name
    location: Location
    dockerfile: str | None  # path of the Dockerfile, None when it cannot be known
    target: str | None = None
    platforms: tuple[str, ...] | None = ()
    platforms_location: Location | None = None
    build_args: Mapping[str, str] = field(default_factory=dict)
    labels: tuple[MetadataEntry, ...] = ()
    annotations: tuple[tuple[str, MetadataEntry], ...] = ()
    names: tuple[PushedName, ...] = ()
    dockerfile_location: Location | None = None
    dockerfile_unknown: str = ""  # why `dockerfile` is None: what cannot be known offline
    # Labels or annotations the build adds from a source unknown offline (what, where it is).
    unknown_labels: tuple[str, Location] | None = None
    unknown_annotations: tuple[str, Location] | None = None
    # A Bake target inheriting `docker-metadata-action`: at CI time the action's bake files may
    # add annotations (bake-file-annotations) that the repository does not show.
    metadata_action_bake: bool = False
    # The text of the build file, for `# ocilint: ignore=…` comments in it (path -> text).
    sources: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BuildSubject:
    """A build whose Dockerfile cannot be checked (it cannot be known offline)."""

    path: str
    build: Build
    metadata: tuple[Metadata, ...] = ()
    image_uses: tuple[ImageUse, ...] = ()
    kind: str = field(default="build", init=False)


@dataclass(frozen=True, slots=True)
class BaseLabels:
    """The config labels of an external base image, read from its registry with `--online`."""

    image: ImageUse
    digest: str | None
    labels: Mapping[str, str]


Subject = DockerfileSubject | ReferenceSubject | ImageSubject

Options = Mapping[str, Any]
