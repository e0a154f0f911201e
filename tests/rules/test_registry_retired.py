"""OCL308 retired-registry: an image on Google Container Registry or k8s.gcr.io."""

from __future__ import annotations

import pytest

from tests.test_registries import details, lint_reference, lint_registry

CODE = "OCL308"
SELECT = [CODE]
GCR = (
    "`{host}` is Google Container Registry, shut down in 2025 (a `gcr.io` name works only if "
    "moved to Artifact Registry)"
)
GCR_FIX = "copy the image to an Artifact Registry repository and use `{target}`"
K8S = (
    "`k8s.gcr.io` is the old Kubernetes image registry, frozen since April 2023 and "
    "redirected to `registry.k8s.io`"
)


def test_docstring_example() -> None:
    assert details(lint_registry("FROM k8s.gcr.io/pause:3.9\n", SELECT)) == [
        (1, 6, f"image `k8s.gcr.io/pause:3.9` (FROM): {K8S}", "use `registry.k8s.io/pause:3.9`")
    ]


def test_docstring_example_fixed_passes() -> None:
    assert lint_registry("FROM registry.k8s.io/pause:3.9\n", SELECT) == []


@pytest.mark.parametrize(
    ("name", "host", "target"),
    [
        ("gcr.io/my-project/app:1", "gcr.io", "us-docker.pkg.dev/my-project/REPOSITORY/app:1"),
        ("us.gcr.io/my-project/app", "us.gcr.io", "us-docker.pkg.dev/my-project/REPOSITORY/app"),
        (
            "eu.gcr.io/my-project/team/app@sha256:" + "a" * 64,
            "eu.gcr.io",
            "europe-docker.pkg.dev/my-project/REPOSITORY/team/app@sha256:" + "a" * 64,
        ),
        (
            "asia.gcr.io/my-project/app:1@sha256:" + "b" * 64,
            "asia.gcr.io",
            "asia-docker.pkg.dev/my-project/REPOSITORY/app:1@sha256:" + "b" * 64,
        ),
        (
            "gcr.io/example.com/my-project/app",
            "gcr.io",
            "us-docker.pkg.dev/example.com/my-project/REPOSITORY/app",
        ),
        ("gcr.io/my-project", "gcr.io", "us-docker.pkg.dev/my-project/REPOSITORY/IMAGE"),
        ("GCR.io/my-project/app", "gcr.io", "us-docker.pkg.dev/my-project/REPOSITORY/app"),
    ],
)
def test_container_registry(name: str, host: str, target: str) -> None:
    message = GCR.format(host=host)
    fix = GCR_FIX.format(target=target)
    assert details(lint_registry(f"FROM {name}\n", SELECT)) == [
        (1, 6, f"image `{name}` (FROM): {message}", fix)
    ]
    assert details(lint_reference(name, SELECT)) == [
        (None, None, f"image `{name}` (reference): {message}", fix)
    ]


def test_k8s_gcr_io_keeps_path_tag_and_digest() -> None:
    name = "k8s.gcr.io/ingress-nginx/controller:v1.8.0@sha256:" + "c" * 64
    assert details(lint_reference(name, SELECT)) == [
        (
            None,
            None,
            f"image `{name}` (reference): {K8S}",
            "use `registry.k8s.io/ingress-nginx/controller:v1.8.0@sha256:" + "c" * 64 + "`",
        )
    ]


@pytest.mark.parametrize(
    "name",
    [
        "mirror.gcr.io/library/busybox",  # Artifact Registry's Docker Hub cache
        "registry.k8s.io/pause:3.9",
        "us-docker.pkg.dev/my-project/gcr.io/app",
        "gcr.io.example.com/app",
        "marketplace.gcr.io/google/ubuntu2004",  # not a documented Container Registry host
        # Google-owned images served from Artifact Registry gcr.io repositories (default allow)
        "gcr.io/distroless/static-debian12:nonroot",
        "gcr.io/google.com/cloudsdktool/google-cloud-cli:stable",
        "gcr.io/cloud-builders/docker",
        "gcr.io/kaniko-project/executor:debug",
    ],
)
def test_not_flagged(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []
    assert lint_reference(name, SELECT) == []


def test_copy_from_mount_from_and_pragma() -> None:
    text = """
        FROM gcr.io/distroless/base-debian12
        COPY --from=k8s.gcr.io/pause:3.9 /pause /pause
        # ocilint: ignore=retired-registry
        COPY --from=gcr.io/my-project/tool /t /t
        RUN --mount=type=bind,from=eu.gcr.io/my-project/cache,target=/c true
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            13,
            f"image `k8s.gcr.io/pause:3.9` (COPY --from): {K8S}",
            "use `registry.k8s.io/pause:3.9`",
        ),
        (
            5,
            28,
            "image `eu.gcr.io/my-project/cache` (RUN --mount from): "
            + GCR.format(host="eu.gcr.io"),
            GCR_FIX.format(target="europe-docker.pkg.dev/my-project/REPOSITORY/cache"),
        ),
    ]


def test_allow_option_replaces_the_default() -> None:
    text = "FROM gcr.io/my-project/app\nFROM gcr.io/distroless/static\n"
    config = {"rules": {"retired-registry": {"allow": ["gcr.io/my-project/*"]}}}
    assert [f.location.line for f in lint_registry(text, SELECT, config=config)] == [2]
    assert [f.location.line for f in lint_registry(text, SELECT)] == [1]


def test_severity_is_warning() -> None:
    [finding] = lint_registry("FROM k8s.gcr.io/pause:3.9\n", SELECT)
    assert (finding.name, finding.severity.label) == ("retired-registry", "warning")
