"""OCL106 invalid-label-url: `source`, `url` or `documentation` is not an absolute http(s) URL."""

import pytest

from tests.conftest import details as shared_details
from tests.conftest import lint, problems

CODE = "OCL106"
SELECT = [CODE]
SOURCE = "org.opencontainers.image.source"
# `LABEL org.opencontainers.image.source=`: an unquoted value starts at column 39.
SOURCE_COLUMN = 39
# `LABEL org.opencontainers.image.url=`: an unquoted value starts at column 36.
URL_COLUMN = 36
REQUIRED = (
    'LABEL org.opencontainers.image.description="Acme app" org.opencontainers.image.licenses="MIT"'
)


def source(value: str) -> str:
    return f"FROM scratch\nLABEL {SOURCE}={value}\n"


def details(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str, str | None]]:
    return shared_details(text, SELECT, **kwargs)


@pytest.mark.parametrize(
    "value",
    [
        "https://github.com/acme/app",
        "http://example.com",
        "https://example.com:8443/docs?page=1#intro",
        "https://[::1]:8080/x",
        "https://127.0.0.1/x",
        "HTTPS://GitHub.com/acme/app",
        "https://example.com/ä/日本",
        "https://" + "a" * 5000 + ".com",
    ],
)
def test_absolute_http_urls_pass(value: str) -> None:
    assert problems(source(value), SELECT) == []


def test_docstring_example_scp_style_address() -> None:
    assert details(source("git@github.com:acme/app.git")) == [
        (
            2,
            SOURCE_COLUMN,
            f"`{SOURCE}` must be an absolute http(s) URL, but `git@github.com:acme/app.git` is an "
            "scp-style Git address, not a URL",
            "use `https://github.com/acme/app`",
        )
    ]


@pytest.mark.parametrize(
    ("value", "what", "suggestion"),
    [
        ("github.com/acme/app", "has no scheme", "https://github.com/acme/app"),
        (
            "git+https://github.com/acme/app.git",
            "uses the `git+https` scheme",
            "https://github.com/acme/app",
        ),
        (
            "ssh://git@github.com/acme/app.git",
            "uses the `ssh` scheme",
            "https://github.com/acme/app",
        ),
    ],
)
def test_fixable_values_suggest_the_https_url(value: str, what: str, suggestion: str) -> None:
    [(line, column, message, fix)] = details(source(value))
    assert (line, column) == (2, SOURCE_COLUMN)
    assert message == f"`{SOURCE}` must be an absolute http(s) URL, but `{value}` {what}"
    assert fix == f"use `{suggestion}`"


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("ftp://example.com/app", "uses the `ftp` scheme"),
        ("mailto:dev@example.com", "uses the `mailto` scheme"),
        ("https://", "has no valid host"),
        ("https://exa_mple.com", "has no valid host"),
        ("https://example.com:99999/", "is not a valid URL"),
        ("/relative/path", "is not an absolute URL"),
        ("日本", "is not an absolute URL"),
    ],
)
def test_unfixable_values(value: str, what: str) -> None:
    [(line, column, message, fix)] = details(source(value))
    assert (line, column) == (2, SOURCE_COLUMN)
    assert message == f"`{SOURCE}` must be an absolute http(s) URL, but `{value}` {what}"
    assert fix == "use an absolute https:// URL"


def test_whitespace_in_quoted_value() -> None:
    src = 'FROM scratch\nLABEL org.opencontainers.image.url="https://exa mple.com"\n'
    [(line, _column, message, _fix)] = details(src)
    assert line == 2
    assert "`https://exa mple.com` contains whitespace" in message


def test_all_three_url_keys_are_checked() -> None:
    src = """
        FROM scratch
        LABEL org.opencontainers.image.source=example \\
              org.opencontainers.image.url=example \\
              org.opencontainers.image.documentation=example
    """
    assert problems(src, SELECT) == [(CODE, 2, 39), (CODE, 3, 36), (CODE, 4, 46)]


