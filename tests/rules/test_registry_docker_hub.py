"""OCL302 docker-hub-naming: a Docker Hub name Docker Hub rejects."""

from __future__ import annotations

import pytest

from tests.test_registries import details, lint_reference, lint_registry

CODE = "OCL302"
SELECT = [CODE]
NAMESPACE_CHARACTERS = (
    "must contain only lowercase letters and digits (a Docker ID or organization name)"
)
REPOSITORY_CHARACTERS = "must contain only lowercase letters, digits, `-` and `_` (no `.`)"
DEPTH = (
    "Docker Hub names have exactly 2 path components (`{host}/NAMESPACE/REPOSITORY`); "
    "`{path}` has {count} components; official images are `library/NAME`"
)


def test_docstring_example() -> None:
    assert details(lint_registry("FROM acme/web.frontend:1.0\n", SELECT)) == [
        (
            1,
            6,
            f"image `acme/web.frontend:1.0` (FROM): Docker Hub repository name `web.frontend` "
            f"{REPOSITORY_CHARACTERS}",
            "use `acme/web-frontend:1.0`",
        )
    ]


def test_docstring_example_fixed_passes() -> None:
    assert lint_registry("FROM acme/web-frontend:1.0\n", SELECT) == []


@pytest.mark.parametrize(
    "name",
    [
        "ubuntu",  # docker.io/library/ubuntu
        "ubuntu:24.04",
        "library/ubuntu",
        "docker.io/library/ubuntu",
        "index.docker.io/library/ubuntu",
        "registry-1.docker.io/library/ubuntu",
        "acme/ab",  # 2 characters
        "acme/" + "a" * 250,  # 250 of the path's 255
        "acme/web_app",
        "acme/web-app",
        "acme/web__app",
        "acme/web--app",
        "acme/a1",
        "abcd/app",  # 4 characters
        "a" * 30 + "/app",  # 30 characters
        "acme_legacy/app",  # `_`: early Docker IDs
        "1234/app",
        "docker.io:443/acme/app",
    ],
)
def test_valid_names(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []
    assert lint_reference(name, SELECT) == []


@pytest.mark.parametrize(
    ("name", "message", "fix"),
    [
        (
            "abc/app",
            "Docker Hub namespace `abc` must be 4-30 characters long (it has 3)",
            None,
        ),
        (
            "a" * 31 + "/app",
            f"Docker Hub namespace `{'a' * 31}` must be 4-30 characters long (it has 31)",
            None,
        ),
        (
            "acme-corp/app",
            f"Docker Hub namespace `acme-corp` {NAMESPACE_CHARACTERS}",
            None,
        ),
        (
            # `acme.corp/app` would name the registry `acme.corp`
            "docker.io/acme.corp/app",
            f"Docker Hub namespace `acme.corp` {NAMESPACE_CHARACTERS}",
            None,
        ),
        (
            "acme/a",
            "Docker Hub repository name `a` must be 2-255 characters long (it has 1)",
            None,
        ),
        (
            "acme/my.app:1",
            f"Docker Hub repository name `my.app` {REPOSITORY_CHARACTERS}",
            "use `acme/my-app:1`",
        ),
        (
            "my.app",
            f"Docker Hub repository name `my.app` {REPOSITORY_CHARACTERS}",
            "use `my-app`",
        ),
        (
            "docker.io/acme/my.app",
            f"Docker Hub repository name `my.app` {REPOSITORY_CHARACTERS}",
            "use `docker.io/acme/my-app`",
        ),
        (
            "acme/team/app:1",
            DEPTH.format(host="docker.io", path="acme/team/app", count=3),
            "use `acme/team-app:1`",
        ),
        (
            "docker.io/library/team/app",
            DEPTH.format(host="docker.io", path="library/team/app", count=3),
            "use `docker.io/library/team-app`",
        ),
        (
            "registry-1.docker.io/ubuntu",
            "Docker Hub names have exactly 2 path components "
            "(`registry-1.docker.io/NAMESPACE/REPOSITORY`); `ubuntu` has 1 component; "
            "official images are `library/NAME`",
            "name the namespace: `registry-1.docker.io/NAMESPACE/ubuntu`",
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


def test_namespace_and_repository_both_broken() -> None:
    name = "docker.io/ab.c/d.e"
    assert details(lint_registry(f"FROM {name}\n", SELECT)) == [
        (1, 6, f"image `{name}` (FROM): Docker Hub namespace `ab.c` {NAMESPACE_CHARACTERS}", None),
        (
            1,
            6,
            f"image `{name}` (FROM): Docker Hub repository name `d.e` {REPOSITORY_CHARACTERS}",
            "use `docker.io/ab.c/d-e`",
        ),
    ]


def test_a_first_component_with_a_dot_names_a_registry_not_a_namespace() -> None:
    assert lint_registry("FROM acme.corp/app\n", SELECT) == []


def test_copy_from_and_mount_from() -> None:
    text = """
        FROM scratch AS base
        COPY --from=acme/tools.cli:1 /bin /bin
        RUN --mount=type=cache,from=acme/team/cache,target=/c true
        COPY --from=base / /
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            13,
            f"image `acme/tools.cli:1` (COPY --from): Docker Hub repository name `tools.cli` "
            f"{REPOSITORY_CHARACTERS}",
            "use `acme/tools-cli:1`",
        ),
        (
            3,
            29,
            "image `acme/team/cache` (RUN --mount from): "
            + DEPTH.format(host="docker.io", path="acme/team/cache", count=3),
            "use `acme/team-cache`",
        ),
    ]


def test_unresolved_and_invalid_references_are_not_checked() -> None:
    text = """
        ARG NAME
        FROM acme/${NAME}.x
        FROM Acme/App
    """
    assert lint_registry(text, SELECT) == []


def test_ignore_pragma() -> None:
    text = """
        # ocilint: ignore=docker-hub-naming
        FROM acme/a.b
        FROM acme/c.d
    """
    assert [f.location.line for f in lint_registry(text, SELECT)] == [3]


def test_allow_option() -> None:
    text = "FROM acme/a.b\nFROM other/c.d\n"
    config = {"rules": {"OCL302": {"allow": ["docker.io/acme/*"]}}}
    assert [f.location.line for f in lint_registry(text, SELECT, config=config)] == [2]
