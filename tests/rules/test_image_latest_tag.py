"""OCL203 image-latest-tag: an external image tagged `latest` without a digest."""

from tests.conftest import lint, problems

CODE = "OCL203"
SELECT = [CODE]
IMAGE_RULES = ["OCL201", "OCL202", "OCL203", "OCL204", "OCL206"]
HEX64 = "0123456789abcdef" * 4


def test_docstring_example() -> None:
    [finding] = lint("FROM node:latest\n", SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        1,
        6,
        1,
        17,
    )
    assert finding.message == "image `node:latest` (FROM) uses the `latest` tag"
    assert finding.fix == "name a version tag and pin the digest"


def test_docstring_example_fixed_passes() -> None:
    assert problems(f"FROM node:22-slim@sha256:{HEX64}\n", SELECT) == []


def test_latest_pinned_by_digest_passes() -> None:
    assert problems(f"FROM node:latest@sha256:{HEX64}\n", IMAGE_RULES) == []


def test_other_tags_pass() -> None:
    src = """
        FROM node:22
        FROM node:latest-slim
        FROM node:Latest
        FROM latest:1
    """
    assert problems(src, SELECT) == []


def test_untagged_image_is_image_without_tag_not_this_rule() -> None:
    assert problems("FROM node\n", SELECT) == []


def test_latest_is_also_unpinned() -> None:
    assert problems("FROM node:latest\n", IMAGE_RULES) == [("OCL203", 1, 6), ("OCL204", 1, 6)]


def test_registry_and_copy_from_and_mount_from() -> None:
    src = """
        FROM scratch
        COPY --from=ghcr.io/acme/tools:latest /bin/tool /bin/tool
        RUN --mount=type=bind,from=node:latest,target=/node true
    """
    findings = lint(src, SELECT)
    assert [(f.location.line, f.location.column, f.location.end_column) for f in findings] == [
        (2, 13, 38),
        (3, 28, 39),
    ]
    assert findings[0].message == (
        "image `ghcr.io/acme/tools:latest` (COPY --from) uses the `latest` tag"
    )


def test_stage_named_latest_is_not_an_image() -> None:
    src = """
        FROM scratch AS latest
        FROM latest
        COPY --from=latest /a /a
    """
    assert problems(src, SELECT) == []


def test_tag_from_arg_default_and_build_arg() -> None:
    src = """
        ARG TAG=22
        FROM node:${TAG}
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"TAG": "latest"}) == [(CODE, 2, 6)]
    message = lint(src, SELECT, build_args={"TAG": "latest"})[0].message
    assert "`node:latest`" in message


def test_variable_in_copy_from_is_a_build_error_not_an_image() -> None:
    src = """
        FROM scratch
        ARG TAG=22
        ENV TAG=latest
        COPY --from=node:$TAG /a /a
    """
    # BuildKit refuses variables in --from; the image is never pulled, so never tag-checked.
    assert problems(src, (SELECT[0], "OCL001")) == [("OCL001", 4, 6)]


def test_unresolved_tag_is_not_checked() -> None:
    src = """
        ARG TAG
        FROM node:$TAG
    """
    assert problems(src, SELECT) == []


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = """
        # ocilint: ignore=OCL203
        FROM node:latest
        # ocilint: ignore=image-latest-tag # dev image only
        FROM python:latest
        FROM ruby:latest
    """
    assert problems(src, SELECT) == [(CODE, 5, 6)]


def test_global_ignore_pragma() -> None:
    src = """
        # ocilint: global ignore=OCL203
        FROM node:latest
    """
    assert problems(src, SELECT) == []