def test_other_keys_are_not_checked() -> None:
    src = """
        FROM scratch
        LABEL com.example.url=example org.opencontainers.image.vendor=example url=example
    """
    assert problems(src, SELECT) == []


def test_quoted_value_finding_points_at_its_first_character() -> None:
    src = f'FROM scratch\nLABEL {SOURCE}="git@github.com:acme/app.git"\n'
    assert problems(src, SELECT) == [(CODE, 2, SOURCE_COLUMN + 1)]


def test_quoted_key_and_value() -> None:
    src = 'FROM scratch\nLABEL "org.opencontainers.image.url"=example\n'
    assert problems(src, SELECT) == [(CODE, 2, URL_COLUMN + 2)]


def test_legacy_form() -> None:
    src = "FROM scratch\nLABEL org.opencontainers.image.url not a url\n"
    [(line, column, message, _fix)] = details(src)
    assert (line, column) == (2, URL_COLUMN)
    assert "`not a url` contains whitespace" in message


def test_single_quotes_keep_the_variable_literal() -> None:
    src = """
        FROM scratch
        ARG URL=https://example.com
        LABEL org.opencontainers.image.url='$URL'
    """
    [(line, _column, message, _fix)] = details(src)
    assert line == 3
    assert "but `$URL` is not an absolute URL" in message


def test_escaped_quote_inside_double_quotes() -> None:
    src = 'FROM scratch\nLABEL org.opencontainers.image.url="https://example.com/\\"x\\""\n'
    assert problems(src, SELECT) == []
    src = 'FROM scratch\nLABEL org.opencontainers.image.url="\\"https://example.com\\""\n'
    [(_line, _column, message, _fix)] = details(src)
    assert 'but `"https://example.com"`' in message


def test_value_from_arg_default() -> None:
    src = """
        FROM scratch
        ARG REPO=acme/app
        LABEL org.opencontainers.image.source=https://github.com/$REPO \\
              org.opencontainers.image.url=${REPO}
    """
    assert problems(src, SELECT) == [(CODE, 4, URL_COLUMN)]


