"""ocilint.validation: ocilint's own schemas, the reference validator's extra checks, and a
cross-check against the image-spec's official schemas (read from ../shared, never copied).

Data, under tests/data/schemas/ (see PROVENANCE.md there):
- examples/: every example document of the image-spec Markdown files, and the Docker ones;
- go-fixtures/: the table cases of the image-spec's schema/*_test.go, with expected results;
- cases/valid, cases/invalid: ocilint's own documents of every kind.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ocilint.model import DocumentKind
from ocilint.validation import (
    SCHEMA_DIR,
    SchemaProblem,
    base64_problem,
    date_time_problem,
    digest_problem,
    env_problem,
    media_type_problem,
    uri_problem,
    validate,
    validate_descriptor,
)
from tests.conftest import SHARED, python_output

DATA = Path(__file__).resolve().parent / "data" / "schemas"
OFFICIAL = SHARED / "schemas" / "oci-image-spec"
DESCRIPTOR = "application/vnd.oci.descriptor.v1+json"

KIND_BY_MEDIA_TYPE = {
    "application/vnd.oci.image.manifest.v1+json": DocumentKind.OCI_MANIFEST,
    "application/vnd.oci.image.index.v1+json": DocumentKind.OCI_INDEX,
    "application/vnd.oci.image.config.v1+json": DocumentKind.OCI_CONFIG,
    "application/vnd.docker.distribution.manifest.v2+json": DocumentKind.DOCKER_MANIFEST,
    "application/vnd.docker.distribution.manifest.list.v2+json": DocumentKind.DOCKER_MANIFEST_LIST,
    "application/vnd.docker.container.image.v1+json": DocumentKind.DOCKER_CONFIG,
}
KIND_BY_PREFIX = {  # file-name prefixes of cases/, longest first
    "docker-manifest-list": DocumentKind.DOCKER_MANIFEST_LIST,
    "docker-manifest": DocumentKind.DOCKER_MANIFEST,
    "docker-config": DocumentKind.DOCKER_CONFIG,
    "oci-manifest": DocumentKind.OCI_MANIFEST,
    "oci-index": DocumentKind.OCI_INDEX,
    "oci-config": DocumentKind.OCI_CONFIG,
    "descriptor": None,
}


def check(kind: DocumentKind | None, data: Any) -> list[SchemaProblem]:
    """Our validation; kind None is a standalone OCI content descriptor."""
    return validate_descriptor(data) if kind is None else validate(kind, data)


def pointers(problems: list[SchemaProblem]) -> list[str]:
    return [problem.pointer for problem in problems]


# --------------------------------------------------------------------------- the data


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


NOT_JSON = object()


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return NOT_JSON


def _examples() -> Iterator[Any]:
    for entry in _json(DATA / "examples" / "examples.json"):
        yield pytest.param(entry, id=entry["file"])


def _go_cases() -> Iterator[Any]:
    for path in sorted((DATA / "go-fixtures").glob("*_test.json")):
        fixture = _json(path)
        if path.name == "backwards_compatibility_test.json":
            continue  # Docker documents, tested on their own below
        for number, case in enumerate(fixture["cases"]):
            yield pytest.param(
                fixture["validator"], case, id=f"{path.stem}-{number}-{case['name'][:40]}"
            )


def _kind_of_case(name: str) -> DocumentKind | None:
    return next(kind for prefix, kind in KIND_BY_PREFIX.items() if name.startswith(prefix))


def _own_cases(folder: str) -> Iterator[Any]:
    for path in sorted((DATA / "cases" / folder).glob("*.json")):
        yield pytest.param(path, id=path.stem)


# --------------------------------------------------------------------------- the official schemas

#: The URIs under which upstream's Go validator registers each file (PROVENANCE.md in shared/),
#: plus the one a nested `id` in content-descriptor.json resolves `defs-descriptor.json` against.
OFFICIAL_URIS = {
    "config-schema.json": ["https://opencontainers.org/schema/image/config"],
    "content-descriptor.json": [
        "https://opencontainers.org/schema/descriptor",
        "https://opencontainers.org/schema/image/content-descriptor.json",
    ],
    "defs-descriptor.json": [
        "https://opencontainers.org/schema/image/descriptor/mediaType",
        "https://opencontainers.org/schema/defs-descriptor.json",
        "https://opencontainers.org/schema/image/defs-descriptor.json",
        "https://opencontainers.org/schema/descriptor/defs-descriptor.json",
    ],
    "defs.json": [
        "https://opencontainers.org/schema/defs.json",
        "https://opencontainers.org/schema/image/defs.json",
        "https://opencontainers.org/schema/image/descriptor/defs.json",
    ],
    "image-index-schema.json": ["https://opencontainers.org/schema/image/index"],
    "image-manifest-schema.json": ["https://opencontainers.org/schema/image/manifest"],
}
OFFICIAL_FILE = {
    DocumentKind.OCI_MANIFEST: "image-manifest-schema.json",
    DocumentKind.OCI_INDEX: "image-index-schema.json",
    DocumentKind.OCI_CONFIG: "config-schema.json",
    None: "content-descriptor.json",
}


@functools.cache
def _official_validators() -> dict[DocumentKind | None, Any]:
    from jsonschema import Draft4Validator  # type: ignore[import-untyped]
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    pairs = []
    for name, uris in OFFICIAL_URIS.items():
        resource = Resource(contents=_json(OFFICIAL / name), specification=DRAFT4)
        pairs += [(uri, resource) for uri in uris]
    registry: Any = Registry().with_resources(pairs)
    return {
        kind: Draft4Validator(_json(OFFICIAL / name), registry=registry)
        for kind, name in OFFICIAL_FILE.items()
    }


def official_errors(kind: DocumentKind | None, data: Any) -> list[str]:
    """Validation with the official schemas, as python-jsonschema does it (formats unasserted)."""
    return [error.message for error in _official_validators()[kind].iter_errors(data)]


needs_official = pytest.mark.skipif(
    not OFFICIAL.is_dir(), reason=f"official schemas not found at {OFFICIAL}"
)


# --------------------------------------------------------------------------- spec examples


@pytest.mark.parametrize("entry", list(_examples()))
def test_spec_example_is_valid(entry: dict[str, str]) -> None:
    if entry["mediaType"] == "application/vnd.oci.layout.header.v1+json":
        pytest.skip("the oci-layout file is not a document ocilint validates")
    data = _json(DATA / "examples" / entry["file"])
    kind = None if entry["mediaType"] == DESCRIPTOR else KIND_BY_MEDIA_TYPE[entry["mediaType"]]
    assert check(kind, data) == []


# --------------------------------------------------------------------------- Go fixtures


@pytest.mark.parametrize(("validator", "case"), list(_go_cases()))
def test_image_spec_go_fixture(validator: str, case: dict[str, Any]) -> None:
    """Each of the image-spec's own schema test cases gets the result upstream expects."""
    try:
        data = json.loads(case["document"])
    except json.JSONDecodeError:
        assert case["fail"]  # 'invalid JSON', and an upstream case with a stray `"config": {`
        return
    kind = None if validator == DESCRIPTOR else KIND_BY_MEDIA_TYPE[validator]
    problems = check(kind, data)
    assert bool(problems) == case["fail"], problems


