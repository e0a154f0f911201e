"""GitLab Code Quality report (`--format gitlab`), for `artifacts: reports: codequality:`.

A JSON array with one object per finding: `description` (code, message and fix), `check_name`
(the rule code), `fingerprint`, `severity` and `location` (`path` relative to the repository
root, `lines.begin`; line 1 for a finding about a whole file). Severities: error → `major`,
warning → `minor`, info → `info` (ocilint has three levels; `critical` and `blocker` are not
used). The fingerprint hashes the path, the rule and the content of the finding's line (see
`ocilint.reporters.locations`), so it survives unrelated edits above the finding. An image
finding is reported on the `--dockerfile` when one is given, else with the reference as path.
An input that could not be checked is a `major` issue with `check_name` `ocilint-input-error`
on that input (exit status 2 says the same), so the report never looks clean by omission.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ocilint.model import Finding, Severity
from ocilint.reporters import InputFailure, Report
from ocilint.reporters.locations import Place, display_path, fingerprints, place
from ocilint.terminal import json_text

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(finding: Finding, where: Place, line_hash: str) -> dict[str, Any]:
    path = where.key
    description = f"{finding.code}: {finding.message}"
    if where.image is not None and where.path is not None:
        description = f"{finding.code}: {where.image.name}: {finding.message}"
    if finding.fix:
        description += f" (fix: {finding.fix})"
    fingerprint = hashlib.sha256(
        f"{path}\0{finding.code}\0{line_hash}".encode("utf-8", "surrogatepass")
    ).hexdigest()
    line = where.location.line if where.location.line is not None else 1
    return {
        "description": description,
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": path, "lines": {"begin": line}},
    }


INPUT_ERROR = "ocilint-input-error"


def failure_issue(report: Report, failure: InputFailure) -> dict[str, Any]:
    path = display_path(report, failure.path)[0] if failure.path else ""
    fingerprint = hashlib.sha256(
        f"{path}\0{INPUT_ERROR}\0{failure.message}".encode("utf-8", "surrogatepass")
    ).hexdigest()
    return {
        "description": f"{INPUT_ERROR}: could not check {failure.message}",
        "check_name": INPUT_ERROR,
        "fingerprint": fingerprint,
        "severity": "major",
        "location": {"path": path, "lines": {"begin": 1}},
    }


def render(report: Report) -> str:
    findings = list(report.findings)
    places = [place(report, finding) for finding in findings]
    hashes = fingerprints(findings, places)
    document = [
        issue(finding, where, line_hash)
        for finding, where, line_hash in zip(findings, places, hashes, strict=True)
    ]
    document += [failure_issue(report, failure) for failure in report.failures]
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
