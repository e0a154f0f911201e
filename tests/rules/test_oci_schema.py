"""OCL401 oci-schema: every schema violation of every document of an image, by JSON pointer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ocilint_rules.oci_schema as oci_schema

from ocilint.model import Document, DocumentKind, ImageSubject, Location, Metadata
from ocilint.rule import Rule

DATA = Path(__file__).resolve().parent.parent / "data" / "schemas" / "cases"


def _case(folder: str, name: str) -> Any:
    return json.loads((DATA / folder / f"{name}.json").read_text(encoding="utf-8"))


def _subject(*documents: Document) -> ImageSubject:
    anchor = Location("oci:layout")
    return ImageSubject("oci:layout", documents, (Metadata("annotations", (), anchor),))


def findings(subject: ImageSubject) -> list[tuple[str, str, str | None, int | None, str]]:
    """(code, path, pointer, line, message) of each finding."""
    return [
        (f.code, f.location.path, f.location.pointer, f.location.line, f.message)
        for f in oci_schema.check(subject, {})
    ]


def test_rule_metadata_and_documentation() -> None:
    rule = Rule.from_module(oci_schema)
    assert (rule.code, rule.name, rule.applies_to) == ("OCL401", "oci-schema", {"image"})
    assert rule.severity.label == "error"
    assert rule.missing_sections() == []
    assert {"What it does", "Why is this bad?", "Example", "References"} <= set(rule.sections)
    assert "Use instead:" in rule.sections["Example"]


def test_valid_documents_pass() -> None:
    subject = _subject(
        Document(DocumentKind.OCI_INDEX, _case("valid", "oci-index-image"), "index.json"),
        Document(DocumentKind.OCI_MANIFEST, _case("valid", "oci-manifest-image"), "m.json"),
        Document(DocumentKind.OCI_CONFIG, _case("valid", "oci-config-full"), "c.json"),
        Document(DocumentKind.DOCKER_MANIFEST_LIST, _case("valid", "docker-manifest-list"), "l"),
        Document(DocumentKind.DOCKER_MANIFEST, _case("valid", "docker-manifest"), "d"),
        Document(DocumentKind.DOCKER_CONFIG, _case("valid", "docker-config"), "dc"),
    )
    assert findings(subject) == []


def test_inspect_output_is_not_schema_checked() -> None:
    subject = _subject(Document(DocumentKind.INSPECT, [{"Config": {}}], "inspect.json"))
    assert findings(subject) == []


def test_each_problem_of_each_document_is_a_finding_at_its_pointer() -> None:
    manifest = _case("invalid", "oci-manifest-digest-case-and-length")
    config = _case("invalid", "oci-config-env-without-equals")
    subject = _subject(
        Document(DocumentKind.OCI_MANIFEST, manifest, "oci:layout@sha256:aaa"),
        Document(DocumentKind.OCI_CONFIG, config, "oci:layout@sha256:bbb"),
    )
    assert findings(subject) == [
        (
            "OCL401",
            "oci:layout@sha256:aaa",
            "/config/digest",
            None,
            "`/config/digest`: `sha256:A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1…` is not a valid "
            "digest: sha256 needs 64 lower-case hex characters (got upper-case or non-hex ones)",
        ),
        (
            "OCL401",
            "oci:layout@sha256:aaa",
            "/layers/0/digest",
            None,
            "`/layers/0/digest`: `sha512:d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4…` is not a valid "
            "digest: sha512 needs 128 lower-case hex characters (got 64)",
        ),
        (
            "OCL401",
            "oci:layout@sha256:bbb",
            "/config/Env/1",
            None,
            "`/config/Env/1`: `DEBUG` is not an environment entry: expected `NAME=value`",
        ),
        (
            "OCL401",
            "oci:layout@sha256:bbb",
            "/config/Env/2",
            None,
            "`/config/Env/2`: `=x` is not an environment entry: the name before `=` is empty; "
            "expected `NAME=value`",
        ),
    ]


def test_findings_carry_the_line_of_the_value_in_a_file() -> None:
    data = _case("invalid", "docker-manifest-list-oci-entry")
    lines = {"/manifests/0/mediaType": (6, 20), "": (1, 1)}
    document = Document(DocumentKind.DOCKER_MANIFEST_LIST, data, "list.json", lines=lines)
    [finding] = oci_schema.check(_subject(document), {})
    assert (finding.location.path, finding.location.line, finding.location.column) == (
        "list.json",
        6,
        20,
    )
    assert finding.location.pointer == "/manifests/0/mediaType"
    assert finding.message == (
        "`/manifests/0/mediaType`: `application/vnd.oci.image.manifest.v1+json` is an OCI media "
        "type in a Docker manifest list; use `application/vnd.docker.distribution.manifest.v2"
        "+json` (mixing OCI and Docker media types is not portable)"
    )


def test_missing_property_is_reported_at_the_document() -> None:
    data = _case("invalid", "oci-manifest-empty-config-without-artifact-type")
    document = Document(DocumentKind.OCI_MANIFEST, data, "artifact.json", lines={"": (1, 1)})
    assert findings(_subject(document)) == [
        (
            "OCL401",
            "artifact.json",
            "",
            1,
            "required property `artifactType` is missing: a manifest whose config is the empty "
            "descriptor (`application/vnd.oci.empty.v1+json`) is an artifact and must say its "
            "type",
        )
    ]