COMPAT = {  # backwards_compatibility_test.go's compatMap
    "application/vnd.docker.distribution.manifest.list.v2+json": (
        "application/vnd.oci.image.index.v1+json"
    ),
    "application/vnd.docker.distribution.manifest.v2+json": (
        "application/vnd.oci.image.manifest.v1+json"
    ),
    "application/vnd.docker.image.rootfs.diff.tar.gzip": (
        "application/vnd.oci.image.layer.v1.tar+gzip"
    ),
    "application/vnd.docker.container.image.v1+json": "application/vnd.oci.image.config.v1+json",
}
COMPAT_KINDS = {
    "index": (DocumentKind.DOCKER_MANIFEST_LIST, DocumentKind.OCI_INDEX),
    "manifest": (DocumentKind.DOCKER_MANIFEST, DocumentKind.OCI_MANIFEST),
    "config": (DocumentKind.DOCKER_CONFIG, DocumentKind.OCI_CONFIG),
}


def _compat_cases() -> Iterator[Any]:
    for case in _json(DATA / "go-fixtures" / "backwards_compatibility_test.json")["cases"]:
        yield pytest.param(case, id=case["name"])


def _to_oci(text: str) -> str:
    for docker, oci in COMPAT.items():
        text = text.replace(docker, oci)
    return text


