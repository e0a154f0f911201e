"""OCL103 invalid-license-expression: `licenses` is not a valid SPDX license expression."""

import pytest

from ocilint.errors import ConfigError
from tests.conftest import details as shared_details
from tests.conftest import lint, problems

CODE = "OCL103"
SELECT = [CODE]
LICENSES = "org.opencontainers.image.licenses"
# `LABEL org.opencontainers.image.licenses="`: the value's first character is column 42.
VALUE_COLUMN = 42
# The other two required labels, so that all-rules tests report nothing else.
OTHER_REQUIRED = (
    'LABEL org.opencontainers.image.source="https://github.com/acme/app" '
    'org.opencontainers.image.description="Acme app"\n'
)


def licenses(value: str) -> str:
    return f'FROM scratch\nLABEL {LICENSES}="{value}"\n'


def details(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str, str | None]]:
    return shared_details(text, SELECT, **kwargs)


@pytest.mark.parametrize(
    "value",
    [
        "MIT",
        "Apache-2.0 OR MIT",
        "GPL-2.0-only WITH Classpath-exception-2.0",
        "(MIT OR Apache-2.0) AND BSD-3-Clause",
        "GPL-2.0-or-later",
        "LicenseRef-acme-proprietary",
        "  MIT  ",
    ],
)
def test_valid_expressions_pass(value: str) -> None:
    assert problems(licenses(value), SELECT) == []


def test_docstring_example_prose_and_slash() -> None:
    assert details(licenses("Apache License 2.0 / MIT")) == [
        (
            2,
            VALUE_COLUMN,
            f"`{LICENSES}`: `Apache License 2.0` is not an SPDX license id",
            "use `Apache-2.0`",
        ),
        (
            2,
            VALUE_COLUMN + 19,
            f"`{LICENSES}`: `/` is not an SPDX operator: use `OR` (or `AND`)",
            "use `Apache-2.0 OR MIT`",
        ),
    ]


def test_slash_between_ids_suggests_the_whole_corrected_expression() -> None:
    assert details(licenses("MIT/Apache-2.0")) == [
        (
            2,
            VALUE_COLUMN + 3,
            f"`{LICENSES}`: `/` is not an SPDX operator: use `OR` (or `AND`)",
            "use `MIT OR Apache-2.0`",
        )
    ]


def test_unknown_license_id() -> None:
    [(line, column, message, fix)] = details(licenses("MIT OR Foo-1.0"))
    assert (line, column) == (2, VALUE_COLUMN + 7)
    assert message == f"`{LICENSES}`: `Foo-1.0` is not a license id on the SPDX License List"
    assert fix == (
        "use an id from https://spdx.org/licenses/ or `LicenseRef-<name>` for a custom license"
    )


def test_missing_operand_points_at_the_dangling_operator() -> None:
    [(line, column, message, _fix)] = details(licenses("MIT AND"))
    assert (line, column) == (2, VALUE_COLUMN + 4)
    assert "after `AND`" in message


def test_mixed_case_operator_is_a_syntax_error() -> None:
    assert details(licenses("MIT Or Apache-2.0")) == [
        (
            2,
            VALUE_COLUMN + 4,
            f"`{LICENSES}`: `Or` is not an SPDX operator: operators are all upper case (`OR`) "
            "or all lower case (`or`)",
            "use `MIT OR Apache-2.0`",
        )
    ]


def test_unbalanced_parenthesis() -> None:
    assert problems(licenses("(MIT OR Apache-2.0"), SELECT) == [(CODE, 2, VALUE_COLUMN)]


def test_exception_used_as_a_license() -> None:
    [(_line, column, message, _fix)] = details(licenses("Classpath-exception-2.0"))
    assert column == VALUE_COLUMN
    assert "`Classpath-exception-2.0` is a license exception, not a license" in message


def test_license_used_after_with() -> None:
    [(_line, column, message, _fix)] = details(licenses("GPL-2.0-only WITH MIT"))
    assert column == VALUE_COLUMN + 18
    assert "`MIT` is a license, not a license exception" in message


def test_none_is_not_an_expression() -> None:
    [(_line, column, message, _fix)] = details(licenses("NONE"))
    assert column == VALUE_COLUMN
    assert message.startswith(f"`{LICENSES}`: `NONE`")


def test_lowercase_custom_prefix_is_invalid() -> None:
    assert details(licenses("licenseref-acme")) == [
        (
            2,
            VALUE_COLUMN,
            f"`{LICENSES}`: `licenseref-acme`: the `LicenseRef-`, `AdditionRef-` and "
            "`DocumentRef-` prefixes are case-sensitive",
            "use `LicenseRef-acme`",
        )
    ]


def test_allowed_custom_option_rejects_other_custom_ids() -> None:
    config = {"rules": {"invalid-license-expression": {"allowed-custom": ["LicenseRef-acme-*"]}}}
    assert problems(licenses("LicenseRef-acme-1 OR MIT"), SELECT, config=config) == []
    assert details(licenses("MIT OR LicenseRef-other"), config=config) == [
        (
            2,
            VALUE_COLUMN + 7,
            f"`{LICENSES}`: custom id `LicenseRef-other` is not one of the allowed custom ids",
            "use an allowed custom id or an SPDX License List id, or allow this one",
        )
    ]


