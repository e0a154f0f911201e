"""What the OCI image-spec says about annotation and label keys, as data for the label rules.

Source: image-spec `annotations.md` (the pre-defined keys and their formats) and `conversion.md`
(keys converters derive from the image config). Config `Labels` follow the same rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from ocilint.model import Finding, Fix, MetadataEntry

PREFIX = "org.opencontainers.image."

CREATED = PREFIX + "created"
AUTHORS = PREFIX + "authors"
URL = PREFIX + "url"
DOCUMENTATION = PREFIX + "documentation"
SOURCE = PREFIX + "source"
VERSION = PREFIX + "version"
REVISION = PREFIX + "revision"
VENDOR = PREFIX + "vendor"
LICENSES = PREFIX + "licenses"
REF_NAME = PREFIX + "ref.name"
TITLE = PREFIX + "title"
DESCRIPTION = PREFIX + "description"
BASE_DIGEST = PREFIX + "base.digest"
BASE_NAME = PREFIX + "base.name"

PREDEFINED_KEYS = (
    CREATED, AUTHORS, URL, DOCUMENTATION, SOURCE, VERSION, REVISION, VENDOR, LICENSES,
    REF_NAME, TITLE, DESCRIPTION, BASE_DIGEST, BASE_NAME,
)  # fmt: skip
URL_KEYS = (SOURCE, URL, DOCUMENTATION)
TIMESTAMP_KEYS = (CREATED,)
# Keys whose values some rule checks; an unknown value for one of these "cannot be checked".
CHECKED_VALUE_KEYS = frozenset(
    {*URL_KEYS, *TIMESTAMP_KEYS, LICENSES, DESCRIPTION, BASE_DIGEST, BASE_NAME, REF_NAME}
)

# conversion.md: implicit annotations a converter derives from the image config.
CONVERSION_KEYS = frozenset(
    PREFIX + suffix
    for suffix in (
        "os", "architecture", "variant", "os.version", "os.features", "author", "stopSignal",
        "exposedPorts",
    )
)  # fmt: skip

# Common misspellings and synonyms of the pre-defined keys' last part.
_SUFFIX_ALIASES = {
    "licence": "licenses", "license": "licenses", "licences": "licenses", "licensing": "licenses",
    "desc": "description", "descr": "description", "summary": "description",
    "src": "source", "repo": "source", "repository": "source", "vcs-url": "source",
    "vcs": "source", "git": "source", "scm": "source", "source-code": "source",
    "doc": "documentation", "docs": "documentation", "usage": "documentation",
    "homepage": "url", "website": "url", "home": "url", "link": "url",
    "date": "created", "build-date": "created", "builddate": "created", "build_date": "created",
    "timestamp": "created", "creation": "created",
    "author": "authors", "maintainer": "authors", "maintainers": "authors", "owner": "authors",
    "name": "title", "commit": "revision", "sha": "revision", "vcs-ref": "revision",
    "ref": "ref.name", "tag": "ref.name", "base": "base.name", "base.image": "base.name",
    "base-image": "base.name", "basename": "base.name", "base.ref": "base.name",
}  # fmt: skip

# Keys without a namespace that have a pre-defined OCI equivalent.
LEGACY_KEYS = {
    "maintainer": AUTHORS, "author": AUTHORS, "authors": AUTHORS, "description": DESCRIPTION,
    "version": VERSION, "vendor": VENDOR, "license": LICENSES, "licenses": LICENSES,
    "licence": LICENSES, "url": URL, "source": SOURCE, "name": TITLE, "title": TITLE,
    "documentation": DOCUMENTATION, "revision": REVISION, "created": CREATED,
    "build-date": CREATED, "build_date": CREATED, "summary": DESCRIPTION,
    "vcs-url": SOURCE, "vcs-ref": REVISION,
}  # fmt: skip

# Keys without a namespace that documented conventions use, so that a label linter accepts them:
# `maintainer`, Docker's replacement for the deprecated MAINTAINER instruction (Dockerfile
# reference), and the generic labels of Project Atomic's "Container Application Generic
# Labels", which Red Hat's container image guidelines require of Red Hat and certified images
# (their `com.redhat.*`, `io.k8s.*` and `io.openshift.*` labels are namespaced already).
CONVENTIONAL_KEYS = (
    "maintainer",
    # what the image is
    "name", "version", "release", "architecture", "build-date", "vendor", "url", "summary",
    "description", "distribution-scope", "authoritative-source-url",
    # where it was built from
    "vcs-type", "vcs-url", "vcs-ref",
    # how to use it (`atomic` / `podman container runlabel`)
    "help", "run", "run_opts_file", "install", "uninstall", "stop", "debug", "usage",
)  # fmt: skip

# Docker reserves these namespaces for its own use (Docker: "Docker object labels").
DOCKER_RESERVED_PREFIXES = ("com.docker.", "io.docker.", "org.dockerproject.")

REVERSE_DOMAIN_KEY = re.compile(
    r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*)+\Z", re.ASCII
)


def certain_predefined(key: str) -> str | None:
    """The pre-defined key that `key` certainly means: a known misspelling or synonym of its
    last part, or the same key in another case (not a close match, which is a guess)."""
    if not key.startswith(PREFIX):
        return None
    lowered = key[len(PREFIX) :].lower()
    if lowered in _SUFFIX_ALIASES:
        return PREFIX + _SUFFIX_ALIASES[lowered]
    return next((known for known in PREDEFINED_KEYS if known.lower() == key.lower()), None)


def suggest_predefined(key: str) -> str | None:
    """The pre-defined key a mistyped `org.opencontainers.image.*` key most likely meant."""
    if not key.startswith(PREFIX):
        return None
    suffix = key[len(PREFIX) :]
    lowered = suffix.lower()
    if lowered in _SUFFIX_ALIASES:
        return PREFIX + _SUFFIX_ALIASES[lowered]
    suffixes = [known[len(PREFIX) :] for known in PREDEFINED_KEYS]
    for known in suffixes:
        if known.lower() == lowered:
            return PREFIX + known
    import difflib

    close = difflib.get_close_matches(lowered, suffixes, n=1, cutoff=0.6)
    return PREFIX + close[0] if close else None


def resolved_entries(metadata_sets: Any, keys: Any = None) -> Iterator[MetadataEntry]:
    """Entries with a known key and value, optionally limited to `keys`."""
    for metadata in metadata_sets:
        for entry in metadata.entries:
            if entry.value is None or not entry.key_known:
                continue
            if keys is None or entry.key in keys:
                yield entry


def shorten(value: str, limit: int = 80) -> str:
    """`value` for a message: at most `limit` characters, control characters made visible."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_origin(entry: MetadataEntry) -> str:
    if entry.origin.startswith("set by "):  # a build definition's value
        return f" ({entry.origin})"
    text = f" (inherited from {entry.origin})" if entry.origin else ""
    if entry.out_of_scope:
        names = ", ".join(f"`{name}`" for name in entry.out_of_scope)
        one = len(entry.out_of_scope) == 1
        text += (
            f"; {names} {'is a global ARG' if one else 'are global ARGs'}, not in scope in a "
            "stage that does not declare it, so Docker expands it as empty whatever "
            "--build-arg says"
        )
    return text


