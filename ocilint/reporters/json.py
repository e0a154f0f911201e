"""JSON: one object, `{"version", "findings", "summary"}`. A public contract: add, never remove.

Each finding: `code`, `name`, `severity` (`error`|`warning`|`info`), `message`, `fix`, `path`,
`line`, `end_line`, `column`, `end_column` (1-based; `end_column` is the column after the last
character; each `null` when unknown) and `pointer` (a JSON pointer into a document, or `null`).
For `check image-ref`, `images` says where each image was read from and which digest was checked.
"""

from __future__ import annotations

import json
from typing import Any

from ocilint.model import Finding
from ocilint.reporters import Report
from ocilint.terminal import json_text


def finding_object(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.label,
        "message": finding.message,
        "fix": finding.fix,
        "path": location.path,
        "line": location.line,
        "end_line": location.end_line if location.end_line is not None else location.line,
        "column": location.column,
        "end_column": location.end_column,
        "pointer": location.pointer,
    }


def render(report: Report) -> str:
    counts = report.counts()
    document = {
        "version": report.version,
        "findings": [finding_object(finding) for finding in report.findings],
        "summary": {
            "inputs": len(report.checked),
            "findings": len(report.findings),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "info": counts["info"],
            "fail_on": report.fail_on.label,
            "failed": any(f.severity >= report.fail_on for f in report.findings),
            "unreadable": list(report.errors),
        },
    }
    if report.sources:
        document["images"] = [
            {
                "input": image.input,
                "document": image.what,
                "digest": image.digest,
                "source": image.source,
                "platforms": list(image.platforms),
            }
            for image in report.sources
        ]
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
