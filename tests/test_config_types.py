"""A user writes a configuration value of the wrong type: one line naming the file, the key, the
type expected and the type found, exit 2 (never a silent coercion or a misleading hint)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_ocilint

CASES = [
    (
        'ignore = "OCL204"',
        '`ignore` must be a list of strings, not a string ("OCL204"); write `ignore = ["OCL204"]`',
    ),
    (
        'ignore = "OCL204,OCL101"',
        '`ignore` must be a list of strings, not a string ("OCL204,OCL101"); '
        'write `ignore = ["OCL204", "OCL101"]`',
    ),
    (
        'select = ["OCL204,OCL101"]',
        '`select` names one rule per item, not "OCL204,OCL101"; write ["OCL204", "OCL101"]',
    ),
    ("extend-select = [204]", "`extend-select` must be a list of strings; it holds an integer"),
    ("fail-on = 2", '`fail-on` must be one of "error", "warning", "info", not an integer'),
    ('timeout = "30"', '`timeout` must be a positive number of seconds, not a string ("30")'),
    ("timeout = 0", "`timeout` must be a positive number of seconds, not 0"),
    ("target = true", "`target` must be a string, not a boolean"),
    (
        'plugins = "acme"',
        '`plugins` must be a list of strings, not a string ("acme"); write `plugins = ["acme"]`',
    ),
    ('severity = ["OCL204"]', "`severity` must be a table, not an array"),
    ("[build-args]\nA = [1]", "`build-args.A` must be a string, not an array"),
    (
        '[per-file-ignores]\n"*.Dockerfile" = "OCL204"',
        '`per-file-ignores.*.Dockerfile` must be a list of strings, not a string ("OCL204"); '
        'write `"*.Dockerfile" = ["OCL204"]`',
    ),
    (
        '[rules.retired-registry]\nallow = "gcr.io/x/*"',
        'option `retired-registry.allow` must be a list, not a string ("gcr.io/x/*")',
    ),
    ("limits = 1000", "`limits` must be a table, not an integer"),
    (
        '[limits]\ndocument-bytes = "8 MiB"',
        '`limits.document-bytes` must be a positive integer, not a string ("8 MiB")',
    ),
    ("[limits]\ndocuments = 0", "`limits.documents` must be a positive integer, not 0"),
    (
        "[limits]\narchive-members = -1",
        "`limits.archive-members` must be a positive integer, not -1",
    ),
    (
        "[limits]\ndockerfile-bytes = true",
        "`limits.dockerfile-bytes` must be a positive integer, not a boolean",
    ),
    (
        "[limits]\njson-file-bytes = 1e9",
        "`limits.json-file-bytes` must be a positive integer, not a float",
    ),
    (
        "[limits]\ntotal-bytes = 2_000_000_000_000",
        "`limits.total-bytes` must be at most 1,099,511,627,776 (2**40), not 2000000000000",
    ),
]


@pytest.mark.parametrize(("toml", "message"), CASES, ids=[toml for toml, _ in CASES])
def test_user_writes_a_value_of_the_wrong_type(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / ".ocilint.toml").write_text(toml + "\n")
    result = run_ocilint("check", "Dockerfile", cwd=tmp_path)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"ocilint: {tmp_path / '.ocilint.toml'}: {message}\n"


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "pyproject.toml").write_text('[tool.ocilint]\nignore = "OCL204"\n')
    result = run_ocilint("check", "Dockerfile", cwd=tmp_path)
    assert result.code == 2
    assert result.stderr.startswith(
        f"ocilint: {tmp_path / 'pyproject.toml'}: `tool.ocilint.ignore` must be a list of strings"
    ), result.stderr


def test_pyproject_limits_are_named_with_their_table(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "pyproject.toml").write_text("[tool.ocilint.limits]\ndocuments = 0\n")
    result = run_ocilint("check", "Dockerfile", cwd=tmp_path)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"ocilint: {tmp_path / 'pyproject.toml'}: `tool.ocilint.limits.documents` must be a "
        "positive integer, not 0\n"
    )
