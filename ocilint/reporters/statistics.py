"""`--statistics`: how many findings each rule produced, most frequent first (as ruff prints).

Text: one line per rule, `COUNT  CODE  NAME  SEVERITY`. JSON: a list of objects with `code`,
`name`, `severity` and `count`. Only rules that found something are listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ocilint.model import Finding, Severity

FORMATS = ("text", "json")


@dataclass(frozen=True, slots=True)
class RuleCount:
    code: str
    name: str
    severity: Severity  # the most severe of the rule's findings (severities may be overridden)
    count: int


def rule_counts(findings: Iterable[Finding]) -> list[RuleCount]:
    """Per-rule counts, most frequent first, then by code."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    severities: dict[str, Severity] = {}
    for finding in findings:
        counts[finding.code] += 1
        names.setdefault(finding.code, finding.name)
        severities[finding.code] = max(
            severities.get(finding.code, finding.severity), finding.severity
        )
    return [
        RuleCount(code, names[code], severities[code], count)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def table(counts: list[RuleCount], indent: str = "") -> list[str]:
    """Aligned text lines: `COUNT  CODE  NAME  SEVERITY`."""
    if not counts:
        return []
    count_width = max(len(str(item.count)) for item in counts)
    code_width = max(len(item.code) for item in counts)
    name_width = max(len(item.name) for item in counts)
    return [
        f"{indent}{item.count:>{count_width}}  {item.code:<{code_width}}  "
        f"{item.name:<{name_width}}  {item.severity.label}".rstrip()
        for item in counts
    ]


def render(findings: Iterable[Finding], output_format: str) -> str:
    counts = rule_counts(findings)
    if output_format == "json":
        import json

        document = [
            {"code": c.code, "name": c.name, "severity": c.severity.label, "count": c.count}
            for c in counts
        ]
        return json.dumps(document, indent=2) + "\n"
    return "".join(line + "\n" for line in table(counts))
