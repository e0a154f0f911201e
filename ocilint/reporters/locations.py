"""Where CI systems show a finding: repository paths, image placement and stable fingerprints.

Shared by the SARIF, GitHub and GitLab reporters. `place` and `fingerprints` are pure functions
of the `Report`; `read_source` and `dockerfile_anchors` (and `ocilint.reading.repository_root`)
do the little I/O they need and are called once, by `ocilint.commands.Run`, before the
reporters run.

Fingerprints follow the idea of CodeQL's `primaryLocationLineHash`: a hash of the finding's
own line *content* (whitespace-normalised), never its line number, plus an occurrence counter
that tells identical lines apart. Adding or removing unrelated lines above a finding therefore
leaves its fingerprint unchanged; editing the line itself changes it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ocilint.model import Finding, Location

if TYPE_CHECKING:
    from ocilint.reporters import Report

STDIN_NAME = "stdin"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A reported file as CI reporters need it: its real location and its lines."""

    real_path: str  # absolute, symbolic links resolved (GitHub ignores results in symlinks)
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImageInput:
    """An image named on the command line of `ocilint check image-ref`."""

    text: str  # as the user wrote it
    digest: str | None = None  # the digest checked, or the one the reference names

    @property
    def name(self) -> str:
        """The reference with its digest, e.g. `ghcr.io/acme/app:1.0@sha256:…`."""
        if self.digest and not self.text.endswith(self.digest):
            return f"{self.text}@{self.digest}"
        return self.text


@dataclass(frozen=True, slots=True)
class DockerfileAnchors:
    """Where image findings go when `--dockerfile` names the Dockerfile the image is built from.

    A finding about a label (found from its JSON pointer) goes to the `LABEL` that sets the key
    in the last stage; any other image finding goes to the last `FROM`, or line 1.
    """

    path: str
    labels: Mapping[str, Location]
    fallback: Location


@dataclass(frozen=True, slots=True)
class Place:
    """Where to show one finding.

    `path` is the file relative to the repository root (with `/`), an absolute path for files
    outside it, or None for an image finding without a Dockerfile to show it on.
    """

    path: str | None
    inside_root: bool
    location: Location
    image: ImageInput | None
    line_text: str | None  # the content of `location.line`, when known

    @property
    def key(self) -> str:
        """What identifies the artifact: its path, else the image as written (no digest)."""
        return self.path if self.path is not None else self.image.text if self.image else ""


def place(report: Report, finding: Finding) -> Place:
    image = _image_of(report, finding)
    if image is None:
        return _file_place(report, finding.location.path, finding.location, None)
    anchors = report.dockerfile
    if anchors is None:
        return Place(None, False, finding.location, image, None)
    key = label_key(finding.location.pointer)
    anchor = anchors.labels.get(key, anchors.fallback) if key else anchors.fallback
    return _file_place(report, anchors.path, anchor, image)


def display_path(report: Report, path: str) -> tuple[str, bool]:
    """`path` relative to the repository root with `/` (and True), else absolute (and False)."""
    if path == "-":
        return STDIN_NAME, True
    source = report.files.get(path)
    base = report.working_directory or ""
    absolute = source.real_path if source else os.path.normpath(os.path.join(base, path))
    root = report.root
    if not os.path.isabs(absolute):
        return absolute.replace(os.sep, "/"), True
    if root and (absolute == root or absolute.startswith(root.rstrip(os.sep) + os.sep)):
        return os.path.relpath(absolute, root).replace(os.sep, "/"), True
    return absolute, False


def fingerprints(findings: Sequence[Finding], places: Sequence[Place]) -> list[str]:
    """`<16 hex>:<n>` per finding: a hash of code and line content, and its occurrence number."""
    import hashlib  # here: only CI formats fingerprint, and hashlib costs ~2 ms at start-up

    seen: dict[tuple[str, str], int] = {}
    result = []
    for finding, where in zip(findings, places, strict=True):
        content = " ".join((where.line_text or "").split())
        pointer = finding.location.pointer or ""
        digest = hashlib.sha256(
            f"{finding.code}\0{content}\0{pointer}".encode("utf-8", "surrogatepass")
        ).hexdigest()[:16]
        count = seen[where.key, digest] = seen.get((where.key, digest), 0) + 1
        result.append(f"{digest}:{count}")
    return result


def label_key(pointer: str | None) -> str | None:
    """The label or annotation key a JSON pointer names (`/config/Labels/<key>`), if any."""
    if not pointer:
        return None
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]
    for index, part in enumerate(parts[:-1]):
        if part.lower() in ("labels", "annotations"):
            return parts[index + 1]
    return None


def _image_of(report: Report, finding: Finding) -> ImageInput | None:
    if not report.images:
        return None
    path = finding.location.path
    matches = [image for image in report.images if path.startswith(image.text)]
    return max(matches, key=lambda image: len(image.text)) if matches else ImageInput(path)


def _file_place(report: Report, path: str, location: Location, image: ImageInput | None) -> Place:
    shown, inside = display_path(report, path)
    source = report.files.get(path)
    line_text = None
    if source is not None and location.line is not None and location.line <= len(source.lines):
        line_text = source.lines[location.line - 1]
    return Place(shown, inside, location, image, line_text)


# --------------------------------------------------------------------------- at the edge (I/O)


def read_source(path: str) -> SourceFile | None:
    """A reported file's real path and lines, or None when it is not a readable file."""
    if path == "-" or not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    return SourceFile(os.path.realpath(path), split_lines(data.decode("utf-8", errors="replace")))


def split_lines(text: str) -> tuple[str, ...]:
    """Physical lines as the Dockerfile parser numbers them (`\\n`-separated, BOM dropped)."""
    text = text.removeprefix("\ufeff")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def dockerfile_anchors(path: str, text: str) -> DockerfileAnchors:
    """The LABEL of each key in the last stage, and the last FROM (else line 1), of a Dockerfile."""
    from ocilint import dockerfile
    from ocilint.errors import InputError
    from ocilint.shell import ExpansionLimitError

    try:
        model = dockerfile.load(text)
    except ExpansionLimitError as error:
        raise InputError(error.message, path, error.line) from None
    lines = split_lines(text)
    first = lines[0] if lines else ""
    fallback = Location(path, 1, 1, 1, len(first) + 1)
    if not model.stages:
        return DockerfileAnchors(path, {}, fallback)
    stage = model.stages[-1]
    labels, _ = model.effective_labels(stage)
    at = {
        key: Location(path, label.line, label.column, label.end_line, label.end_column)
        for key, label in labels.items()
    }
    instruction = stage.from_instruction
    line = instruction.start_line
    text_of_line = lines[line - 1] if line <= len(lines) else ""
    column = len(text_of_line) - len(text_of_line.lstrip()) + 1
    end = len(text_of_line.rstrip()) + 1
    return DockerfileAnchors(path, at, Location(path, line, column, line, max(end, column)))
