"""OCL108 empty-label-value: a label whose value is empty or whitespace after substitution."""

from tests.conftest import lint, problems

CODE = "OCL108"
SELECT = [CODE]
VERSION = "org.opencontainers.image.version"


def spans(
    text: str, **kwargs: object
) -> list[tuple[int | None, int | None, int | None, int | None]]:
    """(line, column, end line, end column) of each finding."""
    return [
        (f.location.line, f.location.column, f.location.end_line, f.location.end_column)
        for f in lint(text, SELECT, **kwargs)  # type: ignore[arg-type]
    ]


def test_docstring_example_arg_with_empty_default() -> None:
    src = f"""
        FROM scratch
        ARG VERSION=
        LABEL {VERSION}=$VERSION
    """
    [finding] = lint(src, SELECT)
    location = finding.location
    # The finding spans the whole `key=value` word.
    assert (location.line, location.column, location.end_line, location.end_column) == (
        3,
        7,
        3,
        48,
    )
    assert finding.message == f"label `{VERSION}` is empty"
    assert finding.fix == "set a value or remove the label"


def test_value_given_passes() -> None:
    src = f"""
        FROM scratch
        ARG VERSION=1.2.3
        LABEL {VERSION}=$VERSION com.example.flag=0 com.example.dot=.
    """
    assert problems(src, SELECT) == []


def test_empty_and_whitespace_forms() -> None:
    src = """
        FROM scratch
        LABEL com.example.a="" com.example.b="  " com.example.c=x com.example.d= com.example.e=''
    """
    findings = lint(src, SELECT)
    assert [(f.location.line, f.location.column, f.location.end_column) for f in findings] == [
        (2, 7, 23),
        (2, 24, 42),
        (2, 59, 73),
        (2, 74, 90),
    ]
    assert [f.message for f in findings] == [
        "label `com.example.a` is empty",
        "label `com.example.b` is whitespace only",
        "label `com.example.d` is empty",
        "label `com.example.e` is empty",
    ]


def test_tabs_and_non_ascii_whitespace_are_whitespace() -> None:
    src = 'FROM scratch\nLABEL com.example.a="\t" com.example.b="\u3000"\n'
    assert [f.message for f in lint(src, SELECT)] == [
        "label `com.example.a` is whitespace only",
        "label `com.example.b` is whitespace only",
    ]
    assert problems(src, SELECT) == [(CODE, 2, 7), (CODE, 2, 25)]


def test_legacy_form_with_quoted_spaces() -> None:
    src = 'FROM scratch\nLABEL com.example.a "  "\n'
    assert spans(src) == [(2, 7, 2, 25)]
    assert lint(src, SELECT)[0].message == "label `com.example.a` is whitespace only"


def test_quoted_key() -> None:
    src = 'FROM scratch\nLABEL "com.example.with space"=""\n'
    assert spans(src) == [(2, 7, 2, 34)]


def test_build_arg_set_to_empty() -> None:
    src = f"""
        FROM scratch
        ARG VERSION=1.0
        LABEL {VERSION}=$VERSION
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"VERSION": ""}) == [(CODE, 3, 7)]


def test_arg_without_value_is_unresolved_not_empty() -> None:
    src = """
        FROM scratch
        ARG DESC
        LABEL org.opencontainers.image.description=$DESC
    """
    assert problems(src, SELECT) == []
    assert problems(src, ["OCL002", CODE]) == [("OCL002", 3, 44)]


def test_undeclared_variable_on_scratch_is_empty() -> None:
    src = f"""
        FROM scratch
        LABEL {VERSION}=$VERSION
    """
    assert problems(src, SELECT) == [(CODE, 2, 7)]


def test_global_arg_not_redeclared_is_empty_in_the_stage() -> None:
    src = f"""
        ARG VERSION=1.0
        FROM scratch
        LABEL {VERSION}=$VERSION
    """
    assert problems(src, SELECT) == [(CODE, 3, 7)]


def test_global_arg_redeclared_in_the_stage() -> None:
    src = f"""
        ARG VERSION=1.0
        FROM scratch
        ARG VERSION
        LABEL {VERSION}=$VERSION
    """
    assert problems(src, SELECT) == []


def test_env_overrides_arg() -> None:
    src = f"""
        FROM scratch
        ARG VERSION=1.0
        ENV VERSION=
        LABEL {VERSION}=$VERSION
    """
    assert problems(src, SELECT) == [(CODE, 4, 7)]


def test_single_quotes_keep_the_variable_literal() -> None:
    src = f"""
        FROM scratch
        LABEL {VERSION}='$VERSION'
    """
    assert problems(src, SELECT) == []


def test_default_substitution_fills_an_empty_value() -> None:
    src = f"""
        FROM scratch
        ARG VERSION=
        LABEL {VERSION}=${{VERSION:-dev}} com.example.alt=${{VERSION-dev}}
    """
    assert problems(src, SELECT) == [(CODE, 3, 56)]


def test_multiline_label_points_at_the_line_of_the_key() -> None:
    src = """
        FROM scratch
        LABEL com.example.a=1 \\
              # comment
              com.example.b= \\
              com.example.c=3
    """
    assert spans(src) == [(4, 7, 4, 21)]


def test_backtick_escape_directive() -> None:
    src = """
        # escape=`
        FROM scratch
        LABEL com.example.a=1 `
              com.example.b="" `
              com.example.c=`"`"
    """
    assert problems(src, SELECT) == [(CODE, 4, 7)]


def test_inherited_label_names_its_stage() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {VERSION}=""
        FROM base
    """
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (2, 7)
    assert finding.message == f"label `{VERSION}` is empty (inherited from stage `base`)"


def test_overridden_in_a_later_stage_is_not_checked() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {VERSION}=""
        FROM base
        LABEL {VERSION}=1.0
    """
    assert problems(src, SELECT) == []


def test_stage_outside_the_target_chain_is_not_checked() -> None:
    src = f"""
        FROM scratch AS build
        LABEL {VERSION}=""
        FROM scratch
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, target="build") == [(CODE, 2, 7)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = f"""
        FROM scratch
        # ocilint: ignore=OCL108
        LABEL {VERSION}=""
        LABEL com.example.other=""
    """
    assert problems(src, SELECT) == [(CODE, 4, 7)]
    assert problems(src.replace("OCL108", "empty-label-value"), SELECT) == [(CODE, 4, 7)]


def test_global_ignore_pragma() -> None:
    src = f"""
        # ocilint: global ignore=OCL108
        FROM scratch
        LABEL {VERSION}=""
    """
    assert problems(src, SELECT) == []


def test_very_long_whitespace_value() -> None:
    src = f'FROM scratch\nLABEL com.example.a="{" " * 100_000}"\n'
    assert problems(src, SELECT) == [(CODE, 2, 7)]
