"""Reporters turn the findings of a run into text: one module per output format.

A reporter is a callable taking a `Report` and returning the document to write. Built-in formats
are registered through the `ocilint_reporters` hook, like a plugin's would be.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from ocilint.hookspecs import hookimpl
from ocilint.model import Finding, Severity
from ocilint.rule import Rule

if TYPE_CHECKING:
    from ocilint.reporters.locations import DockerfileAnchors, ImageInput, SourceFile


@dataclass(frozen=True, slots=True)
class LoadedImage:
    """Where an image that was checked came from, and which digest was checked."""

    input: str  # the image-ref argument
    what: str  # "index", "manifest", "image config" or "image"
    digest: str | None
    source: str  # e.g. "registry ghcr.io (3 HTTP requests)", "OCI layout ./layout"
    platforms: tuple[str, ...] = ()

    def describe(self) -> str:
        """`oci:./layout:v1: index sha256:… from OCI layout ./layout (2 platforms: …)`."""
        digest = f" {self.digest}" if self.digest else ""
        counted = ""
        if len(self.platforms) > 1:
            counted = f" ({len(self.platforms)} platforms: {', '.join(self.platforms)})"
        return f"{self.input}: {self.what}{digest} from {self.source}{counted}"


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not be checked: which one (`path`, when known) and the whole line."""

    path: str | None
    message: str  # as in `Report.errors`: `path: what is wrong`


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a reporter may show about one run."""

    findings: tuple[Finding, ...]
    checked: tuple[str, ...]  # every file or reference checked, in order
    rules: tuple[Rule, ...]  # the whole registry, for rule metadata
    version: str
    fail_on: Severity = Severity.WARNING
    errors: tuple[str, ...] = ()  # inputs that could not be checked (exit status 2)
    failures: tuple[InputFailure, ...] = ()  # the same, with the input each names
    color: bool = False
    sources: tuple[LoadedImage, ...] = field(default=())  # images loaded, for the report
    # For CI formats (see `ocilint.reporters.locations`), filled in by `ocilint.commands.Run`:
    root: str | None = None  # repository root: git top-level of the working directory, else it
    working_directory: str | None = None  # absolute; relative finding paths are relative to it
    files: Mapping[str, SourceFile] = field(default_factory=lambda: MappingProxyType({}))
    images: tuple[ImageInput, ...] = ()  # `check image-ref` inputs, with the digests checked
    dockerfile: DockerfileAnchors | None = None  # `check image-ref --dockerfile`

    def counts(self) -> dict[str, int]:
        counts = {severity.label: 0 for severity in sorted(Severity, reverse=True)}
        for finding in self.findings:
            counts[finding.severity.label] += 1
        return counts

    def rule(self, code: str) -> Rule | None:
        for rule in self.rules:
            if rule.code == code:
                return rule
        return None


Reporter = Callable[[Report], str]


def _text(report: Report) -> str:
    from ocilint.reporters.text import render

    return render(report)


def _json(report: Report) -> str:
    from ocilint.reporters.json import render

    return render(report)


def _sarif(report: Report) -> str:
    from ocilint.reporters.sarif import render

    return render(report)


def _github(report: Report) -> str:
    from ocilint.reporters.github import render

    return render(report)


def _gitlab(report: Report) -> str:
    from ocilint.reporters.gitlab import render

    return render(report)


@hookimpl
def ocilint_reporters() -> dict[str, Reporter]:
    return {"text": _text, "json": _json, "sarif": _sarif, "github": _github, "gitlab": _gitlab}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def location_text(finding: Finding) -> str:
    location = finding.location
    text = location.path
    if location.line is not None:
        text += f":{location.line}"
        if location.column is not None:
            text += f":{location.column}"
    return text
