"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (`--format sarif`).

One run. `tool.driver.rules` describes every rule that produced a result, with help generated
from the rule's docstring. Each result has a level, a message, one location and a
`partialFingerprints.primaryLocationLineHash` (see `ocilint.reporters.locations`):

- a file finding: `artifactLocation.uri` relative to `%SRCROOT%` (the repository root, given in
  `originalUriBaseIds`; absolute `file:` URIs outside it) and a `region` with what is known of
  start/end line and column (`startLine` 1 for a finding about the whole file, as GitHub needs
  a line);
- an image finding: a logical location naming the reference and digest, plus, with
  `check image-ref --dockerfile PATH`, that Dockerfile's `LABEL` setting the key (else its last
  `FROM`). GitHub shows alerts only for file locations.

GitHub's limits are respected by leaving out the least severe results (noted in the run's
`properties` and in a tool notification) rather than producing a file GitHub would reject.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ocilint.model import Finding, Location, Severity
from ocilint.reporters import Report
from ocilint.reporters.locations import Place, fingerprints, place
from ocilint.rule import Rule
from ocilint.terminal import json_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
PROJECT_URI = "https://github.com/ocilint/ocilint"
RULE_DOCS_URI = PROJECT_URI + "/blob/main/docs/rules/{name}.md"
SRCROOT = "%SRCROOT%"
PRECISION = "high"  # ocilint's rules are deterministic checks, not heuristics

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITIES = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
_SEMVER = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?\Z")


@dataclass(frozen=True, slots=True)
class Limits:
    """GitHub code scanning's upload limits (see docs: results above 25,000 are rejected)."""

    results: int = 25_000
    gzip_bytes: int = 10_000_000  # the compressed upload, 10 MB
    tags: int = 10  # GitHub keeps 10 tags per rule (and rejects more than 20)
    description: int = 1024  # shortDescription and fullDescription
    name: int = 255


GITHUB_LIMITS = Limits()


def render(report: Report, limits: Limits = GITHUB_LIMITS) -> str:
    findings = list(report.findings)
    keep = len(findings)
    while True:
        text = _dump(_log(report, findings, keep, limits))
        data = text.encode()
        if len(data) <= limits.gzip_bytes or keep == 0:
            return text
        size = len(gzip.compress(data))
        if size <= limits.gzip_bytes:
            return text
        keep = min(keep - 1, int(keep * limits.gzip_bytes / size * 0.95))


def _dump(document: dict[str, Any]) -> str:
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _log(report: Report, findings: list[Finding], keep: int, limits: Limits) -> dict[str, Any]:
    kept = _most_severe(findings, min(keep, limits.results))
    omitted = len(findings) - len(kept)
    places = [place(report, finding) for finding in findings]
    prints = fingerprints(findings, places)
    used = sorted({findings[index].code for index in kept})
    index_of = {code: position for position, code in enumerate(used)}
    driver: dict[str, Any] = {"name": "ocilint", "version": report.version}
    if _SEMVER.match(report.version):
        driver["semanticVersion"] = report.version
    driver["informationUri"] = PROJECT_URI
    driver["rules"] = [_rule_descriptor(report, code, limits) for code in used]
    run: dict[str, Any] = {"tool": {"driver": driver}}
    run["invocations"] = [_invocation(report, omitted, len(findings), limits)]
    if report.root:
        run["originalUriBaseIds"] = {
            SRCROOT: {
                "uri": _directory_uri(report.root),
                "description": {"text": "The repository root (git top-level directory)."},
            }
        }
    run["results"] = [
        _result(findings[index], places[index], prints[index], index_of[findings[index].code])
        for index in kept
    ]
    run["columnKind"] = "unicodeCodePoints"
    if omitted:
        run["properties"] = {
            "truncated": True,
            "omittedResults": omitted,
            "reason": _omitted_note(omitted, len(findings), limits),
        }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _most_severe(findings: list[Finding], count: int) -> list[int]:
    """Indexes of the `count` most severe findings (earlier first among equals), in order."""
    ranked = sorted(range(len(findings)), key=lambda index: -findings[index].severity)
    return sorted(ranked[: max(count, 0)])


def _omitted_note(omitted: int, total: int, limits: Limits) -> str:
    return (
        f"{omitted} of {total} results were left out, the least severe first, to stay within "
        f"GitHub code scanning's limits ({limits.results} results per run, "
        f"{limits.gzip_bytes / 1_000_000:g} MB compressed)."
    )


