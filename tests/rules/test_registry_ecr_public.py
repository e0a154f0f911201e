"""OCL304 ecr-public-naming: an Amazon ECR Public name ECR Public rejects."""

from __future__ import annotations

import pytest

from tests.test_registries import details, lint_reference, lint_registry

CODE = "OCL304"
SELECT = [CODE]
ALIAS_PATTERN = (
    "must match `[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*`: a letter and at least one more letter or "
    "digit first, then one `.`, `_` or `-` at a time between letters or digits"
)
REPOSITORY_PATTERN = (
    "must match `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`: one `.`, "
    "`_` or `-` at a time, between letters or digits"
)


def test_docstring_example() -> None:
    assert details(lint_registry("FROM public.ecr.aws/nginx:1.27\n", SELECT)) == [
        (
            1,
            6,
            "image `public.ecr.aws/nginx:1.27` (FROM): Amazon ECR Public names have at least 2 "
            "path components (`public.ecr.aws/ALIAS/REPOSITORY`); `nginx` has 1 component",
            "name the alias: `public.ecr.aws/ALIAS/nginx:1.27`",
        )
    ]


def test_docstring_example_fixed_passes() -> None:
    assert lint_registry("FROM public.ecr.aws/nginx/nginx:1.27\n", SELECT) == []


@pytest.mark.parametrize(
    "name",
    [
        "public.ecr.aws/docker/library/python:3.12",
        "public.ecr.aws/ab/cd",  # 2-character alias and repository
        "public.ecr.aws/a1b2c3d4/app",  # a default alias
        "public.ecr.aws/my.alias_x-y/app",
        "public.ecr.aws/" + "a" * 50 + "/app",
        "public.ecr.aws/acme/" + "a" * 200,
        "ecr-public.aws.com/acme/app",
        "public.ecr.aws/acme/1app",
    ],
)
def test_valid_names(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []
    assert lint_reference(name, SELECT) == []


@pytest.mark.parametrize(
    ("name", "message", "fix"),
    [
        (
            "public.ecr.aws/a/app",
            f"Amazon ECR Public registry alias `a` {ALIAS_PATTERN}; must be 2-50 characters "
            "long (it has 1)",
            None,
        ),
        (
            "public.ecr.aws/1abc/app",
            f"Amazon ECR Public registry alias `1abc` {ALIAS_PATTERN}",
            None,
        ),
        ("public.ecr.aws/a-b/app", f"Amazon ECR Public registry alias `a-b` {ALIAS_PATTERN}", None),
        (
            "public.ecr.aws/ab--c/app",
            f"Amazon ECR Public registry alias `ab--c` {ALIAS_PATTERN}",
            None,
        ),
        (
            "public.ecr.aws/" + "a" * 51 + "/app",
            f"Amazon ECR Public registry alias `{'a' * 51}` must be 2-50 characters long (it has 51)",
            None,
        ),
        (
            "public.ecr.aws/acme/a",
            "Amazon ECR Public repository name `a` must be 2-205 characters long (it has 1)",
            None,
        ),
        (
            "public.ecr.aws/acme/" + "a" * 206,
            f"Amazon ECR Public repository name `{'a' * 206}` must be 2-205 characters long "
            "(it has 206)",
            None,
        ),
        (
            "public.ecr.aws/acme/team/x__y:1",
            f"Amazon ECR Public repository name `team/x__y` {REPOSITORY_PATTERN}",
            "use `public.ecr.aws/acme/team/x_y:1`",
        ),
        (
            "ecr-public.aws.com/app",
            "Amazon ECR Public names have at least 2 path components "
            "(`ecr-public.aws.com/ALIAS/REPOSITORY`); `app` has 1 component",
            "name the alias: `ecr-public.aws.com/ALIAS/app`",
        ),
    ],
)
def test_invalid_names(name: str, message: str, fix: str | None) -> None:
    assert details(lint_registry(f"FROM {name}\n", SELECT)) == [
        (1, 6, f"image `{name}` (FROM): {message}", fix)
    ]
    assert details(lint_reference(name, SELECT)) == [
        (None, None, f"image `{name}` (reference): {message}", fix)
    ]


def test_copy_from_and_pragma() -> None:
    text = """
        FROM public.ecr.aws/acme/base:1
        COPY --from=public.ecr.aws/busybox /bin/sh /bin/sh
        # ocilint: ignore=ecr-public-naming
        COPY --from=public.ecr.aws/nginx /x /x
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            13,
            "image `public.ecr.aws/busybox` (COPY --from): Amazon ECR Public names have at "
            "least 2 path components (`public.ecr.aws/ALIAS/REPOSITORY`); `busybox` has 1 "
            "component",
            "name the alias: `public.ecr.aws/ALIAS/busybox`",
        )
    ]


def test_allow_option() -> None:
    config = {"rules": {"OCL304": {"allow": ["public.ecr.aws/xx/*"]}}}
    text = "FROM public.ecr.aws/xx/a\nFROM public.ecr.aws/yy/a\n"
    assert [f.location.line for f in lint_registry(text, SELECT, config=config)] == [2]
