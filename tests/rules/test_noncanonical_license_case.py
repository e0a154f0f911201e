"""OCL105 noncanonical-license-case: lower-case operators or ids in another case than SPDX's."""

from tests.conftest import details as shared_details
from tests.conftest import lint, problems

CODE = "OCL105"
SELECT = [CODE]
LICENSES = "org.opencontainers.image.licenses"
# `LABEL org.opencontainers.image.licenses="`: the value's first character is column 42.
VALUE_COLUMN = 42


def licenses(value: str) -> str:
    return f'FROM scratch\nLABEL {LICENSES}="{value}"\n'


def details(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str, str | None]]:
    return shared_details(text, SELECT, **kwargs)


def test_docstring_example() -> None:
    assert details(licenses("mit or apache-2.0")) == [
        (
            2,
            VALUE_COLUMN,
            f"`{LICENSES}`: `mit` is spelled `MIT` on the SPDX License List",
            "use `MIT`",
        ),
        (
            2,
            VALUE_COLUMN + 4,
            f"`{LICENSES}`: lower-case operator `or` is valid in SPDX 3.0 but not in SPDX 2.3",
            "use `OR`",
        ),
        (
            2,
            VALUE_COLUMN + 7,
            f"`{LICENSES}`: `apache-2.0` is spelled `Apache-2.0` on the SPDX License List",
            "use `Apache-2.0`",
        ),
    ]


def test_severity_is_info() -> None:
    assert [f.severity.label for f in lint(licenses("mit"), SELECT)] == ["info"]


def test_docstring_example_fixed_passes() -> None:
    assert problems(licenses("MIT OR Apache-2.0"), SELECT) == []


def test_lowercase_with_and_and() -> None:
    value = "GPL-2.0-only with Classpath-exception-2.0 and MIT"
    assert details(licenses(value)) == [
        (
            2,
            VALUE_COLUMN + 13,
            f"`{LICENSES}`: lower-case operator `with` is valid in SPDX 3.0 but not in SPDX 2.3",
            "use `WITH`",
        ),
        (
            2,
            VALUE_COLUMN + 42,
            f"`{LICENSES}`: lower-case operator `and` is valid in SPDX 3.0 but not in SPDX 2.3",
            "use `AND`",
        ),
    ]


def test_exception_id_in_another_case() -> None:
    value = "GPL-2.0-only WITH classpath-exception-2.0"
    assert details(licenses(value)) == [
        (
            2,
            VALUE_COLUMN + 18,
            f"`{LICENSES}`: `classpath-exception-2.0` is spelled `Classpath-exception-2.0` on the "
            "SPDX License List",
            "use `Classpath-exception-2.0`",
        )
    ]


def test_mixed_case_operator_is_a_syntax_error_not_this_rule() -> None:
    assert problems(licenses("MIT Or Apache-2.0"), ["OCL103", CODE]) == [
        ("OCL103", 2, VALUE_COLUMN + 4)
    ]


def test_lowercase_expression_is_not_invalid() -> None:
    src = f"""
        FROM scratch
        LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
              org.opencontainers.image.description="Acme app" \\
              {LICENSES}="mit or apache-2.0"
    """
    assert problems(src) == [
        (CODE, 4, VALUE_COLUMN),
        (CODE, 4, VALUE_COLUMN + 4),
        (CODE, 4, VALUE_COLUMN + 7),
    ]


def test_unresolved_value_is_not_checked() -> None:
    src = f"""
        FROM scratch
        ARG LIC
        LABEL {LICENSES}=$LIC
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"LIC": "mit"}) == [(CODE, 3, VALUE_COLUMN - 1)]


def test_global_arg_redeclared_in_the_stage() -> None:
    src = f"""
        ARG LIC=mit
        FROM scratch
        ARG LIC
        LABEL {LICENSES}="$LIC OR Apache-2.0"
    """
    assert problems(src, SELECT) == [(CODE, 4, VALUE_COLUMN)]


def test_global_arg_not_redeclared_is_not_visible_in_the_stage() -> None:
    src = f"""
        ARG LIC=mit
        FROM scratch
        LABEL {LICENSES}="${{LIC:-MIT}}"
    """
    assert problems(src, SELECT) == []


def test_multiline_label_points_at_the_line_of_the_value() -> None:
    src = f"""
        FROM scratch
        LABEL org.opencontainers.image.title=app \\

              {LICENSES}="MIT or Apache-2.0"
    """
    assert problems(src, SELECT) == [(CODE, 4, VALUE_COLUMN + 4)]


def test_inherited_label_names_its_stage() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {LICENSES}="mit"
        FROM base
    """
    [(line, column, message, _fix)] = details(src)
    assert (line, column) == (2, VALUE_COLUMN)
    assert message.endswith("(inherited from stage `base`)")


def test_stage_outside_the_target_chain_is_not_checked() -> None:
    src = f"""
        FROM scratch AS build
        LABEL {LICENSES}="mit"
        FROM scratch
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, target="build") == [(CODE, 2, VALUE_COLUMN)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = f"""
        FROM scratch
        # ocilint: ignore=OCL105
        LABEL {LICENSES}="mit"
    """
    assert problems(src, SELECT) == []
    assert problems(src.replace("OCL105", "noncanonical-license-case"), SELECT) == []


def test_global_ignore_pragma() -> None:
    src = f"""
        # ocilint: global ignore=OCL105
        FROM scratch
        LABEL {LICENSES}="mit"
    """
    assert problems(src, SELECT) == []
