"""OCL110 unknown-oci-label-key: an `org.opencontainers.image.` key the image-spec does not define."""

import pytest

from tests.conftest import details as shared_details
from tests.conftest import lint, problems

CODE = "OCL110"
SELECT = [CODE]
OCI = "org.opencontainers.image."
PREDEFINED = (
    "created",
    "authors",
    "url",
    "documentation",
    "source",
    "version",
    "revision",
    "vendor",
    "licenses",
    "ref.name",
    "title",
    "description",
    "base.digest",
    "base.name",
)


def label(key: str, value: str = "x") -> str:
    return f"FROM scratch\nLABEL {key}={value}\n"


def details(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str, str | None]]:
    return shared_details(text, SELECT, **kwargs)


def test_docstring_example_licence() -> None:
    src = 'FROM scratch\nLABEL org.opencontainers.image.licence="MIT"\n'
    [finding] = lint(src, SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        2,
        7,
        2,
        45,
    )
    assert finding.message == (
        "`org.opencontainers.image.licence` is not a pre-defined OCI annotation key"
    )
    assert finding.fix == "did you mean `org.opencontainers.image.licenses`?"


def test_docstring_example_fixed_passes() -> None:
    assert problems('FROM scratch\nLABEL org.opencontainers.image.licenses="MIT"\n', SELECT) == []


@pytest.mark.parametrize("suffix", PREDEFINED)
def test_predefined_keys_pass(suffix: str) -> None:
    assert problems(label(OCI + suffix), SELECT) == []


@pytest.mark.parametrize(
    ("suffix", "meant"),
    [
        ("desc", "description"),
        ("license", "licenses"),
        ("licences", "licenses"),
        ("src", "source"),
        ("repository", "source"),
        ("docs", "documentation"),
        ("homepage", "url"),
        ("build-date", "created"),
        ("maintainer", "authors"),
        ("commit", "revision"),
        ("base.image", "base.name"),
        ("titel", "title"),
        ("Source", "source"),
        ("DESCRIPTION", "description"),
    ],
)
def test_did_you_mean(suffix: str, meant: str) -> None:
    assert details(label(OCI + suffix)) == [
        (
            2,
            7,
            f"`{OCI}{suffix}` is not a pre-defined OCI annotation key",
            f"did you mean `{OCI}{meant}`?",
        )
    ]


def test_no_suggestion_for_an_unrelated_key() -> None:
    assert details(label(OCI + "zzzzzz")) == [
        (2, 7, f"`{OCI}zzzzzz` is not a pre-defined OCI annotation key", None)
    ]


def test_conversion_key_is_explained() -> None:
    assert details(label(OCI + "architecture", "amd64")) == [
        (
            2,
            7,
            f"`{OCI}architecture` is not a pre-defined OCI annotation key; it is an annotation "
            "converters derive from the image config, not one to set by hand",
            None,
        )
    ]


@pytest.mark.parametrize(
    "key",
    [
        "org.opencontainers.artifact.created",
        "org.opencontainers.imagex.title",
        "org.label-schema.name",
        "com.example.image.licence",
        "licence",
    ],
)
def test_keys_outside_the_namespace_pass(key: str) -> None:
    assert problems(label(key), SELECT) == []


def test_each_unknown_key_of_a_label_is_reported() -> None:
    src = f"FROM scratch\nLABEL {OCI}licence=MIT {OCI}desc=x {OCI}title=ok\n"
    # `org.opencontainers.image.licence=MIT ` is 37 characters.
    assert problems(src, SELECT) == [(CODE, 2, 7), (CODE, 2, 44)]


def test_quoted_key_and_legacy_form() -> None:
    src = f"""
        FROM scratch
        LABEL "{OCI}licence"="MIT"
        LABEL {OCI}desc A long description
    """
    assert [(line, column, fix) for line, column, _message, fix in details(src)] == [
        (2, 7, f"did you mean `{OCI}licenses`?"),
        (3, 7, f"did you mean `{OCI}description`?"),
    ]


def test_key_from_a_variable_is_checked_after_substitution() -> None:
    src = """
        FROM scratch
        ARG NS=org.opencontainers.image
        LABEL ${NS}.licence=MIT $NS.licenses=MIT
    """
    assert details(src) == [
        (
            3,
            7,
            f"`{OCI}licence` is not a pre-defined OCI annotation key",
            f"did you mean `{OCI}licenses`?",
        )
    ]


def test_key_from_an_unknown_variable_is_not_checked() -> None:
    src = """
        FROM scratch
        ARG PART
        LABEL org.opencontainers.image.$PART=1
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"PART": "desc"}) == [(CODE, 3, 7)]


def test_unresolved_value_does_not_hide_a_bad_key() -> None:
    src = """
        FROM scratch
        ARG LIC
        LABEL org.opencontainers.image.licence=$LIC
    """
    assert problems(src, SELECT) == [(CODE, 3, 7)]


def test_unknown_oci_key_is_not_also_a_reverse_domain_problem() -> None:
    src = f"""
        FROM scratch
        LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
              org.opencontainers.image.description="Acme app" \\
              {OCI}licence=MIT
    """
    # The misspelt key leaves the image without `licenses`, which OCL101 reports at the FROM.
    assert problems(src) == [("OCL101", 1, 1), (CODE, 4, 7)]


def test_multiline_label_with_comments_and_backtick_escape() -> None:
    src = f"""
        # escape=`
        FROM scratch
        LABEL {OCI}title=app `
              # licensing

              {OCI}licence=MIT
    """
    assert problems(src, SELECT) == [(CODE, 6, 7)]


def test_tab_and_non_ascii_columns() -> None:
    src = f"FROM scratch\nLABEL\tcom.example.ä=ü\t{OCI}desc=x\n"
    assert problems(src, SELECT) == [(CODE, 2, 23)]


def test_inherited_label_names_its_stage() -> None:
    src = f"""
        FROM scratch AS base
        LABEL {OCI}licence=MIT
        FROM base AS mid
        FROM mid
    """
    assert details(src) == [
        (
            2,
            7,
            f"`{OCI}licence` is not a pre-defined OCI annotation key (inherited from stage `base`)",
            f"did you mean `{OCI}licenses`?",
        )
    ]


def test_stage_outside_the_target_chain_is_not_checked() -> None:
    src = f"""
        FROM scratch AS build
        LABEL {OCI}licence=MIT
        FROM scratch
        LABEL {OCI}desc=x
    """
    assert problems(src, SELECT) == [(CODE, 4, 7)]
    assert problems(src, SELECT, target="build") == [(CODE, 2, 7)]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = f"""
        FROM scratch
        # ocilint: ignore=OCL110
        LABEL {OCI}licence=MIT
        # ocilint: ignore=unknown-oci-label-key
        LABEL {OCI}desc=x
        LABEL {OCI}src=x
    """
    assert problems(src, SELECT) == [(CODE, 6, 7)]


def test_global_ignore_pragma() -> None:
    src = f"""
        # ocilint: global ignore=OCL110
        FROM scratch
        LABEL {OCI}licence=MIT
    """
    assert problems(src, SELECT) == []


def test_very_long_unknown_suffix() -> None:
    [(line, column, _message, fix)] = details(label(OCI + "x" * 10_000))
    assert (line, column, fix) == (2, 7, None)