@pytest.mark.parametrize("case", list(_compat_cases()))
def test_docker_hub_documents_are_valid_as_docker_and_as_oci(case: dict[str, Any]) -> None:
    docker_kind, oci_kind = COMPAT_KINDS[case["kind"]]
    assert not case["fail"]
    assert validate(docker_kind, json.loads(case["document"])) == []
    converted = json.loads(_to_oci(case["document"]))
    assert validate(oci_kind, converted) == []
    if OFFICIAL.is_dir():
        assert official_errors(oci_kind, converted) == []


# --------------------------------------------------------------------------- own cases

#: Every invalid case and the pointers of all its problems, in report order.
EXPECTED = {
    "descriptor-size-mismatch": ["/data"],
    "docker-config-env-without-equals": ["/config/Env/0"],
    "docker-config-without-rootfs": [""],
    "docker-manifest-list-oci-entry": ["/manifests/0/mediaType"],
    "docker-manifest-list-without-platform": ["/manifests/2"],
    "docker-manifest-oci-layer": ["/layers/0/mediaType"],
    "docker-manifest-without-media-type": [""],
    "oci-config-created-not-rfc3339": ["/created", "/history/0/created"],
    "oci-config-diff-id-not-digest": ["/rootfs/diff_ids/0"],
    "oci-config-env-null": ["/config/Env"],
    "oci-config-env-without-equals": ["/config/Env/1", "/config/Env/2"],
    "oci-config-exposed-port-not-object": ["/config/ExposedPorts/80~1tcp"],
    "oci-config-rootfs-type": ["/rootfs/type"],
    "oci-config-without-os": [""],
    "oci-index-docker-entry": ["/manifests/1/mediaType"],
    "oci-index-layer-entry": ["/manifests/0/mediaType"],
    "oci-index-negative-size": ["/manifests/0/size"],
    "oci-index-platform-not-strings": [
        "/manifests/1/platform/architecture",
        "/manifests/1/platform/variant",
    ],
    "oci-index-platform-without-os": ["/manifests/0/platform"],
    "oci-index-without-manifests": [""],
    "oci-index-wrong-own-media-type": ["/mediaType"],
    "oci-manifest-annotation-not-string": ["/annotations/com.example~1key~01"],
    "oci-manifest-bad-media-type": ["/layers/0/mediaType"],
    "oci-manifest-data-mismatch": ["/config/data", "/config/data"],
    "oci-manifest-data-not-base64": ["/config/data"],
    "oci-manifest-digest-case-and-length": ["/config/digest", "/layers/0/digest"],
    "oci-manifest-docker-config": ["/config/mediaType"],
    "oci-manifest-docker-layer": ["/layers/0/mediaType"],
    "oci-manifest-empty-config-without-artifact-type": [""],
    "oci-manifest-index-as-layer": ["/layers/1/mediaType"],
    "oci-manifest-layer-as-config": ["/config/mediaType"],
    "oci-manifest-negative-size": ["/layers/0/size"],
    "oci-manifest-relative-url": ["/layers/0/urls/0"],
    "oci-manifest-schema-version": ["/schemaVersion"],
    "oci-manifest-without-config": [""],
    "oci-manifest-wrong-own-media-type": ["/mediaType"],
}


@pytest.mark.parametrize("path", list(_own_cases("valid")))
def test_valid_case(path: Path) -> None:
    assert check(_kind_of_case(path.stem), _json(path)) == []


@pytest.mark.parametrize("path", list(_own_cases("invalid")))
def test_invalid_case(path: Path) -> None:
    assert pointers(check(_kind_of_case(path.stem), _json(path))) == EXPECTED[path.stem]


def test_every_invalid_case_has_expectations() -> None:
    assert sorted(path.stem for path in (DATA / "cases" / "invalid").glob("*.json")) == sorted(
        EXPECTED
    )


# --------------------------------------------------------------------------- cross-check

