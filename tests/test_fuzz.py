"""Whatever a Dockerfile contains, ocilint reports findings or one input error: never a crash."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocilint.errors import InputError
from tests.conftest import lint

FRAGMENTS = [
    "FROM ", "ARG ", "LABEL ", "ENV ", "COPY ", "RUN ", "ONBUILD ", "# escape=`", "# syntax=x",
    "--from=", "--mount=type=bind,from=", "--platform=", " AS ", "scratch", "alpine:3",
    "ghcr.io/Acme/app", "@sha256:", "a" * 64, "$", "${", "}", "${A:-", "${A%%", "${A/x/y}",
    '"', "'", "\\", "`", "\n", "\\\n", "<<EOF\n", "EOF\n", "<<-'X'\n", "X\n", "=", " ", "\t",
    "org.opencontainers.image.licenses=", "org.opencontainers.image.description=",
    "org.opencontainers.image.source=", "org.opencontainers.image.created=", "MIT OR (",
    "\x00", "\ufeff", "é", "\r\n", "[", "]", '["a", 1]', "0", "1",
]  # fmt: skip


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=60),
    st.dictionaries(st.sampled_from(["A", "B"]), st.text(max_size=5), max_size=2),
)
def test_dockerfile_shaped_noise(parts: list[str], build_args: dict[str, str]) -> None:
    text = "FROM alpine:3 AS base\n" + "".join(parts)
    try:
        findings = lint(text, build_args=build_args)
    except InputError:
        return
    for finding in findings:
        assert finding.message and "\n" not in finding.message
        assert finding.location.line is None or finding.location.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    with contextlib.suppress(InputError):
        lint(text)
