"""OCL101 missing-required-label: the built image lacks a required label."""

from tests.conftest import lint, problems

CODE = "OCL101"
SELECT = [CODE]
SOURCE = "org.opencontainers.image.source"
DESCRIPTION = "org.opencontainers.image.description"
LICENSES = "org.opencontainers.image.licenses"

ALL_LABELS = (
    'LABEL org.opencontainers.image.source="https://github.com/acme/app" \\\n'
    '      org.opencontainers.image.description="Acme\'s app server" \\\n'
    '      org.opencontainers.image.licenses="Apache-2.0"\n'
)


def missing(text: str, **kwargs: object) -> list[tuple[int | None, int | None, str]]:
    """(line, column, missing key) of each finding."""
    return [
        (f.location.line, f.location.column, f.message.split("`")[1])
        for f in lint(text, SELECT, **kwargs)  # type: ignore[arg-type]
    ]


def test_docstring_example_fixed_passes() -> None:
    src = """
        FROM python:3.12-slim
        LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
              org.opencontainers.image.description="Acme's app server" \\
              org.opencontainers.image.licenses="Apache-2.0"
    """
    assert problems(src, SELECT) == []


def test_docstring_example_reports_each_missing_label_at_the_from() -> None:
    src = """
        FROM python:3.12-slim
        LABEL org.opencontainers.image.source="https://github.com/acme/app"
    """
    findings = lint(src, SELECT)
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        (CODE, 1, 1),
        (CODE, 1, 1),
    ]
    assert [(f.message, f.fix) for f in findings] == [
        (
            f"missing required label `{DESCRIPTION}`",
            f'add `LABEL {DESCRIPTION}="<one line about the image>"`',
        ),
        (
            f"missing required label `{LICENSES}`",
            f'add `LABEL {LICENSES}="<SPDX expression, e.g. Apache-2.0>"`',
        ),
    ]


def test_scratch_image_without_labels() -> None:
    src = """
        FROM scratch
        COPY app /app
    """
    findings = lint(src, SELECT)
    assert [(f.location.line, f.location.column, f.message) for f in findings] == [
        (1, 1, f"missing required label `{DESCRIPTION}`"),
        (1, 1, f"missing required label `{LICENSES}`"),
        (1, 1, f"missing required label `{SOURCE}`"),
    ]
    assert findings[2].fix == f'add `LABEL {SOURCE}="https://github.com/OWNER/REPO"`'


def test_labels_inherited_from_an_earlier_stage_count() -> None:
    src = "FROM scratch AS base\n" + ALL_LABELS + "FROM base\nRUN true\n"
    assert problems(src, SELECT) == []


def test_labels_inherited_through_a_chain_of_stages_count() -> None:
    src = """
        FROM scratch AS base
        LABEL org.opencontainers.image.source=https://github.com/acme/app
        FROM BASE AS middle
        LABEL org.opencontainers.image.description="Acme app"
        FROM middle
        LABEL org.opencontainers.image.licenses=MIT
    """
    assert problems(src, SELECT) == []


def test_labels_of_a_stage_outside_the_chain_do_not_count() -> None:
    src = "FROM scratch AS build\n" + ALL_LABELS + "FROM scratch\nRUN true\n"
    assert missing(src) == [(5, 1, DESCRIPTION), (5, 1, LICENSES), (5, 1, SOURCE)]
    # The finding is placed on the target's FROM (line 5), which names the stage.


def test_target_selects_the_checked_stage() -> None:
    src = "FROM scratch AS build\nRUN true\nFROM scratch AS final\n" + ALL_LABELS
    assert problems(src, SELECT) == []
    assert missing(src, target="build") == [
        (1, 1, DESCRIPTION),
        (1, 1, LICENSES),
        (1, 1, SOURCE),
    ]


