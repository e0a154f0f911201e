"""Text for terminals: `path:line:col: CODE severity: message`, then the closing lines.

When more than one rule found something, the closing lines count the findings of each rule
(most frequent first, as `--statistics` does), so a long report can be triaged by rule; the
last line sums up the run.
"""

from __future__ import annotations

from ocilint.model import Severity
from ocilint.reporters import Report, location_text, plural
from ocilint.terminal import visible as _visible

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def render(report: Report) -> str:
    lines: list[str] = [_visible(image.describe()) for image in report.sources]
    for finding in report.findings:
        severity = _paint(finding.severity.label, _COLORS[finding.severity], report.color)
        code = _paint(finding.code, "1", report.color)
        line = f"{_visible(location_text(finding))}: {code} {severity}: {_visible(finding.message)}"
        if finding.fix:
            line += f" (fix: {_visible(finding.fix)})"
        lines.append(line)
    if len({finding.code for finding in report.findings}) > 1:
        from ocilint.reporters.statistics import rule_counts, table  # only for such reports

        counts = rule_counts(report.findings)
        lines.append("")
        lines.extend(table(counts))
        lines.append("`ocilint rule CODE` explains a rule.")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    checked = plural(len(report.checked), "input")
    failing = [f for f in report.findings if f.severity >= report.fail_on]
    if not report.findings:
        text = f"No problems found in {checked}."
    else:
        counts = report.counts()
        parts = ", ".join(
            plural(count, label) if label != "info" else f"{count} info"
            for label, count in counts.items()
            if count
        )
        # Findings about inputs that could not be loaded count no input as checked.
        where = f" in {checked}" if report.checked else ""
        text = f"Found {plural(len(report.findings), 'problem')} ({parts}){where}."
        if not failing:
            text += f" None at or above --fail-on {report.fail_on.label}."
    if report.errors:
        unreadable = f"{plural(len(report.errors), 'input')} could not be checked (see above)."
        return unreadable if not report.checked and not report.findings else f"{unreadable} {text}"
    return text
