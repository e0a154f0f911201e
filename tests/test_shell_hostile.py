"""Hostile shell words: the real CLI, in a process with a wall-clock and a memory limit.

Each Dockerfile here is small and would make a naive expander grow without bound, backtrack for
minutes or recurse past Python's stack. The user must see findings (exit 1) or one line naming
the file and line (exit 2), never an internal error, a MemoryError or a hang; and a good
Dockerfile checked in the same run keeps its findings.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from ocilint.shell import MAX_NESTING
from tests.conftest import PROJECT_ROOT

TIME_LIMIT = 60  # seconds of wall-clock time for one run
MEMORY_LIMIT = 1 << 30  # bytes of address space for one run

GOOD = "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=MIT\n"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def ocilint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The `ocilint` command as a user runs it, under TIME_LIMIT and MEMORY_LIMIT."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("OCILINT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "ocilint", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        check=False,
        cwd=cwd,
    )


def check(
    *paths: Path, fmt: str = "text", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return ocilint("check", "--format", fmt, *map(str, paths), cwd=cwd)


def dockerfile(tmp_path: Path, text: str, name: str = "Dockerfile") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_input_error(result: subprocess.CompletedProcess[str], path: Path, line: int) -> str:
    """Exit 2 and exactly one error line, naming the file and line; returns that line."""
    assert result.returncode == 2, result.stderr
    errors = [text for text in result.stderr.splitlines() if text.startswith("ocilint: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"ocilint: {path}:{line}: "), errors[0]
    for bad in ("internal error", "Traceback", "MemoryError", "RecursionError"):
        assert bad not in result.stderr
    return errors[0]


# --------------------------------------------------------------------------- growth


DOUBLING = "FROM scratch\nENV A=x\n" + "ENV A=$A$A\n" * 30  # 2**30 characters from 351 bytes


def test_doubling_env_stops_at_the_word_limit_on_its_line(tmp_path: Path) -> None:
    dockerfile(tmp_path, DOUBLING)
    result = check(Path("Dockerfile"), cwd=tmp_path)
    # x doubled 20 times is exactly 1 MiB; the 21st doubling (line 23) is refused.
    error = assert_input_error(result, Path("Dockerfile"), 23)
    assert error == (
        "ocilint: Dockerfile:23: ENV: cannot expand `$A$A`: the result would be 2,097,152 "
        "characters or more, over the limit of 1 MiB for one word or variable value"
    )
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"$ ocilint check Dockerfile\n{result.stderr}{result.stdout}```" in readme


@pytest.mark.parametrize(
    ("grow", "keyword"),
    [
        ("ENV A=$A$A", "ENV"),
        ('ENV A="${A}${A}"', "ENV"),
        ("ENV A=${A:+$A$A}", "ENV"),
        ("ENV A=${B:-$A$A}", "ENV"),
        ("ENV A=${A/x/$A$A}", "ENV"),
        ("ARG A=$A$A", "ARG"),
    ],
)
def test_every_way_of_doubling_is_refused(tmp_path: Path, grow: str, keyword: str) -> None:
    text = "FROM scratch\nARG A=x\n" + f"{grow}\n" * 40 + "LABEL v=$A\n"
    path = dockerfile(tmp_path, text)
    result = check(path)
    assert result.returncode == 2, result.stderr
    error = result.stderr.splitlines()[0]
    assert error.startswith(f"ocilint: {path}:"), error
    assert f": {keyword}: cannot expand" in error
    assert "limit of 1 MiB for one word" in error


def test_a_label_built_from_a_doubled_value_is_refused(tmp_path: Path) -> None:
    # 2**19 characters in A is within the limit; two of them side by side are not.
    text = "FROM scratch\nENV A=x\n" + "ENV A=$A$A\n" * 19 + "LABEL big=$A$A$A\n"
    path = dockerfile(tmp_path, text)
    error = assert_input_error(check(path), path, 22)
    assert "LABEL: cannot expand `$A$A$A`" in error


def test_replacing_each_character_with_a_long_value_is_refused_before_it_is_built(
    tmp_path: Path,
) -> None:
    # 2**17 replacements of 2**17 characters each would be 16 GiB.
    text = "FROM scratch\nENV A=x\n" + "ENV A=$A$A\n" * 17 + "ENV B=${A//?/$A}\n"
    path = dockerfile(tmp_path, text)
    error = assert_input_error(check(path), path, 20)
    assert "ENV: cannot expand `${A//?/$A}`: the result would be" in error


def test_many_copies_of_a_large_value_exhaust_the_file_budget(tmp_path: Path) -> None:
    # The doublings substitute 2 + 4 + … + 2**19 characters, just under 1 MiB; each copy is
    # 512 KiB, within the word limit, and the 31st (line 52) passes 16 MiB for the file.
    copies = "".join(f"ENV C{i}=$A\n" for i in range(100))
    text = "FROM scratch\nENV A=x\n" + "ENV A=$A$A\n" * 19 + copies
    path = dockerfile(tmp_path, text)
    error = assert_input_error(check(path), path, 52)
    assert error.endswith(
        "ENV: cannot expand `$A`: variable expansions in this file produce or scan more than "
        "16 MiB of text (the limit for one Dockerfile)"
    )


def test_a_good_dockerfile_beside_a_hostile_one_keeps_its_findings(tmp_path: Path) -> None:
    bad = dockerfile(tmp_path, DOUBLING, "bad.Dockerfile")
    good = dockerfile(tmp_path, GOOD, "good.Dockerfile")
    alone = check(good, fmt="json")
    together = check(bad, good, fmt="json")
    assert together.returncode == 2
    assert together.stderr.startswith(f"ocilint: {bad}:23: ENV: cannot expand")
    report = json.loads(together.stdout)
    assert report["findings"] == json.loads(alone.stdout)["findings"]
    assert report["findings"]  # the good file's missing labels
    assert report["summary"]["unreadable"] == [together.stderr.splitlines()[0][len("ocilint: ") :]]


def test_an_error_quoting_a_huge_word_stays_short(tmp_path: Path) -> None:
    text = (
        "FROM scratch\nLABEL org.example.v=${UNSET?" + "m" * 60_000 + "}\n"
    )  # under 64 KiB a line
    path = dockerfile(tmp_path, text)
    result = check(path, fmt="json")
    assert result.returncode == 1, result.stderr
    syntax = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "OCL001"]
    assert [f["message"] for f in syntax] == [
        "LABEL: failed to process `${UNSET?" + "m" * 51 + "…`: UNSET: " + "m" * 79 + "…"
    ]


def test_a_hostile_dockerfile_for_image_findings_is_a_usage_error(tmp_path: Path) -> None:
    path = dockerfile(tmp_path, DOUBLING)
    result = ocilint(
        "check", "image-ref", "--offline", "--dockerfile", str(path), "ghcr.io/acme/app:1.0"
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"ocilint: --dockerfile: {path}:23: ENV: cannot expand `$A$A`")
    assert "internal error" not in result.stderr


# --------------------------------------------------------------------------- patterns


A60 = "ENV A=" + "a" * 60 + "\n"


@pytest.mark.parametrize(
    "word",
    [
        "${A%%" + "*a" * 30 + "*b}",
        "${A%" + "*a" * 30 + "*b}",
        "${A##" + "*a" * 30 + "*b}",
        "${A#" + "*a" * 30 + "b}",
        "${A//" + "*a" * 30 + "*b/c}",
        "${A/" + "a*" * 30 + "b/c}",
        "${A%%" + "*?" * 30 + "*b}",
        "${A#" + "?*" * 40 + "}",
    ],
)
def test_backtracking_patterns_match_at_once(tmp_path: Path, word: str) -> None:
    path = dockerfile(tmp_path, f"FROM scratch\n{A60}LABEL org.example.v={word}\n")
    result = check(path, fmt="json")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""


def test_a_pattern_too_costly_to_match_is_refused(tmp_path: Path) -> None:
    # A mixed segment of 200 characters against 2**18 characters: 52 million comparisons.
    pattern = "a" + "?" * 198 + "b"
    text = "FROM scratch\nENV A=a\n" + "ENV A=$A$A\n" * 18 + f"ENV B=${{A/{pattern}/x}}\n"
    path = dockerfile(tmp_path, text)
    error = assert_input_error(check(path), path, 21)
    assert "more than 16 MiB of text (the limit for one Dockerfile)" in error


def test_an_invalid_escape_in_a_pattern_is_a_syntax_finding(tmp_path: Path) -> None:
    path = dockerfile(tmp_path, "FROM scratch\nENV A=abc\nLABEL org.example.v=${A#\\a}\n")
    result = check(path, fmt="json")
    assert result.returncode == 1, result.stderr
    syntax = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "OCL001"]
    assert [(f["line"], f["message"]) for f in syntax] == [
        (
            3,
            "LABEL: failed to process `${A#\\a}`: invalid pattern (\\a) in substitution: "
            "invalid escape '\\a'",
        )
    ]


# --------------------------------------------------------------------------- nesting


def nested(depth: int) -> str:
    return "${a:-" * depth + "v" + "}" * depth


def test_deep_nesting_is_one_error_not_a_recursion_error(tmp_path: Path) -> None:
    path = dockerfile(tmp_path, f"FROM scratch\nLABEL org.example.v={nested(20_000)}\n")
    error = assert_input_error(check(path), path, 2)
    assert error.endswith(f"substitutions nested more than {MAX_NESTING} deep")


def test_nesting_up_to_the_limit_is_expanded(tmp_path: Path) -> None:
    path = dockerfile(tmp_path, f'FROM scratch\nLABEL org.example.v="{nested(MAX_NESTING)}"\n')
    result = check(path, fmt="json")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("line", "keyword"),
    [(f"ARG {nested(5000)}=1", "ARG")],
)
def test_nesting_in_arg_names_and_heredoc_markers(tmp_path: Path, line: str, keyword: str) -> None:
    path = dockerfile(tmp_path, f"FROM scratch\n{line}\n")
    error = assert_input_error(check(path), path, 2)
    assert error == (
        f"ocilint: {path}:2: {keyword}: `${{…}}` substitutions nested more than {MAX_NESTING} deep"
    )


def test_a_heredoc_word_written_as_nested_substitutions_is_not_expanded(tmp_path: Path) -> None:
    # BuildKit takes the heredoc word as written: it never expands it, so there is no nesting
    # to refuse; the word is simply never closed. The message quotes it cut short.
    path = dockerfile(tmp_path, f"FROM scratch\nRUN <<{nested(5000)}\nv\n")
    result = check(path, fmt="json")
    assert result.returncode == 1, result.stderr
    syntax = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "OCL001"]
    assert len(syntax) == 1
    assert syntax[0]["message"].startswith("unterminated heredoc `${a:-${a:-")
    assert len(syntax[0]["message"]) < 250


# --------------------------------------------------------------------------- size of the file


def test_many_env_lines_are_linear(tmp_path: Path) -> None:
    # Each instruction used to copy the whole environment: 50,000 ENV lines took a minute.
    lines = "".join(f"ENV V{i}=x\n" for i in range(50_000))
    path = dockerfile(tmp_path, "FROM scratch\n" + lines)
    result = check(path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""


def test_an_environment_growing_by_one_character_a_line_exhausts_the_file_budget(
    tmp_path: Path,
) -> None:
    # Linear in the file, quadratic in the environment: V_i holds i + 1 characters.
    lines = "".join(f"ENV V{i}=${{V{i - 1}}}x\n" for i in range(1, 50_000))
    path = dockerfile(tmp_path, "FROM scratch\nENV V0=x\n" + lines)
    # 1 + 2 + … + 5793 > 16 MiB: the ENV of V5793, on line 5795, is refused.
    error = assert_input_error(check(path), path, 5795)
    assert "ENV: cannot expand `${V5792}x`" in error
