"""Helpers for the CI reporters: real Reports built in-process, and a git repository to run in."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from ocilint import __version__
from ocilint.model import Finding, Location, Severity
from ocilint.reporters import Report
from tests.conftest import builtin_manager, dedent

BAD = """
    # a comment
    FROM Alpine:latest
    LABEL org.opencontainers.image.licenses="Apache License 2.0" \\
          org.opencontainers.image.source="https://github.com/acme/app"
    """


def finding(
    code: str,
    path: str,
    line: int | None = None,
    column: int | None = None,
    end_line: int | None = None,
    end_column: int | None = None,
    *,
    message: str = "something is wrong",
    fix: str | None = None,
    severity: Severity | None = None,
    pointer: str | None = None,
) -> Finding:
    """A finding as the engine makes it: name and severity from the registered rule."""
    rule = next(rule for rule in builtin_manager().rules() if rule.code == code)
    return Finding(
        code,
        Location(path, line, column, end_line, end_column, pointer),
        message,
        fix,
        rule.name,
        severity if severity is not None else rule.severity,
    )


def make_report(findings: Sequence[Finding], **fields: Any) -> Report:
    return Report(
        findings=tuple(findings),
        checked=tuple(dict.fromkeys(f.location.path for f in findings)),
        rules=tuple(builtin_manager().rules()),
        version=__version__,
        **fields,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository (its realpath), with a bad Dockerfile at its root."""
    root = Path(os.path.realpath(tmp_path / "repo"))
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "Dockerfile").write_text(dedent(BAD), encoding="utf-8")
    return root
