"""OCL104 deprecated-license-id: a license or exception id the SPDX License List deprecates."""

import pytest

from tests.conftest import details as shared_details
from tests.conftest import lint, problems

CODE = "OCL104"
SELECT = [CODE]
LICENSES = "org.opencontainers.image.licenses"
# `LABEL org.opencontainers.image.licenses="`: the value's first character is column 42.
VALUE_COLUMN = 42


def licenses(value: str) -> str:
    return f'FROM scratch\nLABEL {LICENSES}="{value}"\n'


def details(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str, str | None]]:
    return shared_details(text, SELECT, **kwargs)


def test_docstring_example() -> None:
    assert details(licenses("GPL-2.0")) == [
        (
            2,
            VALUE_COLUMN,
            f"`{LICENSES}`: `GPL-2.0` is deprecated on the SPDX License List",
            "use `GPL-2.0-only`",
        )
    ]
    assert lint(licenses("GPL-2.0"), SELECT)[0].severity.label == "warning"


def test_docstring_example_fixed_passes() -> None:
    assert problems(licenses("GPL-2.0-only"), SELECT) == []


@pytest.mark.parametrize(
    ("deprecated", "replacement"),
    [
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-3.0", "GPL-3.0-only"),
        ("GPL-3.0+", "GPL-3.0-or-later"),
        ("LGPL-2.1", "LGPL-2.1-only"),
        ("AGPL-3.0", "AGPL-3.0-only"),
    ],
)
def test_deprecated_id_with_its_replacement(deprecated: str, replacement: str) -> None:
    assert details(licenses(deprecated)) == [
        (
            2,
            VALUE_COLUMN,
            f"`{LICENSES}`: `{deprecated}` is deprecated on the SPDX License List",
            f"use `{replacement}`",
        )
    ]


@pytest.mark.parametrize(
    "value",
    ["MIT", "GPL-3.0-or-later", "LGPL-2.1-only WITH Classpath-exception-2.0", "AGPL-3.0-only"],
)
def test_current_ids_pass(value: str) -> None:
    assert problems(licenses(value), SELECT) == []


def test_deprecated_exception() -> None:
    value = "GPL-2.0-only WITH Nokia-Qt-exception-1.1"
    [(line, column, message, _fix)] = details(licenses(value))
    assert (line, column) == (2, VALUE_COLUMN + 18)
    assert message == (
        f"`{LICENSES}`: `Nokia-Qt-exception-1.1` is deprecated on the SPDX License List"
    )


def test_each_deprecated_id_in_an_expression() -> None:
    assert problems(licenses("MIT OR GPL-3.0 OR (LGPL-2.1 AND BSD-3-Clause)"), SELECT) == [
        (CODE, 2, VALUE_COLUMN + 7),
        (CODE, 2, VALUE_COLUMN + 19),
    ]


def test_deprecated_id_in_another_case_is_still_deprecated() -> None:
    assert details(licenses("gpl-2.0")) == [
        (
            2,
            VALUE_COLUMN,
            f"`{LICENSES}`: `gpl-2.0` is deprecated on the SPDX License List",
            "use `GPL-2.0-only`",
        )
    ]


def test_deprecated_id_is_reported_by_this_rule_only() -> None:
    src = f"""
        FROM scratch
        LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
              org.opencontainers.image.description="Acme app" \\
              {LICENSES}="GPL-2.0"
    """
    assert problems(src) == [(CODE, 4, VALUE_COLUMN)]


def test_unresolved_value_is_not_checked() -> None:
    src = f"""
        FROM scratch
        ARG LIC
        LABEL {LICENSES}=$LIC
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"LIC": "GPL-2.0"}) == [(CODE, 3, VALUE_COLUMN - 1)]


def test_env_overrides_arg() -> None:
    src = f"""
        FROM scratch
        ARG LIC=MIT
        ENV LIC=LGPL-2.1
        LABEL {LICENSES}="$LIC"
    """
    assert problems(src, SELECT) == [(CODE, 4, VALUE_COLUMN)]


def test_multiline_label_with_backtick_escape() -> None:
    src = f"""
        # escape=`
        FROM scratch
        LABEL org.opencontainers.image.title=app `
              # licensing
              {LICENSES}="MIT OR GPL-2.0+"
    """
    assert problems(src, SELECT) == [(CODE, 5, VALUE_COLUMN + 7)]


def test_inherited_label_names_its_stage() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {LICENSES}="GPL-2.0"
        FROM base
    """
    [(line, column, message, _fix)] = details(src)
    assert (line, column) == (2, VALUE_COLUMN)
    assert message.endswith("(inherited from stage `base`)")


def test_stage_outside_the_target_chain_is_not_checked() -> None:
    src = f"""
        FROM scratch AS build
        LABEL {LICENSES}="GPL-2.0"
        FROM scratch
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, target="build") == [(CODE, 2, VALUE_COLUMN)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = f"""
        FROM scratch
        # ocilint: ignore=OCL104
        LABEL {LICENSES}="GPL-2.0"
    """
    assert problems(src, SELECT) == []
    assert problems(src.replace("OCL104", "deprecated-license-id"), SELECT) == []
    assert problems(src.replace("OCL104", "OCL103"), SELECT) == [(CODE, 3, VALUE_COLUMN)]


def test_global_ignore_pragma() -> None:
    src = f"""
        # ocilint: global ignore=deprecated-license-id
        FROM scratch
        LABEL {LICENSES}="GPL-2.0"
    """
    assert problems(src, SELECT) == []
