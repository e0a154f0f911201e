"""The `ocilint` command as users run it: exit codes, output formats, inputs and configuration."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, dedent, run_ocilint

DIGEST = "sha256:" + "ab" * 32
CLEAN = f"""
    FROM alpine:3.20@{DIGEST}
    LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
          org.opencontainers.image.description="Acme's app" \\
          org.opencontainers.image.licenses="Apache-2.0"
    """
BAD = """
    FROM Alpine:latest
    LABEL org.opencontainers.image.licenses="Apache License 2.0"
    """
TEXT_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<sev>error|warning|info): .+$"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(dedent(CLEAN))
    return tmp_path


def test_clean_dockerfile_exits_0(project: Path) -> None:
    result = run_ocilint("check", "Dockerfile", cwd=project)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == "No problems found in 1 input.\n"


def test_findings_exit_1_with_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(dedent(BAD))
    result = run_ocilint("check", "Dockerfile", cwd=tmp_path)
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert all(TEXT_LINE.match(line) for line in lines[:4]), lines
    codes = [TEXT_LINE.match(line)["code"] for line in lines[:4]]  # type: ignore[index]
    assert codes == ["OCL101", "OCL101", "OCL201", "OCL103"]
    assert lines[4:-1] == [
        "",
        "2  OCL101  missing-required-label      warning",
        "1  OCL103  invalid-license-expression  error",
        "1  OCL201  invalid-image-reference     error",
        "`ocilint rule CODE` explains a rule.",
    ]
    assert (
        "Dockerfile:1:6: OCL201 error: invalid image reference `Alpine:latest` (FROM): "
        "repository name must be lowercase" in result.stdout
    )
    assert "(fix: use `alpine:latest`)" in result.stdout
    assert lines[-1] == "Found 4 problems (2 errors, 2 warnings) in 1 input."


def test_json_output_is_the_public_contract(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(dedent(BAD))
    result = run_ocilint("check", "--format", "json", "Dockerfile", cwd=tmp_path)
    assert result.code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"version", "findings", "summary"}
    assert document["summary"]["findings"] == len(document["findings"]) == 4
    invalid = next(f for f in document["findings"] if f["code"] == "OCL201")
    assert invalid == {
        "code": "OCL201",
        "name": "invalid-image-reference",
        "severity": "error",
        "message": "invalid image reference `Alpine:latest` (FROM): repository name must be "
        "lowercase",
        "fix": "use `alpine:latest`",
        "path": "Dockerfile",
        "line": 1,
        "end_line": 1,
        "column": 6,
        "end_column": 7,
        "pointer": None,
    }


def test_fail_on_controls_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        dedent(CLEAN) + "ARG X\nLABEL org.opencontainers.image.url=$X\n"
    )
    assert run_ocilint("check", "Dockerfile", cwd=tmp_path).code == 0
    assert run_ocilint("check", "--fail-on", "info", "Dockerfile", cwd=tmp_path).code == 1
    assert run_ocilint("check", "--fail-on", "bogus", "Dockerfile", cwd=tmp_path).code == 2


def test_select_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(dedent(BAD))
    selected = run_ocilint(
        "check", "--format", "json", "--select", "OCL2", "Dockerfile", cwd=tmp_path
    )
    assert [f["code"] for f in json.loads(selected.stdout)["findings"]] == ["OCL201"]
    ignored = run_ocilint(
        "check", "--format", "json", "--ignore", "OCL201,missing-required-label", "Dockerfile",
        cwd=tmp_path,
    )  # fmt: skip
    assert [f["code"] for f in json.loads(ignored.stdout)["findings"]] == ["OCL103"]
    unknown = run_ocilint("check", "--select", "OCL999x", "Dockerfile", cwd=tmp_path)
    assert unknown.code == 2
    assert unknown.stderr.startswith("ocilint: unknown rule selector `OCL999x` in --select")


def test_standard_input(project: Path) -> None:
    result = run_ocilint("check", "--format", "json", "-", stdin=dedent(BAD), cwd=project)
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"-"}
    named = run_ocilint(
        "check", "--stdin-filename", "app/Dockerfile", "-", stdin=dedent(BAD), cwd=project
    )
    assert named.stdout.startswith("app/Dockerfile:")


def test_directories_are_searched_for_dockerfile_names(tmp_path: Path) -> None:
    names = [
        "Dockerfile", "sub/Containerfile", "sub/api.Dockerfile", "sub/web.containerfile",
        "sub/Dockerfile.dev", "sub/Containerfile.prod", ".devcontainer/Dockerfile",
    ]  # fmt: skip
    skipped = ["README.md", "Dockerfile.md", "sub/Dockerfile.dockerignore", ".git/Dockerfile",
               "node_modules/x/Dockerfile", "sub/notes.txt"]  # fmt: skip
    for name in names + skipped:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("FROM scratch\n")
    result = run_ocilint("check", "--format", "json", "--select", "OCL101", ".", cwd=tmp_path)
    paths = {os.path.relpath(f["path"], ".") for f in json.loads(result.stdout)["findings"]}
    assert paths == set(names)


def test_no_dockerfiles_found_is_a_usage_error(tmp_path: Path) -> None:
    result = run_ocilint("check", ".", cwd=tmp_path)
    assert result.code == 2
    assert result.stderr == "ocilint: no Dockerfiles found in .\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing", None, "ocilint: missing: no such file or directory"),
        ("binary", b"\x7fELF\x00\x00\x01", "ocilint: binary: not a Dockerfile: it contains NUL bytes"),
        ("utf16", "FROM x\n".encode("utf-16"), "ocilint: utf16: not a Dockerfile Docker can read: it is UTF-16 encoded"),
        ("empty", b"", "ocilint: empty: not a Dockerfile: it has no instructions"),
        ("README.md", b"Hello world\n", "ocilint: README.md:1: not a Dockerfile: `Hello` is not a Dockerfile instruction"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = run_ocilint("check", name, cwd=tmp_path)
    assert result.code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_bad_input_does_not_stop_other_files(project: Path) -> None:
    (project / "bad.Dockerfile").write_text(dedent(BAD))
    result = run_ocilint("check", "--format", "json", "missing", "bad.Dockerfile", cwd=project)
    assert result.code == 2
    document = json.loads(result.stdout)
    assert {f["path"] for f in document["findings"]} == {"bad.Dockerfile"}
    assert document["summary"]["unreadable"] == ["missing: no such file or directory"]


def test_build_args_and_target(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        dedent(
            """
            ARG BASE
            FROM $BASE AS build
            LABEL org.opencontainers.image.licenses="MIT/Apache-2.0"
            FROM scratch AS final
            """
        )
    )
    unresolved = run_ocilint(
        "check", "--format", "json", "--select", "OCL002,OCL204", "Dockerfile", cwd=tmp_path
    )
    assert [f["code"] for f in json.loads(unresolved.stdout)["findings"]] == ["OCL002"]
    resolved = run_ocilint(
        "check", "--format", "json", "--select", "OCL002,OCL204", "--build-arg", "BASE=alpine:3",
        "Dockerfile", cwd=tmp_path,
    )  # fmt: skip
    assert [f["code"] for f in json.loads(resolved.stdout)["findings"]] == ["OCL204"]
    target = run_ocilint(
        "check",
        "--format",
        "json",
        "--select",
        "OCL103",
        "--target",
        "build",
        "Dockerfile",
        cwd=tmp_path,
    )
    assert [f["code"] for f in json.loads(target.stdout)["findings"]] == ["OCL103"]
    missing = run_ocilint("check", "--target", "nope", "Dockerfile", cwd=tmp_path)
    assert missing.code == 2
    assert (
        missing.stderr
        == "ocilint: Dockerfile: target stage `nope` not found (stages: build, final)\n"
    )


def test_rules_and_rule_documentation() -> None:
    listing = run_ocilint("rules")
    assert listing.code == 0
    assert re.search(
        r"^OCL204\s+unpinned-image\s+warning\s+Image not pinned by digest", listing.stdout, re.M
    )
    explained = run_ocilint("rule", "unpinned-image")
    assert explained.code == 0
    assert explained.stdout.startswith("# unpinned-image (OCL204)")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
        assert heading in explained.stdout
    assert run_ocilint("rules", "--explain", "OCL204").stdout == explained.stdout
    unknown = run_ocilint("rule", "unpined-image")
    assert unknown.code == 2
    assert "did you mean `unpinned-image`?" in unknown.stderr


def test_version() -> None:
    result = run_ocilint("--version")
    assert result.code == 0
    assert result.stdout.startswith("ocilint 0.1.0 (Python ")
    assert re.search(r"^SPDX License List \d+\.\d+", result.stdout, re.M)


def test_usage_errors_exit_2_without_traceback() -> None:
    result = run_ocilint("check", "--no-such-option")
    assert result.code == 2
    assert result.stderr.startswith("ocilint: unrecognized arguments: --no-such-option")


def test_color_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(dedent(BAD))
    plain = run_ocilint("check", "Dockerfile", cwd=tmp_path)
    assert "\x1b[" not in plain.stdout
    colored = run_ocilint("check", "--color", "always", "Dockerfile", cwd=tmp_path)
    assert "\x1b[31merror\x1b[0m" in colored.stdout


def test_files_are_never_modified(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(dedent(BAD))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    run_ocilint("check", "Dockerfile", cwd=tmp_path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile"]


def test_output_file(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(dedent(BAD))
    result = run_ocilint(
        "check", "--format", "json", "--output", "report.json", "Dockerfile", cwd=tmp_path
    )
    assert (result.code, result.stdout) == (1, "")
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["findings"] == 4


def test_readme_example_is_clean() -> None:
    result = run_ocilint("check", "examples/Dockerfile", cwd=PROJECT_ROOT)
    assert (result.code, result.stdout) == (0, "No problems found in 1 input.\n")


def test_hostile_bytes_in_a_real_dockerfile_are_checked_and_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_bytes(
        b"FROM alpine:3.20@" + DIGEST.encode() + b"\n"
        b'LABEL org.opencontainers.image.source="https://github.com/acme/app" \\\n'
        b'      org.opencontainers.image.description="caf\xe9 \x1b[31mred" \\\n'
        b'      org.opencontainers.image.licenses="MIT\x00"\n'
    )
    result = run_ocilint("check", "Dockerfile", cwd=tmp_path)
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        "Dockerfile:4:45: OCL103 error: `org.opencontainers.image.licenses`: `\\u0000` (U+0000) "
        "is not allowed in an SPDX id (letters, digits, `.` and `-`)"
    )
    assert "\x1b" not in result.stdout and "\x00" not in result.stdout


def test_a_file_named_twice_or_named_and_found_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("FROM Python:3.12\n")
    result = run_ocilint(
        "check", "--isolated", "app", "app/Dockerfile", "./app/Dockerfile", cwd=tmp_path
    )
    assert result.code == 1
    assert result.stdout.count("app/Dockerfile:1:6: OCL201") == 1
    assert "in 1 input." in result.stdout
