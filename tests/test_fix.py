"""`ocilint fix` without a network: what each rule's edit writes, what stays byte for byte,
when nothing is written, exit codes, `--diff`, and the splice itself."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocilint.fixes.apply import apply, splices
from ocilint.fixes.command import fix_text
from ocilint.model import DIGEST_PLACEHOLDER, Edit, Finding, Fix, Location
from tests.conftest import lint, run_ocilint
from tests.test_fuzz import FRAGMENTS

DIGEST = "sha256:" + "ab" * 32


def fix(path: Path, *args: str) -> tuple[int, str, str]:
    result = run_ocilint("fix", "--offline", "--isolated", *args, str(path))
    return result.code, result.stdout, result.stderr


def edits_of(text: str, *, select: tuple[str, ...] | None = None) -> list[Edit] | str:
    """The offline edits the findings of `text` carry, as `ocilint fix --offline` takes them
    (the default rules unless `select`), or why the text is not fixed."""
    from ocilint.config import Config
    from ocilint.engine import Selection, build_policy, check_subject
    from ocilint.errors import InputError
    from ocilint.loading import LoadContext, dockerfile_subject
    from tests.conftest import builtin_manager

    policy = build_policy(builtin_manager().rules(), Config(), Selection(select=select))
    try:
        subject = dockerfile_subject("Dockerfile", text, LoadContext())
    except InputError:
        return "unreadable"
    if subject.dockerfile.problems:
        return "syntax errors"
    findings = check_subject(subject, policy)
    return [e for f in findings if f.autofix for e in f.autofix.edits if e.resolve is None]


def fixed(text: str) -> str:
    """`text` after `ocilint fix --offline`, in this process (the same loop as the command)."""
    return fix_text("Dockerfile", text, edits_of, None).text


def write(tmp_path: Path, data: str | bytes, name: str = "Dockerfile") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# --------------------------------------------------------------------------- each fix


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # OCL201: repository name to lower case (mixed case only; the tag is kept)
        ("FROM Alpine:3.20\n", "FROM alpine:3.20\n"),
        ("FROM ghcr.io/Acme/App:1.0 AS b\n", "FROM ghcr.io/acme/app:1.0 AS b\n"),
        (
            "FROM x AS s\nCOPY --from=Busybox:1 /a /b\n",
            "FROM x AS s\nCOPY --from=busybox:1 /a /b\n",
        ),
        # OCL104 / OCL105: deprecated SPDX ids, id and operator case
        (
            'FROM x\nLABEL org.opencontainers.image.licenses="GPL-2.0+ and mit"\n',
            'FROM x\nLABEL org.opencontainers.image.licenses="GPL-2.0-or-later AND MIT"\n',
        ),
        (
            "FROM x\nLABEL org.opencontainers.image.licenses=GPL-3.0\n",
            "FROM x\nLABEL org.opencontainers.image.licenses=GPL-3.0-only\n",
        ),
        (
            'FROM x\nLABEL org.opencontainers.image.licenses="Apache License 2.0 OR MIT"\n',
            'FROM x\nLABEL org.opencontainers.image.licenses="Apache-2.0 OR MIT"\n',
        ),
        # OCL110: a misspelt pre-defined key
        (
            "FROM x\nLABEL org.opencontainers.image.licence=MIT\n",
            "FROM x\nLABEL org.opencontainers.image.licenses=MIT\n",
        ),
        (
            "FROM x\nLABEL org.opencontainers.image.Source=https://github.com/a/b\n",
            "FROM x\nLABEL org.opencontainers.image.source=https://github.com/a/b\n",
        ),
        # OCL106: scp-style Git address and git+https to https
        (
            "FROM x\nLABEL org.opencontainers.image.source=git@github.com:acme/app.git\n",
            "FROM x\nLABEL org.opencontainers.image.source=https://github.com/acme/app\n",
        ),
        (
            'FROM x\nLABEL org.opencontainers.image.url="git+https://gitlab.com/a/b.git"\n',
            'FROM x\nLABEL org.opencontainers.image.url="https://gitlab.com/a/b"\n',
        ),
        # OCL308: a retired registry to its successor, which serves the same images
        ("FROM k8s.gcr.io/pause:3.9\n", "FROM registry.k8s.io/pause:3.9\n"),
        # OCL111: a short base.name to its fully qualified form
        (
            'FROM x\nLABEL org.opencontainers.image.base.name="ubuntu:24.04"\n',
            'FROM x\nLABEL org.opencontainers.image.base.name="docker.io/library/ubuntu:24.04"\n',
        ),
        # OCL114: `LABEL key = "value"` sets `= value`
        (
            'FROM x\nLABEL org.opencontainers.image.description = "My app"\n',
            'FROM x\nLABEL org.opencontainers.image.description="My app"\n',
        ),
        # OCL107: only the date/time separator
        (
            'FROM x\nLABEL org.opencontainers.image.created="2024-05-01 10:00:00Z"\n',
            'FROM x\nLABEL org.opencontainers.image.created="2024-05-01T10:00:00Z"\n',
        ),
    ],
)
def test_offline_fix(before: str, after: str) -> None:
    assert fixed(before) == after
    assert fixed(after) == after


@pytest.mark.parametrize(
    "text",
    [
        "FROM REPLACE-ME\n",  # a template placeholder, not a typo
        "FROM x\nLABEL org.opencontainers.image.created=2024-05-01\n",  # a time would be made up
        "FROM x\nLABEL org.opencontainers.image.created=2024-05-01T10:00:00\n",  # and a zone
        "FROM x\nLABEL org.opencontainers.image.licenses=BSD\n",  # which BSD?
        "FROM x\nLABEL org.opencontainers.image.licenses=GPLv2\n",  # or later?
        # a fix of the whole expression, reported at one character
        "FROM x\nLABEL org.opencontainers.image.licenses=MIT,Apache-2.0\n",
        "FROM x\nLABEL org.opencontainers.image.titel=App\n",  # a close match is a guess
        # renaming would collide with the key that is already set
        "FROM x\nLABEL org.opencontainers.image.licence=MIT org.opencontainers.image.licenses=MIT\n",
        # the replacement has a space: it cannot go in an unquoted word
        "FROM x\nLABEL org.opencontainers.image.licenses=GPL-2.0-with-classpath-exception\n",
        # the value comes from a variable / is written with an escape
        "FROM x\nARG L=GPL-2.0\nLABEL org.opencontainers.image.licenses=$L\n",
        "FROM x\nLABEL org.opencontainers.image.licenses=GPL\\-2.0\n",
        # an ignore pragma for the rule
        "# ocilint: ignore=OCL201\nFROM Alpine:3.20\n",
        "FROM x\n# ocilint: ignore=deprecated-license-id\n"
        "LABEL org.opencontainers.image.licenses=GPL-2.0\n",
        "# ocilint: global ignore=all\nFROM Alpine:3.20\n",
    ],
)
def test_no_edit(text: str) -> None:
    assert fixed(text) == text


def test_quoted_replacement_with_a_space_is_made(tmp_path: Path) -> None:
    path = write(
        tmp_path, 'FROM x\nLABEL org.opencontainers.image.licenses="GPL-2.0-with-GCC-exception"\n'
    )
    _, _, stderr = fix(path)
    assert path.read_text() == (
        'FROM x\nLABEL org.opencontainers.image.licenses="GPL-2.0-only WITH GCC-exception-2.0"\n'
    )
    assert "fixed 1 problem in 1 file" in stderr
    assert "fixed 0 problems in 0 files" in fix(path)[2]


# --------------------------------------------------------------------------- bytes kept


def test_bytes_outside_the_edits_are_kept(tmp_path: Path) -> None:
    original = (
        "\ufeff# escape=`\r\n"
        "FROM Alpine:3.20 AS base  \r\n"
        "# a comment\t\r\n"
        'LABEL org.opencontainers.image.licenses="mit" `\r\n'
        "      org.opencontainers.image.source=git@github.com:acme/app.git\r\n"
        "RUN <<EOF\r\n"
        "FROM Alpine:3.20\r\n"
        "EOF\r\n"
        "COPY --from=Busybox:1 c:\\src c:\\dst"  # no newline at the end
    )
    path = write(tmp_path, original)
    path.chmod(0o640)
    code, _, stderr = fix(path, "--select", "OCL105,OCL106,OCL201")
    assert code == 0, stderr
    assert path.read_bytes().decode() == (
        original.replace("FROM Alpine:3.20 AS", "FROM alpine:3.20 AS")
        .replace('"mit"', '"MIT"')
        .replace("git@github.com:acme/app.git", "https://github.com/acme/app")
        .replace("Busybox", "busybox")
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["Dockerfile"]  # no temporary file left


def test_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = write(tmp_path, "FROM Alpine:3.20\n", "real.Dockerfile")
    link = tmp_path / "Dockerfile"
    link.symlink_to(target.name)
    fix(link, "--select", "OCL201")
    assert link.is_symlink() and target.read_text() == "FROM alpine:3.20\n"


# --------------------------------------------------------------------------- nothing written


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("FROM Alpine:3.20\n".encode("utf-16"), "UTF-16"),
        (b"FROM Alpine:3.20\nLABEL a=\xff\n", "not valid UTF-8"),
        (b"\x00\x01binary", "not a Dockerfile"),
    ],
)
def test_unreadable_file_is_untouched(tmp_path: Path, data: bytes, error: str) -> None:
    path = write(tmp_path, data)
    code, _, stderr = fix(path)
    assert code == 2 and error in stderr and "Traceback" not in stderr
    assert path.read_bytes() == data


def test_file_docker_cannot_build_is_untouched(tmp_path: Path) -> None:
    text = "FROM Alpine:3.20\nCOPY --chmod=0755\nFROOM x\n"
    path = write(tmp_path, text)
    code, _, stderr = fix(path)
    assert code == 1 and "not fixed: Docker cannot build it (syntax errors)" in stderr
    assert path.read_text() == text


# --------------------------------------------------------------------------- exit codes, --diff


def test_exit_codes_and_diff(tmp_path: Path) -> None:
    text = "FROM Alpine:3.20\n"
    path = write(tmp_path, text)
    code, stdout, _ = fix(path, "--select", "OCL201", "--diff")
    assert (code, path.read_text()) == (1, text)
    assert stdout == (
        f"--- a{path}\n+++ b{path}\n@@ -1 +1 @@\n-FROM Alpine:3.20\n+FROM alpine:3.20\n"
    )
    code, stdout, stderr = fix(path, "--select", "OCL201", "--format", "json")
    assert code == 0 and '"findings": []' in stdout and "fixed 1 problem in 1 file" in stderr
    assert fix(path, "--select", "OCL201", "--diff")[:2] == (0, "")
    # Findings that are left (the pin needs the network) fail the run, as for check.
    code, _, _ = fix(path, "--select", "OCL201,OCL204")
    assert code == 1
    assert run_ocilint("fix", "--isolated", "-", stdin=text).code == 2


# --------------------------------------------------------------------------- the data


def test_pinning_edits_point_at_the_reference_or_the_whole_arg_default() -> None:
    findings = lint(
        """
        ARG BASE=python:3.12-slim
        ARG VERSION=3.20
        ARG TOOL="busybox:1.36"
        FROM ${BASE} AS one
        FROM alpine:${VERSION} AS two
        FROM "debian:12"
        FROM $TOOL AS four
        """,
        ["OCL204"],
    )
    fixes = [(f.location.line, f.autofix) for f in findings]
    assert [(line, fix.edits if fix else None) for line, fix in fixes] == [
        (4, (Edit(1, 10, 1, 26, f"python:3.12-slim@{DIGEST_PLACEHOLDER}", "python:3.12-slim",
                  resolve="python:3.12-slim"),)),
        (5, ()),
        (6, (Edit(6, 7, 6, 16, f"debian:12@{DIGEST_PLACEHOLDER}", "debian:12",
                  resolve="debian:12"),)),
        (7, (Edit(3, 11, 3, 23, f"busybox:1.36@{DIGEST_PLACEHOLDER}", "busybox:1.36",
                  resolve="busybox:1.36"),)),
    ]  # fmt: skip
    reason = fixes[1][1].not_applied if fixes[1][1] else None
    assert reason is not None and reason.startswith("`alpine:${VERSION}` is built from build")


def test_fix_text_and_edits_cannot_disagree() -> None:
    edit = Edit(1, 1, 1, 2, "b", "a")
    assert Finding("X001", Location("f"), "m", autofix=Fix.use("b", edit)).fix == "use `b`"
    with pytest.raises(ValueError):
        Fix.use("c", edit)
    with pytest.raises(ValueError):
        Finding("X001", Location("f"), "m", fix="use `c`", autofix=Fix.use("b", edit))


def test_splices_skip_overlaps_and_stale_originals() -> None:
    text = "FROM Alpine:3.20\r\nLABEL a=b\n"
    edits = [
        Edit(1, 6, 1, 12, "alpine", "Alpine"),
        Edit(1, 6, 1, 17, "other:1", "Alpine:3.20"),  # overlaps the first: left for later
        Edit(2, 7, 2, 8, "x", "z"),  # the text there is not what the rule saw
        Edit(1, 6, 1, 12, "alpine", "Alpine"),  # the same edit twice is made once
        Edit(2, 10, 2, 10, f"@{DIGEST_PLACEHOLDER}", "", resolve="b"),
        Edit(2, 12, 2, 13, "x"),  # past the end of the line
    ]
    chosen = splices(text, edits, {"b": DIGEST})
    assert apply(text, chosen) == f"FROM alpine:3.20\r\nLABEL a=b@{DIGEST}\n"
    assert apply(text, splices(text, edits, {})) == "FROM alpine:3.20\r\nLABEL a=b\n"


def test_readme_example_is_what_fix_prints() -> None:
    from tests.conftest import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ ocilint fix --offline --diff examples/bad.Dockerfile\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    result = run_ocilint("fix", "--offline", "--diff", "examples/bad.Dockerfile", cwd=PROJECT_ROOT)
    assert (result.code, result.stdout) == (1, shown)


# --------------------------------------------------------------------------- any input


FIXABLE = [
    "FROM Alpine:3\n", "LABEL org.opencontainers.image.licenses=gpl-2.0\n",
    'LABEL org.opencontainers.image.licence="mit or Apache 2.0"\n',
    "LABEL org.opencontainers.image.source = git@github.com:a/b.git\n",
    "COPY --from=Busybox:1 / /\n", "LABEL org.opencontainers.image.created='2024-01-01 10:00Z'\n",
    "FROM k8s.gcr.io/pause:3\n",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS + FIXABLE * 4), max_size=40))
def test_fixing_any_dockerfile_is_stable_and_keeps_lines(parts: list[str]) -> None:
    from ocilint.fixes.command import fix_text

    text = "FROM alpine:3 AS base\n" + "".join(parts)

    def every_rule(current: str) -> list[Edit] | str:
        return edits_of(current, select=("ALL",))

    outcome = fix_text("Dockerfile", text, every_rule, None)
    assert not outcome.notes or "unreadable" in outcome.notes[0] or "syntax" in outcome.notes[0]
    assert outcome.text.count("\n") == text.count("\n")
    again = fix_text("Dockerfile", outcome.text, every_rule, None)
    assert (again.text, again.edits) == (outcome.text, 0)
