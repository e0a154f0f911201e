"""`ocilint check image-ref`: reference checks offline, and what happens without --offline."""

from __future__ import annotations

import json

import pytest

from ocilint.errors import UsageError
from ocilint.transports import Target, parse_target
from tests.conftest import run_ocilint

DIGEST = "sha256:" + "0123456789abcdef" * 4


def findings(*refs: str) -> tuple[int, list[tuple[str, str, str | None]]]:
    result = run_ocilint("check", "image-ref", "--offline", "--format", "json", *refs)
    document = json.loads(result.stdout)
    return result.code, [(f["path"], f["code"], f["fix"]) for f in document["findings"]]


def test_good_references_pass() -> None:
    code, found = findings(
        "ghcr.io/acme/app:1.0", f"ghcr.io/acme/app@{DIGEST}", "localhost:5000/app:1.2.3",
        "registry.example.com/team/app/api:v2", f"[::1]:5000/app:1@{DIGEST}",
    )  # fmt: skip
    assert (code, found) == (0, [])


def test_uppercase_repository_gets_the_lowercase_form() -> None:
    assert findings("ghcr.io/Acme/App:latest") == (
        1,
        [("ghcr.io/Acme/App:latest", "OCL201", "use `ghcr.io/acme/app:latest`")],
    )


def test_tag_missing_or_latest_on_the_image_to_push_is_info() -> None:
    # The reference names the image about to be pushed: GHCR's own guide pushes `:latest`.
    result = run_ocilint(
        "check", "image-ref", "--offline", "--format", "json",
        "ghcr.io/acme/app", "ghcr.io/acme/app:latest",
    )  # fmt: skip
    assert result.code == 0
    found = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["code"], f["severity"]) for f in found] == [
        ("ghcr.io/acme/app", "OCL202", "info"),
        ("ghcr.io/acme/app:latest", "OCL203", "info"),
    ]


def test_digest_format_and_unknown_algorithm() -> None:
    code, found = findings(
        "ghcr.io/acme/app@sha256:abc",
        "ghcr.io/acme/app@sha256:" + "A" * 64,
        "ghcr.io/acme/app:1@sha512:" + "a" * 64,
        "ghcr.io/acme/app:1@md5:" + "a" * 32,
    )
    assert code == 1
    assert [rule for _, rule, _ in found] == ["OCL201", "OCL201", "OCL201", "OCL206"]
    assert found[1][2] == "use `ghcr.io/acme/app@sha256:" + "a" * 64 + "`"


def test_unqualified_names_get_the_fully_qualified_form() -> None:
    code, found = findings("acme/app:1.0")
    assert (code, found) == (
        0,
        [("acme/app:1.0", "OCL207", "write the fully qualified `docker.io/acme/app:1.0`")],
    )


def test_invalid_reference_never_reaches_loading() -> None:
    result = run_ocilint("check", "image-ref", "bad ref")
    assert result.code == 1
    assert result.stderr == ""
    assert (
        "OCL201 error: invalid image reference `bad ref` (reference): invalid reference format"
        in result.stdout
    )


def test_pinning_is_not_asked_of_a_reference_to_push() -> None:
    assert findings("ghcr.io/acme/app:1.0") == (0, [])


def test_messages_and_exit_status_in_text() -> None:
    result = run_ocilint("check", "image-ref", "--offline", "ghcr.io/Acme/app:1")
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        "ghcr.io/Acme/app:1: OCL201 error: invalid image reference `ghcr.io/Acme/app:1` "
        "(reference): repository name must be lowercase (fix: use `ghcr.io/acme/app:1`)"
    )


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("ghcr.io/acme/app:1", Target("ghcr.io/acme/app:1", "auto", reference="ghcr.io/acme/app:1")),
        ("docker://alpine:3", Target("docker://alpine:3", "docker", reference="alpine:3")),
        ("docker-daemon:app:1", Target("docker-daemon:app:1", "docker-daemon", reference="app:1")),
        ("oci:/tmp/layout", Target("oci:/tmp/layout", "oci", path="/tmp/layout")),
        ("oci:/tmp/layout:v1", Target("oci:/tmp/layout:v1", "oci", path="/tmp/layout", tag="v1")),
        ("oci-archive:a.tar:v1", Target("oci-archive:a.tar:v1", "oci-archive", path="a.tar", tag="v1")),
        ("docker-archive:a.tar", Target("docker-archive:a.tar", "docker-archive", path="a.tar")),
        ("docker-archive:a.tar:app:1", Target("docker-archive:a.tar:app:1", "docker-archive", reference="app:1", path="a.tar")),
    ],
)  # fmt: skip
def test_transport_syntax(text: str, target: Target) -> None:
    assert parse_target(text) == target


def test_unsupported_transport_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="containers-storage: transport is not supported"):
        parse_target("containers-storage:app")
    result = run_ocilint("check", "image-ref", "dir:/tmp/x")
    assert result.code == 2
    assert result.stderr.startswith("ocilint: `dir:/tmp/x`: the dir: transport is not supported")


def test_unverifiable_digest_is_a_warning_and_never_loaded() -> None:
    # Port 9 refuses connections: reaching it would be exit 2, not a finding.
    reference = "127.0.0.1:9/acme/app:1@md5:" + "a" * 32
    result = run_ocilint("check", "image-ref", "--format", "json", reference)
    assert (result.code, result.stderr) == (1, "")
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["OCL206"]


def test_unparsable_reference_stays_offline_even_when_its_rule_is_ignored() -> None:
    result = run_ocilint("check", "image-ref", "--ignore", "OCL201", "127.0.0.1:9/Acme/app:1")
    assert (result.code, result.stderr) == (0, "")
