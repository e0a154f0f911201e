"""OCL301 ghcr-naming: a GitHub Container Registry name GitHub rejects."""

from __future__ import annotations

import pytest

from tests.test_registries import details, lint_reference, lint_registry

CODE = "OCL301"
SELECT = [CODE]
OWNER_RULES = "must contain only letters, digits and hyphens"


def test_docstring_example() -> None:
    assert details(lint_registry("FROM ghcr.io/app:1.0\n", SELECT)) == [
        (
            1,
            6,
            "image `ghcr.io/app:1.0` (FROM): GitHub Container Registry names have at least 2 "
            "path components (`ghcr.io/OWNER/IMAGE`); `app` has 1 component",
            "name the owner: `ghcr.io/OWNER/app:1.0`",
        )
    ]


def test_docstring_example_fixed_passes() -> None:
    assert lint_registry("FROM ghcr.io/octo-org/app:1.0\n", SELECT) == []


@pytest.mark.parametrize(
    "name",
    [
        "ghcr.io/octocat/app",
        "ghcr.io/a/app",  # one character
        "ghcr.io/0/app",  # digits only
        "ghcr.io/octo-org/app",
        "ghcr.io/o-c-t-o/app",
        "ghcr.io/" + "a" * 39 + "/app",  # 39 characters
        "ghcr.io/octo-org/team/sub/app",  # nested image names
        "GHCR.IO/octo-org/app",
        "ghcr.io:443/octo-org/app",
        "containers.acme.ghe.com/octo-org/app",
        "ghcr.io/octo-org/app@sha256:" + "0" * 64,
    ],
)
def test_valid_names(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []
    assert lint_reference(name, SELECT) == []


@pytest.mark.parametrize(
    ("name", "owner", "problem"),
    [
        ("ghcr.io/my_org/app", "my_org", OWNER_RULES),
        ("ghcr.io/my.org/app", "my.org", OWNER_RULES),
        ("ghcr.io/my__org/app", "my__org", OWNER_RULES),
        ("ghcr.io/my--org/app", "my--org", "must not contain consecutive hyphens"),
        ("ghcr.io/my---org/app", "my---org", "must not contain consecutive hyphens"),
        (
            "ghcr.io/" + "a" * 40 + "/app",
            "a" * 40,
            "must be at most 39 characters long (it has 40)",
        ),
        (
            "containers.acme.ghe.com/my_org/app",
            "my_org",
            OWNER_RULES,
        ),
    ],
)
def test_invalid_owners(name: str, owner: str, problem: str) -> None:
    message = f"GitHub Container Registry owner `{owner}` {problem}"
    assert details(lint_registry(f"FROM {name}\n", SELECT)) == [
        (1, 6, f"image `{name}` (FROM): {message}", None)
    ]
    assert details(lint_reference(name, SELECT)) == [
        (None, None, f"image `{name}` (reference): {message}", None)
    ]


def test_owner_breaking_several_rules_is_one_finding() -> None:
    owner = "my_org--" + "x" * 32
    assert details(lint_registry(f"FROM ghcr.io/{owner}/app\n", SELECT)) == [
        (
            1,
            6,
            f"image `ghcr.io/{owner}/app` (FROM): GitHub Container Registry owner `{owner}` "
            f"{OWNER_RULES}; must not contain consecutive hyphens; must be at most 39 "
            "characters long (it has 40)",
            None,
        )
    ]


def test_copy_from_mount_from_and_stages() -> None:
    text = """
        FROM ghcr.io/octo-org/base:1 AS build
        COPY --from=ghcr.io/tool:2 /bin/tool /bin/tool
        COPY --from=build /a /a
        RUN --mount=type=bind,from=ghcr.io/my_org/cache:1,target=/c true
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            13,
            "image `ghcr.io/tool:2` (COPY --from): GitHub Container Registry names have at "
            "least 2 path components (`ghcr.io/OWNER/IMAGE`); `tool` has 1 component",
            "name the owner: `ghcr.io/OWNER/tool:2`",
        ),
        (
            4,
            28,
            "image `ghcr.io/my_org/cache:1` (RUN --mount from): GitHub Container Registry "
            f"owner `my_org` {OWNER_RULES}",
            None,
        ),
    ]


def test_image_from_a_build_argument() -> None:
    text = """
        ARG OWNER=my_org
        FROM ghcr.io/${OWNER}/app:1
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            6,
            "image `ghcr.io/my_org/app:1` (FROM `ghcr.io/${OWNER}/app:1`): GitHub Container "
            f"Registry owner `my_org` {OWNER_RULES}",
            None,
        )
    ]
    assert lint_registry(text, SELECT, build_args={"OWNER": "octo-org"}) == []


def test_unresolved_and_invalid_references_are_left_to_other_rules() -> None:
    text = """
        ARG OWNER
        FROM ghcr.io/${OWNER}/app:1
        FROM GHCR.io/My_Org/app:1
    """
    assert lint_registry(text, SELECT) == []
    assert [f.code for f in lint_registry(text, [CODE, "OCL201"])] == ["OCL201"]


def test_other_registries_are_not_checked() -> None:
    assert lint_registry("FROM registry.acme.com/app\nFROM my_org/app\n", SELECT) == []


def test_ignore_pragma_by_code_and_by_name() -> None:
    text = """
        # ocilint: ignore=OCL301
        FROM ghcr.io/app
        # ocilint: ignore=ghcr-naming
        FROM ghcr.io/my_org/app
        FROM ghcr.io/other
    """
    assert [f.location.line for f in lint_registry(text, SELECT)] == [5]


def test_allow_option() -> None:
    text = "FROM ghcr.io/legacy--org/app\nFROM ghcr.io/other--org/app\n"
    config = {"rules": {"ghcr-naming": {"allow": ["ghcr.io/legacy--org/*"]}}}
    assert [f.location.line for f in lint_registry(text, SELECT, config=config)] == [2]
    config = {"rules": {"ghcr-naming": {"allow": ["ghcr.io"]}}}
    assert lint_registry(text, SELECT, config=config) == []


def test_severity_is_error() -> None:
    [finding] = lint_registry("FROM ghcr.io/app\n", SELECT)
    assert (finding.name, finding.severity.label) == ("ghcr-naming", "error")
