"""`--platform` values as buildx and containerd read them, and findings merged across platforms."""

from __future__ import annotations

import pytest

from ocilint.model import Finding, Location
from ocilint.platforms import (
    PlatformError,
    automatic_args,
    merge_findings,
    parse_platform,
    parse_platforms,
)


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("linux/amd64", "linux/amd64"),
        ("Linux/x86_64", "linux/amd64"),
        ("linux/amd64/v1", "linux/amd64"),
        ("linux/amd64/v3", "linux/amd64/v3"),
        ("linux/arm64/v8", "linux/arm64"),
        ("linux/aarch64", "linux/arm64"),
        ("linux/arm", "linux/arm/v7"),
        ("linux/arm/7", "linux/arm/v7"),
        ("linux/armhf", "linux/arm/v7"),
        ("linux/armel", "linux/arm/v6"),
        ("linux/i386", "linux/386"),
        ("arm64", "linux/arm64"),
        ("windows/amd64", "windows/amd64"),
    ],
)
def test_platforms_are_normalised_as_containerd_does(written: str, normalised: str) -> None:
    assert str(parse_platform(written)) == normalised


def test_comma_lists_repeat_and_duplicates_count_once() -> None:
    found = parse_platforms(["linux/amd64,linux/arm64/v8", "linux/arm64", " linux/arm/v7 "])
    assert [str(p) for p in found] == ["linux/amd64", "linux/arm64", "linux/arm/v7"]


@pytest.mark.parametrize("written", ["linux/amd64/v2/x", "linux//amd64", "plan10", "a b/c"])
def test_invalid_platforms_are_refused(written: str) -> None:
    with pytest.raises(PlatformError):
        parse_platform(written)


def test_automatic_args_for_a_variant_platform() -> None:
    args = automatic_args(parse_platform("linux/arm/v6"), parse_platform("linux/amd64"))
    assert args == {
        "TARGETPLATFORM": "linux/arm/v6",
        "TARGETOS": "linux",
        "TARGETARCH": "arm",
        "TARGETVARIANT": "v6",
        "BUILDPLATFORM": "linux/amd64",
        "BUILDOS": "linux",
        "BUILDARCH": "amd64",
        "BUILDVARIANT": "",
    }


def _finding(line: int, message: str) -> Finding:
    return Finding("OCL101", Location("Dockerfile", line, 1), message)


def test_merged_findings_name_only_the_platforms_that_have_them() -> None:
    shared, amd, arm = _finding(1, "shared"), _finding(2, "amd only"), _finding(3, "arm only")
    merged = merge_findings(
        [(("linux/amd64", "linux/386"), [shared, amd]), (("linux/arm64",), [arm, shared])]
    )
    assert [f.message for f in merged] == [
        "shared",
        "amd only (when building for linux/amd64, linux/386)",
        "arm only (when building for linux/arm64)",
    ]


def test_one_build_is_reported_as_is() -> None:
    finding = _finding(1, "only")
    assert merge_findings([(("linux/amd64",), [finding, finding])]) == [finding, finding]
