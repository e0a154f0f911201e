"""OCL002 unresolved-value: a checked label or an image that depends on a variable without value."""

import pytest

from tests.conftest import lint, problems, run_ocilint

CODE = "OCL002"
SELECT = [CODE]
OCI = "org.opencontainers.image."
CHECKED_KEYS = (
    "source",
    "url",
    "documentation",
    "created",
    "licenses",
    "description",
    "base.name",
    "base.digest",
)


def test_docstring_example_arg_without_default() -> None:
    src = """
        FROM scratch
        ARG LICENSE
        LABEL org.opencontainers.image.licenses=$LICENSE
    """
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (3, 41)
    assert finding.message == (
        "cannot check `org.opencontainers.image.licenses`: its value depends on `LICENSE`, "
        "which has no value here"
    )
    assert finding.fix == "pass --build-arg LICENSE=… (or give the ARG a default) to check it"
    assert finding.severity.label == "info"


def test_build_arg_gives_the_value() -> None:
    src = """
        FROM scratch
        ARG LICENSE
        LABEL org.opencontainers.image.licenses=$LICENSE
    """
    assert problems(src, SELECT, build_args={"LICENSE": "MIT"}) == []


def test_arg_default_gives_the_value() -> None:
    src = """
        FROM scratch
        ARG LICENSE=Apache-2.0
        LABEL org.opencontainers.image.licenses=${LICENSE}
    """
    assert problems(src, SELECT) == []


@pytest.mark.parametrize("suffix", CHECKED_KEYS)
def test_every_checked_key_is_reported(suffix: str) -> None:
    src = f"""
        FROM scratch
        ARG V
        LABEL {OCI}{suffix}=$V
    """
    assert problems(src, SELECT) == [(CODE, 3, 7 + len(OCI) + len(suffix) + 1)]


def test_unchecked_keys_are_not_reported() -> None:
    src = """
        FROM scratch
        ARG V
        LABEL org.opencontainers.image.version=$V com.example.build=$V maintainer=$V
    """
    assert problems(src, SELECT) == []


def test_key_depending_on_unknown_variable() -> None:
    src = """
        FROM scratch
        ARG K
        LABEL com.example.$K=1
    """
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (3, 7)
    assert finding.message == (
        "cannot check label `com.example.$K`: its key depends on `K`, which has no value here"
    )
    assert finding.fix == "pass --build-arg K=… (or give the ARG a default) to check it"


def test_variable_may_come_from_external_base_image_environment() -> None:
    src = """
        FROM alpine:3.20
        LABEL org.opencontainers.image.source=$HOME_URL
    """
    assert problems(src, SELECT) == [(CODE, 2, 39)]
    assert "`HOME_URL`" in lint(src, SELECT)[0].message


def test_undeclared_variable_on_scratch_is_empty_not_unknown() -> None:
    src = """
        FROM scratch
        LABEL org.opencontainers.image.source=$HOME_URL
    """
    assert problems(src, SELECT) == []
    assert problems(src, ["OCL108"]) == [("OCL108", 2, 7)]


def test_several_variables_are_named_with_plural_verb() -> None:
    src = """
        FROM scratch
        ARG A
        ARG B
        LABEL org.opencontainers.image.description="${A} and ${B}"
    """
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (4, 45)
    assert finding.message == (
        "cannot check `org.opencontainers.image.description`: its value depends on `A`, `B`, "
        "which have no value here"
    )
    assert finding.fix == (
        "pass --build-arg A=… --build-arg B=… (or give the ARG a default) to check it"
    )


def test_one_known_variable_does_not_hide_an_unknown_one() -> None:
    src = """
        FROM scratch
        ARG HOST=github.com
        ARG REPO
        LABEL org.opencontainers.image.source=https://$HOST/$REPO
    """
    assert problems(src, SELECT) == [(CODE, 4, 39)]
    assert "`REPO`" in lint(src, SELECT)[0].message
    assert "`HOST`" not in lint(src, SELECT)[0].message


def test_global_arg_without_value_is_unknown_when_redeclared() -> None:
    src = """
        ARG SRC
        FROM scratch
        ARG SRC
        LABEL org.opencontainers.image.source=$SRC
    """
    assert problems(src, SELECT) == [(CODE, 4, 39)]


def test_global_arg_default_is_used_when_redeclared() -> None:
    src = """
        ARG SRC=https://github.com/acme/app
        FROM scratch
        ARG SRC
        LABEL org.opencontainers.image.source=$SRC
    """
    assert problems(src, SELECT) == []


def test_env_gives_the_value() -> None:
    src = """
        FROM scratch
        ARG SRC
        ENV SRC=https://github.com/acme/app
        LABEL org.opencontainers.image.source=$SRC
    """
    assert problems(src, SELECT) == []


