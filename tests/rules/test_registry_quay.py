"""OCL307 quay-naming: a Quay.io name Quay rejects."""

from __future__ import annotations

import pytest

from tests.test_registries import details, lint_reference, lint_registry

CODE = "OCL307"
SELECT = [CODE]
NAMESPACE_RULE = "must be letters and digits with one `.`, `_` or `-` at a time between them"
RESERVED = "is a word Quay reserves: a repository of that name cannot be reached or deleted"


def test_docstring_example() -> None:
    assert details(lint_registry("FROM quay.io/prometheus:v2.53.0\n", SELECT)) == [
        (
            1,
            6,
            "image `quay.io/prometheus:v2.53.0` (FROM): Quay names have at least 2 path "
            "components (`quay.io/NAMESPACE/REPOSITORY`); `prometheus` has 1 component",
            "name the namespace: `quay.io/NAMESPACE/prometheus:v2.53.0`",
        )
    ]


def test_docstring_example_fixed_passes() -> None:
    assert lint_registry("FROM quay.io/prometheus/prometheus:v2.53.0\n", SELECT) == []


@pytest.mark.parametrize(
    "name",
    [
        "quay.io/prometheus/prometheus",
        "quay.io/ab/app",  # 2-character namespace
        "quay.io/my.org/app",
        "quay.io/my_org/app",
        "quay.io/my-org/app",
        "quay.io/acme/team/app",  # nested repository names
        "quay.io/acme/builder",
        "quay.io/acme/tags",
        "quay.io/acme/team/build",  # only the whole repository name is reserved
        "quay.io/acme/a",
        "QUAY.IO/acme/app",
    ],
)
def test_valid_names(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []
    assert lint_reference(name, SELECT) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("quay.io/a/app", "Quay namespace `a` must be 2-255 characters long (it has 1)"),
        ("quay.io/my__org/app", f"Quay namespace `my__org` {NAMESPACE_RULE}"),
        ("quay.io/my--org/app", f"Quay namespace `my--org` {NAMESPACE_RULE}"),
        ("quay.io/acme/build", f"Quay repository name `build` {RESERVED}"),
        ("quay.io/acme/trigger:1", f"Quay repository name `trigger` {RESERVED}"),
        ("quay.io/acme/tag", f"Quay repository name `tag` {RESERVED}"),
        ("quay.io/acme/notification", f"Quay repository name `notification` {RESERVED}"),
    ],
)
def test_invalid_names(name: str, message: str) -> None:
    assert details(lint_registry(f"FROM {name}\n", SELECT)) == [
        (1, 6, f"image `{name}` (FROM): {message}", None)
    ]
    assert details(lint_reference(name, SELECT)) == [
        (None, None, f"image `{name}` (reference): {message}", None)
    ]


def test_too_few_components_checks_no_path_part() -> None:
    assert [f.message for f in lint_reference("quay.io/build", SELECT)] == [
        "image `quay.io/build` (reference): Quay names have at least 2 path components "
        "(`quay.io/NAMESPACE/REPOSITORY`); `build` has 1 component"
    ]


def test_copy_from_mount_from_pragma_and_allow() -> None:
    text = """
        FROM quay.io/acme/base:1
        COPY --from=quay.io/a/tools /t /t
        # ocilint: ignore=OCL307
        COPY --from=quay.io/acme/tag /t /t
        RUN --mount=type=bind,from=quay.io/acme/build,target=/b true
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            13,
            "image `quay.io/a/tools` (COPY --from): Quay namespace `a` must be 2-255 characters "
            "long (it has 1)",
            None,
        ),
        (
            5,
            28,
            f"image `quay.io/acme/build` (RUN --mount from): Quay repository name `build` {RESERVED}",
            None,
        ),
    ]
    config = {"rules": {"quay-naming": {"allow": ["quay.io/a/*"]}}}
    assert [f.location.line for f in lint_registry(text, SELECT, config=config)] == [5]