#: Where the official schemas (run by python-jsonschema) accept what the spec or upstream's Go
#: validator rejects, and so do we. Keys: `go:<file>:<case number>` or `case:<file stem>`.
OFFICIAL_IS_LOOSER = {
    "go:descriptor_test:15": "upper-case hex digest: the schema's encoded pattern allows A-Z; "
    "go-digest requires lower-case hex for sha256",
    "go:descriptor_test:17": "`urls` format `uri` is not asserted by python-jsonschema (the Go "
    "validator asserts formats)",
    "go:descriptor_test:29": "`data` without padding: base64 is not a draft-04 keyword; Go's "
    "[]byte decoding rejects it",
    "go:config_test:9": "Env entry without `=`: only the Go validator's Env check rejects it",
    "case:oci-manifest-digest-case-and-length": "digest case and length are go-digest rules",
    "case:oci-config-diff-id-not-digest": "the schema types diff_ids as plain strings; config.md "
    "says they are DiffIDs in descriptor digest format",
    "case:oci-config-env-without-equals": "Env entries are checked by the Go validator only",
    "case:oci-config-created-not-rfc3339": "format `date-time` is not asserted by python-jsonschema",
    "case:oci-manifest-relative-url": "format `uri` is not asserted by python-jsonschema",
    "case:oci-manifest-data-not-base64": "base64 is not a draft-04 keyword",
    "case:oci-manifest-data-mismatch": "`data` against `size`/`digest` needs two fields; "
    "descriptor.md: the decoded data MUST be identical to the referenced content",
    "case:descriptor-size-mismatch": "as above, for a standalone descriptor",
    "case:oci-manifest-bad-media-type": "the schema's pattern ends in `$`, which Python's re "
    "lets match before a trailing newline",
    "case:oci-index-negative-size": "index manifests[].size refers to defs.json int64, which "
    "allows negative numbers; descriptor sizes cannot be negative",
    "case:oci-manifest-wrong-own-media-type": "the schemas check only the media type pattern; "
    "manifest.md: when used, mediaType MUST be the manifest type",
    "case:oci-index-wrong-own-media-type": "as above, for the index (image-index.md)",
    "case:oci-manifest-empty-config-without-artifact-type": "manifest.md: artifactType MUST be "
    "set when config.mediaType is the empty type; no schema rule",
    "case:oci-manifest-docker-config": "media type placement is not in the schemas",
    "case:oci-manifest-docker-layer": "media type placement is not in the schemas",
    "case:oci-manifest-index-as-layer": "media type placement is not in the schemas",
    "case:oci-manifest-layer-as-config": "media type placement is not in the schemas",
    "case:oci-index-docker-entry": "media type placement is not in the schemas",
    "case:oci-index-layer-entry": "media type placement is not in the schemas",
}

OCI_KINDS = (DocumentKind.OCI_MANIFEST, DocumentKind.OCI_INDEX, DocumentKind.OCI_CONFIG, None)


def _cross_check_items() -> Iterator[Any]:
    for entry in _json(DATA / "examples" / "examples.json"):
        media_type = entry["mediaType"]
        kind = None if media_type == DESCRIPTOR else KIND_BY_MEDIA_TYPE.get(media_type, "skip")
        if kind in OCI_KINDS:
            data = _json(DATA / "examples" / entry["file"])
            yield pytest.param(f"example:{entry['file']}", kind, data, id=entry["file"])
    for path in sorted((DATA / "go-fixtures").glob("*_test.json")):
        fixture = _json(path)
        kind = (
            None
            if fixture["validator"] == DESCRIPTOR
            else KIND_BY_MEDIA_TYPE.get(fixture["validator"], "skip")
        )
        for number, case in enumerate(fixture["cases"]):
            data = _parse(case["document"])
            if kind in OCI_KINDS and data is not NOT_JSON:
                key = f"go:{path.stem}:{number}"
                yield pytest.param(key, kind, data, id=key)
    for folder in ("valid", "invalid"):
        for path in sorted((DATA / "cases" / folder).glob("*.json")):
            kind = _kind_of_case(path.stem)
            if kind in OCI_KINDS:
                yield pytest.param(f"case:{path.stem}", kind, _json(path), id=path.stem)


@needs_official
@pytest.mark.parametrize(("key", "kind", "data"), list(_cross_check_items()))
def test_agrees_with_official_schemas(key: str, kind: DocumentKind | None, data: Any) -> None:
    ours_valid = check(kind, data) == []
    official_valid = official_errors(kind, data) == []
    if key in OFFICIAL_IS_LOOSER:
        assert official_valid and not ours_valid, OFFICIAL_IS_LOOSER[key]
    else:
        assert ours_valid == official_valid


