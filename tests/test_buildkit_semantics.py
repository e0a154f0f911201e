"""Dockerfiles read as BuildKit reads them, checked through the `ocilint check` command.

Each test writes a real Dockerfile and runs the installed command as a user would; the
expected behaviour is BuildKit's (frontend/dockerfile/parser, instructions, dockerfile2llb).
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import pytest

from tests.conftest import dedent, run_ocilint

LABELS = (
    'LABEL org.opencontainers.image.source="https://github.com/acme/app" \\\n'
    '      org.opencontainers.image.description="Acme app" \\\n'
    '      org.opencontainers.image.licenses="MIT"\n'
)

HEAD = f"FROM alpine:3.20@sha256:{'a' * 64}\n{LABELS}"


def check(tmp_path: Path, text: str, *args: str, name: str = "Dockerfile") -> tuple[int, list]:
    """Run `ocilint check --format json ARGS FILE`; return the exit code and the findings."""
    path = tmp_path / name
    text = dedent(text).replace("@HEAD\n", HEAD).replace("@LABELS\n", LABELS)
    path.write_text(text, encoding="utf-8")
    result = run_ocilint("check", "--format", "json", *args, str(path))
    assert result.stderr == "", result.stderr
    findings = json.loads(result.stdout)["findings"]
    return result.code, [(f["code"], f["line"], f["message"], f["fix"]) for f in findings]


def assert_clean(tmp_path: Path, text: str, *args: str) -> None:
    """The Dockerfile builds an image ocilint has nothing to say about: exit 0, no findings."""
    assert check(tmp_path, text, *args) == (0, [])


def codes(findings: list) -> list[tuple[str, int]]:
    return [(code, line) for code, line, _, _ in findings]


# --------------------------------------------------------------------------- heredocs


def test_run_heredoc_with_a_blank_before_the_word_is_a_script_not_instructions(
    tmp_path: Path,
) -> None:
    # No phantom stage from the bodies (no image findings for python/ruby:latest), no
    # unknown-instruction errors, no label overridden from a script.
    assert_clean(
        tmp_path,
        """
        @HEAD
        RUN << EOF
        FROM python:latest
        LABEL org.opencontainers.image.source=https://example.com/evil
        EOF
        RUN <<  EOT  > /out
        FROM ruby:latest
        EOT
        """,
    )


def test_copy_chomped_heredoc_with_a_blank_before_the_word(tmp_path: Path) -> None:
    assert_clean(
        tmp_path,
        """
        @HEAD
        COPY <<- EOF /etc/motd
        \tFROM python:latest
        \tLABEL org.opencontainers.image.licenses=NOT-A-LICENSE
        \tEOF
        """,
    )


def test_heredoc_word_written_as_a_variable_ends_at_that_literal_line(tmp_path: Path) -> None:
    # `EOF` alone does not end it: BuildKit leaves `$EOF` unexpanded in the heredoc word.
    assert_clean(
        tmp_path,
        """
        @HEAD
        RUN <<$EOF
        EOF
        FROM python:latest
        $EOF
        """,
    )


def test_several_heredocs_on_one_line_are_read_in_order(tmp_path: Path) -> None:
    assert_clean(
        tmp_path,
        """
        @HEAD
        COPY <<FIRST <<"SECOND" /etc/
        SECOND
        FIRST
        FIRST
        SECOND
        RUN <<'ONE' bash && <<-TWO sh
        FROM python:latest
        ONE
        \tFROM ruby:latest
        \tTWO
        """,
    )


def test_heredoc_markers_outside_run_copy_add_are_not_heredocs(tmp_path: Path) -> None:
    code, findings = check(
        tmp_path,
        """
        @HEAD
        USER <<INVALID
        INVALID
        RUN ["<<EOF"]
        EOF
        RUN echo "<<NOHEREDOC"
        """,
    )
    assert code == 1
    assert codes(findings) == [("OCL001", 6), ("OCL001", 8)]
    assert [message for _, _, message, _ in findings] == [
        "unknown instruction: INVALID",
        "unknown instruction: EOF",
    ]


def test_unterminated_heredoc_is_a_syntax_error(tmp_path: Path) -> None:
    code, findings = check(
        tmp_path,
        """
        @HEAD
        RUN << EOF
        echo never closed
        """,
    )
    assert code == 1
    assert codes(findings) == [("OCL001", 5)]


def test_heredoc_word_with_an_unterminated_quote_is_a_syntax_error(tmp_path: Path) -> None:
    code, findings = check(
        tmp_path,
        """
        @HEAD
        RUN <<'EOF cat
        EOF
        """,
    )
    # The line does not lex, so BuildKit finds no heredoc and `EOF` is an instruction.
    assert code == 1
    assert codes(findings) == [("OCL001", 6)]


# --------------------------------------------------------------------------- --from variables


def test_variable_in_copy_from_is_reported_as_buildkits_error(tmp_path: Path) -> None:
    code, findings = check(
        tmp_path,
        """
        ARG UV_VERSION=0.5.11
        @HEAD
        ARG UV_VERSION
        COPY --from=ghcr.io/astral-sh/uv:${UV_VERSION} /uv /bin/
        COPY --from=ghcr.io/astral-sh/uv:latest /uvx /bin/
        """,
    )
    assert code == 1
    # The build error on line 7 and, for the literal reference, the usual image findings;
    # nothing about `uv:0.5.11`, an image the build never pulls.
    assert codes(findings) == [("OCL001", 7), ("OCL203", 8), ("OCL204", 8)]
    assert findings[0][2] == (
        "variable expansion is not supported for --from, define a new stage with FROM using "
        "ARG from global scope as a workaround"
    )


def test_variable_in_mount_from_is_reported_as_buildkits_error(tmp_path: Path) -> None:
    code, findings = check(
        tmp_path,
        f"""
        FROM alpine:3.20@sha256:{"a" * 64} AS tools
        @HEAD
        ENV STAGE=tools
        RUN --mount=type=bind,from=$STAGE,target=/t true
        RUN --mount=type=bind,from=tools,target=/t --mount=type=cache,target=/c,id=$ID true
        """,
    )
    assert code == 1
    assert codes(findings) == [("OCL001", 7)]
    assert findings[0][2] == (
        "'from' doesn't support variable expansion, define alias stage instead"
    )


# --------------------------------------------------------------------------- global ARG scope


GLOBAL_ARG_NOT_REDECLARED = f"""
    ARG SRC=https://github.com/acme/app
    FROM alpine:3.20@sha256:{"a" * 64}
    LABEL org.opencontainers.image.source=$SRC \\
          org.opencontainers.image.description="Acme app" \\
          org.opencontainers.image.licenses="MIT"
    """


def test_global_arg_used_in_a_stage_without_redeclaring_it_is_an_empty_label(
    tmp_path: Path,
) -> None:
    code, findings = check(tmp_path, GLOBAL_ARG_NOT_REDECLARED)
    assert code == 1
    assert findings == [
        (
            "OCL108",
            3,
            "label `org.opencontainers.image.source` is empty; `SRC` is a global ARG, not in "
            "scope in a stage that does not declare it, so Docker expands it as empty whatever "
            "--build-arg says",
            "add `ARG SRC` after `FROM` (line 2)",
        )
    ]


def test_build_arg_does_not_reach_a_global_arg_the_stage_did_not_declare(
    tmp_path: Path,
) -> None:
    code, findings = check(
        tmp_path, GLOBAL_ARG_NOT_REDECLARED, "--build-arg", "SRC=https://github.com/acme/x"
    )
    assert code == 1
    assert codes(findings) == [("OCL108", 3)]


def test_global_arg_redeclared_in_the_stage_keeps_its_value(tmp_path: Path) -> None:
    text = GLOBAL_ARG_NOT_REDECLARED.replace(
        "\n    LABEL org.opencontainers.image.source=$SRC",
        "\n    ARG SRC\n    LABEL org.opencontainers.image.source=$SRC",
    )
    assert check(tmp_path, text) == (0, [])


# --------------------------------------------------------------------------- platforms

PER_ARCH_BASES = f"""
    FROM alpine:3.20@sha256:{"a" * 64} AS base-amd64
    @LABELS
    FROM alpine:3.20@sha256:{"b" * 64} AS base-arm64
    LABEL org.opencontainers.image.source="https://github.com/acme/app"
    FROM base-$TARGETARCH
    """


def test_from_with_targetarch_names_the_stage_for_the_platform(tmp_path: Path) -> None:
    assert check(tmp_path, PER_ARCH_BASES, "--platform", "linux/amd64") == (0, [])
    code, findings = check(tmp_path, PER_ARCH_BASES, "--platform", "linux/arm64/v8")
    assert code == 1
    assert codes(findings) == [("OCL101", 7), ("OCL101", 7)]
    assert [message for _, _, message, _ in findings] == [
        "missing required label `org.opencontainers.image.description`",
        "missing required label `org.opencontainers.image.licenses`",
    ]


def test_several_platforms_report_shared_findings_once_and_name_the_others(
    tmp_path: Path,
) -> None:
    text = PER_ARCH_BASES + "LABEL org.opencontainers.image.url=not-a-url\n"
    code, findings = check(
        tmp_path, text, "--platform", "linux/amd64,linux/arm64", "--platform", "linux/amd64"
    )
    assert code == 1
    assert codes(findings) == [("OCL101", 7), ("OCL101", 7), ("OCL106", 8)]
    assert [
        message.endswith("(when building for linux/arm64)") for _, _, message, _ in findings
    ] == [
        True,
        True,
        False,
    ]


def test_local_stage_named_with_targetarch_is_not_an_external_image(tmp_path: Path) -> None:
    code, findings = check(
        tmp_path,
        f"""
        ARG TARGETARCH
        FROM golang:1.22@sha256:{"c" * 64} AS build-amd64
        FROM golang:1.22@sha256:{"c" * 64} AS build-arm64
        FROM build-${{TARGETARCH}} AS build
        FROM scratch
        @LABELS
        COPY --from=build /out /out
        """,
        "--platform",
        "linux/arm64",
    )
    assert (code, findings) == (0, [])


def test_platform_args_inside_a_stage_need_an_arg_line(tmp_path: Path) -> None:
    text = """
        @HEAD
        LABEL org.acme.arch=$TARGETARCH
        """
    code, findings = check(tmp_path, text)
    assert code == 1
    assert [(c, line, fix) for c, line, _, fix in findings] == [
        ("OCL108", 5, "add `ARG TARGETARCH` after `FROM` (line 1)")
    ]
    assert check(tmp_path, text.replace("LABEL org.acme", "ARG TARGETARCH\nLABEL org.acme")) == (
        0,
        [],
    )


def test_without_platform_the_hosts_platform_is_built(tmp_path: Path) -> None:
    host = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine())
    if host is None:
        pytest.skip("expected architecture not known for this machine")
    text = f"""
        FROM alpine:3.20@sha256:{"a" * 64} AS base-{host}
        @LABELS
        FROM base-$TARGETARCH
        """
    assert_clean(tmp_path, text)
    other = "arm64" if host == "amd64" else "amd64"
    code, findings = check(tmp_path, text, "--platform", f"linux/{other}")
    # For the other platform `base-arm64` (or -amd64) is no stage: an external image.
    assert code == 1
    assert codes(findings) == [("OCL101", 5)] * 3 + [("OCL202", 5), ("OCL204", 5)]


def test_invalid_platform_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM scratch\n", encoding="utf-8")
    result = run_ocilint("check", "--platform", "linux/amd64/v2/x", str(path))
    assert result.code == 2
    assert result.stderr == (
        "ocilint: --platform: invalid platform `linux/amd64/v2/x`: expected os/arch[/variant], "
        "e.g. linux/amd64 or linux/arm64/v8\n"
    )
    result = run_ocilint("check", "--platform", "amd64,plan10", str(path))
    assert result.code == 2
    assert result.stderr == (
        "ocilint: --platform: invalid platform `plan10`: unknown operating system or architecture\n"
    )


# --------------------------------------------------------------------------- long lines


def test_line_longer_than_64_kib_is_rejected_as_buildkit_does(tmp_path: Path) -> None:
    head = f"FROM alpine:3.20@sha256:{'a' * 64}\n@LABELS\n"
    fits = "LABEL org.acme.pad=" + "x" * (65535 - len("LABEL org.acme.pad="))
    assert check(tmp_path, head + fits + "\n") == (0, [])
    code, findings = check(tmp_path, head + fits + "x\n")
    assert code == 1
    assert findings == [
        ("OCL001", 5, "dockerfile line greater than max allowed size of 65535", None)
    ]


def test_global_arg_copied_into_env_without_redeclaring_names_the_stage_to_fix(
    tmp_path: Path,
) -> None:
    code, findings = check(
        tmp_path,
        f"""
        ARG VERSION=1.0
        FROM alpine:3.20@sha256:{"a" * 64} AS base
        ENV APP_VERSION=$VERSION
        FROM base
        @LABELS
        LABEL org.opencontainers.image.version=$APP_VERSION
        """,
    )
    assert code == 1
    assert [(c, line, fix) for c, line, _, fix in findings] == [
        ("OCL108", 8, "add `ARG VERSION` after `FROM` (line 2)")
    ]
    assert "`VERSION` is a global ARG" in findings[0][2]


def test_build_arg_named_like_a_platform_arg_counts_only_where_an_arg_declares_it(
    tmp_path: Path,
) -> None:
    platform_amd64 = ("--platform", "linux/amd64", "--build-arg", "TARGETARCH=arm64")
    # No ARG TARGETARCH: FROM sees BuildKit's own value, amd64, whatever --build-arg says
    # (and, as docker build does, ocilint warns that the build arg is not consumed).
    path = tmp_path / "Dockerfile"
    path.write_text(dedent(PER_ARCH_BASES).replace("@LABELS\n", LABELS), encoding="utf-8")
    result = run_ocilint("check", *platform_amd64, str(path))
    assert (result.code, result.stdout) == (0, "No problems found in 1 input.\n")
    assert result.stderr == (
        f"ocilint: warning: {path}: --build-arg TARGETARCH not consumed: no ARG declares it\n"
    )
    # Declared globally, the build arg sets it, as for any ARG: base-arm64 lacks two labels.
    code, findings = check(tmp_path, "ARG TARGETARCH\n" + dedent(PER_ARCH_BASES), *platform_amd64)
    assert (code, codes(findings)) == (1, [("OCL101", 8), ("OCL101", 8)])