def test_allowed_custom_option_must_be_a_list() -> None:
    config = {"rules": {"OCL103": {"allowed-custom": "LicenseRef-acme"}}}
    with pytest.raises(ConfigError, match=r"must be a list, not a string"):
        problems(licenses("LicenseRef-acme"), SELECT, config=config)


def test_allowed_custom_option_covers_addition_refs() -> None:
    config = {"rules": {"OCL103": {"allowed-custom": ["AdditionRef-acme"]}}}
    assert problems(licenses("MIT WITH AdditionRef-acme"), SELECT, config=config) == []
    assert problems(licenses("MIT WITH AdditionRef-other"), SELECT, config=config) == [
        (CODE, 2, VALUE_COLUMN + 9)
    ]


def test_default_allows_every_well_formed_custom_id() -> None:
    value = "LicenseRef-a OR DocumentRef-spdx:LicenseRef-b OR MIT WITH AdditionRef-c"
    assert problems(licenses(value), SELECT) == []


def test_deprecated_and_lowercase_ids_are_not_this_rule() -> None:
    assert problems(licenses("GPL-2.0 OR mit or apache-2.0"), SELECT) == []


def test_empty_value_is_reported_once_by_empty_label_value() -> None:
    src = f'FROM scratch\n{OTHER_REQUIRED}LABEL {LICENSES}=""\n'
    assert problems(src) == [("OCL108", 3, 7)]


def test_whitespace_only_value_is_reported_once_by_empty_label_value() -> None:
    src = f'FROM scratch\n{OTHER_REQUIRED}LABEL {LICENSES}="   "\n'
    assert problems(src) == [("OCL108", 3, 7)]


def test_unresolved_value_is_not_checked() -> None:
    src = f"FROM scratch\n{OTHER_REQUIRED}ARG LIC\nLABEL {LICENSES}=$LIC\n"
    assert problems(src) == [("OCL002", 4, VALUE_COLUMN - 1)]


def test_value_from_build_arg_is_checked() -> None:
    src = f"""
        FROM scratch
        ARG LIC=MIT
        LABEL {LICENSES}=$LIC
    """
    assert problems(src, SELECT) == []
    # Characters of an expanded variable map to its `$`.
    assert problems(src, SELECT, build_args={"LIC": "MIT/Apache-2.0"}) == [
        (CODE, 3, VALUE_COLUMN - 1)
    ]


def test_single_quotes_keep_the_variable_literal() -> None:
    src = f"""
        FROM scratch
        ARG LIC=MIT
        LABEL {LICENSES}='$LIC'
    """
    assert problems(src, SELECT) == [(CODE, 3, VALUE_COLUMN)]


def test_escaped_quotes_inside_the_value() -> None:
    src = f'FROM scratch\nLABEL {LICENSES}="\\"MIT\\""\n'
    findings = lint(src, SELECT)
    assert [(f.location.line, f.location.column) for f in findings] == [(2, VALUE_COLUMN + 1)]


def test_multiline_label_points_at_the_line_of_the_value() -> None:
    src = f"""
        FROM scratch
        LABEL org.opencontainers.image.title=app \\
              # licensing
              {LICENSES}="MIT OR Foo-1.0" \\
              org.opencontainers.image.version=1
    """
    assert problems(src, SELECT) == [(CODE, 4, VALUE_COLUMN + 7)]


def test_non_ascii_columns_count_characters() -> None:
    assert details(licenses("MIT OR Äpache-2.0")) == [
        (
            2,
            VALUE_COLUMN + 7,
            f"`{LICENSES}`: `Äpache-2.0` is not a license id",
            "use `Apache-2.0`",
        )
    ]


def test_very_long_expression() -> None:
    value = "MIT OR " * 30 + "Foo-1.0"
    assert problems(licenses(value), SELECT) == [(CODE, 2, VALUE_COLUMN + 210)]


def test_inherited_label_names_its_stage() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {LICENSES}="Foo-1.0"
        FROM base
    """
    [(line, column, message, _fix)] = details(src)
    assert (line, column) == (2, VALUE_COLUMN)
    assert message.endswith("(inherited from stage `base`)")


def test_stage_outside_the_target_chain_is_not_checked() -> None:
    src = f"""
        FROM scratch AS build
        LABEL {LICENSES}="Foo-1.0"
        FROM scratch
        LABEL {LICENSES}="MIT"
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, target="build") == [(CODE, 2, VALUE_COLUMN)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = f"""
        FROM scratch
        # ocilint: ignore=OCL103
        LABEL {LICENSES}="Foo-1.0"
    """
    assert problems(src, SELECT) == []
    assert problems(src.replace("OCL103", "invalid-license-expression"), SELECT) == []


def test_ignore_pragma_only_silences_the_named_rule() -> None:
    src = f"""
        FROM scratch
        # ocilint: ignore=OCL104
        LABEL {LICENSES}="GPL-2.0 OR Foo-1.0"
    """
    assert problems(src, ["OCL103", "OCL104"]) == [(CODE, 3, VALUE_COLUMN + 11)]


def test_global_ignore_pragma() -> None:
    src = f"""
        # ocilint: global ignore=OCL103
        FROM scratch
        LABEL {LICENSES}="Foo-1.0"
    """
    assert problems(src, SELECT) == []
