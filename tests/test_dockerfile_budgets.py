"""Hostile Dockerfiles: work stays linear, depth costs no recursion, and the caps hold.

Each test runs the real command on a generated file with a generous wall-clock limit (the
subprocess timeout), never a timing assertion: a quadratic regression turns 100k lines into
minutes and fails here, while a busy CI machine does not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ocilint.dockerfile import MAX_INSTRUCTIONS, MAX_STAGES

SHA = "@sha256:" + "a" * 64


def run_check(path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ocilint", "check", "--format", "json", *args, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_dockerfile_with_100k_stages_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(
        "".join(f"FROM alpine:3.20{SHA} AS s{i}\n" for i in range(100_000)), encoding="utf-8"
    )
    result = run_check(path, "--select", "OCL001,OCL204")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["findings"] == []


def test_100k_copy_from_an_earlier_stage_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    copies = "".join(f"COPY --from=base /a{i} /b{i}\n" for i in range(100_000))
    path.write_text(f"FROM alpine:3.20{SHA} AS base\nFROM scratch\n{copies}", encoding="utf-8")
    result = run_check(path, "--select", "OCL001,OCL204")
    assert (result.returncode, result.stderr) == (0, "")


def test_a_label_over_60k_continuation_lines_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    pairs = " \\\n".join(f"org.acme.k{i}=v{i}" for i in range(60_000))
    path.write_text(f"FROM scratch\nLABEL {pairs}\nLABEL org.acme.last=\n", encoding="utf-8")
    result = run_check(path, "--select", "OCL001,OCL108")
    assert result.stderr == ""
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("OCL108", 60_002)]


def test_deeply_nested_json_form_instruction_is_shell_form_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    # Lines stay under BuildKit's 64 KiB: the nesting is spread over continuation lines.
    deep = " \\\n".join(['["a",' * 1000] * 20 + ['"b"' + "]" * 1000] + ["]" * 1000] * 19)
    invalid = " \\\n".join(["[" * 1000] * 50)
    path.write_text(f"FROM scratch\nRUN {deep}\nCMD {invalid}\n", encoding="utf-8")
    result = run_check(path, "--select", "OCL001")
    assert result.stderr == ""
    findings = json.loads(result.stdout)["findings"]
    # Valid JSON nested deeper than Go's limit and invalid JSON are both shell form for BuildKit.
    assert findings == []


def test_json_form_with_nested_arrays_is_an_error_as_in_buildkit(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text('FROM scratch\nRUN ["a", ["b", ["c"]]]\n', encoding="utf-8")
    result = run_check(path, "--select", "OCL001")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["message"]) for f in findings] == [
        (2, "RUN: when using JSON array syntax, arrays must be comprised of strings only")
    ]


def test_more_stages_than_the_cap_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM scratch\n" * (MAX_STAGES + 1), encoding="utf-8")
    result = run_check(path)
    assert result.returncode == 2
    assert result.stderr == (
        f"ocilint: {path}: too large to check: more than {MAX_STAGES:,} build stages "
        "(ocilint's limit; see README, Limits)\n"
    )


def test_more_instructions_than_the_cap_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM scratch\n" + "USER a\n" * MAX_INSTRUCTIONS, encoding="utf-8")
    good = tmp_path / "good.Dockerfile"
    good.write_text("FROM scratch\nLABEL org.acme.x=\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ocilint", "check", "--select", "OCL108", str(path), str(good)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"ocilint: {path}: too large to check: more than {MAX_INSTRUCTIONS:,} instructions "
        "(ocilint's limit; see README, Limits)\n"
    )
    # The other file of the run is still checked and reported.
    assert f"{good}:2:" in result.stdout
