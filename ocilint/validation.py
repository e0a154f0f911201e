"""Schema validation of image documents: manifests, indexes and configs, OCI and Docker.

`validate(kind, data)` checks a parsed document against ocilint's own JSON Schemas
(`ocilint/schemas/`, written from the OCI image-spec and the Docker image manifest and image
specifications) and then against what the image-spec's reference Go validator checks beyond
its schemas:

- digests follow go-digest: `algorithm:encoded`, and for a registered algorithm the encoded
  part is lower-case hex of the right length (sha256 64, sha384 96, sha512 128 characters);
  a well-formed digest with an unregistered algorithm passes, as descriptor.md asks;
- config `Env` entries are `NAME=value`;
- descriptor `data` is padded standard base64 and, when `size` and a registered `digest` are
  given, decodes to exactly that many bytes with that digest;
- `urls` are absolute URIs and `created` times are RFC 3339, since the Go validator asserts
  JSON Schema formats;
- sizes are non-negative integers, and platforms have string `os` and `architecture`.

Media types must also fit where they appear. A media type ocilint does not know is accepted
everywhere (the spec says unknown types MUST NOT be an error); a known one is checked:

- a manifest's or index's own `mediaType`, when present, is its format's type;
- `config.mediaType` is an image config type, the empty type, or (for an artifact) a type of
  its own; the empty type needs a top-level `artifactType` (manifest.md, artifact guidelines);
- in an image (the config is an image config and there is no `artifactType`), every
  `layers[].mediaType` is a layer type; an artifact's layers may be anything;
- `manifests[].mediaType` is a manifest or index type;
- OCI and Docker media types are not mixed: an OCI manifest or index refers to OCI types and a
  Docker manifest or manifest list to Docker types. The specifications put this as portability
  advice (image-index.md and manifest.md: documents "concerned with portability SHOULD use"
  their own types; manifest-v2-2.md: entries are "generally" Docker manifests), and the formats
  are only "similar/related" in media-types.md's compatibility matrix: a client picks its parser
  by the media type, and one that knows only one format cannot follow the other.

jsonschema costs about 80 ms to import, so it is imported on the first call, never at module
import; the schemas are read once per process. hashlib, base64 and calendar are imported, and the
regular expressions compiled (through `re`'s cache), only when a value needs them: every
ocilint run imports this module through the rule registry.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ocilint.model import DocumentKind

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

#: The schema file for each document kind (`docker inspect` output has no schema).
SCHEMA_FILES: Mapping[DocumentKind, str] = {
    DocumentKind.OCI_MANIFEST: "oci-image-manifest.json",
    DocumentKind.OCI_INDEX: "oci-image-index.json",
    DocumentKind.OCI_CONFIG: "oci-image-config.json",
    DocumentKind.DOCKER_MANIFEST: "docker-manifest.json",
    DocumentKind.DOCKER_MANIFEST_LIST: "docker-manifest-list.json",
    DocumentKind.DOCKER_CONFIG: "docker-image-config.json",
}
DESCRIPTOR_SCHEMA_FILE = "oci-content-descriptor.json"


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """One violation: a JSON pointer (RFC 6901) to the offending value and one line saying
    what is wrong and what was expected. A missing property is reported at its parent."""

    pointer: str
    message: str


def validate(kind: DocumentKind, data: Any) -> list[SchemaProblem]:
    """Every schema violation in `data`, a parsed document of `kind`, sorted by pointer.

    Returns [] for a valid document and for `docker inspect` output, which has no schema.
    """
    schema_file = SCHEMA_FILES.get(kind)
    if schema_file is None:
        return []
    validator = _validators()[schema_file]
    problems = {_schema_problem(error) for error in validator.iter_errors(data)}
    problems.update(_media_type_problems(kind, data))
    problems.update(_embedded_data_problems(kind, data))
    return sorted(problems, key=_sort_key)


def validate_descriptor(data: Any) -> list[SchemaProblem]:
    """Every violation in a standalone OCI content descriptor
    (`application/vnd.oci.descriptor.v1+json`), sorted by pointer."""
    validator = _validators()[DESCRIPTOR_SCHEMA_FILE]
    problems = {_schema_problem(error) for error in validator.iter_errors(data)}
    if isinstance(data, dict):
        problems.update(_data_problems("", data))
    return sorted(problems, key=_sort_key)


# --------------------------------------------------------------------------- media types

OCI_DESCRIPTOR = "application/vnd.oci.descriptor.v1+json"
OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_EMPTY = "application/vnd.oci.empty.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
OCI_LAYER_GZIP = OCI_LAYER + "+gzip"
OCI_LAYER_ZSTD = OCI_LAYER + "+zstd"
OCI_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json"
DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_PLUGIN_CONFIG = "application/vnd.docker.plugin.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar"
DOCKER_LAYER_GZIP = DOCKER_LAYER + ".gzip"
DOCKER_LAYER_ZSTD = DOCKER_LAYER + ".zstd"
DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar"
DOCKER_FOREIGN_LAYER_GZIP = DOCKER_FOREIGN_LAYER + ".gzip"

#: What each known media type identifies (media-types.md, manifest-v2-2.md; the uncompressed
#: and zstd Docker layer types are containerd's names for what Docker engines write).
MEDIA_TYPE_ROLES: Mapping[str, str] = {
    OCI_DESCRIPTOR: "descriptor",
    OCI_LAYOUT_HEADER: "image layout header",
    OCI_MANIFEST: "manifest",
    OCI_INDEX: "index",
    OCI_CONFIG: "config",
    OCI_EMPTY: "empty",
    OCI_LAYER: "layer",
    OCI_LAYER_GZIP: "layer",
    OCI_LAYER_ZSTD: "layer",
    OCI_NONDISTRIBUTABLE: "layer",
    OCI_NONDISTRIBUTABLE + "+gzip": "layer",
    OCI_NONDISTRIBUTABLE + "+zstd": "layer",
    DOCKER_MANIFEST: "manifest",
    DOCKER_MANIFEST_LIST: "index",
    DOCKER_SCHEMA1: "manifest",
    DOCKER_SCHEMA1_SIGNED: "manifest",
    DOCKER_CONFIG: "config",
    DOCKER_PLUGIN_CONFIG: "config",
    DOCKER_LAYER: "layer",
    DOCKER_LAYER_GZIP: "layer",
    DOCKER_LAYER_ZSTD: "layer",
    DOCKER_FOREIGN_LAYER: "layer",
    DOCKER_FOREIGN_LAYER_GZIP: "layer",
}

_ROLE_NAMES = {
    "descriptor": "a descriptor",
    "image layout header": "an image layout header",
    "manifest": "a manifest",
    "index": "an index",
    "config": "a config",
    "empty": "the empty descriptor",
    "layer": "a layer",
}

#: The same layer in the other format, for "use … instead" (media-types.md compatibility).
_LAYER_EQUIVALENTS = {
    DOCKER_LAYER: OCI_LAYER,
    DOCKER_LAYER_GZIP: OCI_LAYER_GZIP,
    DOCKER_LAYER_ZSTD: OCI_LAYER_ZSTD,
    DOCKER_FOREIGN_LAYER: OCI_NONDISTRIBUTABLE,
    DOCKER_FOREIGN_LAYER_GZIP: OCI_NONDISTRIBUTABLE + "+gzip",
    OCI_LAYER: DOCKER_LAYER,
    OCI_LAYER_GZIP: DOCKER_LAYER_GZIP,
    OCI_LAYER_ZSTD: DOCKER_LAYER_ZSTD,
    OCI_NONDISTRIBUTABLE: DOCKER_FOREIGN_LAYER,
    OCI_NONDISTRIBUTABLE + "+gzip": DOCKER_FOREIGN_LAYER_GZIP,
    OCI_CONFIG: DOCKER_CONFIG,
    DOCKER_CONFIG: OCI_CONFIG,
    OCI_MANIFEST: DOCKER_MANIFEST,
    DOCKER_MANIFEST: OCI_MANIFEST,
    OCI_INDEX: DOCKER_MANIFEST_LIST,
    DOCKER_MANIFEST_LIST: OCI_INDEX,
}

_IMAGE_CONFIGS = frozenset({OCI_CONFIG, DOCKER_CONFIG})
_OCI_KINDS = frozenset({DocumentKind.OCI_MANIFEST, DocumentKind.OCI_INDEX})
_OWN_TYPE = {
    DocumentKind.OCI_MANIFEST: (OCI_MANIFEST, "OCI image manifest"),
    DocumentKind.OCI_INDEX: (OCI_INDEX, "OCI image index"),
}


def media_type_family(media_type: str) -> str | None:
    """`OCI` or `Docker` for a media type that one of those specifications defines, else None."""
    if media_type not in MEDIA_TYPE_ROLES:
        return None
    return "OCI" if media_type.startswith("application/vnd.oci.") else "Docker"


def _media_type_problems(kind: DocumentKind, data: Any) -> Iterator[SchemaProblem]:
    if not isinstance(data, dict):
        return
    if kind in _OWN_TYPE:
        yield from _own_type_problems(kind, data)
    if kind.is_manifest:
        yield from _manifest_media_type_problems(kind, data)
    elif kind.is_index:
        manifests = data.get("manifests")
        for index, entry in enumerate(manifests if isinstance(manifests, list) else ()):
            media_type = _media_type_at(entry)
            if media_type is not None:
                problem = _misplaced(media_type, "manifest", kind)
                if problem:
                    yield _at(f"/manifests/{index}/mediaType", f"`{media_type}` {problem}")


def _own_type_problems(kind: DocumentKind, data: Mapping[str, Any]) -> Iterator[SchemaProblem]:
    expected, name = _OWN_TYPE[kind]
    media_type = _media_type_at(data)
    if media_type is not None and media_type != expected:
        yield _at(
            "/mediaType",
            f"`{media_type}` is not the media type of an {name}, expected `{expected}`",
        )


def _manifest_media_type_problems(
    kind: DocumentKind, data: Mapping[str, Any]
) -> Iterator[SchemaProblem]:
    config_type = _media_type_at(data.get("config"))
    artifact_type = data.get("artifactType")
    if config_type is not None:
        problem = _misplaced(config_type, "config", kind)
        if problem:
            yield _at("/config/mediaType", f"`{config_type}` {problem}")
    if kind is DocumentKind.OCI_MANIFEST and config_type == OCI_EMPTY and artifact_type is None:
        yield _at(
            "",
            f"required property `artifactType` is missing: a manifest whose config is the "
            f"empty descriptor (`{OCI_EMPTY}`) is an artifact and must say its type",
        )
    if artifact_type is not None or config_type not in _IMAGE_CONFIGS:
        return  # an artifact's layers may have any media type
    layers = data.get("layers")
    for index, layer in enumerate(layers if isinstance(layers, list) else ()):
        media_type = _media_type_at(layer)
        if media_type is not None:
            problem = _misplaced(media_type, "layer", kind)
            if problem:
                yield _at(f"/layers/{index}/mediaType", f"`{media_type}` {problem}")


def _misplaced(media_type: str, place: str, kind: DocumentKind) -> str | None:
    """Why a known media type does not belong in `place` (continues "`TYPE` …"), or None."""
    role = MEDIA_TYPE_ROLES.get(media_type)
    if role is None:
        return None  # unknown types MUST NOT be an error
    document_family = "OCI" if kind in _OCI_KINDS else "Docker"
    if role not in _PLACES[place]:
        expected = _expected(place, oci=document_family == "OCI")
        return f"is {_ROLE_NAMES[role]} media type, expected {expected}"
    family = media_type_family(media_type)
    if family == document_family:
        return None
    equivalent = _LAYER_EQUIVALENTS.get(media_type)
    instead = f"use `{equivalent}`" if equivalent else f"use {_article(family or '')} document"
    return (
        f"is {_article(family or '')} media type in {_article(document_family)} "
        f"{_describe_kind(kind)}; {instead} (mixing OCI and Docker media types is not portable)"
    )


def _expected(place: str, oci: bool) -> str:
    """What belongs in `place` (a descriptor's position) of an OCI or a Docker document."""
    if place == "config":
        config = OCI_CONFIG if oci else DOCKER_CONFIG
        return f"an image config type (`{config}`) or, for an artifact, a type of its own" + (
            f" or the empty type `{OCI_EMPTY}`" if oci else ""
        )
    if place == "layer":
        layer = OCI_LAYER_GZIP if oci else DOCKER_LAYER_GZIP
        return f"a layer type such as `{layer}` (only an artifact's layers may have other types)"
    return f"a manifest or index type such as `{OCI_MANIFEST if oci else DOCKER_MANIFEST}`"


#: The roles of the media types that belong in each place.
_PLACES: Mapping[str, frozenset[str]] = {
    "config": frozenset({"config", "empty"}),
    "layer": frozenset({"layer"}),
    "manifest": frozenset({"manifest", "index"}),
}


def _describe_kind(kind: DocumentKind) -> str:
    return {
        DocumentKind.OCI_MANIFEST: "image manifest",
        DocumentKind.OCI_INDEX: "image index",
        DocumentKind.DOCKER_MANIFEST: "image manifest",
        DocumentKind.DOCKER_MANIFEST_LIST: "manifest list",
    }.get(kind, str(kind))


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeio" else "a ") + noun


def _media_type_at(descriptor: Any) -> str | None:
    """The descriptor's `mediaType` if it is a well-formed media type (else the schema says so)."""
    if not isinstance(descriptor, dict):
        return None
    media_type = descriptor.get("mediaType")
    if isinstance(media_type, str) and media_type_problem(media_type) is None:
        return media_type
    return None


# --------------------------------------------------------------------------- embedded data


def _descriptors(kind: DocumentKind, data: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(pointer, descriptor) for each OCI descriptor in a manifest or index."""
    if not isinstance(data, dict) or kind not in _OCI_KINDS:
        return
    lists = ("layers",) if kind is DocumentKind.OCI_MANIFEST else ("manifests",)
    singles = ("config", "subject")
    for name in singles:
        if isinstance(data.get(name), dict):
            yield f"/{name}", data[name]
    for name in lists:
        items = data.get(name)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict):
                yield f"/{name}/{index}", item


def _embedded_data_problems(kind: DocumentKind, data: Any) -> Iterator[SchemaProblem]:
    for pointer, descriptor in _descriptors(kind, data):
        yield from _data_problems(pointer, descriptor)


def _data_problems(pointer: str, descriptor: Mapping[str, Any]) -> Iterator[SchemaProblem]:
    """A descriptor's embedded `data` must be its content: `size` bytes hashing to `digest`."""
    content = descriptor.get("data")
    if not isinstance(content, str) or base64_problem(content) is not None:
        return  # absent, or the schema reports it
    decoded = _decode_base64(content)
    size = descriptor.get("size")
    if _is_size(size) and len(decoded) != size:
        yield _at(
            f"{pointer}/data", f"the embedded data is {len(decoded)} bytes, but `size` says {size}"
        )
    digest = descriptor.get("digest")
    if not isinstance(digest, str) or digest_problem(digest) is not None:
        return
    algorithm, _, encoded = digest.partition(":")
    if algorithm in DIGEST_LENGTHS:
        import hashlib

        actual = hashlib.new(algorithm, decoded).hexdigest()
        if actual != encoded:
            yield _at(
                f"{pointer}/data",
                f"the embedded data does not match `digest`: it hashes to "
                f"`{algorithm}:{actual[:12]}…`, not `{_short(digest)}`",
            )


def _is_size(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# --------------------------------------------------------------------------- formats

#: Registered digest algorithms and the length of their hex encoding: descriptor.md registers
#: sha256 and sha512; go-digest, which the reference validator uses, also knows sha384.
DIGEST_LENGTHS: Mapping[str, int] = {"sha256": 64, "sha384": 96, "sha512": 128}

_MEDIA_TYPE_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"  # RFC 6838 section 4.2
_MEDIA_TYPE = rf"{_MEDIA_TYPE_NAME}/{_MEDIA_TYPE_NAME}"
_ALGORITHM = r"[a-z0-9]+(?:[+._-][a-z0-9]+)*"
_ENCODED = r"[a-zA-Z0-9=_-]+"
_ENV = r"[^=]+=.*"  # the reference validator's ^[^=]+=.*$ (`.` stops at a line break)
_URI_SCHEME = r"[A-Za-z][A-Za-z0-9+.-]*:"
_URI_REST = r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*"
_DATE_TIME = (
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))"
)


def media_type_problem(value: str) -> str | None:
    """Why `value` is not a media type (RFC 6838 `type/subtype` restricted names), or None."""
    if re.fullmatch(_MEDIA_TYPE, value, re.ASCII):
        return None
    kind, slash, subtype = value.partition("/")
    if not slash:
        return "expected `type/subtype`, e.g. `application/vnd.oci.image.manifest.v1+json`"
    for part, name in ((kind, "type"), (subtype, "subtype")):
        if not re.fullmatch(_MEDIA_TYPE_NAME, part, re.ASCII):
            if not 1 <= len(part) <= 127:
                return f"the {name} must be 1 to 127 characters long"
            if not part[:1].isalnum():
                return f"the {name} must start with a letter or digit"
            return f"the {name} may only use letters, digits and `!#$&-^_.+` (RFC 6838)"
    return "expected `type/subtype` (RFC 6838)"


def digest_problem(value: str) -> str | None:
    """Why `value` is not a digest as go-digest validates it, or None.

    A digest is `algorithm:encoded`; for a registered algorithm the encoded part is lower-case
    hex of that algorithm's length. An unregistered algorithm only has to fit the grammar.
    """
    algorithm, colon, encoded = value.partition(":")
    if not colon or not algorithm or not encoded:
        return "expected `algorithm:encoded`, e.g. `sha256:` and 64 lower-case hex characters"
    if not re.fullmatch(_ALGORITHM, algorithm, re.ASCII):
        return (
            f"the algorithm `{_short(algorithm)}` must be lower-case letters and digits, "
            "with single `+._-` separators"
        )
    length = DIGEST_LENGTHS.get(algorithm)
    if length is None:
        if not re.fullmatch(_ENCODED, encoded, re.ASCII):
            return (
                f"`{algorithm}` is not a registered algorithm (sha256, sha512), and its encoded "
                "part may only use letters, digits, `=`, `_` and `-`"
            )
        return None
    if len(encoded) == length and re.fullmatch(r"[a-f0-9]+", encoded, re.ASCII):
        return None
    got = f"got {len(encoded)}" if len(encoded) != length else "got upper-case or non-hex ones"
    return f"{algorithm} needs {length} lower-case hex characters ({got})"


def env_problem(value: str) -> str | None:
    """Why `value` is not a config `Env` entry `NAME=value`, or None."""
    if re.fullmatch(_ENV, value):
        return None
    if "=" not in value:
        return "expected `NAME=value`"
    if value.startswith("="):
        return "the name before `=` is empty; expected `NAME=value`"
    return "the value may not contain a line break; expected `NAME=value`"


def base64_problem(value: str) -> str | None:
    """Why `value` is not padded standard base64 (RFC 4648 section 4), or None."""
    try:
        _decode_base64(value)
    except ValueError:  # binascii.Error is a ValueError
        if len(value.replace("\r", "").replace("\n", "")) % 4:
            return "its length is not a multiple of 4; expected padded standard base64"
        return "expected padded standard base64 (`A-Z a-z 0-9 + /`, `=` padding)"
    return None


def uri_problem(value: str) -> str | None:
    """Why `value` is not an absolute URI (RFC 3986), or None."""
    scheme = re.match(_URI_SCHEME, value, re.ASCII)
    if scheme is None:
        return "expected an absolute URI with a scheme, e.g. `https://example.com/blob`"
    if not re.fullmatch(_URI_REST, value[scheme.end() :], re.ASCII):
        return "it has characters a URI may not contain (percent-encode them)"
    return None


def date_time_problem(value: str) -> str | None:
    """Why `value` is not an RFC 3339 (section 5.6) date-time, or None."""
    match = re.fullmatch(_DATE_TIME, value, re.ASCII)
    if match is None:
        return (
            "expected `YYYY-MM-DDThh:mm:ss[.fraction]` and `Z` or an offset, "
            "e.g. `2024-01-02T03:04:05Z`"
        )
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    offset_hour, offset_minute = (int(part or 0) for part in match.groups()[6:])
    import calendar

    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return "the date does not exist"
    if hour > 23 or minute > 59 or second > 60 or offset_hour > 23 or offset_minute > 59:
        return "the time is out of range"
    return None


def _decode_base64(value: str) -> bytes:
    # Go's standard base64 decoder, which the reference validator uses, skips line breaks.
    import base64

    return base64.b64decode(value.replace("\r", "").replace("\n", ""), validate=True)


#: Format name in the schemas → (noun for messages, problem function).
FORMATS: Mapping[str, tuple[str, Callable[[str], str | None]]] = {
    "media-type": ("a valid media type", media_type_problem),
    "digest": ("a valid digest", digest_problem),
    "env": ("an environment entry", env_problem),
    "base64": ("valid base64", base64_problem),
    "uri": ("an absolute URI", uri_problem),
    "date-time": ("an RFC 3339 date-time", date_time_problem),
}


# --------------------------------------------------------------------------- schemas


_BUILDING = threading.Lock()


def prepare_in_background() -> None:
    """Start building the validators in a thread, for a run about to wait for the network.

    Importing jsonschema and building the validators takes about 50 ms of CPU; a registry
    round trip leaves the process idle for longer. A failure here is left for the main thread
    to meet (and report) when it validates.
    """

    def build() -> None:
        import contextlib

        with contextlib.suppress(Exception):
            _validators()

    threading.Thread(target=build, name="ocilint-schemas", daemon=True).start()


def _validators() -> Mapping[str, Any]:
    with _BUILDING:  # one build, even when the background thread is still at it
        return _build_validators()


@functools.cache
def _build_validators() -> Mapping[str, Any]:
    """A validator per schema file, built once: jsonschema is imported here, not before."""
    from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
    from referencing import Registry, Resource

    schemas = {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
    }
    registry: Any = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    checker = FormatChecker(formats=())
    for name, (_noun, problem) in FORMATS.items():
        checker.checks(name)(_format_check(problem))
    return {
        name: Draft202012Validator(schemas[name], registry=registry, format_checker=checker)
        for name in (*SCHEMA_FILES.values(), DESCRIPTOR_SCHEMA_FILE)
    }


def _format_check(problem: Callable[[str], str | None]) -> Callable[[object], bool]:
    return lambda value: not isinstance(value, str) or problem(value) is None


def _schema_problem(error: ValidationError) -> SchemaProblem:
    """A jsonschema error as a SchemaProblem; for oneOf/anyOf, the error that jsonschema's
    `best_match` finds in its context (the deepest one, if one stands out)."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match

        best = best_match([error])
        if best is not error:
            return _schema_problem(best)
    return _at(_pointer(error.absolute_path), _describe(error))


def _describe(error: ValidationError) -> str:
    keyword, instance, value = error.validator, error.instance, error.validator_value
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = schema.get("x-expected")
    if keyword == "required":
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        names = " and ".join(f"`{name}`" for name in missing)
        plural = "properties" if len(missing) > 1 else "property"
        verb = "are" if len(missing) > 1 else "is"
        suffix = f"; expected {expected}" if expected else ""
        return f"required {plural} {names} {verb} missing{suffix}"
    if keyword == "type":
        wanted = expected or " or ".join(_JSON_TYPES[name] for name in _as_list(value))
        if instance is None:
            return f"null is not allowed here, expected {wanted}"
        return f"{_show(instance, as_json=True)} is {_json_type(instance)}, expected {wanted}"
    if keyword == "format" and value in FORMATS:
        noun, problem = FORMATS[value]
        return f"{_show(instance)} is not {noun}: {problem(instance)}"
    if keyword in ("const", "enum"):
        wanted = expected or " or ".join(f"`{json.dumps(item)}`" for item in _as_list(value))
        return f"{_show(instance)} is not allowed here, expected {wanted}"
    if keyword in ("minimum", "maximum"):
        if keyword == "minimum":
            relation = "negative" if value == 0 else f"less than {value}"
        else:
            relation = f"more than {value}"
        return f"{_show(instance)} is {relation}, expected {expected or 'a smaller number'}"
    if keyword == "minItems":
        items = "item" if len(instance) == 1 else "items"
        count = "empty" if not instance else f"{len(instance)} {items} long"
        wanted = f"at least {value} {'item' if value == 1 else 'items'}"
        return f"the array is {count}, expected {expected or wanted}"
    return str(error.message)


_JSON_TYPES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any, *, as_json: bool = False) -> str:
    """A value as it appears in a message: strings as they are (or quoted, `as_json`), the rest
    as JSON, shortened."""
    plain = isinstance(value, str) and not as_json
    text = value if plain else json.dumps(value, ensure_ascii=False)
    return f"`{_short(text)}`"


# --------------------------------------------------------------------------- pointers


def escape_token(token: str | int) -> str:
    """One JSON pointer reference token (RFC 6901): `~` → `~0`, `/` → `~1`."""
    return str(token).replace("~", "~0").replace("/", "~1")


def _pointer(path: Iterable[str | int]) -> str:
    return "".join("/" + escape_token(token) for token in path)


def _at(pointer: str, text: str) -> SchemaProblem:
    """A problem at `pointer`; the message names the pointer first, as in the reports."""
    return SchemaProblem(pointer, f"`{pointer}`: {text}" if pointer else text)


def _sort_key(problem: SchemaProblem) -> tuple[tuple[tuple[int, int, str], ...], str]:
    tokens = problem.pointer.split("/")[1:] if problem.pointer else []
    key = tuple((0, int(token), "") if token.isdigit() else (1, 0, token) for token in tokens)
    return key, problem.message