def test_every_listed_exception_exists() -> None:
    keys = {param.values[0] for param in _cross_check_items()}
    assert set(OFFICIAL_IS_LOOSER) <= keys


# --------------------------------------------------------------------------- messages and pointers


MANIFEST = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {
        "mediaType": "application/vnd.oci.image.config.v1+json",
        "digest": "sha256:" + "a" * 64,
        "size": 7023,
    },
    "layers": [
        {
            "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
            "digest": "sha256:" + "b" * 64,
            "size": 32654,
        }
        for _ in range(12)
    ],
}


def _manifest(**changes: Any) -> dict[str, Any]:
    document = json.loads(json.dumps(MANIFEST))
    document.update(changes)
    return document


def test_digest_message_names_pointer_value_and_rule() -> None:
    document = _manifest()
    document["layers"][0]["digest"] = "sha256:ABC"
    assert validate(DocumentKind.OCI_MANIFEST, document) == [
        SchemaProblem(
            "/layers/0/digest",
            "`/layers/0/digest`: `sha256:ABC` is not a valid digest: sha256 needs 64 lower-case "
            "hex characters (got 3)",
        )
    ]


def test_type_and_required_messages() -> None:
    document = _manifest()
    document["config"] = {"mediaType": "application/vnd.oci.image.config.v1+json", "size": "7"}
    assert [p.message for p in validate(DocumentKind.OCI_MANIFEST, document)] == [
        "`/config`: required property `digest` is missing; expected a descriptor object with "
        "`mediaType`, `digest` and `size`",
        '`/config/size`: `"7"` is a string, expected a size in bytes (an integer from 0 to 2^63-1)',
    ]


def test_every_violation_is_reported_sorted_numerically_by_pointer() -> None:
    document = _manifest(schemaVersion=3)
    for index in (11, 2, 10):
        document["layers"][index]["size"] = -1
    assert pointers(validate(DocumentKind.OCI_MANIFEST, document)) == [
        "/layers/2/size",
        "/layers/10/size",
        "/layers/11/size",
        "/schemaVersion",
    ]


def test_the_same_problem_is_reported_once() -> None:
    document = _manifest()
    del document["config"]["digest"], document["config"]["size"]
    assert validate(DocumentKind.OCI_MANIFEST, document) == [
        SchemaProblem(
            "/config",
            "`/config`: required properties `digest` and `size` are missing; expected a "
            "descriptor object with `mediaType`, `digest` and `size`",
        )
    ]


def test_pointer_escapes_tilde_and_slash() -> None:
    document = _manifest(annotations={"a/b~c": 1})
    assert pointers(validate(DocumentKind.OCI_MANIFEST, document)) == ["/annotations/a~1b~0c"]


def test_root_problems_have_no_pointer_prefix() -> None:
    assert validate(DocumentKind.OCI_INDEX, []) == [
        SchemaProblem("", "`[]` is an array, expected an object")
    ]


def test_one_of_failures_use_the_best_matching_branch() -> None:
    from jsonschema import Draft202012Validator

    from ocilint.validation import _schema_problem

    schema = {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]}
    [error] = Draft202012Validator(schema).iter_errors([1])
    assert _schema_problem(error) == SchemaProblem(
        "/0", "`/0`: `1` is an integer, expected a string"
    )
    tie = Draft202012Validator({"anyOf": [{"type": "string"}, {"type": "null"}]})
    [error] = tie.iter_errors(1)
    assert _schema_problem(error) == SchemaProblem(
        "", "1 is not valid under any of the given schemas"
    )


def test_inspect_output_has_no_schema() -> None:
    assert validate(DocumentKind.INSPECT, [{"Config": {"Labels": None}}]) == []


def test_artifacts_may_use_any_layer_type() -> None:
    document = _manifest(artifactType="application/vnd.example+type")
    document["layers"][0]["mediaType"] = "application/vnd.oci.image.index.v1+json"
    assert validate(DocumentKind.OCI_MANIFEST, document) == []


