"""OCL303 ecr-naming: an Amazon ECR name ECR rejects."""

from __future__ import annotations

import pytest

from tests.test_registries import details, lint_reference, lint_registry

CODE = "OCL303"
SELECT = [CODE]
HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
PATTERN = (
    "must match `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`: one `.`, "
    "`_` or `-` at a time, between letters or digits"
)


def test_docstring_example() -> None:
    name = f"{HOST}/web__frontend:1.0"
    assert details(lint_registry(f"FROM {name}\n", SELECT)) == [
        (
            1,
            6,
            f"image `{name}` (FROM): Amazon ECR repository name `web__frontend` {PATTERN}",
            f"use `{HOST}/web_frontend:1.0`",
        )
    ]


def test_docstring_example_fixed_passes() -> None:
    assert lint_registry(f"FROM {HOST}/web_frontend:1.0\n", SELECT) == []


@pytest.mark.parametrize(
    "name",
    [
        f"{HOST}/app",
        f"{HOST}/ab",  # 2 characters
        f"{HOST}/project-a/nginx-web-app",
        f"{HOST}/a.b_c-d/e",
        f"{HOST}/1app",  # the pattern allows a leading digit (the prose says letter)
        f"{HOST}/" + "a" * 255,  # the reference grammar stops at 255 anyway
        "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app",
        "123456789012.dkr-ecr.eu-central-1.on.aws/app",
        "123456789012.dkr-ecr-fips.us-east-2.on.aws/app",
        "123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM/app",
        f"{HOST}:443/app",
        "123456789012.dkr.ecr.ap-southeast-3.amazonaws.com/app",
    ],
)
def test_valid_names(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []
    assert lint_reference(name, SELECT) == []


@pytest.mark.parametrize(
    ("name", "message", "fix"),
    [
        (
            "12345678901.dkr.ecr.us-east-1.amazonaws.com/app",
            "Amazon ECR account ID `12345678901` must be 12 digits",
            None,
        ),
        (
            "1234567890123.dkr.ecr.us-east-1.amazonaws.com/app",
            "Amazon ECR account ID `1234567890123` must be 12 digits",
            None,
        ),
        (
            "acme.dkr.ecr.us-east-1.amazonaws.com/app",
            "Amazon ECR account ID `acme` must be 12 digits",
            None,
        ),
        (
            "123456789012.dkr.ecr.useast1.amazonaws.com/app",
            "Amazon ECR region `useast1` must be an AWS Region code such as `us-east-1`",
            None,
        ),
        (
            "123456789012.dkr.ecr.us-east.amazonaws.com/app",
            "Amazon ECR region `us-east` must be an AWS Region code such as `us-east-1`",
            None,
        ),
        (
            f"{HOST}/a",
            "Amazon ECR repository name `a` must be 2-256 characters long (it has 1)",
            None,
        ),
        (
            f"{HOST}/team--a/app:1",
            f"Amazon ECR repository name `team--a/app` {PATTERN}",
            f"use `{HOST}/team-a/app:1`",
        ),
        (
            f"{HOST}/team/a__b",
            f"Amazon ECR repository name `team/a__b` {PATTERN}",
            f"use `{HOST}/team/a_b`",
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


def test_account_region_and_repository_all_broken() -> None:
    name = "42.dkr.ecr.moon.amazonaws.com/x"
    assert details(lint_reference(name, SELECT)) == [
        (
            None,
            None,
            f"image `{name}` (reference): Amazon ECR account ID `42` must be 12 digits",
            None,
        ),
        (
            None,
            None,
            f"image `{name}` (reference): Amazon ECR region `moon` must be an AWS Region code "
            "such as `us-east-1`",
            None,
        ),
        (
            None,
            None,
            f"image `{name}` (reference): Amazon ECR repository name `x` must be 2-256 "
            "characters long (it has 1)",
            None,
        ),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "a.b.dkr.ecr.us-east-1.amazonaws.com/app",  # not one label before `dkr`
        "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.com/app",
        "123456789012.ecr.us-east-1.amazonaws.com/app",
        "public.ecr.aws/acme/app",
    ],
)
def test_other_hosts_are_not_ecr(name: str) -> None:
    assert lint_registry(f"FROM {name}\n", SELECT) == []


def test_copy_from_and_mount_from() -> None:
    text = f"""
        FROM {HOST}/base:1
        COPY --from={HOST}/a /a /a
        RUN --mount=type=bind,from={HOST}/x--y,target=/x true
    """
    assert details(lint_registry(text, SELECT)) == [
        (
            2,
            13,
            f"image `{HOST}/a` (COPY --from): Amazon ECR repository name `a` must be 2-256 "
            "characters long (it has 1)",
            None,
        ),
        (
            3,
            28,
            f"image `{HOST}/x--y` (RUN --mount from): Amazon ECR repository name `x--y` {PATTERN}",
            f"use `{HOST}/x-y`",
        ),
    ]


def test_image_from_build_arguments() -> None:
    text = """
        ARG ACCOUNT=123456789012
        ARG REGION=us-east-1
        FROM ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app:1
    """
    assert lint_registry(text, SELECT) == []
    assert [f.message for f in lint_registry(text, SELECT, build_args={"ACCOUNT": "1234"})] == [
        "image `1234.dkr.ecr.us-east-1.amazonaws.com/app:1` "
        "(FROM `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app:1`): Amazon ECR account ID "
        "`1234` must be 12 digits"
    ]


def test_ignore_pragma_and_allow_option() -> None:
    text = f"""
        # ocilint: ignore=OCL303
        FROM {HOST}/a
        FROM {HOST}/b
        FROM 123.dkr.ecr.us-east-1.amazonaws.com/app
    """
    assert [f.location.line for f in lint_registry(text, SELECT)] == [3, 4]
    config = {"rules": {"ecr-naming": {"allow": ["*.dkr.ecr.us-east-1.amazonaws.com"]}}}
    assert lint_registry(text, SELECT, config=config) == []
