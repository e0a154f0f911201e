"""OCL205 disallowed-registry: an image from a registry (or repository) that is not allowed."""

import pytest

from tests.conftest import lint, problems, run_ocilint

CODE = "OCL205"
SELECT = [CODE]
IMAGES = """
    FROM python:3.12
    FROM docker.io/library/python:3.12
    FROM index.docker.io/library/python:3.12
    FROM registry.acme.com/mirror/python:3.12
    FROM ghcr.io/acme/app:1
    FROM ghcr.io/other/app:1
    FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
    FROM localhost:5000/app:1
    FROM scratch
"""


def allowed(*patterns: str) -> dict[str, object]:
    return {"rules": {"disallowed-registry": {"allowed": list(patterns)}}}


def flagged_lines(text: str, *patterns: str) -> list[int | None]:
    return [line for _code, line, _column in problems(text, SELECT, config=allowed(*patterns))]


def test_off_by_default() -> None:
    assert [code for code, _line, _column in problems(IMAGES) if code == CODE] == []


def test_selected_without_allowed_patterns_flags_every_external_image() -> None:
    findings = lint("FROM python:3.12\nFROM scratch\n", SELECT)
    assert [(f.location.line, f.location.column, f.location.end_column) for f in findings] == [
        (1, 6, 17)
    ]
    assert findings[0].message == (
        "image `python:3.12` (FROM) comes from `docker.io`, which is not an allowed registry "
        "(allowed: none configured)"
    )
    assert findings[0].fix == "use a mirror in an allowed registry"


def test_docstring_example() -> None:
    src = """
        FROM python:3.12
        FROM registry.acme.com/mirror/python:3.12
        FROM ghcr.io/acme/app:1
    """
    config = allowed("registry.acme.com", "ghcr.io/acme/*")
    [finding] = lint(src, SELECT, config=config)
    assert (finding.location.line, finding.location.column) == (1, 6)
    assert finding.message == (
        "image `python:3.12` (FROM) comes from `docker.io`, which is not an allowed registry "
        "(allowed: `registry.acme.com`, `ghcr.io/acme/*`)"
    )


def test_configuring_allowed_turns_the_rule_on(tmp_path, write) -> None:  # type: ignore[no-untyped-def]
    write("Dockerfile", "FROM python:3.12@sha256:" + "0" * 64 + "\n")
    write(".ocilint.toml", '[rules.disallowed-registry]\nallowed = ["ghcr.io"]\n')
    result = run_ocilint("check", "--ignore", "OCL101", "Dockerfile", cwd=tmp_path)
    assert result.code == 1
    assert result.stdout.splitlines()[0].startswith("Dockerfile:1:6: OCL205 error: image ")


def test_docker_hub_names_are_normalised_to_docker_io() -> None:
    assert flagged_lines(IMAGES, "docker.io") == [4, 5, 6, 7, 8]


def test_domain_pattern_with_wildcards() -> None:
    assert flagged_lines(IMAGES, "*.dkr.ecr.*.amazonaws.com", "localhost:5000") == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]


def test_repository_pattern() -> None:
    assert flagged_lines(IMAGES, "ghcr.io/acme/*") == [1, 2, 3, 4, 6, 7, 8]


def test_repository_pattern_on_docker_hub() -> None:
    assert flagged_lines(IMAGES, "docker.io/library/*") == [4, 5, 6, 7, 8]


def test_pattern_without_slash_matches_the_registry_not_the_image_name() -> None:
    assert flagged_lines(IMAGES, "python") == [1, 2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("pattern", ["ghcr.io", "GHCR.IO", "ghcr.io/acme/*"])
def test_registry_host_matches_case_insensitively(pattern: str) -> None:
    src = "FROM GHCR.io/acme/app:1\n"
    assert flagged_lines(src, pattern) == []


def test_copy_from_and_mount_from_images_are_checked() -> None:
    src = """
        FROM registry.acme.com/base:1 AS build
        COPY --from=nginx:1 /a /a
        COPY --from=build /b /b
        RUN --mount=type=bind,from=quay.io/x/y:1,target=/x true
        RUN --mount=type=bind,from=build,target=/y true
    """
    findings = lint(src, SELECT, config=allowed("registry.acme.com"))
    assert [(f.location.line, f.location.column) for f in findings] == [(2, 13), (4, 28)]
    assert "(COPY --from)" in findings[0].message
    assert "comes from `quay.io`" in findings[1].message


def test_image_from_arg_and_build_arg() -> None:
    src = """
        ARG REGISTRY=registry.acme.com
        FROM $REGISTRY/python:3.12
    """
    assert flagged_lines(src, "registry.acme.com") == []
    config = allowed("registry.acme.com")
    assert problems(src, SELECT, config=config, build_args={"REGISTRY": "docker.io"}) == [
        (CODE, 2, 6)
    ]


def test_unresolved_image_is_not_checked() -> None:
    src = """
        ARG REGISTRY
        FROM $REGISTRY/python:3.12
    """
    assert flagged_lines(src, "registry.acme.com") == []


def test_invalid_reference_is_not_checked() -> None:
    assert flagged_lines("FROM Python:3.12\n", "registry.acme.com") == []


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = """
        # ocilint: ignore=OCL205
        FROM python:3.12
        # ocilint: ignore=disallowed-registry
        FROM node:22
        FROM ruby:3
    """
    assert flagged_lines(src, "registry.acme.com") == [5]


def test_global_ignore_pragma() -> None:
    src = """
        # ocilint: global ignore=OCL205
        FROM python:3.12
    """
    assert flagged_lines(src, "registry.acme.com") == []