def test_target_stage_counts_its_own_chain_only() -> None:
    src = "FROM scratch AS build\n" + ALL_LABELS + "FROM scratch AS final\nRUN true\n"
    assert problems(src, SELECT, target="build") == []
    assert missing(src, target="final") == [(5, 1, DESCRIPTION), (5, 1, LICENSES), (5, 1, SOURCE)]


def test_message_stays_short_whatever_the_base_image() -> None:
    src = """
        FROM alpine:3.20 AS base
        LABEL org.opencontainers.image.source=https://github.com/acme/app \\
              org.opencontainers.image.licenses=MIT
        FROM base
    """
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (4, 1)
    assert finding.message == "missing required label `org.opencontainers.image.description`"


def test_labels_option_replaces_the_required_set() -> None:
    src = """
        FROM scratch
        LABEL org.opencontainers.image.source=https://github.com/acme/app
    """
    config = {"rules": {"missing-required-label": {"labels": [SOURCE, "com.example.team"]}}}
    findings = lint(src, SELECT, config=config)
    assert [(f.location.line, f.location.column, f.message, f.fix) for f in findings] == [
        (
            1,
            1,
            "missing required label `com.example.team`",
            'add `LABEL com.example.team="…"`',
        )
    ]


def test_empty_labels_option_requires_nothing() -> None:
    src = """
        FROM scratch
    """
    assert problems(src, SELECT, config={"rules": {"OCL101": {"labels": []}}}) == []


def test_label_with_unresolved_value_is_present() -> None:
    src = """
        FROM scratch
        ARG SRC
        ARG DESC
        ARG LIC
        LABEL org.opencontainers.image.source=$SRC \\
              org.opencontainers.image.description=$DESC \\
              org.opencontainers.image.licenses=$LIC
    """
    assert problems(src, SELECT) == []


def test_quoted_keys_and_legacy_form_count() -> None:
    src = """
        FROM scratch
        LABEL "org.opencontainers.image.source"="https://github.com/acme/app"
        LABEL org.opencontainers.image.description Acme app server
        LABEL 'org.opencontainers.image.licenses'='MIT'
    """
    assert problems(src, SELECT) == []


def test_key_from_a_variable_counts() -> None:
    src = """
        FROM scratch
        ARG NS=org.opencontainers.image
        LABEL $NS.source=https://github.com/acme/app ${NS}.description=App $NS.licenses=MIT
    """
    assert problems(src, SELECT) == []


def test_keys_are_case_sensitive() -> None:
    src = """
        FROM scratch
        LABEL org.opencontainers.image.Source=https://github.com/acme/app \\
              ORG.OPENCONTAINERS.IMAGE.DESCRIPTION=App \\
              org.opencontainers.image.licenses=MIT
    """
    assert missing(src) == [(1, 1, DESCRIPTION), (1, 1, SOURCE)]


def test_multiline_label_with_comments_and_backtick_escape() -> None:
    src = """
        # escape=`
        FROM scratch
        LABEL org.opencontainers.image.source="https://github.com/acme/app" `
              # the description
              org.opencontainers.image.description="C:\\app" `

              org.opencontainers.image.licenses=MIT
    """
    assert problems(src, SELECT) == []


def test_anchor_is_the_indented_from_of_the_target_stage() -> None:
    src = "FROM scratch AS build\n\t  FROM build\n"
    assert missing(src) == [(2, 4, DESCRIPTION), (2, 4, LICENSES), (2, 4, SOURCE)]


def test_ignore_pragma_above_the_from() -> None:
    src = """
        FROM scratch AS build
        # ocilint: ignore=OCL101
        FROM build
    """
    assert problems(src, SELECT) == []


def test_ignore_pragma_by_name_only_silences_this_rule() -> None:
    src = """
        # ocilint: ignore=missing-required-label
        FROM alpine
    """
    assert problems(src, ["OCL101", "OCL202"]) == [("OCL202", 2, 6)]


def test_global_ignore_pragma() -> None:
    src = """
        FROM scratch AS build
        # ocilint: global ignore=missing-required-label
        FROM build
    """
    assert problems(src, SELECT) == []