def test_build_arg_overrides_the_default() -> None:
    src = """
        FROM scratch
        ARG URL=https://example.com
        LABEL org.opencontainers.image.url=$URL
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"URL": "example.com"}) == [(CODE, 3, URL_COLUMN)]


def test_global_arg_redeclared_in_the_stage() -> None:
    src = """
        ARG URL=ftp://example.com
        FROM scratch
        ARG URL
        LABEL org.opencontainers.image.url=$URL
    """
    assert problems(src, SELECT) == [(CODE, 4, URL_COLUMN)]
    assert problems(src, SELECT, build_args={"URL": "https://example.com"}) == []


def test_env_overrides_arg() -> None:
    src = """
        FROM scratch
        ARG URL=https://example.com
        ENV URL=ftp://example.com
        LABEL org.opencontainers.image.url=$URL
    """
    assert problems(src, SELECT) == [(CODE, 4, URL_COLUMN)]
    assert problems(src, SELECT, build_args={"URL": "https://example.com"}) == [
        (CODE, 4, URL_COLUMN)
    ]


def test_unresolved_value_is_reported_by_unresolved_value_only() -> None:
    src = f"""
        FROM scratch
        {REQUIRED}
        ARG SRC
        LABEL {SOURCE}=$SRC
    """
    assert problems(src) == [("OCL002", 4, SOURCE_COLUMN)]


def test_empty_value_is_reported_by_empty_label_value_only() -> None:
    src = f"""
        FROM scratch
        {REQUIRED}
        LABEL {SOURCE}=""
    """
    assert problems(src) == [("OCL108", 3, 7)]


def test_multiline_label_with_comments_points_at_the_line_of_the_value() -> None:
    src = f"""
        FROM scratch
        LABEL {SOURCE}=https://github.com/acme/app \\
              # where to read more
              org.opencontainers.image.url=ftp://example.com \\

              org.opencontainers.image.documentation=docs.example.com
    """
    assert problems(src, SELECT) == [(CODE, 4, URL_COLUMN), (CODE, 6, 46)]


def test_backtick_escape_directive() -> None:
    src = """
        # escape=`
        FROM scratch
        LABEL org.opencontainers.image.source=https://github.com/acme/app `
              org.opencontainers.image.url=https://example.com/docs `
              org.opencontainers.image.documentation=ftp://example.com
    """
    assert problems(src, SELECT) == [(CODE, 5, 46)]


def test_tab_counts_as_one_column() -> None:
    src = "FROM scratch\nLABEL\torg.opencontainers.image.url=example\n"
    assert problems(src, SELECT) == [(CODE, 2, URL_COLUMN)]


def test_non_ascii_before_the_value_counts_characters() -> None:
    src = "FROM scratch\nLABEL com.example.ä=ü org.opencontainers.image.url=example\n"
    # `com.example.ä=ü ` is 16 characters, so the url key starts at 23 and its value at 52.
    assert problems(src, SELECT) == [(CODE, 2, 52)]


def test_inherited_label_names_its_stage() -> None:
    src = """
        FROM scratch AS base
        LABEL org.opencontainers.image.url=ftp://example.com
        FROM base
    """
    [(line, column, message, _fix)] = details(src)
    assert (line, column) == (2, URL_COLUMN)
    assert "(inherited from stage `base`)" in message


def test_overridden_in_a_later_stage_is_not_checked() -> None:
    src = """
        FROM scratch AS base
        LABEL org.opencontainers.image.url=ftp://example.com
        FROM base
        LABEL org.opencontainers.image.url=https://example.com
    """
    assert problems(src, SELECT) == []


def test_target_changes_the_checked_stage() -> None:
    src = """
        FROM scratch AS base
        LABEL org.opencontainers.image.url=ftp://base.example.com
        FROM base AS build
        LABEL org.opencontainers.image.source=github.com/acme/app
        FROM scratch AS final
        LABEL org.opencontainers.image.documentation=ftp://final.example.com
    """
    assert problems(src, SELECT) == [(CODE, 6, 46)]
    assert problems(src, SELECT, target="build") == [(CODE, 2, URL_COLUMN), (CODE, 4, 39)]
    assert problems(src, SELECT, target="base") == [(CODE, 2, URL_COLUMN)]


def test_ignore_pragma_silences_only_this_rule() -> None:
    src = """
        FROM scratch
        # ocilint: ignore=OCL106
        LABEL org.opencontainers.image.url=ftp://example.com org.opencontainers.image.licence=MIT
        LABEL org.opencontainers.image.documentation=ftp://example.com
    """
    assert problems(src, [CODE, "OCL110"]) == [("OCL110", 3, 54), (CODE, 4, 46)]


def test_ignore_pragma_by_name_with_reason() -> None:
    src = """
        FROM scratch
        # ocilint: ignore=invalid-label-url # internal mirror only
        LABEL org.opencontainers.image.url=ftp://example.com
    """
    assert problems(src, SELECT) == []


def test_ignore_pragma_inside_a_continued_label() -> None:
    src = """
        FROM scratch
        LABEL org.opencontainers.image.documentation=ftp://example.com \\
              # ocilint: ignore=OCL106
              org.opencontainers.image.url=ftp://example.com
    """
    assert problems(src, SELECT) == [(CODE, 2, 46)]


def test_global_ignore_pragma() -> None:
    src = """
        FROM scratch
        LABEL org.opencontainers.image.url=ftp://example.com
        # ocilint: global ignore=invalid-label-url
    """
    assert problems(src, SELECT) == []


def test_very_long_value() -> None:
    [finding] = lint(source("x" * 100_000), SELECT)
    assert (finding.location.line, finding.location.column) == (2, SOURCE_COLUMN)
