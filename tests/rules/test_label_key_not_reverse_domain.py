"""OCL109 label-key-not-reverse-domain: a label key without a reverse-domain namespace."""

import pytest

from tests.conftest import details as shared_details
from tests.conftest import lint, problems

CODE = "OCL109"
SELECT = [CODE]


def label(key: str) -> str:
    return f"FROM scratch\nLABEL {key}=1\n"


def details(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str, str | None]]:
    return shared_details(text, SELECT, **kwargs)


def test_docstring_example() -> None:
    src = """
        FROM scratch
        LABEL author="Jane <jane@example.com>" license="MIT"
    """
    findings = lint(src, SELECT)
    assert [
        (f.location.line, f.location.column, f.location.end_line, f.location.end_column)
        for f in findings
    ] == [(2, 7, 2, 39), (2, 40, 2, 53)]
    assert [(f.message, f.fix) for f in findings] == [
        (
            "label key `author` is not in reverse-domain notation",
            "use the pre-defined key `org.opencontainers.image.authors`",
        ),
        (
            "label key `license` is not in reverse-domain notation",
            "use the pre-defined key `org.opencontainers.image.licenses`",
        ),
    ]


def test_docstring_example_fixed_passes() -> None:
    src = """
        FROM scratch
        LABEL org.opencontainers.image.authors="Jane <jane@example.com>" \\
              org.opencontainers.image.licenses="MIT"
    """
    assert problems(src, SELECT) == []


@pytest.mark.parametrize(
    ("key", "replacement"),
    [
        ("Description", "org.opencontainers.image.description"),
        ("License", "org.opencontainers.image.licenses"),
        ("VCS-URL", "org.opencontainers.image.source"),
        ("build_date", "org.opencontainers.image.created"),
        ("title", "org.opencontainers.image.title"),
    ],
)
def test_legacy_keys_suggest_the_predefined_key(key: str, replacement: str) -> None:
    assert details(label(key)) == [
        (
            2,
            7,
            f"label key `{key}` is not in reverse-domain notation",
            f"use the pre-defined key `{replacement}`",
        )
    ]


def test_other_bare_key_suggests_a_namespace() -> None:
    assert details(label("team")) == [
        (
            2,
            7,
            "label key `team` is not in reverse-domain notation",
            "namespace it, e.g. `com.example.team`",
        )
    ]


@pytest.mark.parametrize(
    "key",
    [
        "com.example.my-key",
        "com.example.my_key",
        "com.example.myKey",
        "org.opencontainers.image.source",
        "io.k8s.display-name",
        "io.buildah.version",
        "com.docker.compose.project",
        "a.b",
        "1password.app",
    ],
)
def test_reverse_domain_keys_pass(key: str) -> None:
    assert problems(label(key), SELECT) == []


@pytest.mark.parametrize(
    "key",
    [
        "com..example",
        "com.example.-key",
        "com.example.key-",
        "com.example.my--key",
        "com.example.",
        ".com.example",
        "com.example.ü",
        "com-.example",
    ],
)
def test_malformed_namespaced_keys_fail(key: str) -> None:
    assert problems(label(key), SELECT) == [(CODE, 2, 7)]


def test_upper_case_first_part_suggests_the_lower_case_key() -> None:
    [(_line, _column, message, fix)] = details(label("Com.Example.key"))
    assert message == "label key `Com.Example.key` is not in reverse-domain notation"
    assert fix is not None
    assert "`com.example.key`" in fix
    assert "com.example.com." not in fix


def test_namespaced_key_is_not_namespaced_again() -> None:
    [(_line, _column, _message, fix)] = details(label("com.example.-key"))
    assert fix is not None
    assert "com.example.com.example" not in fix


def test_quoted_key_with_space() -> None:
    src = 'FROM scratch\nLABEL "com.example.with space"=1 com.example.ok=2\n'
    assert details(src)[0][:3] == (
        2,
        7,
        "label key `com.example.with space` is not in reverse-domain notation",
    )
    assert problems(src, SELECT) == [(CODE, 2, 7)]


