"""OCL305 acr-naming: an Azure Container Registry name Azure rejects."""

from __future__ import annotations

import pytest

from tests.test_registries import details, lint_reference, lint_registry

CODE = "OCL305"
SELECT = [CODE]
UNAUTHORIZED = "so pulls and pushes fail with `unauthorized: authentication required`"


def port_message(host: str, port: str) -> str:
    return (
        f"Azure Container Registry host `{host}:{port}` must not have a port: the registry "
        f"issues tokens for `{host}` alone, {UNAUTHORIZED}"
    )


def case_message(host: str) -> str:
    return (
        f"Azure Container Registry host `{host}` must be all lower case: credentials are "
        f"stored under `{host.lower()}`, {UNAUTHORIZED}"
    )


def test_docstring_example() -> None:
    assert details(lint_registry("FROM contoso.azurecr.io:443/web:1.0\n", SELECT)) == [
        (
            1,
            6,
            "image `contoso.azurecr.io:443/web:1.0` (FROM): "
            + port_message("contoso.azurecr.io", "443"),
            "use `contoso.azurecr.io/web:1.0`",
        )
    ]


def test_docstring_example_fixed_passes() -> None:
    assert lint_registry("FROM contoso.azurecr.io/web:1.0\n", SELECT) == []


@pytest.mark.parametrize(
    "name",
    [
        "contoso.azurecr.io/app",
        "abcde.azurecr.io/app",  # 5 characters
        "a" * 50 + ".azurecr.io/app",  # 50 characters
        "contoso123.azurecr.io/marketing/campaign10-18/web:v2",
        "contoso.azurecr.io/product-returns/legacy.integrator_x:1",
        "contoso-b4c9d2e1f0.azurecr.io/app",  # a domain name label hash
        "contoso.azurecr.cn/app",
        "contoso.azurecr.us/app",
        "12345.azurecr.io/app",
    ],
)
def test_valid_names(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []
    assert lint_reference(name, SELECT) == []


@pytest.mark.parametrize(
    ("name", "message", "fix"),
    [
        (
            "acme.azurecr.io/app",
            "Azure Container Registry registry name `acme` must be 5-50 characters long (it has 4)",
            None,
        ),
        (
            "a" * 51 + ".azurecr.io/app",
            f"Azure Container Registry registry name `{'a' * 51}` must be 5-50 characters long "
            "(it has 51)",
            None,
        ),
        (
            "my-registry.azurecr.io/app",
            "Azure Container Registry registry name `my` must be 5-50 characters long (it has 2)",
            None,
        ),
        (
            "contoso.azurecr.io:5000/app@sha256:" + "a" * 64,
            port_message("contoso.azurecr.io", "5000"),
            "use `contoso.azurecr.io/app@sha256:" + "a" * 64 + "`",
        ),
        (
            "Contoso.azurecr.io/app:1",
            case_message("Contoso.azurecr.io"),
            "use `contoso.azurecr.io/app:1`",
        ),
        (
            "contoso.AzureCR.io/app",
            case_message("contoso.AzureCR.io"),
            "use `contoso.azurecr.io/app`",
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


def test_port_upper_case_and_short_name_together() -> None:
    name = "ACME.azurecr.io:443/app"
    assert details(lint_reference(name, SELECT)) == [
        (
            None,
            None,
            f"image `{name}` (reference): " + port_message("ACME.azurecr.io", "443"),
            "use `acme.azurecr.io/app`",
        ),
        (
            None,
            None,
            f"image `{name}` (reference): " + case_message("ACME.azurecr.io"),
            "use `acme.azurecr.io:443/app`",
        ),
        (
            None,
            None,
            f"image `{name}` (reference): Azure Container Registry registry name `acme` must be "
            "5-50 characters long (it has 4)",
            None,
        ),
    ]


@pytest.mark.parametrize(
    "name",
    ["contoso.azurecr.io.evil.com/app", "a.b.azurecr.io/app", "contoso.data.azurecr.io/app"],
)
def test_other_hosts_are_not_acr(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []


def test_copy_from_mount_from_pragma_and_allow() -> None:
    text = """
        FROM contoso.azurecr.io/base:1
        COPY --from=acme.azurecr.io/tools /t /t
        # ocilint: ignore=OCL305
        RUN --mount=type=bind,from=acme.azurecr.io/cache,target=/c true
        RUN --mount=type=bind,from=contoso.azurecr.io:443/cache,target=/c true
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            13,
            "image `acme.azurecr.io/tools` (COPY --from): Azure Container Registry registry "
            "name `acme` must be 5-50 characters long (it has 4)",
            None,
        ),
        (
            5,
            28,
            "image `contoso.azurecr.io:443/cache` (RUN --mount from): "
            + port_message("contoso.azurecr.io", "443"),
            "use `contoso.azurecr.io/cache`",
        ),
    ]
    config = {"rules": {"acr-naming": {"allow": ["acme.azurecr.io"]}}}
    assert [f.location.line for f in lint_registry(text, SELECT, config=config)] == [5]
