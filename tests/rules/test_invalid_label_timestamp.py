"""OCL107 invalid-label-timestamp: `created` is not an RFC 3339 date-time."""

import pytest

from tests.conftest import details as shared_details
from tests.conftest import lint, problems

CODE = "OCL107"
SELECT = [CODE]
CREATED = "org.opencontainers.image.created"
# `LABEL org.opencontainers.image.created=`: an unquoted value starts at column 40.
VALUE_COLUMN = 40
GENERIC_FIX = "use a date-time like 2024-05-01T10:00:00Z"
REQUIRED = (
    'LABEL org.opencontainers.image.source="https://github.com/acme/app" '
    'org.opencontainers.image.description="Acme app" org.opencontainers.image.licenses="MIT"'
)


def created(value: str) -> str:
    return f"FROM scratch\nLABEL {CREATED}='{value}'\n"


def details(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str, str | None]]:
    return shared_details(text, SELECT, **kwargs)


def described(text: str) -> list[tuple[str, int | None, str, str | None]]:
    """(code, line, message, fix): the column of quoted values is tested on its own."""
    return [(f.code, f.location.line, f.message, f.fix) for f in lint(text, SELECT)]


@pytest.mark.parametrize(
    "value",
    [
        "2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00.123456789+02:00",
        "2024-05-01T10:00:00-07:30",
        "2024-05-01t10:00:00z",
        "2024-02-29T00:00:00Z",
        "2016-12-31T23:59:60Z",
    ],
)
def test_rfc3339_date_times_pass(value: str) -> None:
    assert problems(created(value), SELECT) == []


@pytest.mark.parametrize(
    ("value", "what", "suggestion"),
    [
        ("2024-05-01", "is a date without a time", "2024-05-01T00:00:00Z"),
        ("2024-05-01 10:00:00Z", "separates date and time with a space", "2024-05-01T10:00:00Z"),
        ("2024-05-01T10:00:00", "has no time zone", "2024-05-01T10:00:00Z"),
        ("2024-05-01 10:00", "is not an RFC 3339 date-time", "2024-05-01T10:00:00Z"),
        ("2024-05-01T10:00:00+0200", "is not an RFC 3339 date-time", "2024-05-01T10:00:00+02:00"),
        ("2024-05-01 10:00 UTC", "is not an RFC 3339 date-time", "2024-05-01T10:00:00Z"),
    ],
)
def test_fixable_values_suggest_a_date_time(value: str, what: str, suggestion: str) -> None:
    assert described(created(value)) == [
        (CODE, 2, f"`{CREATED}` value `{value}` {what}", f"use `{suggestion}`")
    ]


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("1700000000", "is not an RFC 3339 date-time"),
        ("Mon Jan 1 00:00:00 UTC 2024", "is not an RFC 3339 date-time"),
        ("\uff12\uff10\uff12\uff14-05-01T10:00:00Z", "is not an RFC 3339 date-time"),  # full-width
        ("2023-02-29T00:00:00Z", "is not a real calendar date"),
        ("2024-13-01T00:00:00Z", "is not a real calendar date"),
        ("2024-04-31T00:00:00Z", "is not a real calendar date"),
        ("2024-05-01T24:00:00Z", "is not a real time of day"),
        ("2024-05-01T10:60:00Z", "is not a real time of day"),
        ("2024-05-01T10:00:00+24:00", "has an invalid time-zone offset"),
        (
            "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
            "contains a command substitution, which LABEL does not run",
        ),
    ],
)
def test_invalid_values(value: str, what: str) -> None:
    assert described(created(value)) == [
        (CODE, 2, f"`{CREATED}` value `{value}` {what}", GENERIC_FIX)
    ]


def test_docstring_example_use_instead_with_build_arg() -> None:
    src = f"""
        FROM scratch
        {REQUIRED}
        ARG BUILD_DATE
        LABEL {CREATED}=$BUILD_DATE
    """
    assert problems(src) == [("OCL002", 4, VALUE_COLUMN)]
    assert problems(src, build_args={"BUILD_DATE": "2024-05-01T10:00:00Z"}) == []
    assert problems(src, build_args={"BUILD_DATE": "2024-05-01"}) == [(CODE, 4, VALUE_COLUMN)]


