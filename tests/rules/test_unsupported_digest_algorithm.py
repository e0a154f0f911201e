"""OCL206 unsupported-digest-algorithm: a well-formed digest Docker cannot verify."""

import pytest

from tests.conftest import lint, problems

CODE = "OCL206"
SELECT = [CODE]
IMAGE_RULES = ["OCL201", "OCL202", "OCL203", "OCL204", "OCL206"]
HEX32 = "0123456789abcdef" * 2
HEX64 = HEX32 * 2


def test_docstring_example() -> None:
    src = f"FROM alpine@md5:{HEX32}\n"
    [finding] = lint(src, SELECT)
    location = finding.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        1,
        6,
        1,
        6 + len(f"alpine@md5:{HEX32}"),
    )
    assert finding.message == (
        f"image `alpine@md5:{HEX32}` (FROM) uses the digest algorithm `md5`, which cannot be "
        "verified"
    )
    assert finding.fix == "pin it with a sha256 digest"


@pytest.mark.parametrize(
    "digest",
    [f"sha256:{HEX64}", f"sha384:{HEX64}{HEX32}", f"sha512:{HEX64 * 2}"],
)
def test_supported_algorithms_pass(digest: str) -> None:
    assert problems(f"FROM alpine@{digest}\n", SELECT) == []


@pytest.mark.parametrize("algorithm", ["md5", "blake3", "sha1", "sha256+b64"])
def test_unsupported_algorithms(algorithm: str) -> None:
    src = f"FROM alpine@{algorithm}:{HEX64}\n"
    assert problems(src, IMAGE_RULES) == [(CODE, 1, 6)]
    assert f"the digest algorithm `{algorithm}`" in lint(src, SELECT)[0].message


def test_with_a_tag() -> None:
    src = f"FROM alpine:3.20@blake3:{HEX64}\n"
    assert problems(src, IMAGE_RULES) == [(CODE, 1, 6)]
    assert "`blake3`" in lint(src, SELECT)[0].message


def test_digest_too_short_for_the_grammar_is_an_invalid_reference() -> None:
    # The hex part ends too early: the finding points just after it.
    assert problems("FROM alpine@md5:abc\n", IMAGE_RULES) == [("OCL201", 1, 20)]


def test_copy_from_and_mount_from_images() -> None:
    src = f"""
        FROM scratch
        COPY --from=busybox@md5:{HEX32} /bin/sh /bin/sh
        RUN --mount=type=bind,from=node@blake3:{HEX64},target=/n true
    """
    findings = lint(src, SELECT)
    assert [(f.location.line, f.location.column) for f in findings] == [(2, 13), (3, 28)]
    assert "(COPY --from)" in findings[0].message
    assert "(RUN --mount from)" in findings[1].message


def test_digest_from_arg_and_build_arg() -> None:
    src = f"""
        ARG DIGEST=sha256:{HEX64}
        FROM alpine@$DIGEST
    """
    assert problems(src, SELECT) == []
    assert problems(src, SELECT, build_args={"DIGEST": f"md5:{HEX32}"}) == [(CODE, 2, 6)]


def test_unresolved_digest_is_not_checked() -> None:
    src = """
        ARG DIGEST
        FROM alpine@$DIGEST
    """
    assert problems(src, SELECT) == []


def test_ignore_pragma_by_code_and_by_name() -> None:
    src = f"""
        # ocilint: ignore=OCL206
        FROM alpine@md5:{HEX32}
        # ocilint: ignore=unsupported-digest-algorithm
        FROM busybox@md5:{HEX32}
        FROM node@md5:{HEX32}
    """
    assert problems(src, SELECT) == [(CODE, 5, 6)]


def test_global_ignore_pragma() -> None:
    src = f"""
        # ocilint: global ignore=unsupported-digest-algorithm
        FROM alpine@md5:{HEX32}
    """
    assert problems(src, SELECT) == []
