"""A user writes `# ocilint:` pragmas with mistakes: each one is reported (OCL003), not dropped."""

from __future__ import annotations

import json
from pathlib import Path

from ocilint.pragmas import parse_pragma
from tests.conftest import dedent, problems, run_ocilint

PRAGMAS = """\
# ocilint: ignore=OCL204,image-latest-tag pinned later
FROM python:latest
# ocilint: ignore=OCL999
FROM debian:12
# ocilint: ignroe=OCL204
FROM alpine:3.20
# ocilint: ignore=unpined-image -- vendored
FROM busybox:1.36
# ocilint: ignore=OCL204 -- mirrored and pinned by the registry
FROM ubuntu:24.04
# ocilint: ignore=OCL204 OCL101 # blanks separate codes too
FROM fedora:40
"""


def findings(path: Path, *options: str) -> list[tuple[str, int, str, str | None]]:
    result = run_ocilint("check", "--isolated", "--format", "json", *options, str(path))
    assert result.code == 1, result.stderr
    return [
        (f["code"], f["line"], f["message"], f["fix"] if f["code"] == "OCL003" else None)
        for f in json.loads(result.stdout)["findings"]
    ]


def test_user_sees_every_mistaken_pragma_and_the_valid_codes_still_apply(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(PRAGMAS)
    assert findings(dockerfile, "--select", "OCL2,OCL003") == [
        (
            "OCL003",
            1,
            "`pinned later` is not a rule: a reason goes after `#` or `--`",
            "write `# ocilint: ignore=OCL204,image-latest-tag # pinned later`",
        ),
        (
            "OCL003",
            3,
            "`OCL999` in pragma names no rule",
            "remove it; `ocilint rules` lists the rules",
        ),
        ("OCL204", 4, "image `debian:12` (FROM) is not pinned by digest", None),
        (
            "OCL003",
            5,
            "malformed pragma: expected `ignore=` after `ocilint:`, got `ignroe`",
            "write `# ocilint: ignore=CODE[,CODE…] # reason`",
        ),
        ("OCL204", 6, "image `alpine:3.20` (FROM) is not pinned by digest", None),
        ("OCL003", 7, "`unpined-image` in pragma names no rule", "use `unpinned-image`"),
        ("OCL204", 8, "image `busybox:1.36` (FROM) is not pinned by digest", None),
    ]


def test_user_names_another_tools_codes_in_pragmas_through_the_external_option(
    tmp_path: Path,
) -> None:
    (tmp_path / "Dockerfile").write_text("# ocilint: ignore=DL3006,OCL204\nFROM debian:12\n")
    (tmp_path / ".ocilint.toml").write_text('[rules.invalid-pragma]\nexternal = ["DL3006"]\n')
    result = run_ocilint("check", "--select", "OCL204,OCL003", "Dockerfile", cwd=tmp_path)
    assert (result.code, result.stdout) == (0, "No problems found in 1 input.\n")


def test_user_silences_a_bad_pragma_with_a_global_pragma(tmp_path: Path) -> None:
    text = "# ocilint: global ignore=OCL003\n# ocilint: ignore=OCL999\nFROM scratch\n"
    assert problems(text, ["OCL003"]) == []


def test_pragma_grammar() -> None:
    assert parse_pragma("# ocilint: ignore=OCL1, abc") == (False, frozenset({"ocl1", "abc"}))
    assert parse_pragma("# ocilint: ignore=OCL1 abc") == (False, frozenset({"ocl1", "abc"}))
    assert parse_pragma("#ocilint ignore = OCL1") == (False, frozenset({"ocl1"}))
    assert parse_pragma("# ocilint: global ignore=OCL1 # why") == (True, frozenset({"ocl1"}))
    assert parse_pragma("# ocilint: ignore=OCL1 -- why # not a code") == (
        False,
        frozenset({"ocl1"}),
    )
    assert parse_pragma("# ocilint: ignore=OCL1,--why") == (False, frozenset({"ocl1"}))
    assert parse_pragma("# hadolint ignore=DL3006") is None
    assert parse_pragma("# ocilint is a linter") is None
    for malformed in ("# ocilint: ignore", "# ocilint: ignore=", "# ocilint: ignore=a!b"):
        assert parse_pragma(malformed) is None
    assert problems(dedent("# ocilint: ignore=\nFROM scratch\n"), ["OCL003"]) == [
        ("OCL003", 1, None)
    ]


def test_pragma_like_lines_in_a_heredoc_are_script_not_pragmas() -> None:
    text = """
        FROM scratch
        RUN <<EOF
        # ocilint: ignroe=OCL999
        echo done
        EOF
        # ocilint: this image is linted
        """
    assert problems(text, ["OCL003"]) == [("OCL003", 6, None)]
