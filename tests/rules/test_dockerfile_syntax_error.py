"""OCL001 dockerfile-syntax-error: what makes BuildKit reject a Dockerfile."""

from tests.conftest import lint, problems

CODE = "OCL001"
SELECT = [CODE]


def messages(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str]]:
    return [
        (f.location.line, f.location.column, f.message)
        for f in lint(text, SELECT, **kwargs)  # type: ignore[arg-type]
    ]


def test_valid_dockerfile_passes() -> None:
    src = """
        ARG VERSION=1
        FROM alpine:3.20 AS build
        LABEL org.opencontainers.image.title="app" com.example.version=$VERSION
        RUN echo hi
        FROM scratch
        COPY --from=build /bin/sh /bin/sh
    """
    assert problems(src, SELECT) == []


def test_docstring_example_bad_stage_name_and_unterminated_quote() -> None:
    src = """
        FROM alpine AS 1st
        LABEL org.opencontainers.image.title="unterminated
    """
    assert messages(src) == [
        (
            1,
            16,
            'invalid name for build stage: "1st", name can\'t start with a number or contain '
            "symbols",
        ),
        (
            2,
            38,
            'LABEL: failed to process `"unterminated`: unexpected end of statement while '
            "looking for matching double-quote",
        ),
    ]


def test_docstring_example_fixed_passes() -> None:
    src = """
        FROM alpine AS first
        LABEL org.opencontainers.image.title="terminated"
    """
    assert problems(src, SELECT) == []


def test_unknown_instruction() -> None:
    src = """
        FROM alpine
        FOO bar
    """
    assert messages(src) == [(2, 1, "unknown instruction: FOO")]


def test_instruction_before_first_from() -> None:
    src = """
        RUN echo hi
        FROM alpine
    """
    assert problems(src, SELECT) == [(CODE, 1, 1)]
    assert "before the first FROM" in lint(src, SELECT)[0].message


def test_label_key_without_value_in_legacy_form() -> None:
    src = """
        FROM alpine
        LABEL onlykey
    """
    assert messages(src) == [(2, 1, "LABEL must have two arguments")]


def test_label_word_without_equals_in_key_value_form() -> None:
    src = """
        FROM alpine
        LABEL a=b c
    """
    assert messages(src) == [
        (2, 11, 'LABEL: syntax error - can\'t find = in "c". Must be of the form: name=value')
    ]


def test_invalid_escape_directive() -> None:
    src = """
        # escape=x
        FROM alpine
    """
    assert messages(src) == [(1, 1, "invalid escape token 'x' does not match ` or \\")]


def test_json_array_with_non_strings() -> None:
    src = """
        FROM alpine
        RUN ["echo", 1]
    """
    assert problems(src, SELECT) == [(CODE, 2, 5)]
    assert "arrays must be comprised of strings only" in lint(src, SELECT)[0].message


def test_unterminated_heredoc_spans_to_end_of_file() -> None:
    src = """
        FROM alpine
        RUN <<EOF
        echo hi
    """
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column, finding.location.end_line) == (2, 1, 3)
    assert finding.message == "unterminated heredoc `EOF`: no line `EOF` closes it"


def test_heredoc_body_is_not_read_as_instructions() -> None:
    src = """
        FROM alpine
        RUN <<EOF
        FOO this is not an instruction
        LABEL neither
        EOF
    """
    assert problems(src, SELECT) == []


def test_unterminated_variable_substitution() -> None:
    src = """
        FROM alpine
        LABEL com.example.a=${B
    """
    assert problems(src, SELECT) == [(CODE, 2, 21)]


def test_duplicate_stage_name() -> None:
    src = """
        FROM alpine AS a
        FROM alpine AS a
    """
    assert messages(src) == [(2, 16, 'duplicate stage name "a"')]


def test_unterminated_quote_on_continuation_line_points_at_that_line() -> None:
    src = """
        FROM scratch
        LABEL com.example.a=1 \\
              # a comment inside the instruction
              com.example.b="open
    """
    assert problems(src, SELECT) == [(CODE, 4, 21)]


def test_backtick_escape_directive_continuations_are_valid() -> None:
    src = """
        # escape=`
        FROM scratch
        LABEL com.example.path="C:\\Program Files" `
              com.example.b=2
    """
    assert problems(src, SELECT) == []


def test_backslash_continuation_is_an_error_under_backtick_escape() -> None:
    src = """
        # escape=`
        FROM scratch
        LABEL com.example.a=1 \\
              com.example.b="open
    """
    # With ` as escape, `\` is an ordinary character: line 3 ends the LABEL with a word `\`
    # that has no `=`, and line 4 is a separate, unknown instruction.
    assert messages(src) == [
        (3, 23, 'LABEL: syntax error - can\'t find = in "\\". Must be of the form: name=value'),
        (4, 7, 'unknown instruction: com.example.b="open'),
    ]


def test_columns_count_characters_not_bytes() -> None:
    src = """
        FROM scratch
        LABEL com.example.ü="unterminated
    """
    assert problems(src, SELECT) == [(CODE, 2, 21)]


def test_tab_counts_as_one_column() -> None:
    src = 'FROM scratch\nLABEL\tcom.example.a="open\n'
    assert problems(src, SELECT) == [(CODE, 2, 21)]


def test_other_rules_still_run_after_a_syntax_error() -> None:
    src = """
        FROM scratch AS 1st
        LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
              org.opencontainers.image.description="Acme app" \\
              org.opencontainers.image.licenses="MIT" \\
              org.opencontainers.image.url=ftp://example.com
    """
    assert problems(src) == [("OCL001", 1, 17), ("OCL106", 5, 36)]


def test_ignore_pragma_by_code() -> None:
    src = """
        FROM alpine
        # ocilint: ignore=OCL001
        FOO bar
        BAR baz
    """
    assert problems(src, SELECT) == [(CODE, 4, 1)]


def test_ignore_pragma_by_name() -> None:
    src = """
        FROM alpine
        # ocilint: ignore=dockerfile-syntax-error # known typo, fixed upstream
        FOO bar
    """
    assert problems(src, SELECT) == []


def test_global_ignore_pragma() -> None:
    src = """
        # ocilint: global ignore=OCL001
        FROM alpine
        FOO bar
        BAR baz
    """
    assert problems(src, SELECT) == []


def test_clean_multi_stage_dockerfile_passes_every_rule() -> None:
    digest = "sha256:" + "0123456789abcdef" * 4
    src = f"""
        # syntax=docker/dockerfile:1
        ARG GO_VERSION=1.22
        FROM golang:${{GO_VERSION}}@{digest} AS build
        WORKDIR /src
        RUN --mount=type=cache,target=/root/.cache/go-build \\
            --mount=type=bind,from=ghcr.io/acme/protos:1@{digest},target=/protos \\
            go build -o /app .
        RUN <<EOF
        FROM this is a heredoc body
        EOF

        FROM scratch AS final
        ARG BUILD_DATE=2024-05-01T10:00:00Z
        COPY --from=build /app /app
        LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
              # what GitHub shows on the package page
              org.opencontainers.image.description="Acme's app server" \\
              org.opencontainers.image.licenses="Apache-2.0 OR MIT" \\
              org.opencontainers.image.created=$BUILD_DATE \\
              com.example.team=platform
        ENTRYPOINT ["/app"]
    """
    assert problems(src) == []