def declare_args_fix(entry: MetadataEntry) -> str | None:
    """`add `ARG SRC` after `FROM` (line 3)` for a value that used out-of-scope global ARGs."""
    if not entry.out_of_scope:
        return None
    where = f" (line {entry.declare_after})" if entry.declare_after else ""
    return f"add `ARG {' '.join(entry.out_of_scope)}` after `FROM`{where}"


@functools.lru_cache(maxsize=256)
def _license_problems(value: str, allowed: tuple[str, ...] | None) -> tuple[Any, ...]:
    from ocilint.spdx import check_expression

    return tuple(check_expression(value, allowed_custom=allowed))


def license_findings(
    subject: Any, code: str, kinds: tuple[str, ...], allowed: tuple[str, ...] | None
) -> Iterator[Finding]:
    """Findings of the SPDX problem `kinds` in every known `licenses` value of `subject`.

    The three license rules share one parse per value (cached), and the SPDX data loads only
    when a `licenses` value is present.
    """
    for entry in resolved_entries(getattr(subject, "metadata", ()), (LICENSES,)):
        assert entry.value is not None
        if not entry.value.strip():
            continue  # an empty value is empty-label-value's finding
        for problem in _license_problems(entry.value, allowed):
            if str(problem.kind) not in kinds:
                continue
            yield Finding(
                code,
                entry.value_position(problem.start),
                f"`{entry.key}`: {problem.message}{describe_origin(entry)}",
                autofix=_license_fix(subject, entry, problem),
            )


_USE = re.compile(r"use `([^`]+)`\Z")
# Problems whose fix replaces exactly the problem's span (one id, exception or operator).
_TOKEN_KINDS = frozenset(
    {
        "deprecated-license",
        "deprecated-exception",
        "lowercase-operator",
        "case-mismatch",
        "unknown-license",
        "unknown-exception",
    }
)


def _license_fix(subject: Any, entry: MetadataEntry, problem: Any) -> Fix | None:
    """The problem's fix, with its edit when it is one replacement of the problem's span."""
    if problem.fix is None:
        return None
    match = _USE.match(problem.fix)
    if match is None or str(problem.kind) not in _TOKEN_KINDS:
        return Fix(problem.fix)  # advice, or a fix of the whole expression, not of the span
    from ocilint.fixes.spans import value_edit

    replacement = match[1]
    return Fix.use(replacement, value_edit(subject, entry, problem.start, problem.end, replacement))
