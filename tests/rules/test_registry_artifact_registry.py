"""OCL306 artifact-registry-naming: a Google Artifact Registry name Artifact Registry rejects."""

from __future__ import annotations

import pytest

from ocilint.registries import ARTIFACT_REGISTRY_LOCATIONS
from tests.test_registries import details, lint_reference, lint_registry

CODE = "OCL306"
SELECT = [CODE]
AR = "Google Artifact Registry"
COUNT = (
    AR + " names have at least 3 path components (`{host}/PROJECT/REPOSITORY/IMAGE`); "
    "`{path}` has {count} components"
)


def test_docstring_example() -> None:
    assert details(lint_registry("FROM us-docker.pkg.dev/my-project/app:1.0\n", SELECT)) == [
        (
            1,
            6,
            "image `us-docker.pkg.dev/my-project/app:1.0` (FROM): "
            + COUNT.format(host="us-docker.pkg.dev", path="my-project/app", count=2),
            "name the repository: `us-docker.pkg.dev/my-project/REPOSITORY/app:1.0`",
        )
    ]


def test_docstring_example_fixed_passes() -> None:
    assert lint_registry("FROM us-docker.pkg.dev/my-project/my-repo/app:1.0\n", SELECT) == []


@pytest.mark.parametrize(
    "name",
    [
        "us-docker.pkg.dev/my-project/my-repo/app",
        "europe-docker.pkg.dev/my-project/my-repo/app",
        "asia-docker.pkg.dev/my-project/my-repo/app",
        "us-central1-docker.pkg.dev/my-project/my-repo/app",
        "europe-west10-docker.pkg.dev/my-project/my-repo/app",
        "northamerica-northeast2-docker.pkg.dev/my-project/my-repo/team/app",
        "us-docker.pkg.dev/abcdef/r/app",  # 6-character project, 1-character repository
        "us-docker.pkg.dev/a" + "b" * 29 + "/" + "r" * 63 + "/app",  # 30 and 63 characters
        "us-docker.pkg.dev/project-123/repo-1/app",
        "us-docker.pkg.dev/google.com/cloudsdktool/repo/app",  # domain-scoped project
        "us-docker.pkg.dev/my-project/gcr.io/app",  # gcr.io repositories
        "europe-docker.pkg.dev/my-project/eu.gcr.io/app",
        "us-docker.pkg.dev/my-project/us.gcr.io/app",
        "asia-docker.pkg.dev/my-project/asia.gcr.io/app",
    ],
)
def test_valid_names(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []
    assert lint_reference(name, SELECT) == []


@pytest.mark.parametrize("location", sorted(ARTIFACT_REGISTRY_LOCATIONS))
def test_every_known_location_passes(location: str) -> None:
    assert lint_reference(f"{location}-docker.pkg.dev/my-project/my-repo/app", SELECT) == []


@pytest.mark.parametrize(
    ("name", "message", "fix"),
    [
        (
            "us-docker.pkg.dev/app",
            COUNT.format(host="us-docker.pkg.dev", path="app", count=1).replace(
                "1 components", "1 component"
            ),
            "name the project and repository: `us-docker.pkg.dev/PROJECT/REPOSITORY/app`",
        ),
        (
            "us-docker.pkg.dev/google.com/proj-x/app",
            COUNT.format(host="us-docker.pkg.dev", path="google.com/proj-x/app", count=2),
            "name the repository: `us-docker.pkg.dev/google.com/proj-x/REPOSITORY/app`",
        ),
        (
            "europe-wst1-docker.pkg.dev/my-project/my-repo/app:1",
            f"{AR} location `europe-wst1` is not a known Artifact Registry location",
            "use `europe-west1-docker.pkg.dev/my-project/my-repo/app:1`",
        ),
        (
            "europe-west7-docker.pkg.dev/my-project/my-repo/app",
            f"{AR} location `europe-west7` is not a known Artifact Registry location",
            None,  # europe-west1, -west2, … are equally close: no guess
        ),
        (
            "gcr-docker.pkg.dev/my-project/my-repo/app",
            f"{AR} location `gcr` is not a known Artifact Registry location",
            None,
        ),
        (
            "us-docker.pkg.dev/1project/my-repo/app",
            f"{AR} project ID `1project` must start with a lowercase letter",
            None,
        ),
        (
            "us-docker.pkg.dev/my_project/my-repo/app",
            f"{AR} project ID `my_project` must contain only lowercase letters, digits and hyphens",
            None,
        ),
        (
            "us-docker.pkg.dev/proj/my-repo/app",
            f"{AR} project ID `proj` must be 6-30 characters long (it has 4)",
            None,
        ),
        (
            "us-docker.pkg.dev/p" + "x" * 30 + "/my-repo/app",
            f"{AR} project ID `p{'x' * 30}` must be 6-30 characters long (it has 31)",
            None,
        ),
        (
            "us-docker.pkg.dev/google.com/x_y/repo/app",
            f"{AR} project ID `google.com:x_y` must contain only lowercase letters, digits and "
            "hyphens; must be 6-30 characters long (it has 3)",
            None,
        ),
        (
            "us-docker.pkg.dev/my-project/1repo/app",
            f"{AR} repository ID `1repo` must start with a lowercase letter",
            None,
        ),
        (
            "us-docker.pkg.dev/my-project/my_repo/app",
            f"{AR} repository ID `my_repo` must contain only lowercase letters, digits and hyphens",
            None,
        ),
        (
            "us-docker.pkg.dev/my-project/my.repo/app",
            f"{AR} repository ID `my.repo` must contain only lowercase letters, digits and hyphens",
            None,
        ),
        (
            "us-docker.pkg.dev/my-project/" + "r" * 64 + "/app",
            f"{AR} repository ID `{'r' * 64}` must be at most 63 characters long (it has 64)",
            None,
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


def test_location_project_and_repository_all_broken() -> None:
    name = "mars-docker.pkg.dev/p1/1r/app"
    prefix = f"image `{name}` (reference): {AR}"
    assert details(lint_reference(name, SELECT)) == [
        (None, None, f"{prefix} location `mars` is not a known Artifact Registry location", None),
        (None, None, f"{prefix} project ID `p1` must be 6-30 characters long (it has 2)", None),
        (None, None, f"{prefix} repository ID `1r` must start with a lowercase letter", None),
    ]


def test_references_that_do_not_parse_are_left_to_ocl201() -> None:
    name = "us-docker.pkg.dev/my-project/_repo/app"
    assert lint_reference(name, SELECT) == []
    assert [f.code for f in lint_reference(name, [CODE, "OCL201"])] == ["OCL201"]


@pytest.mark.parametrize(
    "name",
    ["docker.pkg.dev/p/r/app", "us-docker.pkg.dev.evil.com/p/r/app", "us-maven.pkg.dev/p/r/app"],
)
def test_other_hosts_are_not_artifact_registry(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []


def test_copy_from_mount_from_pragma_and_allow() -> None:
    text = """
        FROM us-docker.pkg.dev/my-project/my-repo/base:1
        COPY --from=me-central3-docker.pkg.dev/my-project/my-repo/tool /t /t
        # ocilint: ignore=artifact-registry-naming
        COPY --from=us-docker.pkg.dev/p/tool /t /t
        RUN --mount=type=bind,from=us-docker.pkg.dev/my-project/cache,target=/c true
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            13,
            "image `me-central3-docker.pkg.dev/my-project/my-repo/tool` (COPY --from): "
            f"{AR} location `me-central3` is not a known Artifact Registry location",
            None,  # me-central1 and me-central2 are equally close
        ),
        (
            5,
            28,
            "image `us-docker.pkg.dev/my-project/cache` (RUN --mount from): "
            + COUNT.format(host="us-docker.pkg.dev", path="my-project/cache", count=2),
            "name the repository: `us-docker.pkg.dev/my-project/REPOSITORY/cache`",
        ),
    ]
    config = {"rules": {"OCL306": {"allow": ["me-central3-docker.pkg.dev"]}}}
    assert [f.location.line for f in lint_registry(text, SELECT, config=config)] == [5]


def test_too_few_components_still_checks_the_location() -> None:
    # Findings at one place are reported in message order.
    assert [f.message for f in lint_reference("mars-docker.pkg.dev/1p/app", SELECT)] == [
        "image `mars-docker.pkg.dev/1p/app` (reference): Google Artifact Registry location "
        "`mars` is not a known Artifact Registry location",
        "image `mars-docker.pkg.dev/1p/app` (reference): "
        + COUNT.format(host="mars-docker.pkg.dev", path="1p/app", count=2),
    ]
