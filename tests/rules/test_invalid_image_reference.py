"""OCL201 invalid-image-reference: an image the build pulls that Docker cannot parse."""

import pytest

from tests.conftest import lint, problems

CODE = "OCL201"
SELECT = [CODE]
IMAGE_RULES = ["OCL201", "OCL202", "OCL203", "OCL204", "OCL206"]
HEX64 = "0123456789abcdef" * 4


def details(
    text: str, **kwargs: object
) -> list[tuple[int | None, int | None, int | None, str | None]]:
    """(line, column, end column, fix) of each finding."""
    return [
        (f.location.line, f.location.column, f.location.end_column, f.fix)
        for f in lint(text, SELECT, **kwargs)  # type: ignore[arg-type]
    ]


def test_docstring_example_uppercase_repository() -> None:
    [finding] = lint("FROM Ubuntu:22.04\n", SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        1,
        6,
        1,
        7,
    )
    assert finding.message.startswith("invalid image reference `Ubuntu:22.04` (FROM")
    assert finding.message.endswith(": repository name must be lowercase")
    assert finding.fix == "use `ubuntu:22.04`"


def test_docstring_example_fixed_passes() -> None:
    assert problems("FROM ubuntu:22.04\n", SELECT) == []


@pytest.mark.parametrize(
    "reference",
    [
        "alpine",
        "alpine:3.20",
        "library/alpine:3.20",
        "docker.io/library/alpine:3.20",
        "ghcr.io/acme/app:v1.2.3",
        "localhost:5000/app:1",
        "registry.example.com:5000/team/app_x/sub-path:Tag_1",
        "GHCR.IO/acme/app:1",
        f"alpine:3.20@sha256:{HEX64}",
        f"alpine@sha512:{HEX64 * 2}",
    ],
)
def test_valid_references_pass(reference: str) -> None:
    assert problems(f"FROM {reference}\n", SELECT) == []


def test_uppercase_path_keeps_the_registry() -> None:
    assert details("FROM ghcr.io/Acme/App:1\n") == [(1, 14, 15, "use `ghcr.io/acme/app:1`")]


def test_short_digest_is_invalid_not_unpinned() -> None:
    src = "FROM alpine@sha256:short\n"
    assert problems(src, IMAGE_RULES) == [(CODE, 1, 20)]
    assert lint(src, SELECT)[0].message.endswith(": invalid reference format")


def test_digest_with_too_few_hex_characters() -> None:
    src = f"FROM alpine@sha256:{HEX64[:40]}\n"
    assert problems(src, IMAGE_RULES) == [(CODE, 1, 20)]
    assert lint(src, SELECT)[0].message.endswith(": invalid checksum digest length")


def test_digest_with_upper_case_hex_suggests_lower_case() -> None:
    src = f"FROM alpine@sha256:{HEX64.upper()}\n"
    [(line, column, _end, fix)] = details(src)
    assert (line, column) == (1, 20 + 10)  # the first upper-case hex character, `A`
    assert fix == f"use `alpine@sha256:{HEX64}`"


def test_tag_longer_than_128_characters() -> None:
    assert problems(f"FROM alpine:{'t' * 128}\n", SELECT) == []
    assert problems(f"FROM alpine:{'t' * 129}\n", SELECT) == [(CODE, 1, 13 + 128)]


def test_path_longer_than_255_characters() -> None:
    path = "acme/" + "a" * 251
    assert problems(f"FROM {path[:-1]}:1\n", SELECT) == []
    src = f"FROM {path}:1\n"
    assert problems(src, SELECT) == [(CODE, 1, 6 + 255)]
    assert "repository name must not be more than 255 characters" in lint(src, SELECT)[0].message


@pytest.mark.parametrize(
    ("reference", "column"),
    [
        ("alpine:3 extra", None),
        ("-alpine", 6),
        ("alpine/", 13),
        ("alpïne:3", 9),
    ],
)
def test_malformed_references(reference: str, column: int | None) -> None:
    if column is None:
        # `FROM a b` is a syntax error, not an image reference problem.
        assert problems(f"FROM {reference}\n", SELECT) == []
        return
    assert problems(f"FROM {reference}\n", SELECT) == [(CODE, 1, column)]


def test_copy_from_and_mount_from_images() -> None:
    src = """
        FROM alpine:3.20
        COPY --from=Nginx:1 /a /a
        RUN --mount=type=bind,from=Node:22,target=/x true
    """
    assert details(src) == [(2, 13, 14, "use `nginx:1`"), (3, 28, 29, "use `node:22`")]
    messages = [f.message for f in lint(src, SELECT)]
    assert messages[0].startswith("invalid image reference `Nginx:1` (COPY --from")
    assert messages[1].startswith("invalid image reference `Node:22` (RUN --mount from")


def test_stage_names_are_not_image_references() -> None:
    src = """
        FROM alpine:3.20 AS Build
        FROM Build AS test
        COPY --from=BUILD /a /a
        RUN --mount=type=bind,from=Build,target=/x true
    """
    assert problems(src, SELECT) == []


def test_reference_from_arg_reports_the_whole_word() -> None:
    src = """
        ARG BASE=Alpine
        ARG TAG=3.20
        FROM $BASE:$TAG
    """
    [finding] = lint(src, SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_column) == (3, 6, 16)
    assert "`Alpine:3.20`" in finding.message
    assert "$BASE:$TAG" in finding.message
    assert finding.fix == "use `alpine:3.20`"


def test_build_arg_overrides_the_default() -> None:
    src = """
        ARG BASE=alpine
        FROM ${BASE}:3.20
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"BASE": "Alpine"}) == [(CODE, 2, 6)]


def test_unresolved_reference_is_not_checked() -> None:
    src = """
        ARG BASE
        FROM $BASE:3.20
    """
    assert problems(src, SELECT) == []
    assert problems(src, ["OCL002", CODE]) == [("OCL002", 2, 6)]


def test_undeclared_variable_expands_to_empty() -> None:
    src = "FROM alpine:$UNDECLARED\n"
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (1, 6)
    assert "`alpine:`" in finding.message
    assert "`UNDECLARED`" in finding.message


def test_unsupported_digest_algorithm_is_not_this_rule() -> None:
    src = "FROM alpine@md5:0123456789abcdef0123456789abcdef\n"
    assert problems(src, IMAGE_RULES) == [("OCL206", 1, 6)]


def test_tab_after_from() -> None:
    assert problems("FROM\tUbuntu:22.04\n", SELECT) == [(CODE, 1, 6)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = """
        # ocilint: ignore=OCL201
        FROM Ubuntu:22.04
        # ocilint: ignore=invalid-image-reference
        FROM Debian:12
        FROM Fedora:40
    """
    assert problems(src, SELECT) == [(CODE, 5, 6)]


def test_global_ignore_pragma() -> None:
    src = """
        # ocilint: global ignore=OCL201
        FROM Ubuntu:22.04
    """
    assert problems(src, SELECT) == []


def test_very_long_reference() -> None:
    src = "FROM " + "a/" * 50_000 + "b:1\n"
    assert problems(src, SELECT) == [(CODE, 1, 6 + 255)]