def _invocation(report: Report, omitted: int, total: int, limits: Limits) -> dict[str, Any]:
    notifications = [
        {"level": "error", "message": {"text": sentence(f"could not check {error}")}}
        for error in report.errors
    ]
    if omitted:
        notifications.append(
            {"level": "warning", "message": {"text": _omitted_note(omitted, total, limits)}}
        )
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    if report.working_directory:
        invocation["workingDirectory"] = {"uri": _directory_uri(report.working_directory)}
    return invocation


def _rule_descriptor(report: Report, code: str, limits: Limits) -> dict[str, Any]:
    rule = report.rule(code)
    if rule is None:  # a finding from a rule that is not registered: describe what is known
        return {
            "id": code,
            "shortDescription": {"text": f"{code}."},
            "fullDescription": {"text": f"{code}."},
            "help": {"text": f"{code}."},
        }
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name[: limits.name],
        "shortDescription": {"text": _clipped(rule.summary, limits.description)},
        "fullDescription": {"text": _clipped(_flat(rule.description), limits.description)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "help": {"text": help_text(rule), "markdown": rule.markdown()},
    }
    if rule.plugin in ("", "ocilint"):
        descriptor["helpUri"] = RULE_DOCS_URI.format(name=rule.name)
    tags = list(dict.fromkeys([*rule.tags, *sorted(rule.applies_to)]))[: limits.tags]
    descriptor["properties"] = {
        "tags": tags,
        "precision": PRECISION,
        "problem.severity": PROBLEM_SEVERITIES[rule.severity],
    }
    return descriptor


def help_text(rule: Rule) -> str:
    """The rule's documentation as plain text: the Markdown page without heading marks."""
    lines = [line.removeprefix("## ").removeprefix("# ") for line in rule.markdown().splitlines()]
    return "\n".join(lines).replace("**", "").strip() + "\n"


def _result(finding: Finding, where: Place, fingerprint: str, rule_index: int) -> dict[str, Any]:
    message = finding.message
    if where.image is not None and where.path is not None:
        message = f"image `{where.image.name}`: {message}"
    text = sentence(message)
    if finding.fix:
        text += " " + sentence(f"Fix: {finding.fix}")
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [_location(finding, where)],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }


def _location(finding: Finding, where: Place) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if where.path is not None:
        if where.inside_root:
            artifact = {"uri": quote(os.fsencode(where.path), safe="/"), "uriBaseId": SRCROOT}
        else:
            artifact = {"uri": Path(where.path).as_uri()}
        location["physicalLocation"] = {
            "artifactLocation": artifact,
            "region": region(where.location),
        }
    if where.image is not None:
        location["logicalLocations"] = [
            {"name": where.image.text, "fullyQualifiedName": where.image.name, "kind": "resource"}
        ]
        properties = {}
        if finding.location.path != where.image.text:
            properties["document"] = finding.location.path  # e.g. `REF (config)`
        if finding.location.pointer:
            properties["jsonPointer"] = finding.location.pointer
        if properties:
            location["properties"] = properties
    return location


def region(location: Location) -> dict[str, int]:
    """What is known of the position; `startLine` 1 when the finding is about a whole file."""
    start = location.line if location.line is not None else 1
    result = {"startLine": start}
    if location.line is not None and location.column is not None:
        result["startColumn"] = location.column
    end_line = location.end_line if location.end_line is not None else location.line
    if end_line is None or end_line < start:
        return result
    result["endLine"] = end_line
    column, end_column = location.column, location.end_column
    if column is not None and end_column is not None and (end_line > start or end_column >= column):
        result["endColumn"] = end_column
    return result


def sentence(text: str) -> str:
    """`text` ending with a full stop, as SARIF viewers expect of messages."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _flat(text: str) -> str:
    return " ".join(text.split())


def _clipped(text: str, limit: int) -> str:
    """`text` as a sentence of at most `limit` characters (cut with `….` when longer)."""
    text = sentence(_flat(text))
    return text if len(text) <= limit else text[: limit - 2].rstrip() + "…."


def _directory_uri(path: str) -> str:
    uri = Path(path).as_uri()
    return uri if uri.endswith("/") else uri + "/"
