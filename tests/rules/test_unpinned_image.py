"""OCL204 unpinned-image: an external image not pinned by digest."""

import pytest

from tests.conftest import lint, problems

CODE = "OCL204"
SELECT = [CODE]
IMAGE_RULES = ["OCL201", "OCL202", "OCL203", "OCL204", "OCL206"]
HEX64 = "0123456789abcdef" * 4


def test_docstring_example() -> None:
    [finding] = lint("FROM python:3.12-slim\n", SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        1,
        6,
        1,
        22,
    )
    assert finding.message == "image `python:3.12-slim` (FROM) is not pinned by digest"
    assert finding.fix == "pin it: `python:3.12-slim@sha256:<digest>`"


def test_docstring_example_fixed_passes() -> None:
    assert problems(f"FROM python:3.12-slim@sha256:{HEX64}\n", SELECT) == []


@pytest.mark.parametrize(
    "digest",
    [f"sha256:{HEX64}", f"sha384:{HEX64}{HEX64[:32]}", f"sha512:{HEX64 * 2}"],
)
def test_supported_digests_pass(digest: str) -> None:
    assert problems(f"FROM python@{digest}\n", IMAGE_RULES) == []


@pytest.mark.parametrize(
    "digest",
    [
        "sha256:short",
        f"sha256:{HEX64[:63]}",
        f"sha256:{HEX64}0",
        f"sha512:{HEX64}",
        f"sha256:{HEX64.upper()}",
    ],
)
def test_malformed_digest_is_an_invalid_reference_not_unpinned(digest: str) -> None:
    assert [code for code, _line, _column in problems(f"FROM x@{digest}\n", IMAGE_RULES)] == [
        "OCL201"
    ]


def test_scratch_and_earlier_stages_are_exempt() -> None:
    src = f"""
        FROM golang:1.22@sha256:{HEX64} AS build
        FROM scratch
        COPY --from=build /app /app
        COPY --from=0 /etc/ssl /etc/ssl
        RUN --mount=type=bind,from=build,target=/src true
    """
    assert problems(src, SELECT) == []


def test_copy_from_and_mount_from_images() -> None:
    src = f"""
        FROM scratch
        COPY --from=busybox:1.36 /bin/sh /bin/sh
        COPY --from=busybox:1.36@sha256:{HEX64} /bin/ls /bin/ls
        RUN --mount=type=bind,from=golang:1.22,target=/go true
    """
    findings = lint(src, SELECT)
    assert [(f.location.line, f.location.column, f.location.end_column) for f in findings] == [
        (2, 13, 25),
        (4, 28, 39),
    ]
    assert findings[0].message == "image `busybox:1.36` (COPY --from) is not pinned by digest"
    assert findings[1].message == "image `golang:1.22` (RUN --mount from) is not pinned by digest"


def test_digest_from_arg_default() -> None:
    src = f"""
        ARG DIGEST=sha256:{HEX64}
        FROM python:3.12@${{DIGEST}}
    """
    assert problems(src, SELECT) == []


def test_build_arg_overrides_the_default() -> None:
    src = f"""
        ARG IMAGE=python:3.12@sha256:{HEX64}
        FROM $IMAGE
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"IMAGE": "python:3.12"}) == [(CODE, 2, 6)]


def test_unresolved_image_is_reported_by_unresolved_value_only() -> None:
    src = """
        ARG IMAGE
        FROM $IMAGE
    """
    assert problems(src, ["OCL002", *IMAGE_RULES]) == [("OCL002", 2, 6)]


def test_platform_flag_does_not_shift_the_column() -> None:
    src = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
    assert problems(src, SELECT) == [(CODE, 1, 32)]


def test_tab_and_non_ascii_columns() -> None:
    src = "FROM scratch\nRUN\t--mount=type=bind,target=/ü,from=alpine:3 true\n"
    assert problems(src, SELECT) == [(CODE, 2, 38)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = """
        # ocilint: ignore=OCL204
        FROM python:3.12
        # ocilint: ignore=unpinned-image
        FROM node:22
        FROM ruby:3
    """
    assert problems(src, SELECT) == [(CODE, 5, 6)]


def test_ignore_pragma_covers_the_whole_continued_instruction() -> None:
    src = """
        FROM scratch
        # ocilint: ignore=OCL204
        COPY --from=busybox:1.36 \\
             /bin/sh /bin/sh
        COPY --from=busybox:1.36 /bin/ls /bin/ls
    """
    assert problems(src, SELECT) == [(CODE, 5, 13)]


def test_global_ignore_pragma() -> None:
    src = """
        # ocilint: global ignore=unpinned-image
        FROM python:3.12
        FROM node:22
    """
    assert problems(src, SELECT) == []


def test_severity_can_be_raised_in_the_configuration() -> None:
    [finding] = lint("FROM python:3.12\n", SELECT, config={"severity": {"unpinned-image": "error"}})
    assert finding.severity.label == "error"
    assert lint("FROM python:3.12\n", SELECT)[0].severity.label == "warning"


def test_ignore_in_the_configuration() -> None:
    assert problems("FROM python\n", ["OCL2"]) == [("OCL202", 1, 6), (CODE, 1, 6)]
    assert problems("FROM python\n", ["OCL2"], config={"ignore": ["OCL204"]}) == [("OCL202", 1, 6)]


def test_per_file_ignores_in_the_configuration() -> None:
    config = {"per-file-ignores": {"*.dev.Dockerfile": ["unpinned-image"]}}
    assert problems("FROM python:3.12\n", SELECT, config=config, path="app.dev.Dockerfile") == []
    assert problems("FROM python:3.12\n", SELECT, config=config) == [(CODE, 1, 6)]


def test_pragma_text_inside_a_heredoc_body_is_not_a_pragma() -> None:
    src = """
        FROM python:3.12
        RUN <<EOF
        # ocilint: global ignore=all
        EOF
        RUN echo "# ocilint: global ignore=all"
    """
    assert problems(src, SELECT) == [(CODE, 1, 6)]
