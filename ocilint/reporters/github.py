"""GitHub Actions workflow commands (`--format github`): one annotation per finding.

    ::error file=Dockerfile,line=2,endLine=2,col=6,endColumn=7,title=OCL201 invalid-…::message

Severity error → `::error`, warning → `::warning`, info → `::notice`. Paths are relative to
the repository root, as GitHub expects; positions that are unknown are left out. Data and
property values are escaped as GitHub's toolkit (`@actions/core`) does. An image finding is
annotated on the `--dockerfile` when one is given, else without a file (shown on the run).
Inputs that could not be checked become `::error title=ocilint::…`.
"""

from __future__ import annotations

from ocilint.model import Finding, Severity
from ocilint.reporters import Report
from ocilint.reporters.locations import Place, place
from ocilint.terminal import visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """GitHub's escapes, then any other control character (and a non-UTF-8 file name's bytes)
    shown escaped, so a log line cannot be forged or drive the terminal."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(escaped)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + listed if listed else ''}::{escape_data(message)}"


def annotation(finding: Finding, where: Place) -> str:
    location = where.location
    properties: dict[str, object] = {}
    if where.path is not None:
        properties["file"] = where.path
        if location.line is not None:
            properties["line"] = location.line
            end_line = location.end_line if location.end_line is not None else location.line
            properties["endLine"] = end_line
            if location.column is not None:
                properties["col"] = location.column
                if location.end_column is not None:
                    properties["endColumn"] = location.end_column
    properties["title"] = f"{finding.code} {finding.name}".strip()
    message = finding.message
    if where.image is not None:
        message = f"{where.image.name}: {message}"
    if finding.fix:
        message += f" (fix: {finding.fix})"
    return command(COMMANDS[finding.severity], properties, message)


def render(report: Report) -> str:
    lines = [annotation(finding, place(report, finding)) for finding in report.findings]
    lines += [command("error", {"title": "ocilint"}, error) for error in report.errors]
    return "".join(line + "\n" for line in lines)
