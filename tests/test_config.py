"""Configuration files: discovery, validation, and every key doing what it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import dedent, run_ocilint

DOCKERFILE = """
    FROM alpine:3.20
    LABEL org.opencontainers.image.source="https://github.com/acme/app"
    """


def codes(result_stdout: str) -> list[str]:
    return [finding["code"] for finding in json.loads(result_stdout)["findings"]]


def setup(tmp_path: Path, config_name: str, config: str) -> Path:
    (tmp_path / config_name).write_text(dedent(config))
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text(dedent(DOCKERFILE))
    return tmp_path / "app"


def test_pyproject_table_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    workdir = setup(tmp_path, "pyproject.toml", """
        [project]
        name = "x"
        [tool.ocilint]
        select = ["OCL101"]
        [tool.ocilint.rules.missing-required-label]
        labels = ["org.opencontainers.image.source", "com.acme.team"]
        """)  # fmt: skip
    result = run_ocilint("check", "--format", "json", "Dockerfile", cwd=workdir)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["message"].split("`")[1]) for f in findings] == [
        ("OCL101", "com.acme.team")
    ]


def test_dot_ocilint_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", 'select = ["OCL204"]\n')
    (tmp_path / "pyproject.toml").write_text('[tool.ocilint]\nselect = ["OCL101"]\n')
    assert codes(run_ocilint("check", "--format", "json", "Dockerfile", cwd=workdir).stdout) == [
        "OCL204"
    ]


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", 'select = ["OCL204"]\n')
    (workdir / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert codes(run_ocilint("check", "--format", "json", "Dockerfile", cwd=workdir).stdout) == [
        "OCL204"
    ]


def test_explicit_config_and_isolated(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", 'select = ["OCL204"]\n')
    (tmp_path / "other.toml").write_text('select = ["OCL101"]\nignore = ["OCL101"]\n')
    assert (
        codes(
            run_ocilint(
                "check", "--format", "json", "--config", "../other.toml", "Dockerfile", cwd=workdir
            ).stdout
        )
        == []
    )
    isolated = run_ocilint("check", "--format", "json", "--isolated", "Dockerfile", cwd=workdir)
    assert sorted(set(codes(isolated.stdout))) == ["OCL101", "OCL204"]


def test_unknown_key_is_an_error_naming_the_key(tmp_path: Path) -> None:
    workdir = setup(tmp_path, "pyproject.toml", "[tool.ocilint]\nselekt = ['OCL1']\n")
    result = run_ocilint("check", "Dockerfile", cwd=workdir)
    assert result.code == 2
    assert (
        result.stderr == f"ocilint: {tmp_path / 'pyproject.toml'}: unknown configuration key "
        "`tool.ocilint.selekt` (did you mean `select`?)\n"
    )


def test_user_writes_a_key_that_is_nothing_like_any_key(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", "output-format = 'json'\n")
    result = run_ocilint("check", "Dockerfile", cwd=workdir)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        f"ocilint: {tmp_path / '.ocilint.toml'}: unknown configuration key `output-format` "
        "(keys: select, extend-select, ignore, fail-on, "
    )
    assert "limits)" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("config_name", "toml", "message"),
    [
        (
            ".ocilint.toml",
            "[limits]\ndocument_bytes = 8388608\n",
            "`limits.document_bytes` (did you mean `document-bytes`?)",
        ),
        (
            "pyproject.toml",
            "[tool.ocilint.limits]\nlayers = 10\n",
            "`tool.ocilint.limits.layers` (keys: documents, requests, document-bytes, "
            "config-bytes, total-bytes, index-depth, dockerfile-bytes, json-file-bytes, "
            "archive-members, archive-decompressed-bytes, archive-kept-bytes)",
        ),
    ],
    ids=["misspelt", "unknown"],
)
def test_user_names_a_limit_that_does_not_exist(
    tmp_path: Path, config_name: str, toml: str, message: str
) -> None:
    workdir = setup(tmp_path, config_name, toml)
    result = run_ocilint("check", "Dockerfile", cwd=workdir)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"ocilint: {tmp_path / config_name}: unknown configuration key {message}\n"
    )


def test_unknown_rule_option_and_bad_types_are_errors(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", "[rules.unpinned-image]\nallow = ['x']\n")
    result = run_ocilint("check", "Dockerfile", cwd=workdir)
    assert result.code == 2
    assert "unknown option `allow` for rule OCL204 (unpinned-image); options: none" in result.stderr
    (tmp_path / ".ocilint.toml").write_text("[rules.label-value-too-long]\nlimits = 5\n")
    assert "must be a table" in run_ocilint("check", "Dockerfile", cwd=workdir).stderr
    (tmp_path / ".ocilint.toml").write_text("fail-on = 'fatal'\n")
    assert "unknown severity 'fatal'" in run_ocilint("check", "Dockerfile", cwd=workdir).stderr
    (tmp_path / ".ocilint.toml").write_text("select = [\n")
    invalid = run_ocilint("check", "Dockerfile", cwd=workdir)
    assert invalid.code == 2 and "invalid TOML" in invalid.stderr


def test_severity_override_and_fail_on(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", """
        select = ["OCL204"]
        fail-on = "error"
        [severity]
        unpinned-image = "info"
        """)  # fmt: skip
    result = run_ocilint("check", "--format", "json", "Dockerfile", cwd=workdir)
    assert result.code == 0
    assert [f["severity"] for f in json.loads(result.stdout)["findings"]] == ["info"]
    assert run_ocilint("check", "--fail-on", "info", "Dockerfile", cwd=workdir).code == 1


def test_per_file_ignores_and_build_args(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", """
        select = ["OCL204", "OCL002"]
        [per-file-ignores]
        "app/legacy/*" = ["unpinned-image"]
        [build-args]
        BASE = "alpine:3"
        """)  # fmt: skip
    (workdir / "legacy").mkdir()
    (workdir / "legacy" / "Dockerfile").write_text("ARG BASE\nFROM $BASE\n")
    (workdir / "new.Dockerfile").write_text("ARG BASE\nFROM $BASE\n")
    result = run_ocilint(
        "check", "--format", "json", "legacy/Dockerfile", "new.Dockerfile", cwd=workdir
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["code"]) for f in findings] == [("new.Dockerfile", "OCL204")]


def test_configuring_an_off_by_default_rule_enables_it(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", """
        [rules.disallowed-registry]
        allowed = ["ghcr.io/acme/*"]
        """)  # fmt: skip
    result = run_ocilint(
        "check", "--format", "json", "--select", "OCL205", "Dockerfile", cwd=workdir
    )
    assert codes(result.stdout) == ["OCL205"]
    default = run_ocilint("check", "--format", "json", "Dockerfile", cwd=workdir)
    assert "OCL205" in codes(default.stdout)


def test_extra_plugins_from_config(tmp_path: Path) -> None:
    workdir = setup(tmp_path, ".ocilint.toml", 'plugins = ["no_such_plugin_module"]\n')
    result = run_ocilint("check", "Dockerfile", cwd=workdir)
    assert result.code == 2
    assert result.stderr.startswith('ocilint: plugin "no_such_plugin_module" failed to load')