def test_unknown_media_types_are_accepted_everywhere() -> None:
    document = _manifest()
    document["layers"][0]["mediaType"] = "application/vnd.example.layer+lz4"
    assert validate(DocumentKind.OCI_MANIFEST, document) == []
    document["config"]["mediaType"] = "application/vnd.example.config+json"
    assert validate(DocumentKind.OCI_MANIFEST, document) == []


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("sha256:" + "a" * 64, None),
        ("sha384:" + "a" * 96, None),
        ("sha512:" + "a" * 128, None),
        ("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564", None),
        ("md5:0123456789abcdef", None),
        ("sha512:" + "a" * 64, "sha512 needs 128 lower-case hex characters (got 64)"),
        (
            "sha256:" + "A" * 64,
            "sha256 needs 64 lower-case hex characters (got upper-case or non-hex ones)",
        ),
        (
            "md5:a/b",
            "`md5` is not a registered algorithm (sha256, sha512), and its encoded part "
            "may only use letters, digits, `=`, `_` and `-`",
        ),
        (
            "SHA256:abc",
            "the algorithm `SHA256` must be lower-case letters and digits, with "
            "single `+._-` separators",
        ),
        (
            "sha256+foo+-b:abc",
            "the algorithm `sha256+foo+-b` must be lower-case letters and "
            "digits, with single `+._-` separators",
        ),
        ("sha256", "expected `algorithm:encoded`, e.g. `sha256:` and 64 lower-case hex characters"),
        (":abc", "expected `algorithm:encoded`, e.g. `sha256:` and 64 lower-case hex characters"),
    ],
)
def test_digest_problem(value: str, problem: str | None) -> None:
    assert digest_problem(value) == problem


PROBLEM_CASES: list[tuple[Callable[[str], str | None], str, bool]] = [
    (media_type_problem, "application/vnd.oci.image.manifest.v1+json", True),
    (media_type_problem, "a" * 127 + "/" + "b" * 127, True),
    (media_type_problem, "a" * 128 + "/b", False),
    (media_type_problem, "application", False),
    (media_type_problem, "foo/.bar", False),
    (media_type_problem, "text/plain\n", False),
    (env_problem, "A=", True),
    (env_problem, "PATH=/bin:/usr/bin", True),
    (env_problem, "A", False),
    (env_problem, "=A", False),
    (env_problem, "A=b\nc", False),
    (base64_problem, "e30=", True),
    (base64_problem, "", True),
    (base64_problem, "e30", False),
    (base64_problem, "e3-_", False),
    (uri_problem, "https://example.com/a%20b?x=1#y", True),
    (uri_problem, "urn:isbn:0451450523", True),
    (uri_problem, "value", False),
    (uri_problem, "https://example.com/a b", False),
    (date_time_problem, "2015-10-31T22:22:56.015925234Z", True),
    (date_time_problem, "2024-02-29t00:00:00+01:00", True),
    (date_time_problem, "2023-02-29T00:00:00Z", False),
    (date_time_problem, "2024-01-02 03:04:05Z", False),
    (date_time_problem, "2024-01-02T24:00:00Z", False),
]


@pytest.mark.parametrize(("problem", "value", "ok"), PROBLEM_CASES)
def test_format_checks(problem: Callable[[str], str | None], value: str, ok: bool) -> None:
    assert (problem(value) is None) == ok


# --------------------------------------------------------------------------- schemas and cost


def test_schemas_are_the_projects_own() -> None:
    official = {path.read_text(encoding="utf-8") for path in OFFICIAL.glob("*.json")}
    for path in SCHEMA_DIR.glob("*.json"):
        schema = _json(path)
        assert schema["$id"] == f"https://schemas.ocilint.invalid/{path.name}"
        assert "Written by ocilint" in schema["$comment"]
        assert "opencontainers.org" not in path.read_text(encoding="utf-8")
        assert path.read_text(encoding="utf-8") not in official


def test_importing_validation_does_not_import_jsonschema() -> None:
    code = (
        "import sys, ocilint.validation, ocilint.model\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'referencing')))"
    )
    assert python_output(code).strip() == "[]"


def test_jsonschema_is_imported_on_first_validation() -> None:
    code = (
        "import sys\n"
        "from ocilint.model import DocumentKind\n"
        "from ocilint.validation import validate\n"
        "validate(DocumentKind.INSPECT, [])\n"
        "assert 'jsonschema' not in sys.modules\n"
        "validate(DocumentKind.OCI_CONFIG, {})\n"
        "assert 'jsonschema' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
