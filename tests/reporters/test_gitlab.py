"""`--format gitlab`: a GitLab Code Quality report with stable fingerprints."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ocilint.model import Severity
from ocilint.reporters.gitlab import render
from ocilint.reporters.locations import ImageInput
from tests.conftest import run_ocilint
from tests.reporters.conftest import finding, make_report


def expected_fingerprint(path: str, code: str, line: str, occurrence: int = 1) -> str:
    """The documented recipe: path, rule, and a hash of the line's whitespace-normalised text."""
    content = " ".join(line.split())
    line_hash = hashlib.sha256(f"{code}\0{content}\0".encode()).hexdigest()[:16]
    return hashlib.sha256(f"{path}\0{code}\0{line_hash}:{occurrence}".encode()).hexdigest()


def gitlab(*args: str, cwd: Path) -> tuple[int, list[dict[str, Any]]]:
    result = run_ocilint(*args, "--isolated", "--format", "gitlab", cwd=cwd)
    document: list[dict[str, Any]] = json.loads(result.stdout)
    return result.code, document


def test_code_quality_report(repo: Path) -> None:
    code, document = gitlab("check", "Dockerfile", cwd=repo)
    from_line = "FROM Alpine:latest"
    label_line = 'LABEL org.opencontainers.image.licenses="Apache License 2.0" \\'
    assert code == 1
    assert document == [
        {
            "description": "OCL101: missing required label `org.opencontainers.image.description` "
            "(fix: add "
            '`LABEL org.opencontainers.image.description="<one line about the image>"`)',
            "check_name": "OCL101",
            "fingerprint": expected_fingerprint("Dockerfile", "OCL101", from_line),
            "severity": "minor",
            "location": {"path": "Dockerfile", "lines": {"begin": 2}},
        },
        {
            "description": "OCL201: invalid image reference `Alpine:latest` (FROM): repository "
            "name must be lowercase (fix: use `alpine:latest`)",
            "check_name": "OCL201",
            "fingerprint": expected_fingerprint("Dockerfile", "OCL201", from_line),
            "severity": "major",
            "location": {"path": "Dockerfile", "lines": {"begin": 2}},
        },
        {
            "description": "OCL103: `org.opencontainers.image.licenses`: `Apache License 2.0` "
            "is not an SPDX license id (fix: use `Apache-2.0`)",
            "check_name": "OCL103",
            "fingerprint": expected_fingerprint("Dockerfile", "OCL103", label_line),
            "severity": "major",
            "location": {"path": "Dockerfile", "lines": {"begin": 3}},
        },
    ]


def test_fingerprints_survive_lines_added_above(repo: Path) -> None:
    _, before = gitlab("check", "Dockerfile", cwd=repo)
    original = (repo / "Dockerfile").read_text()
    (repo / "Dockerfile").write_text("# new\n\nARG X=1\n" + original)
    _, after = gitlab("check", "Dockerfile", cwd=repo)
    assert [i["location"]["lines"]["begin"] for i in after] == [5, 5, 6]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert len({i["fingerprint"] for i in after}) == 3


def test_fingerprints_are_unique_for_identical_lines(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM alpine:3.20\nFROM alpine:3.20\n")
    _, document = gitlab("check", "--select", "OCL204", "Dockerfile", cwd=repo)
    assert [i["fingerprint"] for i in document] == [
        expected_fingerprint("Dockerfile", "OCL204", "FROM alpine:3.20", 1),
        expected_fingerprint("Dockerfile", "OCL204", "FROM alpine:3.20", 2),
    ]


def test_severity_mapping() -> None:
    report = make_report(
        [
            finding("OCL201", "Dockerfile", 1),
            finding("OCL204", "Dockerfile", 2),
            finding("OCL207", "Dockerfile", 3, severity=Severity.INFO),
        ]
    )
    assert [i["severity"] for i in json.loads(render(report))] == ["major", "minor", "info"]


def test_text_is_kept_verbatim_and_json_escaped() -> None:
    report = make_report(
        [finding("OCL201", "a: b, 100%/Dockerfile", message="50% of `a:b`,\nc", fix="x,y")]
    )
    text = render(report)
    assert '"description": "OCL201: 50% of `a:b`,\\nc (fix: x,y)"' in text
    (item,) = json.loads(text)
    assert item["location"] == {"path": "a: b, 100%/Dockerfile", "lines": {"begin": 1}}


def test_image_findings_use_the_reference_as_path() -> None:
    image = ImageInput("ghcr.io/acme/app:1.0", "sha256:" + "ab" * 32)
    (item,) = json.loads(render(make_report([finding("OCL106", image.text)], images=(image,))))
    assert item["location"] == {"path": "ghcr.io/acme/app:1.0", "lines": {"begin": 1}}
