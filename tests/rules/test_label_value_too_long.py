"""OCL102 label-value-too-long: a label value over its limit, counted in characters."""

from tests.conftest import lint, problems

CODE = "OCL102"
SELECT = [CODE]
DESCRIPTION = "org.opencontainers.image.description"
# `LABEL org.opencontainers.image.description="`: the value's first character is column 45.
DESCRIPTION_VALUE_COLUMN = 45


def description(value: str) -> str:
    return f'FROM scratch\nLABEL {DESCRIPTION}="{value}"\n'


def test_512_multibyte_characters_pass() -> None:
    assert problems(description("é" * 512), SELECT) == []


def test_513_multibyte_characters_fail_at_the_first_character_over_the_limit() -> None:
    [finding] = lint(description("é" * 512 + "x"), SELECT)
    assert (finding.code, finding.location.line, finding.location.column) == (
        CODE,
        2,
        DESCRIPTION_VALUE_COLUMN + 512,
    )
    assert finding.message == f"`{DESCRIPTION}` is 513 characters long; the limit is 512"


def test_finding_spans_the_first_character_over_the_limit() -> None:
    [finding] = lint(description("é" * 513), SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        2,
        557,
        2,
        558,
    )


def test_fix_says_how_many_characters_to_remove() -> None:
    [finding] = lint(description("x" * 515), SELECT)
    assert finding.message == f"`{DESCRIPTION}` is 515 characters long; the limit is 512"
    assert finding.fix == "shorten it by 3 characters"


def test_fix_uses_the_singular_for_one_character() -> None:
    [finding] = lint(description("x" * 513), SELECT)
    assert finding.fix == "shorten it by 1 character"


def test_escaped_quote_counts_as_one_character_and_shifts_columns() -> None:
    # `ab\"` is three characters of value written in four columns.
    src = description('ab\\"' + "é" * 510)
    assert problems(src, SELECT) == [(CODE, 2, DESCRIPTION_VALUE_COLUMN + 513)]
    assert "is 513 characters long" in lint(src, SELECT)[0].message


def test_licenses_limit_is_256() -> None:
    ok = "LicenseRef-" + "a" * 245
    too_long = "LicenseRef-" + "a" * 246
    assert len(ok) == 256
    assert problems(f'FROM scratch\nLABEL org.opencontainers.image.licenses="{ok}"\n', SELECT) == []
    src = f'FROM scratch\nLABEL org.opencontainers.image.licenses="{too_long}"\n'
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (2, 42 + 256)
    assert finding.message == (
        "`org.opencontainers.image.licenses` is 257 characters long; the limit is 256"
    )


def test_other_keys_have_no_limit_by_default() -> None:
    src = f"""
        FROM scratch
        LABEL org.opencontainers.image.title="{"t" * 2000}" com.example.notes="{"n" * 5000}"
    """
    assert problems(src, SELECT) == []


def test_limits_option_adds_a_key_and_keeps_the_defaults() -> None:
    src = f"""
        FROM scratch
        LABEL com.example.notes=abcdef
        LABEL {DESCRIPTION}="{"d" * 513}"
    """
    config = {"rules": {"label-value-too-long": {"limits": {"com.example.notes": 5}}}}
    findings = lint(src, SELECT, config=config)
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        (CODE, 2, 7 + len("com.example.notes=") + 5),
        (CODE, 3, DESCRIPTION_VALUE_COLUMN + 512),
    ]
    assert findings[0].message == "`com.example.notes` is 6 characters long; the limit is 5"


def test_limits_option_overrides_a_default_limit() -> None:
    config = {"rules": {"OCL102": {"limits": {DESCRIPTION: 1000}}}}
    assert problems(description("d" * 1000), SELECT, config=config) == []
    assert problems(description("d" * 1001), SELECT, config=config) == [
        (CODE, 2, DESCRIPTION_VALUE_COLUMN + 1000)
    ]


def test_single_quotes_keep_the_variable_literal() -> None:
    src = f"""
        FROM scratch
        ARG LONG={"x" * 600}
        LABEL {DESCRIPTION}='$LONG'
    """
    config = {"rules": {"OCL102": {"limits": {DESCRIPTION: 4}}}}
    # The value is the five characters `$LONG`; the fifth, `G`, is over the limit.
    assert problems(src, SELECT, config=config) == [(CODE, 3, DESCRIPTION_VALUE_COLUMN + 4)]


