"""`--format github`: GitHub Actions workflow commands, escaped as `@actions/core` does."""

from __future__ import annotations

from pathlib import Path

from ocilint.model import Severity
from ocilint.reporters.github import escape_data, escape_property, render
from ocilint.reporters.locations import ImageInput, dockerfile_anchors
from tests.conftest import run_ocilint
from tests.reporters.conftest import finding, make_report


def test_one_command_per_finding(repo: Path) -> None:
    result = run_ocilint("check", "--isolated", "--format", "github", "Dockerfile", cwd=repo)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "::warning file=Dockerfile,line=2,endLine=2,col=1,title=OCL101 missing-required-label"
        "::missing required label `org.opencontainers.image.description` (fix: add `LABEL "
        'org.opencontainers.image.description="<one line about the image>"`)',
        "::error file=Dockerfile,line=2,endLine=2,col=6,endColumn=7,"
        "title=OCL201 invalid-image-reference::invalid image reference `Alpine:latest` (FROM): "
        "repository name must be lowercase (fix: use `alpine:latest`)",
        "::error file=Dockerfile,line=3,endLine=3,col=42,endColumn=43,"
        "title=OCL103 invalid-license-expression::`org.opencontainers.image.licenses`: "
        "`Apache License 2.0` is not an SPDX license id (fix: use `Apache-2.0`)",
    ]


def test_paths_are_relative_to_the_repository_root(repo: Path) -> None:
    (repo / "app").mkdir()
    (repo / "app" / "api.Dockerfile").write_text("FROM alpine:3.20\n")
    args = ("check", "--isolated", "--format", "github", "--select", "OCL204", "api.Dockerfile")
    result = run_ocilint(*args, cwd=repo / "app")
    assert result.stdout.startswith("::warning file=app/api.Dockerfile,line=1,endLine=1,col=6,")


def test_severities_map_to_error_warning_notice() -> None:
    report = make_report(
        [
            finding("OCL201", "Dockerfile", 1, message="e"),
            finding("OCL204", "Dockerfile", 2, message="w"),
            finding("OCL207", "Dockerfile", 3, message="i", severity=Severity.INFO),
        ]
    )
    assert [line.split(" ")[0] for line in render(report).splitlines()] == [
        "::error",
        "::warning",
        "::notice",
    ]


def test_escaping_of_data_and_properties() -> None:
    assert escape_data("100% a:b,c\r\nd") == "100%25 a:b,c%0D%0Ad"
    assert escape_property("100% a:b,c\r\nd") == "100%25 a%3Ab%2Cc%0D%0Ad"
    report = make_report(
        [
            finding(
                "OCL201",
                "odd: dir, 100%/Dockerfile",
                4,
                2,
                5,
                3,
                message="50% of `a:b`,\nthen c",
                fix="write `x,y`",
            )
        ]
    )
    assert render(report) == (
        "::error file=odd%3A dir%2C 100%25/Dockerfile,line=4,endLine=5,col=2,endColumn=3,"
        "title=OCL201 invalid-image-reference::50%25 of `a:b`,%0Athen c (fix: write `x,y`)\n"
    )


def test_unknown_positions_are_left_out() -> None:
    report = make_report(
        [
            finding("OCL101", "image.json"),
            finding("OCL101", "Dockerfile", 3),
        ]
    )
    assert render(report).splitlines() == [
        "::warning file=image.json,title=OCL101 missing-required-label::something is wrong",
        "::warning file=Dockerfile,line=3,endLine=3,title=OCL101 missing-required-label"
        "::something is wrong",
    ]


def test_image_findings_without_and_with_a_dockerfile(tmp_path: Path) -> None:
    digest = "sha256:" + "ab" * 32
    image = ImageInput("ghcr.io/acme/app:1.0", digest)
    found = [finding("OCL106", image.text, message="bad URL", pointer="/config/Labels/k")]
    assert render(make_report(found, images=(image,))) == (
        f"::error title=OCL106 invalid-label-url::ghcr.io/acme/app:1.0@{digest}: bad URL\n"
    )
    anchors = dockerfile_anchors("build/Dockerfile", 'FROM scratch\nLABEL k="v"\n')
    report = make_report(found, images=(image,), dockerfile=anchors)
    assert render(report) == (
        "::error file=build/Dockerfile,line=2,endLine=2,col=7,endColumn=12,"
        f"title=OCL106 invalid-label-url::ghcr.io/acme/app:1.0@{digest}: bad URL\n"
    )


def test_inputs_that_could_not_be_checked(repo: Path) -> None:
    result = run_ocilint(
        "check", "--isolated", "--format", "github", "--select", "OCL204", "nope", cwd=repo
    )
    assert (result.code, result.stdout) == (
        2,
        "::error title=ocilint::nope: no such file or directory\n",
    )
