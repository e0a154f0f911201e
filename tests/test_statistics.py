"""A newcomer triages a long report: `--statistics`, the per-rule closing lines, and summaries
that read as English."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import run_ocilint
from tests.images import OCI_MANIFEST
from tests.servers import Serve, sha256_digest

UNLABELLED = "FROM debian:12\n"
LATEST = "FROM python:latest\nLABEL author=me\n"


def project(tmp_path: Path) -> Path:
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "Dockerfile").write_text(UNLABELLED)
    (tmp_path / "web.Dockerfile").write_text(LATEST)
    return tmp_path


def test_user_counts_findings_per_rule_with_statistics(tmp_path: Path) -> None:
    result = run_ocilint("check", "--isolated", "--statistics", ".", cwd=project(tmp_path))
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "6  OCL101  missing-required-label        warning",
        "2  OCL204  unpinned-image                warning",
        "1  OCL109  label-key-not-reverse-domain  warning",
        "1  OCL203  image-latest-tag              warning",
    ]


def test_user_reads_statistics_as_json(tmp_path: Path) -> None:
    args = ("check", "--isolated", "--statistics", "--format", "json", "--select", "OCL2", ".")
    result = run_ocilint(*args, cwd=project(tmp_path))
    assert result.code == 1
    assert json.loads(result.stdout) == [
        {"code": "OCL204", "name": "unpinned-image", "severity": "warning", "count": 2},
        {"code": "OCL203", "name": "image-latest-tag", "severity": "warning", "count": 1},
    ]


def test_statistics_in_a_ci_format_is_a_usage_error(tmp_path: Path) -> None:
    args = ("check", "--isolated", "--statistics", "--format", "sarif", ".")
    result = run_ocilint(*args, cwd=project(tmp_path))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "ocilint: --statistics prints text or json, not `sarif`\n"


def test_text_report_closes_with_a_count_per_rule(tmp_path: Path) -> None:
    result = run_ocilint("check", "--isolated", "--select", "OCL2", ".", cwd=project(tmp_path))
    assert result.code == 1
    assert result.stdout.splitlines()[-5:] == [
        "",
        "2  OCL204  unpinned-image    warning",
        "1  OCL203  image-latest-tag  warning",
        "`ocilint rule CODE` explains a rule.",
        "Found 3 problems (3 warnings) in 2 inputs.",
    ]


def test_one_rule_needs_no_per_rule_lines(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(UNLABELLED)
    result = run_ocilint("check", "--isolated", "--select", "OCL204", "Dockerfile", cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == "Found 1 problem (1 warning) in 1 input."
    assert len(result.stdout.splitlines()) == 2


def test_summary_counts_no_inputs_when_none_could_be_loaded() -> None:
    # Port 1 on loopback refuses connections: the reference is checked, the image is not.
    result = run_ocilint("check", "image-ref", "--isolated", "docker://127.0.0.1:1/app")
    assert result.code == 2
    last = result.stdout.splitlines()[-1]
    assert re.fullmatch(
        r"1 input could not be checked \(see above\)\. Found 1 problem \(1 \w+\)\."
        r"( None at or above --fail-on warning\.)?",  # OCL202 is info on the reference to push
        last,
    ), last


def test_report_line_counts_one_http_request_in_the_singular(
    fault_server: Any, tmp_path: Path
) -> None:
    # An OCI artifact: its manifest is the one document read (its empty config is not).
    empty = sha256_digest(b"{}")
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "artifactType": "application/vnd.cncf.helm.chart.v1.tar+gzip",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": empty, "size": 2},
        "layers": [],
    }
    fault_server.manifest("acme/chart", "1.0", Serve(json.dumps(manifest).encode(), OCI_MANIFEST))
    env = {"DOCKER_CONFIG": str(tmp_path), "REGISTRY_AUTH_FILE": ""}
    reference = "docker://" + fault_server.reference("acme/chart", "1.0")
    result = run_ocilint("check", "image-ref", "--isolated", reference, env=env)
    first = result.stdout.splitlines()[0]
    assert first.endswith("(1 HTTP request)"), (first, result.stderr)
