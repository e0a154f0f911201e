"""OCL202 image-without-tag: an external image named without tag or digest."""

from tests.conftest import lint, problems

CODE = "OCL202"
SELECT = [CODE]
IMAGE_RULES = ["OCL201", "OCL202", "OCL203", "OCL204", "OCL206"]
HEX64 = "0123456789abcdef" * 4


def test_docstring_example() -> None:
    [finding] = lint("FROM ubuntu\n", SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        1,
        6,
        1,
        12,
    )
    assert finding.message == "image `ubuntu` (FROM) has no tag, so it means `ubuntu:latest`"
    assert finding.fix == "name a version: `ubuntu:<version>`"


def test_docstring_example_fixed_passes() -> None:
    assert problems(f"FROM ubuntu:24.04@sha256:{HEX64}\n", SELECT) == []


def test_tag_or_digest_passes() -> None:
    src = f"""
        FROM ubuntu:24.04
        FROM ubuntu@sha256:{HEX64}
        FROM localhost:5000/app:1
    """
    assert problems(src, SELECT) == []


def test_registry_port_is_not_a_tag() -> None:
    src = "FROM localhost:5000/app\n"
    assert problems(src, SELECT) == [(CODE, 1, 6)]
    assert lint(src, SELECT)[0].fix == "name a version: `localhost:5000/app:<version>`"


def test_scratch_and_earlier_stages_are_exempt() -> None:
    src = """
        FROM scratch AS base
        FROM base AS build
        FROM BUILD
        COPY --from=build /a /a
        COPY --from=0 /b /b
        RUN --mount=type=bind,from=base,target=/x true
    """
    assert problems(src, SELECT) == []


def test_copy_from_a_later_stage_is_exempt() -> None:
    src = """
        FROM scratch AS first
        COPY --from=later /a /a
        FROM scratch AS later
    """
    assert problems(src, SELECT) == []


def test_copy_from_a_numeric_stage_index_is_never_an_image() -> None:
    src = """
        FROM ubuntu:24.04
        COPY --from=0 /a /a
        RUN --mount=type=bind,from=1,target=/x true
    """
    assert problems(src, IMAGE_RULES) == [("OCL204", 1, 6)]


def test_copy_from_and_mount_from_images() -> None:
    src = """
        FROM scratch
        COPY --from=nginx /etc/nginx /etc/nginx
        COPY --chown=1:1 --from=docker.io/library/busybox /bin/sh /bin/sh
        RUN --mount=type=cache,target=/c --mount=type=bind,source=/,from=python,target=/py true
    """
    findings = lint(src, SELECT)
    assert [(f.location.line, f.location.column, f.location.end_column) for f in findings] == [
        (2, 13, 18),
        (3, 25, 50),
        (4, 66, 72),
    ]
    assert findings[0].message == (
        "image `nginx` (COPY --from) has no tag, so it means `nginx:latest`"
    )
    assert findings[2].message == (
        "image `python` (RUN --mount from) has no tag, so it means `python:latest`"
    )


def test_reported_once_per_use() -> None:
    src = """
        FROM ubuntu AS a
        FROM ubuntu AS b
    """
    assert problems(src, SELECT) == [(CODE, 1, 6), (CODE, 2, 6)]


def test_image_from_arg_default_and_build_arg() -> None:
    src = """
        ARG BASE=ubuntu:24.04
        FROM $BASE
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"BASE": "ubuntu"}) == [(CODE, 2, 6)]
    assert "`ubuntu`" in lint(src, SELECT, build_args={"BASE": "ubuntu"})[0].message


def test_copy_from_with_a_variable_is_a_build_error_not_an_image() -> None:
    src = """
        ARG IMAGE=nginx
        FROM scratch
        ARG IMAGE
        COPY --from=$IMAGE /a /a
    """
    # BuildKit refuses variables in --from ("define a new stage with FROM using ARG from global
    # scope"); the image is never pulled, so it is not checked as one.
    assert problems(src, (SELECT[0], "OCL001")) == [("OCL001", 4, 6)]


def test_unresolved_image_is_not_checked() -> None:
    src = """
        ARG BASE
        FROM $BASE
    """
    assert problems(src, SELECT) == []


def test_untagged_image_is_not_also_a_latest_tag_finding() -> None:
    assert problems("FROM ubuntu\n", IMAGE_RULES) == [("OCL202", 1, 6), ("OCL204", 1, 6)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = """
        # ocilint: ignore=OCL202
        FROM ubuntu
        # ocilint: ignore=image-without-tag
        FROM debian
        FROM fedora
    """
    assert problems(src, SELECT) == [(CODE, 5, 6)]


def test_global_ignore_pragma() -> None:
    src = """
        FROM ubuntu
        # ocilint: global ignore=image-without-tag
    """
    assert problems(src, SELECT) == []