def test_legacy_label_form() -> None:
    src = 'FROM scratch\nLABEL author "Jane <jane@example.com>"\n'
    assert problems(src, SELECT) == [(CODE, 2, 7)]


def test_key_from_a_variable_is_checked_after_substitution() -> None:
    src = """
        FROM scratch
        ARG NS=com.example
        ARG BARE=team
        LABEL $NS.team=a ${BARE}=b
    """
    assert details(src) == [
        (
            4,
            18,
            "label key `team` is not in reverse-domain notation",
            "namespace it, e.g. `com.example.team`",
        )
    ]


def test_key_from_an_unknown_variable_is_not_checked() -> None:
    src = """
        FROM scratch
        ARG KEY
        LABEL $KEY=1
    """
    assert problems(src, SELECT) == []
    assert problems(src, ["OCL002", CODE]) == [("OCL002", 3, 7)]
    assert problems(src, SELECT, build_args={"KEY": "team"}) == [(CODE, 3, 7)]


def test_unresolved_value_does_not_hide_a_bad_key() -> None:
    src = """
        FROM scratch
        ARG V
        LABEL Version=$V
    """
    assert problems(src, SELECT) == [(CODE, 3, 7)]


def test_multiline_label_with_comments_points_at_the_line_of_the_key() -> None:
    src = """
        FROM scratch
        LABEL com.example.a=1 \\
              # a comment

              author=me \\
              com.example.b=2
    """
    assert problems(src, SELECT) == [(CODE, 5, 7)]


def test_backtick_escape_directive() -> None:
    src = """
        # escape=`
        FROM scratch
        LABEL com.example.path=C:\\x `
              Version=1
    """
    assert problems(src, SELECT) == [(CODE, 4, 7)]


def test_tabs_and_non_ascii_columns() -> None:
    src = "FROM scratch\nLABEL\tcom.example.ä=ü\tteam=x\n"
    assert problems(src, SELECT) == [(CODE, 2, 7), (CODE, 2, 23)]


def test_inherited_label_names_its_stage() -> None:
    src = """
        FROM scratch AS base
        LABEL author=me
        FROM base
    """
    assert details(src) == [
        (
            2,
            7,
            "label key `author` is not in reverse-domain notation (inherited from stage `base`)",
            "use the pre-defined key `org.opencontainers.image.authors`",
        )
    ]


def test_stage_outside_the_target_chain_is_not_checked() -> None:
    src = """
        FROM scratch AS build
        LABEL author=me
        FROM scratch
        LABEL Version=1
    """
    assert problems(src, SELECT) == [(CODE, 4, 7)]
    assert problems(src, SELECT, target="build") == [(CODE, 2, 7)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = """
        FROM scratch
        # ocilint: ignore=OCL109
        LABEL author=me
        # ocilint: ignore=label-key-not-reverse-domain
        LABEL Version=1
        LABEL team=x
    """
    assert problems(src, SELECT) == [(CODE, 6, 7)]


def test_global_ignore_pragma() -> None:
    src = """
        # ocilint: global ignore=label-key-not-reverse-domain
        FROM scratch
        LABEL author=me
    """
    assert problems(src, SELECT) == []


def test_very_long_key() -> None:
    assert problems(label("com." + "a" * 50_000), SELECT) == []
    assert problems(label("a" * 50_000), SELECT) == [(CODE, 2, 7)]


def test_documented_conventional_keys_pass_unless_allow_is_emptied() -> None:
    src = """
        FROM scratch
        LABEL maintainer=me name=app version=1 release=2 summary=s description=d vendor=v \\
              url=https://example.com architecture=x86_64 build-date=2024 vcs-ref=abc \\
              vcs-type=git vcs-url=https://example.com/git run="podman run IMAGE"
    """
    assert problems(src, SELECT) == []
    strict = {"rules": {"label-key-not-reverse-domain": {"allow": []}}}
    assert len(problems(src, SELECT, config=strict)) == 14
