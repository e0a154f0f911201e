"""A user reads the text report: each finding is one short line that says what is wrong."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_ocilint


def test_unlabelled_dockerfile_gives_short_lines(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nRUN pip install app\n")
    result = run_ocilint("check", "--isolated", "Dockerfile", cwd=tmp_path)
    assert result.code == 1
    findings = [line for line in result.stdout.splitlines() if ": OCL" in line]
    assert findings == [
        "Dockerfile:1:1: OCL101 warning: missing required label "
        "`org.opencontainers.image.description` (fix: add "
        '`LABEL org.opencontainers.image.description="<one line about the image>"`)',
        "Dockerfile:1:1: OCL101 warning: missing required label "
        "`org.opencontainers.image.licenses` (fix: add "
        '`LABEL org.opencontainers.image.licenses="<SPDX expression, e.g. Apache-2.0>"`)',
        "Dockerfile:1:1: OCL101 warning: missing required label "
        "`org.opencontainers.image.source` (fix: add "
        '`LABEL org.opencontainers.image.source="https://github.com/OWNER/REPO"`)',
        "Dockerfile:1:6: OCL204 warning: image `python:3.12-slim` (FROM) is not pinned by digest "
        "(fix: pin it: `python:3.12-slim@sha256:<digest>`)",
    ]


def test_pathological_key_and_reference_stay_bounded(tmp_path: Path) -> None:
    key, path = "k" * 50_000, "a/" * 25_000
    (tmp_path / "Dockerfile").write_text(f"FROM {path}b:1\nLABEL {key}=1\n")
    result = run_ocilint("check", "--isolated", "Dockerfile", cwd=tmp_path)
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) < 1500, [len(line) for line in lines]
    assert any(": OCL109 " in line for line in lines)
    assert any(": OCL201 " in line for line in lines)