def test_unquoted_value_position() -> None:
    src = f"FROM scratch\nLABEL {CREATED}=yesterday\n"
    assert problems(src, SELECT) == [(CODE, 2, VALUE_COLUMN)]


def test_quoted_value_finding_points_at_its_first_character() -> None:
    src = f'FROM scratch\nLABEL {CREATED}="yesterday"\n'
    assert problems(src, SELECT) == [(CODE, 2, VALUE_COLUMN + 1)]


def test_other_keys_are_not_checked() -> None:
    src = """
        FROM scratch
        LABEL com.example.created=yesterday org.label-schema.build-date=today created=now
    """
    assert problems(src, SELECT) == []


def test_empty_value_is_reported_by_empty_label_value_only() -> None:
    src = f"""
        FROM scratch
        {REQUIRED}
        LABEL {CREATED}=
    """
    assert problems(src) == [("OCL108", 3, 7)]


def test_value_from_arg_default_and_env() -> None:
    src = f"""
        FROM scratch
        ARG DATE=2024-05-01T10:00:00Z
        LABEL {CREATED}=$DATE
        ENV DATE=2024-05-01
        LABEL com.example.created-again=$DATE {CREATED}=${{DATE}}
    """
    # The second LABEL's value wins; ENV overrides the ARG of the same name.
    assert problems(src, SELECT) == [(CODE, 5, 72)]


def test_global_arg_redeclared_in_the_stage_and_overridden() -> None:
    src = f"""
        ARG DATE=2024-05-01T10:00:00Z
        FROM scratch
        ARG DATE
        LABEL {CREATED}=$DATE
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"DATE": "1700000000"}) == [(CODE, 4, VALUE_COLUMN)]


def test_backslash_is_literal_under_backtick_escape() -> None:
    src = f"""
        # escape=`
        FROM scratch
        LABEL org.opencontainers.image.title=app `
              {CREATED}=2024-05-01T10:00:00\\Z
    """
    [(line, column, message, _fix)] = details(src)
    assert (line, column) == (4, VALUE_COLUMN)
    assert "value `2024-05-01T10:00:00\\Z`" in message


def test_multiline_label_with_comments_points_at_the_line_of_the_value() -> None:
    src = f"""
        FROM scratch
        LABEL org.opencontainers.image.title=app \\
              # the build date
              # and another comment
              {CREATED}=2024-05-01 \\
              org.opencontainers.image.version=1
    """
    assert problems(src, SELECT) == [(CODE, 5, VALUE_COLUMN)]


def test_legacy_form() -> None:
    src = f"FROM scratch\nLABEL {CREATED} 2024-05-01 10:00:00Z\n"
    assert details(src) == [
        (
            2,
            VALUE_COLUMN,
            f"`{CREATED}` value `2024-05-01 10:00:00Z` separates date and time with a space",
            "use `2024-05-01T10:00:00Z`",
        )
    ]


def test_inherited_label_names_its_stage() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {CREATED}=yesterday
        FROM base
    """
    assert details(src) == [
        (
            2,
            VALUE_COLUMN,
            f"`{CREATED}` value `yesterday` is not an RFC 3339 date-time "
            "(inherited from stage `base`)",
            GENERIC_FIX,
        )
    ]


def test_stage_outside_the_target_chain_is_not_checked() -> None:
    src = f"""
        FROM scratch AS build
        LABEL {CREATED}=yesterday
        FROM scratch
        LABEL {CREATED}=2024-05-01T10:00:00Z
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, target="build") == [(CODE, 2, VALUE_COLUMN)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = f"""
        FROM scratch
        # ocilint: ignore=OCL107
        LABEL {CREATED}=yesterday
    """
    assert problems(src, SELECT) == []
    assert problems(src.replace("OCL107", "invalid-label-timestamp"), SELECT) == []
    assert problems(src.replace("OCL107", "OCL106"), SELECT) == [(CODE, 3, VALUE_COLUMN)]


def test_global_ignore_pragma() -> None:
    src = f"""
        # ocilint: global ignore=invalid-label-timestamp
        FROM scratch
        LABEL {CREATED}=yesterday
    """
    assert problems(src, SELECT) == []


def test_very_long_value() -> None:
    src = f"FROM scratch\nLABEL {CREATED}={'9' * 100_000}\n"
    assert problems(src, SELECT) == [(CODE, 2, VALUE_COLUMN)]