def test_single_quotes_keep_the_variable_literal() -> None:
    src = """
        FROM scratch
        ARG SRC
        LABEL org.opencontainers.image.source='$SRC'
    """
    assert problems(src, SELECT) == []


def test_escaped_dollar_is_literal() -> None:
    src = """
        FROM scratch
        ARG SRC
        LABEL org.opencontainers.image.source="\\$SRC"
    """
    assert problems(src, SELECT) == []


def test_platform_argument_has_the_platforms_value() -> None:
    src = """
        FROM scratch
        ARG TARGETARCH
        LABEL org.opencontainers.image.description="Acme app for $TARGETARCH"
    """
    # BuildKit sets TARGETARCH from the target platform (the host's by default).
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"TARGETARCH": "arm64"}) == []


def test_unknown_values_are_not_checked_by_value_rules() -> None:
    src = """
        FROM scratch
        ARG SRC
        ARG DESC
        ARG LIC
        ARG DATE
        LABEL org.opencontainers.image.source=$SRC \\
              org.opencontainers.image.description=$DESC \\
              org.opencontainers.image.licenses=$LIC \\
              org.opencontainers.image.created=$DATE \\
              org.opencontainers.image.url=$SRC/issues
    """
    assert problems(src) == [
        (CODE, 6, 39),
        (CODE, 7, 44),
        (CODE, 8, 41),
        (CODE, 9, 40),
        (CODE, 10, 36),
    ]


def test_inherited_label_names_its_stage() -> None:
    src = """
        FROM scratch AS base
        ARG SRC
        LABEL org.opencontainers.image.source=$SRC
        FROM base
    """
    [finding] = lint(src, SELECT)
    assert (finding.location.line, finding.location.column) == (3, 39)
    assert "(inherited from stage `base`)" in finding.message


def test_label_outside_the_target_chain_is_not_reported() -> None:
    src = """
        FROM scratch AS build
        ARG SRC
        LABEL org.opencontainers.image.source=$SRC
        FROM scratch
        LABEL org.opencontainers.image.source=https://github.com/acme/app
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, target="build") == [(CODE, 3, 39)]


def test_from_image_depending_on_unknown_arg() -> None:
    src = """
        ARG IMAGE
        FROM $IMAGE
    """
    [finding] = lint(src, SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        2,
        6,
        2,
        12,
    )
    assert finding.message == (
        "cannot check image `$IMAGE` (FROM): it depends on `IMAGE`, which has no value here"
    )


def test_from_image_with_arg_default_is_not_reported() -> None:
    src = """
        ARG TAG=3.20
        FROM alpine:${TAG}
    """
    assert problems(src, SELECT) == []


def test_copy_from_and_mount_from_with_variables_are_build_errors_not_unknowns() -> None:
    src = """
        FROM scratch
        ARG TAG
        COPY --from=busybox:$TAG /bin /bin
        RUN --mount=type=bind,from=node:${TAG},target=/node true
    """
    assert problems(src, (SELECT[0], "OCL001")) == [("OCL001", 3, 6), ("OCL001", 4, 5)]
    assert [f.message for f in lint(src, (SELECT[0], "OCL001"))] == [
        "variable expansion is not supported for --from, define a new stage with FROM using "
        "ARG from global scope as a workaround",
        "'from' doesn't support variable expansion, define alias stage instead",
    ]


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = """
        ARG IMAGE
        # ocilint: ignore=OCL002
        FROM $IMAGE
        ARG A
        # ocilint: ignore=unresolved-value
        LABEL org.opencontainers.image.source=$A
        LABEL org.opencontainers.image.url=$A
    """
    assert problems(src, SELECT) == [(CODE, 7, 36)]


def test_global_ignore_pragma() -> None:
    src = """
        # ocilint: global ignore=unresolved-value
        ARG IMAGE
        FROM $IMAGE
        LABEL org.opencontainers.image.source=$A
    """
    assert problems(src, SELECT) == []


def test_build_args_from_configuration_file(tmp_path, write) -> None:  # type: ignore[no-untyped-def]
    write(
        "Dockerfile",
        """
        FROM scratch
        ARG LICENSE
        LABEL org.opencontainers.image.licenses=$LICENSE
        """,
    )
    write(".ocilint.toml", '[build-args]\nLICENSE = "MIT"\n')
    result = run_ocilint("check", "--select", "OCL002", "Dockerfile", cwd=tmp_path)
    assert (result.code, result.stderr) == (0, "")
    write(".ocilint.toml", "")
    result = run_ocilint(
        "check", "--select", "OCL002", "--fail-on", "info", "Dockerfile", cwd=tmp_path
    )
    assert result.code == 1
    assert "Dockerfile:3:41: OCL002 info: cannot check" in result.stdout
