"""The `Rule` type: one check, its stable code, and the documentation users read.

A rule is usually written as a module (see `rules/`): a docstring with ruff's headings, constants
`CODE`, `NAME`, `SEVERITY`, `APPLIES_TO`, `DEFAULTS` and a pure `check(subject, options)`.
`Rule.from_module` turns such a module into a `Rule`; plugins may also build `Rule`s directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType
from typing import Any

from ocilint.model import Finding, Options, Severity

CODE_PATTERN = re.compile(r"[A-Z]{2,6}[0-9]{3,4}\Z")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
SUBJECT_KINDS = frozenset({"dockerfile", "reference", "image", "build"})
REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example")

CheckFunction = Callable[[Any, Options], Iterable[Finding]]


class RuleDefinitionError(ValueError):
    """A rule that does not meet the contract (bad code, name, severity or docs)."""


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    return value


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    applies_to: frozenset[str]
    check: CheckFunction
    doc: str
    defaults: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    enabled_by_default: bool = True
    tags: tuple[str, ...] = ()
    plugin: str = ""

    def __post_init__(self) -> None:
        if not CODE_PATTERN.match(self.code):
            raise RuleDefinitionError(
                f"rule code {self.code!r} must be 2-6 capital letters and 3-4 digits, e.g. ABC123"
            )
        if not NAME_PATTERN.match(self.name):
            raise RuleDefinitionError(f"rule {self.code}: name {self.name!r} must be kebab-case")
        if not isinstance(self.severity, Severity):
            raise RuleDefinitionError(f"rule {self.code}: SEVERITY must be an ocilint Severity")
        unknown = set(self.applies_to) - SUBJECT_KINDS
        if unknown or not self.applies_to:
            raise RuleDefinitionError(
                f"rule {self.code}: APPLIES_TO must name subject kinds among "
                f"{', '.join(sorted(SUBJECT_KINDS))}"
            )
        summary = self.summary
        if not summary:
            raise RuleDefinitionError(f"rule {self.code}: its docstring needs a summary line")

    @classmethod
    def from_module(cls, module: ModuleType, plugin: str = "") -> Rule:
        """Build a rule from a module with the constants and `check` described above."""
        try:
            return cls(
                code=module.CODE,
                name=module.NAME,
                severity=module.SEVERITY,
                applies_to=frozenset(module.APPLIES_TO),
                check=module.check,
                doc=(module.__doc__ or "").strip(),
                defaults=_freeze(dict(getattr(module, "DEFAULTS", {}))),
                enabled_by_default=getattr(module, "ENABLED_BY_DEFAULT", True),
                tags=tuple(getattr(module, "TAGS", ())),
                plugin=plugin,
            )
        except AttributeError as error:
            raise RuleDefinitionError(
                f"rule module {module.__name__} lacks {error.name or 'a required constant'}"
            ) from None

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    @property
    def sections(self) -> dict[str, str]:
        """The docstring's `## Heading` sections, in order, keyed by heading."""
        sections: dict[str, str] = {}
        current: str | None = None
        lines: list[str] = []
        for line in self.doc.splitlines():
            if line.startswith("## "):
                if current is not None:
                    sections[current] = "\n".join(lines).strip()
                current, lines = line[3:].strip(), []
            elif current is not None:
                lines.append(line)
        if current is not None:
            sections[current] = "\n".join(lines).strip()
        return sections

    @property
    def description(self) -> str:
        """The 'What it does' text, or the summary when the section is missing."""
        return self.sections.get("What it does", self.summary)

    def missing_sections(self) -> list[str]:
        sections = self.sections
        return [name for name in REQUIRED_SECTIONS if not sections.get(name)]

    def markdown(self) -> str:
        """The rule's page: a title with code, name and severity, then its documentation."""
        header = f"# {self.name} ({self.code})\n\n"
        meta = (
            f"Default severity: **{self.severity.label}**"
            f"{'' if self.enabled_by_default else ' (off by default: enable it with select)'}."
            f" Applies to: {', '.join(sorted(self.applies_to))}."
        )
        if self.plugin and self.plugin != "ocilint":
            meta += f" Provided by: {self.plugin}."
        body = self.doc.strip().splitlines()
        summary, rest = body[0], "\n".join(body[1:]).strip()
        return f"{header}{summary}\n\n{meta}\n\n{rest}\n"