def test_value_from_arg_default_is_checked() -> None:
    src = f"""
        FROM scratch
        ARG D={"é" * 512}
        LABEL {DESCRIPTION}="$D!"
    """
    # The 513th character is the `!` written after `$D`.
    assert problems(src, SELECT) == [(CODE, 3, DESCRIPTION_VALUE_COLUMN + 2)]


def test_build_arg_overrides_the_default() -> None:
    src = f"""
        FROM scratch
        ARG D="short"
        LABEL {DESCRIPTION}=$D
    """
    assert problems(src, SELECT) == []
    # Every character of an expanded variable maps to its `$`.
    assert problems(src, SELECT, build_args={"D": "x" * 600}) == [(CODE, 3, 44)]
    assert "is 600 characters long" in lint(src, SELECT, build_args={"D": "x" * 600})[0].message


def test_global_arg_redeclared_in_the_stage() -> None:
    src = f"""
        ARG D={"x" * 513}
        FROM scratch
        ARG D
        LABEL {DESCRIPTION}="${{D}}"
    """
    assert problems(src, SELECT) == [(CODE, 4, DESCRIPTION_VALUE_COLUMN)]


def test_env_overrides_arg() -> None:
    src = f"""
        FROM scratch
        ARG D=short
        ENV D={"x" * 513}
        LABEL {DESCRIPTION}=$D
    """
    assert problems(src, SELECT) == [(CODE, 4, 44)]


def test_unresolved_value_is_not_checked() -> None:
    src = f"""
        FROM scratch
        ARG D
        LABEL {DESCRIPTION}={"x" * 600}$D
    """
    assert problems(src, SELECT) == []
    assert problems(src) == [("OCL101", 1, 1), ("OCL101", 1, 1), ("OCL002", 3, 44)]


def test_multiline_label_points_at_the_line_of_the_value() -> None:
    src = f"""
        FROM scratch
        LABEL org.opencontainers.image.title=app \\
              # the long one
              {DESCRIPTION}="{"d" * 513}" \\
              org.opencontainers.image.version=1
    """
    assert problems(src, SELECT) == [(CODE, 4, DESCRIPTION_VALUE_COLUMN + 512)]


def test_legacy_form_counts_the_rest_of_the_line() -> None:
    src = f"""
        FROM scratch
        LABEL {DESCRIPTION} {"word " * 102}xyz
    """
    # 102 * 5 + 3 = 513 characters, the value starting at column 44.
    assert problems(src, SELECT) == [(CODE, 2, 44 + 512)]


def test_tabs_count_as_one_character() -> None:
    assert problems(description("\t" * 512), SELECT) == []
    assert problems(description("\t" * 513), SELECT) == [(CODE, 2, DESCRIPTION_VALUE_COLUMN + 512)]


def test_very_long_value() -> None:
    [finding] = lint(description("x" * 100_000), SELECT)
    assert (finding.location.line, finding.location.column) == (2, DESCRIPTION_VALUE_COLUMN + 512)
    assert finding.fix == "shorten it by 99488 characters"


def test_inherited_label_names_its_stage() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {DESCRIPTION}="{"x" * 513}"
        FROM base
    """
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (2, DESCRIPTION_VALUE_COLUMN + 512)
    assert finding.message == (
        f"`{DESCRIPTION}` is 513 characters long (inherited from stage `base`); the limit is 512"
    )


def test_overridden_label_is_not_checked() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {DESCRIPTION}="{"x" * 513}"
        FROM base
        LABEL {DESCRIPTION}="short"
    """
    assert problems(src, SELECT) == []


def test_stage_outside_the_target_chain_is_not_checked() -> None:
    src = f"""
        FROM scratch AS build
        LABEL {DESCRIPTION}="{"x" * 513}"
        FROM scratch
        LABEL {DESCRIPTION}="short"
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, target="build") == [(CODE, 2, DESCRIPTION_VALUE_COLUMN + 512)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = f"""
        FROM scratch
        # ocilint: ignore=OCL102
        LABEL {DESCRIPTION}="{"x" * 513}"
    """
    assert problems(src, SELECT) == []
    assert problems(src.replace("OCL102", "label-value-too-long"), SELECT) == []
    assert problems(src.replace("OCL102", "OCL101"), SELECT) == [
        (CODE, 3, DESCRIPTION_VALUE_COLUMN + 512)
    ]


def test_global_ignore_pragma() -> None:
    src = f"""
        # ocilint: global ignore=label-value-too-long
        FROM scratch
        LABEL {DESCRIPTION}="{"x" * 513}"
    """
    assert problems(src, SELECT) == []
