"""Tests for ocilint.reference, the port of github.com/distribution/reference.

Most vectors are transcribed from the Go module's own tests. Every table below names where it
comes from: repository, file, test function, and the commit of the file that was read:

* distribution/reference ``reference_test.go`` at ff14fafe (2024, after the change that
  excludes the domain from the 255-character limit),
* distribution/reference ``normalize_test.go`` at 48941240,
* distribution/reference ``regexp_test.go`` at 875f162f,
* distribution/reference ``fuzz_test.go`` (``FuzzParseNormalizedNamed``): it has no vectors;
  the hypothesis tests at the end assert the same property (never crash) and more.

Go's tests compare errors by identity; here each Go error maps to a ``REASON_*`` constant.
Where a Go test exercises an API this module does not have (``WithName``, ``WithTag``,
``ParseAnyReference``, ``ParseDockerRef``, ``FamiliarMatch``), the part that applies is
tested, and the comment on the table says how.
"""

import pickle
import re
import time
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocilint.reference import (
    ANCHORED_DIGEST,
    ANCHORED_DOMAIN,
    ANCHORED_IDENTIFIER,
    ANCHORED_NAME,
    ANCHORED_PATH_COMPONENT,
    ANCHORED_REFERENCE,
    ANCHORED_TAG,
    DEFAULT_DOMAIN,
    LEGACY_DEFAULT_DOMAIN,
    OFFICIAL_REPO_PREFIX,
    REASON_CHECKSUM_INVALID_FORMAT,
    REASON_DIGEST_INVALID_FORMAT,
    REASON_DIGEST_INVALID_LENGTH,
    REASON_DIGEST_UNSUPPORTED,
    REASON_NAME_CONTAINS_UPPERCASE,
    REASON_NAME_EMPTY,
    REASON_NAME_IS_IDENTIFIER,
    REASON_NAME_NOT_CANONICAL,
    REASON_NAME_TOO_LONG,
    REASON_REFERENCE_INVALID_FORMAT,
    REASON_TAG_INVALID_FORMAT,
    REASONS,
    InvalidReference,
    Reference,
    is_domain_like,
    parse,
    parse_normalized,
)
from tests.conftest import python_output

# Go error values -> reasons.
ErrReferenceInvalidFormat = REASON_REFERENCE_INVALID_FORMAT
ErrNameEmpty = REASON_NAME_EMPTY
ErrNameContainsUppercase = REASON_NAME_CONTAINS_UPPERCASE
ErrNameTooLong = REASON_NAME_TOO_LONG
ErrDigestInvalidLength = REASON_DIGEST_INVALID_LENGTH  # go-digest
ErrDigestUnsupported = REASON_DIGEST_UNSUPPORTED  # go-digest
ErrChecksumInvalidFormat = REASON_CHECKSUM_INVALID_FORMAT  # go-digest ErrDigestInvalidFormat
ErrNameIsIdentifier = REASON_NAME_IS_IDENTIFIER  # ParseNormalizedNamed's fmt.Errorf

F64 = "f" * 64
SHA256_F = "sha256:" + F64
SHA512_F = "sha512:" + "f" * 128


def _id(text: str) -> str:
    """A short, printable pytest id for a vector input."""
    shown = text if len(text) <= 60 else f"{text[:40]}...[{len(text)} chars]"
    return repr(shown)[1:-1] or "<empty>"


def _message(reason: str) -> str:
    """The ``str()`` of an InvalidReference raised by parse() with this reason."""
    if reason == REASON_REFERENCE_INVALID_FORMAT:
        return reason
    return f"invalid reference format: {reason}"


def _raises(func: object, text: str) -> InvalidReference:
    assert callable(func)
    with pytest.raises(InvalidReference) as info:
        func(text)
    return info.value


# ============================================================================================
# distribution/reference reference_test.go (ff14fafe) -- TestReferenceParse
# (input, err, repository, domain, tag, digest); "" means absent, as in Go.
# ============================================================================================

REFERENCE_PARSE = [
    ("test_com", None, "test_com", "", "", ""),
    ("test.com:tag", None, "test.com", "", "tag", ""),
    ("test.com:5000", None, "test.com", "", "5000", ""),
    ("test.com/repo:tag", None, "test.com/repo", "test.com", "tag", ""),
    ("test:5000/repo", None, "test:5000/repo", "test:5000", "", ""),
    ("test:5000/repo:tag", None, "test:5000/repo", "test:5000", "tag", ""),
    ("test:5000/repo@" + SHA256_F, None, "test:5000/repo", "test:5000", "", SHA256_F),
    ("test:5000/repo:tag@" + SHA256_F, None, "test:5000/repo", "test:5000", "tag", SHA256_F),
    ("test:5000/repo", None, "test:5000/repo", "test:5000", "", ""),
    ("", ErrNameEmpty, "", "", "", ""),
    (":justtag", ErrReferenceInvalidFormat, "", "", "", ""),
    ("@" + SHA256_F, ErrReferenceInvalidFormat, "", "", "", ""),
    ("repo@sha256:" + "f" * 34, ErrDigestInvalidLength, "", "", "", ""),
    ("validname@invaliddigest:" + F64, ErrDigestUnsupported, "", "", "", ""),
    ("Uppercase:tag", ErrNameContainsUppercase, "", "", "", ""),
    # FIXME in Go: "Uppercase/lowercase:tag" is handled as domain "Uppercase", so it passes.
    ("test:5000/Uppercase/lowercase:tag", ErrNameContainsUppercase, "", "", "", ""),
    ("lowercase:Uppercase", None, "lowercase", "", "Uppercase", ""),
    ("domain/" + "a" * 256 + ":tag", ErrNameTooLong, "", "", "", ""),
    (
        "a/" * 127 + "a:tag-puts-this-over-max",
        None,
        "a/" * 127 + "a",
        "a",
        "tag-puts-this-over-max",
        "",
    ),
    ("aa/asdf$$^/aa", ErrReferenceInvalidFormat, "", "", "", ""),
    (
        "sub-dom1.foo.com/bar/baz/quux",
        None,
        "sub-dom1.foo.com/bar/baz/quux",
        "sub-dom1.foo.com",
        "",
        "",
    ),
    (
        "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
        None,
        "sub-dom1.foo.com/bar/baz/quux",
        "sub-dom1.foo.com",
        "some-long-tag",
        "",
    ),
    (
        "b.gcr.io/test.example.com/my-app:test.example.com",
        None,
        "b.gcr.io/test.example.com/my-app",
        "b.gcr.io",
        "test.example.com",
        "",
    ),
    (
        "xn--n3h.com/myimage:xn--n3h.com",
        None,
        "xn--n3h.com/myimage",
        "xn--n3h.com",
        "xn--n3h.com",
        "",
    ),
    (
        "xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512_F,
        None,
        "xn--7o8h.com/myimage",
        "xn--7o8h.com",
        "xn--7o8h.com",
        SHA512_F,
    ),
    ("foo_bar.com:8080", None, "foo_bar.com", "", "8080", ""),
    ("foo/foo_bar.com:8080", None, "foo/foo_bar.com", "foo", "8080", ""),
    ("192.168.1.1", None, "192.168.1.1", "", "", ""),
    ("192.168.1.1:tag", None, "192.168.1.1", "", "tag", ""),
    ("192.168.1.1:5000", None, "192.168.1.1", "", "5000", ""),
    ("192.168.1.1/repo", None, "192.168.1.1/repo", "192.168.1.1", "", ""),
    ("192.168.1.1:5000/repo", None, "192.168.1.1:5000/repo", "192.168.1.1:5000", "", ""),
    ("192.168.1.1:5000/repo:5050", None, "192.168.1.1:5000/repo", "192.168.1.1:5000", "5050", ""),
    ("[2001:db8::1]", ErrReferenceInvalidFormat, "", "", "", ""),
    ("[2001:db8::1]:5000", ErrReferenceInvalidFormat, "", "", "", ""),
    ("[2001:db8::1]:tag", ErrReferenceInvalidFormat, "", "", "", ""),
    ("[2001:db8::1]/repo", None, "[2001:db8::1]/repo", "[2001:db8::1]", "", ""),
    (
        "[2001:db8:1:2:3:4:5:6]/repo:tag",
        None,
        "[2001:db8:1:2:3:4:5:6]/repo",
        "[2001:db8:1:2:3:4:5:6]",
        "tag",
        "",
    ),
    ("[2001:db8::1]:5000/repo", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "", ""),
    (
        "[2001:db8::1]:5000/repo:tag",
        None,
        "[2001:db8::1]:5000/repo",
        "[2001:db8::1]:5000",
        "tag",
        "",
    ),
    (
        "[2001:db8::1]:5000/repo@" + SHA256_F,
        None,
        "[2001:db8::1]:5000/repo",
        "[2001:db8::1]:5000",
        "",
        SHA256_F,
    ),
    (
        "[2001:db8::1]:5000/repo:tag@" + SHA256_F,
        None,
        "[2001:db8::1]:5000/repo",
        "[2001:db8::1]:5000",
        "tag",
        SHA256_F,
    ),
    ("[2001:db8::]:5000/repo", None, "[2001:db8::]:5000/repo", "[2001:db8::]:5000", "", ""),
    ("[::1]:5000/repo", None, "[::1]:5000/repo", "[::1]:5000", "", ""),
    ("[fe80::1%eth0]:5000/repo", ErrReferenceInvalidFormat, "", "", "", ""),
    ("[fe80::1%@invalidzone]:5000/repo", ErrReferenceInvalidFormat, "", "", "", ""),
    (
        "example.com/" + "a" * 255 + ":tag",
        None,
        "example.com/" + "a" * 255,
        "example.com",
        "tag",
        "",
    ),
]


@pytest.mark.parametrize(
    ("text", "err", "repository", "domain", "tag", "digest"),
    REFERENCE_PARSE,
    ids=[_id(v[0]) for v in REFERENCE_PARSE],
)
def test_go_reference_parse(
    text: str, err: str | None, repository: str, domain: str, tag: str, digest: str
) -> None:
    if err is not None:
        exc = _raises(parse, text)
        assert exc.reason == err
        assert str(exc) == _message(err)
        assert exc.text == text
        return
    ref = parse(text)
    assert str(ref) == text
    assert ref.name == repository
    assert (ref.domain or "") == domain
    assert (ref.tag or "") == tag
    assert (ref.digest or "") == digest


# ============================================================================================
# reference_test.go (ff14fafe) -- TestWithNameFailure. WithName(s) is "ANCHORED_NAME must
# match s, and its path must be at most 255 characters"; checked through the constants.
# ============================================================================================

WITH_NAME_FAILURE = [
    ("", ErrReferenceInvalidFormat),
    (":justtag", ErrReferenceInvalidFormat),
    ("@" + SHA256_F, ErrReferenceInvalidFormat),
    ("validname@invaliddigest:" + F64, ErrReferenceInvalidFormat),
    ("example.com/repo:tag", ErrReferenceInvalidFormat),
    ("example.com/" + "a" * 256, ErrNameTooLong),
    ("aa/asdf$$^/aa", ErrReferenceInvalidFormat),
]


def _with_name_error(text: str) -> str | None:
    match = ANCHORED_NAME.match(text)
    if match is None:
        return ErrReferenceInvalidFormat
    if len(match["path"]) > 255:
        return ErrNameTooLong
    return None


@pytest.mark.parametrize(
    ("text", "err"), WITH_NAME_FAILURE, ids=[_id(v[0]) for v in WITH_NAME_FAILURE]
)
def test_go_with_name_failure(text: str, err: str) -> None:
    assert _with_name_error(text) == err


# reference_test.go (ff14fafe) -- TestDomainAndPath: (input, domain, path).
DOMAIN_AND_PATH = [
    ("test.com/foo", "test.com", "foo"),
    ("test_com/foo", "", "test_com/foo"),
    ("test:8080/foo", "test:8080", "foo"),
    ("test.com:8080/foo", "test.com:8080", "foo"),
    ("test-com:8080/foo", "test-com:8080", "foo"),
    ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
]


@pytest.mark.parametrize(
    ("text", "domain", "path"), DOMAIN_AND_PATH, ids=[v[0] for v in DOMAIN_AND_PATH]
)
def test_go_domain_and_path(text: str, domain: str, path: str) -> None:
    assert _with_name_error(text) is None
    ref = parse(text)
    assert (ref.domain or "") == domain
    assert ref.path == path


# reference_test.go (ff14fafe) -- TestSerialization: (description, input, name, tag, digest,
# err). Go round-trips the value through JSON with Parse; here through parse() and str().
SERIALIZATION = [
    ("empty value", "", "", "", "", ErrNameEmpty),
    ("just a name", "example.com:8000/named", "example.com:8000/named", "", "", None),
    (
        "name with a tag",
        "example.com:8000/named:tagged",
        "example.com:8000/named",
        "tagged",
        "",
        None,
    ),
    (
        "name with digest",
        "other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        "other.com/named",
        "",
        "sha256:1234567890098765432112345667890098765432112345667890098765432112",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "tag", "digest", "err"),
    [v[1:] for v in SERIALIZATION],
    ids=[v[0] for v in SERIALIZATION],
)
def test_go_serialization(text: str, name: str, tag: str, digest: str, err: str | None) -> None:
    if err is not None:
        assert _raises(parse, text).reason == err
        return
    ref = parse(text)
    assert (ref.name, ref.tag or "", ref.digest or "") == (name, tag, digest)
    assert str(ref) == text
    assert parse(str(ref)) == ref


# reference_test.go (ff14fafe) -- TestWithTag and TestWithDigest: (name, digest, tag, combined).
# WithTag/WithDigest only check ANCHORED_TAG / ANCHORED_DIGEST, so their 37-hex-character sha256
# digests are accepted there; Parse (and parse()) rejects them with ErrDigestInvalidLength.
WITH_TAG = [
    ("test.com/foo", "", "tag", "test.com/foo:tag"),
    ("foo", "", "tag2", "foo:tag2"),
    ("test.com:8000/foo", "", "tag4", "test.com:8000/foo:tag4"),
    ("test.com:8000/foo", "", "TAG5", "test.com:8000/foo:TAG5"),
    (
        "test.com:8000/foo",
        "sha256:1234567890098765432112345667890098765",
        "TAG5",
        "test.com:8000/foo:TAG5@sha256:1234567890098765432112345667890098765",
    ),
]
WITH_DIGEST = [
    (
        "test.com/foo",
        "sha256:1234567890098765432112345667890098765",
        "",
        "test.com/foo@sha256:1234567890098765432112345667890098765",
    ),
    (
        "foo",
        "sha256:1234567890098765432112345667890098765",
        "",
        "foo@sha256:1234567890098765432112345667890098765",
    ),
    (
        "test.com:8000/foo",
        "sha256:1234567890098765432112345667890098765",
        "",
        "test.com:8000/foo@sha256:1234567890098765432112345667890098765",
    ),
    (
        "test.com:8000/foo",
        "sha256:1234567890098765432112345667890098765",
        "latest",
        "test.com:8000/foo:latest@sha256:1234567890098765432112345667890098765",
    ),
]


@pytest.mark.parametrize(
    ("name", "digest", "tag", "combined"),
    WITH_TAG + WITH_DIGEST,
    ids=[f"with_tag:{v[3]}" for v in WITH_TAG] + [f"with_digest:{v[3]}" for v in WITH_DIGEST],
)
def test_go_with_tag_and_digest(name: str, digest: str, tag: str, combined: str) -> None:
    match = ANCHORED_NAME.match(name)
    assert match is not None
    assert ANCHORED_TAG.match(tag) if tag else True
    assert ANCHORED_DIGEST.match(digest) if digest else True
    ref = Reference(name, match["domain"], match["path"], tag or None, digest or None)
    assert str(ref) == combined
    if digest:
        exc = _raises(parse, combined)
        assert exc.reason == ErrDigestInvalidLength
        assert exc.position == combined.index(":", combined.index("@")) + 1
    else:
        assert parse(combined) == ref


# reference_test.go (ff14fafe) -- TestParseNamed: (input, domain, path, err). ParseNamed is
# ParseNormalizedNamed plus "String() must equal the input" (else ErrNameNotCanonical).
PARSE_NAMED = [
    ("test.com/foo", "test.com", "foo", None),
    ("test:8080/foo", "test:8080", "foo", None),
    ("test_com/foo", "", "", REASON_NAME_NOT_CANONICAL),
    ("test.com", "", "", REASON_NAME_NOT_CANONICAL),
    ("foo", "", "", REASON_NAME_NOT_CANONICAL),
    ("library/foo", "", "", REASON_NAME_NOT_CANONICAL),
    ("docker.io/library/foo", "docker.io", "library/foo", None),
    # Ambiguous case, parser will add "library/" to foo
    ("docker.io/foo", "", "", REASON_NAME_NOT_CANONICAL),
]


@pytest.mark.parametrize(
    ("text", "domain", "path", "err"), PARSE_NAMED, ids=[v[0] for v in PARSE_NAMED]
)
def test_go_parse_named(text: str, domain: str, path: str, err: str | None) -> None:
    ref = parse_normalized(text)
    canonical = str(ref) == text
    assert canonical == (err is None)
    if canonical:
        assert (ref.domain, ref.path) == (domain, path)


# ============================================================================================
# distribution/reference normalize_test.go (48941240)
# ============================================================================================

# TestValidateReferenceName. Go only asserts err != nil for the invalid names; the reason
# expected here was derived by hand from ParseNormalizedNamed's code.
VALID_REPO_NAMES = [
    "docker/docker",
    "library/debian",
    "debian",
    "docker.io/docker/docker",
    "docker.io/library/debian",
    "docker.io/debian",
    "index.docker.io/docker/docker",
    "index.docker.io/library/debian",
    "index.docker.io/debian",
    "127.0.0.1:5000/docker/docker",
    "127.0.0.1:5000/library/debian",
    "127.0.0.1:5000/debian",
    "192.168.0.1",
    "192.168.0.1:80",
    "192.168.0.1:8/debian",
    "192.168.0.2:25000/debian",
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    "[fc00::1]:5000/docker",
    "[fc00::1]:5000/docker/docker",
    "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
    # This test case was moved from invalid to valid since it is valid input
    # when specified with a hostname, it removes the ambiguity from about
    # whether the value is an identifier or repository name
    "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    "Docker/docker",
    "DOCKER/docker",
]
INVALID_REPO_NAMES = [
    ("https://github.com/docker/docker", ErrReferenceInvalidFormat),
    ("docker/Docker", ErrNameContainsUppercase),
    ("-docker", ErrReferenceInvalidFormat),
    ("-docker/docker", ErrReferenceInvalidFormat),
    ("-docker.io/docker/docker", ErrReferenceInvalidFormat),
    ("docker///docker", ErrReferenceInvalidFormat),
    ("docker.io/docker/Docker", ErrNameContainsUppercase),
    ("docker.io/docker///docker", ErrReferenceInvalidFormat),
    ("[fc00::1]", ErrReferenceInvalidFormat),
    ("[fc00::1]:5000", ErrReferenceInvalidFormat),
    ("fc00::1:5000/debian", ErrReferenceInvalidFormat),
    ("[fe80::1%eth0]:5000/debian", ErrReferenceInvalidFormat),
    ("[2001:db8:3:4::192.0.2.33]:5000/debian", ErrReferenceInvalidFormat),
    ("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", ErrNameIsIdentifier),
]

# TestValidateRemoteName (same note on the expected reasons).
VALID_REPOSITORY_NAMES = [
    # Sanity check.
    "docker/docker",
    # Allow 64-character non-hexadecimal names (hexadecimal names are forbidden).
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    # Allow embedded hyphens.
    "docker-rules/docker",
    # Allow multiple hyphens as well.
    "docker---rules/docker",
    # Username doc and image name docker being tested.
    "doc/docker",
    # single character names are now allowed.
    "d/docker",
    "jess/t",
    # Consecutive underscores.
    "dock__er/docker",
]
INVALID_REPOSITORY_NAMES = [
    # Disallow capital letters.
    ("docker/Docker", ErrNameContainsUppercase),
    # Only allow one slash.
    ("docker///docker", ErrReferenceInvalidFormat),
    # Disallow 64-character hexadecimal.
    ("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", ErrNameIsIdentifier),
    # Disallow leading and trailing hyphens in namespace.
    ("-docker/docker", ErrReferenceInvalidFormat),
    ("docker-/docker", ErrReferenceInvalidFormat),
    ("-docker-/docker", ErrReferenceInvalidFormat),
    # Don't allow underscores everywhere (as opposed to hyphens).
    ("____/____", ErrReferenceInvalidFormat),
    ("_docker/_docker", ErrReferenceInvalidFormat),
    # Disallow consecutive periods.
    ("dock..er/docker", ErrReferenceInvalidFormat),
    ("dock_.er/docker", ErrReferenceInvalidFormat),
    ("dock-.er/docker", ErrReferenceInvalidFormat),
    # No repository.
    ("docker/", ErrReferenceInvalidFormat),
    # namespace too long
    (
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_"
        "valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_"
        "because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_"
        "is_greater_than_255/docker",
        ErrNameTooLong,
    ),
]

VALID_NORMALIZED = [("TestValidateReferenceName", n) for n in VALID_REPO_NAMES] + [
    ("TestValidateRemoteName", n) for n in VALID_REPOSITORY_NAMES
]
INVALID_NORMALIZED = [("TestValidateReferenceName", n, e) for n, e in INVALID_REPO_NAMES] + [
    ("TestValidateRemoteName", n, e) for n, e in INVALID_REPOSITORY_NAMES
]


@pytest.mark.parametrize(
    ("table", "text"), VALID_NORMALIZED, ids=[f"{t}:{_id(n)}" for t, n in VALID_NORMALIZED]
)
def test_go_valid_normalized_names(table: str, text: str) -> None:
    ref = parse_normalized(text)
    assert ref.domain is not None
    assert parse_normalized(str(ref)) == ref


@pytest.mark.parametrize(
    ("table", "text", "err"),
    INVALID_NORMALIZED,
    ids=[f"{t}:{_id(n)}" for t, n, _ in INVALID_NORMALIZED],
)
def test_go_invalid_normalized_names(table: str, text: str, err: str) -> None:
    exc = _raises(parse_normalized, text)
    assert exc.reason == err
    assert "\n" not in str(exc)


# TestParseRepositoryInfo: (RemoteName, FamiliarName, FullName, AmbiguousName, Domain). Each of
# FamiliarName, FullName and (if set) AmbiguousName must normalise to the same reference.
REPOSITORY_INFO = [
    ("fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"),
    ("library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"),
    ("nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"),
    ("other/library", "other/library", "docker.io/other/library", "", "docker.io"),
    (
        "private/moonbase",
        "127.0.0.1:8000/private/moonbase",
        "127.0.0.1:8000/private/moonbase",
        "",
        "127.0.0.1:8000",
    ),
    (
        "privatebase",
        "127.0.0.1:8000/privatebase",
        "127.0.0.1:8000/privatebase",
        "",
        "127.0.0.1:8000",
    ),
    (
        "private/moonbase",
        "example.com/private/moonbase",
        "example.com/private/moonbase",
        "",
        "example.com",
    ),
    ("privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"),
    (
        "private/moonbase",
        "example.com:8000/private/moonbase",
        "example.com:8000/private/moonbase",
        "",
        "example.com:8000",
    ),
    (
        "privatebasee",
        "example.com:8000/privatebasee",
        "example.com:8000/privatebasee",
        "",
        "example.com:8000",
    ),
    (
        "library/ubuntu-12.04-base",
        "ubuntu-12.04-base",
        "docker.io/library/ubuntu-12.04-base",
        "index.docker.io/library/ubuntu-12.04-base",
        "docker.io",
    ),
    ("library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"),
    ("library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"),
    ("store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"),
    ("bar", "Foo/bar", "Foo/bar", "", "Foo"),
    ("bar", "FOO/bar", "FOO/bar", "", "FOO"),
]
REPOSITORY_INFO_CASES = [
    (i, text, case)
    for i, case in enumerate(REPOSITORY_INFO)
    for text in (case[1], case[2], case[3])
    if text
]


@pytest.mark.parametrize(
    ("index", "text", "case"),
    REPOSITORY_INFO_CASES,
    ids=[f"{i}/{t}" for i, t, _ in REPOSITORY_INFO_CASES],
)
def test_go_parse_repository_info(index: int, text: str, case: tuple[str, ...]) -> None:
    remote_name, familiar_name, full_name, _ambiguous, domain = case
    ref = parse_normalized(text)
    assert ref.familiar == familiar_name
    assert str(ref) == full_name
    assert ref.domain == domain
    assert ref.path == remote_name


def test_go_parse_reference_with_tag_and_digest() -> None:
    """normalize_test.go TestParseReferenceWithTagAndDigest."""
    short_ref = (
        "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
    )
    ref = parse_normalized(short_ref)
    assert str(ref) == "docker.io/library/" + short_ref
    assert ref.tag == "latest"
    assert ref.digest is not None
    assert ref.familiar_string == short_ref


def test_go_invalid_reference_components() -> None:
    """normalize_test.go TestInvalidReferenceComponents (WithTag/WithDigest via the regexes)."""
    assert _raises(parse_normalized, "-foo").reason == ErrReferenceInvalidFormat
    ref = parse_normalized("busybox")
    assert str(ref) == "docker.io/library/busybox"
    assert ANCHORED_TAG.match("-foo") is None  # WithTag(ref, "-foo") fails
    assert ANCHORED_DIGEST.match("foo") is None  # WithDigest(ref, "foo") fails


# TestParseAnyReference: (Reference, Equivalent, expected digestReference?). ParseAnyReference
# first tries "64-hex identifier" and "bare digest"; parse_normalized is ParseNormalizedNamed,
# so it applies to every row except those two, for which ParseNormalizedNamed's own behaviour
# is asserted instead (an identifier error, and "sha256" as a repository with a tag).
DBCC = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"
PARSE_ANY_REFERENCE = [
    ("redis", "docker.io/library/redis", False),
    ("redis:latest", "docker.io/library/redis:latest", False),
    ("docker.io/library/redis:latest", "docker.io/library/redis:latest", False),
    ("redis@sha256:" + DBCC, "docker.io/library/redis@sha256:" + DBCC, False),
    ("docker.io/library/redis@sha256:" + DBCC, "docker.io/library/redis@sha256:" + DBCC, False),
    ("dmcgowan/myapp", "docker.io/dmcgowan/myapp", False),
    ("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest", False),
    ("docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest", False),
    ("dmcgowan/myapp@sha256:" + DBCC, "docker.io/dmcgowan/myapp@sha256:" + DBCC, False),
    ("docker.io/dmcgowan/myapp@sha256:" + DBCC, "docker.io/dmcgowan/myapp@sha256:" + DBCC, False),
    (DBCC, "sha256:" + DBCC, True),
    ("sha256:" + DBCC, "sha256:" + DBCC, True),
    (DBCC[:-1], "docker.io/library/" + DBCC[:-1], False),
    ("dbcc1", "docker.io/library/dbcc1", False),
]


@pytest.mark.parametrize(
    ("text", "equivalent", "is_digest"),
    PARSE_ANY_REFERENCE,
    ids=[_id(v[0]) for v in PARSE_ANY_REFERENCE],
)
def test_go_parse_any_reference(text: str, equivalent: str, is_digest: bool) -> None:
    if not is_digest:
        ref = parse_normalized(text)
        assert str(ref) == equivalent
        assert ref == parse(equivalent)
    elif ANCHORED_IDENTIFIER.match(text):
        exc = _raises(parse_normalized, text)
        assert exc.reason == ErrNameIsIdentifier
        assert str(exc) == (
            f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"
        )
    else:
        ref = parse_normalized(text)
        assert (ref.name, ref.tag) == ("docker.io/library/sha256", DBCC)


# TestNormalizedSplitHostname: (input, domain, path).
NORMALIZED_SPLIT_HOSTNAME = [
    ("test.com/foo", "test.com", "foo"),
    ("test_com/foo", "docker.io", "test_com/foo"),
    ("docker/migrator", "docker.io", "docker/migrator"),
    ("test.com:8080/foo", "test.com:8080", "foo"),
    ("test-com:8080/foo", "test-com:8080", "foo"),
    ("foo", "docker.io", "library/foo"),
    ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
    ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
    ("docker.io/foo", "docker.io", "library/foo"),
    ("docker.io/library/foo", "docker.io", "library/foo"),
    ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
]


@pytest.mark.parametrize(
    ("text", "domain", "path"),
    NORMALIZED_SPLIT_HOSTNAME,
    ids=[v[0] for v in NORMALIZED_SPLIT_HOSTNAME],
)
def test_go_normalized_split_hostname(text: str, domain: str, path: str) -> None:
    ref = parse_normalized(text)
    assert (ref.domain, ref.path) == (domain, path)


def test_go_match_error() -> None:
    """normalize_test.go TestMatchError: ParseAnyReference("foo") must succeed.

    The rest of that test (FamiliarMatch with the bad pattern "[-x]") exercises Go's
    path.Match, which this module does not provide.
    """
    ref = parse_normalized("foo")
    assert (str(ref), ref.familiar) == ("docker.io/library/foo", "foo")


# TestMatch: (reference, pattern, expected). FamiliarMatch is path.Match(pattern,
# FamiliarString(ref)) || path.Match(pattern, FamiliarName(ref)); emulated below.
MATCH = [
    ("foo", "foo/**/ba[rz]", False),
    ("foo/any/bat", "foo/**/ba[rz]", False),
    ("foo/a/bar", "foo/**/ba[rz]", True),
    ("foo/b/baz", "foo/**/ba[rz]", True),
    ("foo/c/baz:tag", "foo/**/ba[rz]", True),
    ("foo/c/baz:tag", "foo/*/baz:tag", True),
    ("foo/c/baz:tag", "foo/c/baz:tag", True),
    ("example.com/foo/c/baz:tag", "*/foo/c/baz", True),
    ("example.com/foo/c/baz:tag", "example.com/foo/c/baz", True),
]


def _go_path_match(pattern: str, name: str) -> bool:
    """Go's path.Match for the patterns used in TestMatch (``*``, ``?``, ``[...]``)."""
    regex, i = "", 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            regex += "[^/]*"
        elif char == "?":
            regex += "[^/]"
        elif char == "[":
            end = pattern.index("]", i)
            regex += "[" + pattern[i + 1 : end] + "]"
            i = end
        else:
            regex += re.escape(char)
        i += 1
    return re.fullmatch(regex, name) is not None


@pytest.mark.parametrize(
    ("text", "pattern", "expected"), MATCH, ids=[f"{v[0]}~{v[1]}" for v in MATCH]
)
def test_go_match(text: str, pattern: str, expected: bool) -> None:
    ref = parse_normalized(text)
    matched = _go_path_match(pattern, ref.familiar_string) or _go_path_match(pattern, ref.familiar)
    assert matched == expected


# TestParseDockerRef: (name, input, expected). ParseDockerRef = ParseNormalizedNamed, then add
# ":latest" to a bare name, or drop the tag when there is also a digest. parse_normalized must
# NOT do either, so the expectation here is derived from Go's (4th column); Go's expected
# output must itself be accepted by parse(), as the Go test checks.
DIGEST_E66 = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"
PARSE_DOCKER_REF = [
    ("nothing", "busybox", "docker.io/library/busybox:latest", "docker.io/library/busybox"),
    (
        "tag only",
        "busybox:latest",
        "docker.io/library/busybox:latest",
        "docker.io/library/busybox:latest",
    ),
    (
        "digest only",
        "busybox@" + DIGEST_E66,
        "docker.io/library/busybox@" + DIGEST_E66,
        "docker.io/library/busybox@" + DIGEST_E66,
    ),
    (
        "path only",
        "library/busybox",
        "docker.io/library/busybox:latest",
        "docker.io/library/busybox",
    ),
    (
        "hostname only",
        "docker.io/busybox",
        "docker.io/library/busybox:latest",
        "docker.io/library/busybox",
    ),
    (
        "no tag",
        "docker.io/library/busybox",
        "docker.io/library/busybox:latest",
        "docker.io/library/busybox",
    ),
    (
        "no path",
        "docker.io/busybox:latest",
        "docker.io/library/busybox:latest",
        "docker.io/library/busybox:latest",
    ),
    (
        "no hostname",
        "library/busybox:latest",
        "docker.io/library/busybox:latest",
        "docker.io/library/busybox:latest",
    ),
    (
        "full reference with tag",
        "docker.io/library/busybox:latest",
        "docker.io/library/busybox:latest",
        "docker.io/library/busybox:latest",
    ),
    (
        "gcr reference without tag",
        "gcr.io/library/busybox",
        "gcr.io/library/busybox:latest",
        "gcr.io/library/busybox",
    ),
    (
        "both tag and digest",
        "gcr.io/library/busybox:latest@" + DIGEST_E66,
        "gcr.io/library/busybox@" + DIGEST_E66,
        "gcr.io/library/busybox:latest@" + DIGEST_E66,
    ),
]


@pytest.mark.parametrize(
    ("text", "docker_ref", "normalized"),
    [v[1:] for v in PARSE_DOCKER_REF],
    ids=[v[0] for v in PARSE_DOCKER_REF],
)
def test_go_parse_docker_ref_inputs(text: str, docker_ref: str, normalized: str) -> None:
    assert str(parse_normalized(text)) == normalized
    assert str(parse(docker_ref)) == docker_ref


# ============================================================================================
# distribution/reference regexp_test.go (875f162f)
# ============================================================================================

# TestDomainRegexp: (input, match), against ^domainAndPort$.
DOMAIN_REGEXP = [
    ("test.com", True),
    ("test.com:10304", True),
    ("test.com:http", False),
    ("localhost", True),
    ("localhost:8080", True),
    ("a", True),
    ("a.b", True),
    ("ab.cd.com", True),
    ("a-b.com", True),
    ("-ab.com", False),
    ("ab-.com", False),
    ("ab.c-om", True),
    ("ab.-com", False),
    ("ab.com-", False),
    ("0101.com", True),  # TODO(dmcgowan): valid if this should be allowed
    ("001a.com", True),
    ("b.gbc.io:443", True),
    ("b.gbc.io", True),
    ("xn--n3h.com", True),  # ☃.com in punycode
    ("Asdf.com", True),  # uppercase character
    ("192.168.1.1:75050", True),  # ipv4
    ("192.168.1.1:750050", True),  # port with more than 5 digits, it will fail on validation
    ("[fd00:1:2::3]:75050", True),  # ipv6 compressed
    ("[fd00:1:2::3]75050", False),  # ipv6 wrong port separator
    ("[fd00:1:2::3]::75050", False),  # ipv6 wrong port separator
    ("[fd00:1:2::3%eth0]:75050", False),  # ipv6 with zone
    ("[fd00123123123]:75050", True),  # ipv6 wrong format, will fail in validation
    ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", True),  # ipv6 long format
    # ipv6 long format and invalid port, it will fail in validation
    ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505", True),
    ("fd00:1:2::3:75050", False),  # bad ipv6 without square brackets
]


@pytest.mark.parametrize(("text", "match"), DOMAIN_REGEXP, ids=[v[0] for v in DOMAIN_REGEXP])
def test_go_domain_regexp(text: str, match: bool) -> None:
    assert (ANCHORED_DOMAIN.match(text) is not None) == match


# TestFullNameRegexp: (input, match, subs) against the anchored name regexp; subs are the
# (domain, path) captures, "" for no domain; None where Go gives no subs.
FULL_NAME_REGEXP: list[tuple[str, bool, tuple[str, str] | None]] = [
    ("", False, None),
    ("short", True, ("", "short")),
    ("simple/name", True, ("simple", "name")),
    ("library/ubuntu", True, ("library", "ubuntu")),
    ("docker/stevvooe/app", True, ("docker", "stevvooe/app")),
    (
        "aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb",
        True,
        ("aa", "aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"),
    ),
    ("aa/aa/bb/bb/bb", True, ("aa", "aa/bb/bb/bb")),
    ("a/a/a/a", True, ("a", "a/a/a")),
    ("a/a/a/a/", False, None),
    ("a//a/a", False, None),
    ("a", True, ("", "a")),
    ("a/aa", True, ("a", "aa")),
    ("a/aa/a", True, ("a", "aa/a")),
    ("foo.com", True, ("", "foo.com")),
    ("foo.com/", False, None),
    ("foo.com:8080/bar", True, ("foo.com:8080", "bar")),
    ("foo.com:http/bar", False, None),
    ("foo.com/bar", True, ("foo.com", "bar")),
    ("foo.com/bar/baz", True, ("foo.com", "bar/baz")),
    ("localhost:8080/bar", True, ("localhost:8080", "bar")),
    ("sub-dom1.foo.com/bar/baz/quux", True, ("sub-dom1.foo.com", "bar/baz/quux")),
    ("blog.foo.com/bar/baz", True, ("blog.foo.com", "bar/baz")),
    ("a^a", False, None),
    ("aa/asdf$$^/aa", False, None),
    ("asdf$$^/aa", False, None),
    ("aa-a/a", True, ("aa-a", "a")),
    ("a/" * 128 + "a", True, ("a", "a/" * 127 + "a")),
    ("a-/a/a/a", False, None),
    ("foo.com/a-/a/a", False, None),
    ("-foo/bar", False, None),
    ("foo/bar-", False, None),
    ("foo-/bar", False, None),
    ("foo/-bar", False, None),
    ("_foo/bar", False, None),
    ("foo_bar", True, ("", "foo_bar")),
    ("foo_bar.com", True, ("", "foo_bar.com")),
    ("foo_bar.com:8080", False, None),
    ("foo_bar.com:8080/app", False, None),
    ("foo.com/foo_bar", True, ("foo.com", "foo_bar")),
    ("____/____", False, None),
    ("_docker/_docker", False, None),
    ("docker_/docker_", False, None),
    ("b.gcr.io/test.example.com/my-app", True, ("b.gcr.io", "test.example.com/my-app")),
    ("xn--n3h.com/myimage", True, ("xn--n3h.com", "myimage")),  # ☃.com in punycode
    ("xn--7o8h.com/myimage", True, ("xn--7o8h.com", "myimage")),  # 🐳.com in punycode
    ("example.com/xn--7o8h.com/myimage", True, ("example.com", "xn--7o8h.com/myimage")),
    (
        "example.com/some_separator__underscore/myimage",
        True,
        ("example.com", "some_separator__underscore/myimage"),
    ),
    ("example.com/__underscore/myimage", False, None),
    ("example.com/..dots/myimage", False, None),
    ("example.com/.dots/myimage", False, None),
    ("example.com/nodouble..dots/myimage", False, None),
    ("example.com/nodouble..dots/myimage", False, None),
    ("docker./docker", False, None),
    (".docker/docker", False, None),
    ("docker-/docker", False, None),
    ("-docker/docker", False, None),
    ("do..cker/docker", False, None),
    ("do__cker:8080/docker", False, None),
    ("do__cker/docker", True, ("", "do__cker/docker")),
    ("b.gcr.io/test.example.com/my-app", True, ("b.gcr.io", "test.example.com/my-app")),
    (
        "registry.io/foo/project--id.module--name.ver---sion--name",
        True,
        ("registry.io", "foo/project--id.module--name.ver---sion--name"),
    ),
    ("Asdf.com/foo/bar", True, None),  # uppercase character in hostname
    ("Foo/FarB", False, None),  # uppercase characters in remote name
]


@pytest.mark.parametrize(
    ("text", "match", "subs"), FULL_NAME_REGEXP, ids=[_id(v[0]) for v in FULL_NAME_REGEXP]
)
def test_go_full_name_regexp(text: str, match: bool, subs: tuple[str, str] | None) -> None:
    result = ANCHORED_NAME.match(text)
    assert (result is not None) == match
    if result is not None and subs is not None:
        assert (result["domain"] or "", result["path"]) == subs


# TestReferenceRegexp: (input, match, subs) where subs are the (name, tag, digest) captures.
BE178 = "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912"
REFERENCE_REGEXP: list[tuple[str, bool, tuple[str, str, str] | None]] = [
    ("registry.com:8080/myapp:tag", True, ("registry.com:8080/myapp", "tag", "")),
    ("registry.com:8080/myapp@" + BE178, True, ("registry.com:8080/myapp", "", BE178)),
    ("registry.com:8080/myapp:tag2@" + BE178, True, ("registry.com:8080/myapp", "tag2", BE178)),
    ("registry.com:8080/myapp@sha256:badbadbadbad", False, None),
    ("registry.com:8080/myapp:invalid~tag", False, None),
    ("bad_hostname.com:8080/myapp:tag", False, None),
    # localhost treated as name, missing tag with 8080 as tag
    ("localhost:8080@" + BE178, True, ("localhost", "8080", BE178)),
    ("localhost:8080/name@" + BE178, True, ("localhost:8080/name", "", BE178)),
    ("localhost:http/name@" + BE178, False, None),
    # localhost will be treated as an image name without a host
    ("localhost@" + BE178, True, ("localhost", "", BE178)),
    ("registry.com:8080/myapp@bad", False, None),
    ("registry.com:8080/myapp@2bad", False, None),  # TODO(dmcgowan): Support this as valid
]


@pytest.mark.parametrize(
    ("text", "match", "subs"), REFERENCE_REGEXP, ids=[_id(v[0]) for v in REFERENCE_REGEXP]
)
def test_go_reference_regexp(text: str, match: bool, subs: tuple[str, str, str] | None) -> None:
    result = ANCHORED_REFERENCE.match(text)
    assert (result is not None) == match
    if result is not None and subs is not None:
        assert (result["name"], result["tag"] or "", result["digest"] or "") == subs
        assert parse(text).name == subs[0]


# TestIdentifierRegexp: (input, match).
IDENTIFIER_REGEXP = [
    ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821", True),
    ("7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C", False),
    ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf", False),
    ("sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821", False),
    ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482", False),
]


@pytest.mark.parametrize(
    ("text", "match"), IDENTIFIER_REGEXP, ids=[_id(v[0]) for v in IDENTIFIER_REGEXP]
)
def test_go_identifier_regexp(text: str, match: bool) -> None:
    assert (ANCHORED_IDENTIFIER.match(text) is not None) == match


# ============================================================================================
# go-digest validation (opencontainers/go-digest v1.0.0 digest.go / algorithm.go semantics)
# ============================================================================================

DIGEST_VALIDATION = [
    ("sha256:" + "a" * 64, None, None),
    ("sha384:" + "a" * 96, None, None),
    ("sha512:" + "a" * 128, None, None),
    ("sha256:" + "a" * 63, REASON_DIGEST_INVALID_LENGTH, 7),
    ("sha256:" + "a" * 65, REASON_DIGEST_INVALID_LENGTH, 7),
    ("sha384:" + "a" * 64, REASON_DIGEST_INVALID_LENGTH, 7),
    ("sha512:" + "a" * 96, REASON_DIGEST_INVALID_LENGTH, 7),
    ("sha256:" + "A" * 64, REASON_CHECKSUM_INVALID_FORMAT, 7),
    ("sha256:" + "a" * 63 + "F", REASON_CHECKSUM_INVALID_FORMAT, 70),
    ("SHA256:" + "a" * 64, REASON_CHECKSUM_INVALID_FORMAT, 0),
    ("sHa256:" + "a" * 64, REASON_CHECKSUM_INVALID_FORMAT, 1),
    ("sha1:" + "a" * 40, REASON_DIGEST_UNSUPPORTED, 0),
    ("md5:" + "a" * 32, REASON_DIGEST_UNSUPPORTED, 0),
    ("sha256+b64:" + "a" * 64, REASON_DIGEST_UNSUPPORTED, 0),
    ("sha256.x:" + "A" * 64, REASON_DIGEST_UNSUPPORTED, 0),
    ("blake3:" + "a" * 64, REASON_DIGEST_UNSUPPORTED, 0),
]


@pytest.mark.parametrize(
    ("digest", "reason", "offset"), DIGEST_VALIDATION, ids=[_id(v[0]) for v in DIGEST_VALIDATION]
)
def test_digest_validation(digest: str, reason: str | None, offset: int | None) -> None:
    text = "repo@" + digest
    if reason is None:
        ref = parse(text)
        assert ref.digest == digest
        assert ref.digest_algorithm == digest.split(":")[0]
        assert ref.digest_hex == digest.split(":")[1]
        return
    exc = _raises(parse, text)
    assert exc.reason == reason
    assert str(exc) == f"invalid reference format: {reason}"
    assert offset is not None
    assert exc.position == len("repo@") + offset


def test_digest_fix_lowercases_known_algorithms_only() -> None:
    exc = _raises(parse, "repo@sha256:" + "A" * 64)
    assert exc.fix == "repo@sha256:" + "a" * 64
    exc = _raises(parse, "repo@SHA256:" + "A" * 64)
    assert exc.fix == "repo@sha256:" + "a" * 64
    assert _raises(parse, "repo@sha1:" + "a" * 40).fix is None
    assert _raises(parse, "repo@sha256:" + "a" * 63).fix is None


# ============================================================================================
# Errors: reasons, messages, positions and fixes
# ============================================================================================


def test_reason_constants_equal_go_messages() -> None:
    assert REASON_REFERENCE_INVALID_FORMAT == "invalid reference format"
    assert REASON_TAG_INVALID_FORMAT == "invalid tag format"
    assert REASON_DIGEST_INVALID_FORMAT == "invalid digest format"
    assert REASON_NAME_CONTAINS_UPPERCASE == "repository name must be lowercase"
    assert REASON_NAME_EMPTY == "repository name must have at least one component"
    assert REASON_NAME_TOO_LONG == "repository name must not be more than 255 characters"
    assert REASON_NAME_NOT_CANONICAL == "repository name must be canonical"
    assert REASON_DIGEST_UNSUPPORTED == "unsupported digest algorithm"
    assert REASON_DIGEST_INVALID_LENGTH == "invalid checksum digest length"
    assert REASON_CHECKSUM_INVALID_FORMAT == "invalid checksum digest format"
    assert "cannot specify 64-byte hexadecimal strings" in REASON_NAME_IS_IDENTIFIER
    assert len(REASONS) == 11


# (parser, input, reason, str(exc), position, fix)
ERROR_DETAILS = [
    (
        "parse",
        "Uppercase:tag",
        ErrNameContainsUppercase,
        "invalid reference format: repository name must be lowercase",
        0,
        "uppercase:tag",
    ),
    (
        "parse",
        "test:5000/Uppercase/lowercase:tag",
        ErrNameContainsUppercase,
        "invalid reference format: repository name must be lowercase",
        10,
        "test:5000/uppercase/lowercase:tag",
    ),
    # Domain, tag and digest are kept as written; only the path is lower-cased.
    (
        "parse",
        "Registry.Example.com:5000/Team/App:V1@" + SHA256_F,
        ErrNameContainsUppercase,
        "invalid reference format: repository name must be lowercase",
        26,
        "Registry.Example.com:5000/team/app:V1@" + SHA256_F,
    ),
    ("parse", "Foo/FarB", ErrNameContainsUppercase, None, 4, "Foo/farb"),
    (
        "parse",
        "",
        ErrNameEmpty,
        "invalid reference format: repository name must have at least one component",
        None,
        None,
    ),
    ("parse", ":justtag", ErrReferenceInvalidFormat, "invalid reference format", 0, None),
    ("parse", "aa/asdf$$^/aa", ErrReferenceInvalidFormat, None, 7, None),
    ("parse", "docker//docker", ErrReferenceInvalidFormat, None, 7, None),
    ("parse", "docker/", ErrReferenceInvalidFormat, None, 7, None),
    ("parse", "dock..er/docker", ErrReferenceInvalidFormat, None, 4, None),
    ("parse", "[fe80::1%eth0]:5000/repo", ErrReferenceInvalidFormat, None, 8, None),
    ("parse", "repo:tag!", ErrReferenceInvalidFormat, None, 8, None),
    ("parse", "repo:" + "t" * 129, ErrReferenceInvalidFormat, None, 5 + 128, None),
    ("parse", "repo@sha256:abc", ErrReferenceInvalidFormat, None, 15, None),
    ("parse", "repo@", ErrReferenceInvalidFormat, None, 5, None),
    (
        "parse",
        "a" * 256,
        ErrNameTooLong,
        "invalid reference format: " + REASON_NAME_TOO_LONG,
        255,
        None,
    ),
    ("parse", "example.com/" + "a" * 256, ErrNameTooLong, None, 12 + 255, None),
    (
        "parse_normalized",
        "Ubuntu",
        ErrNameContainsUppercase,
        "invalid reference format: repository name (library/Ubuntu) must be lowercase",
        0,
        "ubuntu",
    ),
    (
        "parse_normalized",
        "myorg/MyApp:1.0",
        ErrNameContainsUppercase,
        "invalid reference format: repository name (myorg/MyApp) must be lowercase",
        6,
        "myorg/myapp:1.0",
    ),
    (
        "parse_normalized",
        "ghcr.io/Org/App:Latest",
        ErrNameContainsUppercase,
        "invalid reference format: repository name (Org/App) must be lowercase",
        8,
        "ghcr.io/org/app:Latest",
    ),
    # An upper-case first component is taken as a domain (Go's splitDockerDomain).
    (
        "parse_normalized",
        "Foo/Bar",
        ErrNameContainsUppercase,
        "invalid reference format: repository name (Bar) must be lowercase",
        4,
        "Foo/bar",
    ),
    # ... which then fails Parse, since "Foo_Bar" is not a valid domain.
    (
        "parse_normalized",
        "Foo_Bar/baz",
        ErrNameContainsUppercase,
        "invalid reference format: repository name must be lowercase",
        0,
        "foo_bar/baz",
    ),
    # Go computes the "remote" up to the first ":", so a digest algorithm can be included.
    (
        "parse_normalized",
        "foo@SHA256:" + "a" * 64,
        ErrNameContainsUppercase,
        "invalid reference format: repository name (library/foo@SHA256) must be lowercase",
        4,
        "foo@sha256:" + "a" * 64,
    ),
    (
        "parse_normalized",
        "index.docker.io/Foo",
        ErrNameContainsUppercase,
        "invalid reference format: repository name (library/Foo) must be lowercase",
        16,
        "index.docker.io/foo",
    ),
    (
        "parse_normalized",
        "a" * 64,
        ErrNameIsIdentifier,
        f"invalid repository name ({'a' * 64}), cannot specify 64-byte hexadecimal strings",
        0,
        None,
    ),
    # ParseNormalizedNamed("") parses "docker.io/library/", which is an invalid format.
    ("parse_normalized", "", ErrReferenceInvalidFormat, "invalid reference format", 0, None),
    ("parse_normalized", "-foo", ErrReferenceInvalidFormat, None, 0, None),
    ("parse_normalized", "docker.io/foo//bar", ErrReferenceInvalidFormat, None, 14, None),
    # A single component gets "library/" and so may be at most 247 characters.
    ("parse_normalized", "a" * 247 + "b", ErrNameTooLong, None, 247, None),
]


@pytest.mark.parametrize(
    ("parser", "text", "reason", "message", "position", "fix"),
    ERROR_DETAILS,
    ids=[f"{v[0]}:{_id(v[1])}" for v in ERROR_DETAILS],
)
def test_error_details(
    parser: str,
    text: str,
    reason: str,
    message: str | None,
    position: int | None,
    fix: str | None,
) -> None:
    func = parse if parser == "parse" else parse_normalized
    exc = _raises(func, text)
    assert exc.reason == reason
    assert exc.text == text
    assert str(exc) == (message if message is not None else _message(reason))
    assert exc.position == position
    assert exc.fix == fix
    if fix is not None:
        func(fix)


def test_invalid_reference_is_a_picklable_value_error() -> None:
    exc = _raises(parse_normalized, "Ubuntu")
    assert isinstance(exc, ValueError)
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is InvalidReference
    assert (clone.reason, clone.text, str(clone), clone.position, clone.fix) == (
        exc.reason,
        exc.text,
        str(exc),
        exc.position,
        exc.fix,
    )


def test_invalid_reference_default_message() -> None:
    assert str(InvalidReference(REASON_NAME_TOO_LONG, "x")) == _message(REASON_NAME_TOO_LONG)
    assert str(InvalidReference(REASON_REFERENCE_INVALID_FORMAT, "x")) == "invalid reference format"


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        parse(b"ubuntu")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_normalized(None)  # type: ignore[arg-type]


# ============================================================================================
# Python-specific traps: $ before a trailing newline, Unicode \w and \d, NUL, lengths
# ============================================================================================

# (parser, input, reason, position, fix)
PYTHON_TRAPS = [
    ("parse", "ubuntu\n", ErrReferenceInvalidFormat, 6, "ubuntu"),
    ("parse", "ubuntu:latest\n", ErrReferenceInvalidFormat, 13, "ubuntu:latest"),
    ("parse", "ubuntu@" + SHA256_F + "\n", ErrReferenceInvalidFormat, 78, "ubuntu@" + SHA256_F),
    ("parse", "\nubuntu", ErrReferenceInvalidFormat, 0, "ubuntu"),
    ("parse", " ubuntu ", ErrReferenceInvalidFormat, 0, "ubuntu"),
    ("parse", "ubuntu latest", ErrReferenceInvalidFormat, 6, None),
    ("parse_normalized", "ubuntu\n", ErrReferenceInvalidFormat, 6, "ubuntu"),
    (
        "parse_normalized",
        "library/ubuntu:22.04\r\n",
        ErrReferenceInvalidFormat,
        20,
        "library/ubuntu:22.04",
    ),
    ("parse", "\uff55buntu", ErrReferenceInvalidFormat, 0, None),  # fullwidth u
    ("parse", "ubuntu:\u0661", ErrReferenceInvalidFormat, 7, None),  # Arabic-Indic digit one
    ("parse", "ubuntu:lat\u00e9st", ErrReferenceInvalidFormat, 10, None),  # é is \w in Unicode
    ("parse", "ubuntu@sha256:" + "\u0661" * 64, ErrReferenceInvalidFormat, 14, None),
    ("parse", "ubuntu@sha256:" + "a" * 63 + "\u0663", ErrReferenceInvalidFormat, 77, None),
    ("parse", "ex\u00e4mple.com/foo", ErrReferenceInvalidFormat, 2, None),
    ("parse", "ubuntu\x00", ErrReferenceInvalidFormat, 6, None),
    ("parse", "ub\x00untu:latest", ErrReferenceInvalidFormat, 2, None),
    ("parse_normalized", "\x00", ErrReferenceInvalidFormat, 0, None),
    ("parse", " ", ErrReferenceInvalidFormat, 0, None),
    ("parse", "\ud800", ErrReferenceInvalidFormat, 0, None),  # lone surrogate
    # Go's strings.ToLower maps KELVIN SIGN to "k" and U+0130 to "i", so Go reports these as
    # upper case; Python's str.lower would turn U+0130 into two characters.
    ("parse", "\u212aube", ErrNameContainsUppercase, 0, "kube"),
    ("parse", "\u0130mage", ErrNameContainsUppercase, 0, "image"),
    ("parse_normalized", "\u0130mage", ErrNameContainsUppercase, 0, "image"),
    ("parse", "\u00dcbuntu", ErrReferenceInvalidFormat, 0, None),  # lowers to non-ASCII
]


@pytest.mark.parametrize(
    ("parser", "text", "reason", "position", "fix"),
    PYTHON_TRAPS,
    ids=[f"{v[0]}:{_id(v[1])}" for v in PYTHON_TRAPS],
)
def test_python_traps(parser: str, text: str, reason: str, position: int, fix: str | None) -> None:
    func = parse if parser == "parse" else parse_normalized
    exc = _raises(func, text)
    assert exc.reason == reason
    assert exc.position == position
    assert exc.fix == fix
    assert "\n" not in str(exc)
    if fix is not None:
        func(fix)


def test_newline_in_normalized_message_is_escaped() -> None:
    exc = _raises(parse_normalized, "Foo\n")
    assert (
        str(exc) == "invalid reference format: repository name (library/Foo\\n) must be lowercase"
    )


def test_regexes_are_ascii_and_fully_anchored() -> None:
    patterns = [
        ANCHORED_REFERENCE,
        ANCHORED_NAME,
        ANCHORED_TAG,
        ANCHORED_DIGEST,
        ANCHORED_PATH_COMPONENT,
        ANCHORED_DOMAIN,
        ANCHORED_IDENTIFIER,
    ]
    for pattern in patterns:
        assert pattern.flags & re.ASCII
        assert pattern.pattern.startswith(r"\A") and pattern.pattern.endswith(r"\Z")
        assert "$" not in pattern.pattern
    assert ANCHORED_TAG.match("latest\n") is None
    assert ANCHORED_TAG.match("\u0661") is None
    assert ANCHORED_TAG.match("x" * 128) is not None
    assert ANCHORED_TAG.match("x" * 129) is None
    assert ANCHORED_PATH_COMPONENT.match("ubuntu\n") is None
    assert ANCHORED_PATH_COMPONENT.match("a__b") is not None
    assert ANCHORED_PATH_COMPONENT.match("a___b") is None
    assert ANCHORED_DOMAIN.match("example.com\n") is None
    assert ANCHORED_DIGEST.match(SHA256_F + "\n") is None
    assert ANCHORED_IDENTIFIER.match(F64 + "\n") is None
    assert ANCHORED_NAME.match("a" * 10 + "\n") is None


def test_path_length_limit_counts_the_path_only() -> None:
    assert parse("a" * 255).path == "a" * 255
    assert _raises(parse, "a" * 256).reason == ErrNameTooLong
    # The domain is not counted, however long it is (Go's domain grammar has no limit).
    long_domain = "x" * 1000 + ".example.com"
    ref = parse(long_domain + "/" + "a" * 255)
    assert (ref.domain, len(ref.path)) == (long_domain, 255)
    assert _raises(parse, long_domain + "/" + "a" * 256).reason == ErrNameTooLong
    # Multi-component path of exactly 255 / 256 characters ("x_y" is not a domain).
    assert len(parse("x_y/" + "a" * 251).path) == 255
    assert _raises(parse, "x_y/" + "a" * 252).reason == ErrNameTooLong
    # Before 2024 the limit included the domain, and this was ErrNameTooLong.
    assert parse("a/" * 128 + "a:tag").path == "a/" * 127 + "a"
    # Normalised names count "library/" and Docker Hub paths.
    assert parse_normalized("a" * 247).path == "library/" + "a" * 247
    assert len(parse_normalized("foo/" + "a" * 251).path) == 255
    assert _raises(parse_normalized, "foo/" + "a" * 252).position == 255
    # The too-long check comes before digest validation, as in Go.
    assert _raises(parse, "a" * 256 + "@sha256:" + "a" * 40).reason == ErrNameTooLong


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000 + "!",
        "a-" * 100_000 + "!",
        "a." * 100_000 + "/!",
        "a/" * 100_000 + "A",
        "a@" + "a" * 200_000,
        "[" + ":" * 200_000,
        "a:" + "a" * 200_000,
        "a" + "_" * 200_000,
        "x" * 200_000 + ".com/" + "a" * 300,
    ],
    ids=lambda text: _id(text[:12]),
)
def test_long_inputs_are_fast(text: str) -> None:
    start = time.perf_counter()
    for func in (parse, parse_normalized):
        with pytest.raises(InvalidReference):
            func(text)
    assert time.perf_counter() - start < 5.0


# ============================================================================================
# Reference, familiar names and helpers
# ============================================================================================


def test_reference_is_a_frozen_slotted_value() -> None:
    ref = parse("example.com/a/b:1@" + SHA256_F)
    assert ref == Reference("example.com/a/b", "example.com", "a/b", "1", SHA256_F)
    assert hash(ref) == hash(parse(str(ref)))
    assert not hasattr(ref, "__dict__")
    with pytest.raises(FrozenInstanceError):
        ref.tag = "2"  # type: ignore[misc]
    with pytest.raises(ValueError, match="does not match"):
        Reference("a/b", "x", "b")


@pytest.mark.parametrize(
    ("parser", "text", "familiar", "familiar_string"),
    [
        ("parse_normalized", "ubuntu", "ubuntu", "ubuntu"),
        ("parse_normalized", "docker.io/library/ubuntu:22.04", "ubuntu", "ubuntu:22.04"),
        ("parse_normalized", "index.docker.io/user/repo", "user/repo", "user/repo"),
        ("parse_normalized", "localhost/x", "localhost/x", "localhost/x"),
        ("parse_normalized", "library/a/b@" + SHA256_F, "library/a/b", "library/a/b@" + SHA256_F),
        ("parse_normalized", "quay.io/library/x", "quay.io/library/x", "quay.io/library/x"),
        ("parse", "ubuntu", "ubuntu", "ubuntu"),
        ("parse", "ubuntu:1", "ubuntu", "ubuntu:1"),
        ("parse", "docker.io/library/ubuntu", "ubuntu", "ubuntu"),
        ("parse", "docker.io/user/repo:t", "user/repo", "user/repo:t"),
        ("parse", "library/ubuntu", "library/ubuntu", "library/ubuntu"),
        ("parse", "localhost/x", "localhost/x", "localhost/x"),
    ],
)
def test_familiar(parser: str, text: str, familiar: str, familiar_string: str) -> None:
    ref = (parse if parser == "parse" else parse_normalized)(text)
    assert (ref.familiar, ref.familiar_string) == (familiar, familiar_string)


def test_digest_properties() -> None:
    ref = parse("a@" + SHA512_F)
    assert (ref.digest_algorithm, ref.digest_hex) == ("sha512", "f" * 128)
    bare = parse("a:b")
    assert (bare.digest, bare.digest_algorithm, bare.digest_hex) == (None, None, None)


def test_normalized_domain_quirk_is_mirrored() -> None:
    """A first component with "." is split off as the domain by splitDockerDomain, but if it
    is not a valid domain Go's Parse re-reads the whole name as a path: no domain at all."""
    ref = parse_normalized("foo_bar.com/x:1")
    assert (ref.domain, ref.path, ref.tag) == (None, "foo_bar.com/x", "1")
    assert ref.familiar == "foo_bar.com/x"
    assert parse_normalized(str(ref)) == ref


def test_normalized_has_no_default_tag() -> None:
    ref = parse_normalized("busybox")
    assert (ref.tag, ref.digest, str(ref)) == (None, None, "docker.io/library/busybox")
    # Go's fast path: a single component is always a Docker Hub image, even a host name.
    assert str(parse_normalized("localhost")) == "docker.io/library/localhost"
    assert str(parse_normalized("example.com:5000")) == "docker.io/library/example.com:5000"


@pytest.mark.parametrize(
    ("component", "expected"),
    [
        ("localhost", True),
        ("example.com", True),
        ("host:5000", True),
        ("[::1]", True),
        ("index.docker.io", True),
        ("Foo", True),
        ("\uff35pper", True),  # fullwidth upper case: Go's ToLower changes it too
        ("foo", False),
        ("foo_bar", False),
        ("library", False),
        ("", False),
    ],
)
def test_is_domain_like(component: str, expected: bool) -> None:
    assert is_domain_like(component) is expected


def test_constants() -> None:
    assert (DEFAULT_DOMAIN, LEGACY_DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX) == (
        "docker.io",
        "index.docker.io",
        "library/",
    )


def test_import_is_light() -> None:
    """Importing the module pulls in nothing beyond re, dataclasses and collections.abc."""
    code = (
        "import sys, re, dataclasses, collections.abc\n"
        "import ocilint\n"
        "before = set(sys.modules)\n"
        "import ocilint.reference\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    assert python_output(code).strip() == "['ocilint.reference']"


# ============================================================================================
# Properties (hypothesis). FuzzParseNormalizedNamed in fuzz_test.go only asserts "no panic";
# these also check round-trips and the error contract.
# ============================================================================================

REFERENCE_ALPHABET = "abcxyzABZ0189:/@._-[]+%\n \u0130\u212a\u0661"


def _check_error(exc: InvalidReference, text: str, func: object) -> None:
    assert exc.reason in REASONS
    assert exc.text == text
    assert str(exc) and "\n" not in str(exc)
    assert exc.position is None or 0 <= exc.position <= len(text)
    if exc.fix is not None:
        assert exc.fix != text
        assert callable(func)
        func(exc.fix)  # must not raise


def _check_parse(text: str) -> None:
    try:
        ref = parse(text)
    except InvalidReference as exc:
        _check_error(exc, text, parse)
        return
    assert ANCHORED_REFERENCE.match(text) is not None
    assert str(ref) == text
    assert parse(str(ref)) == ref


def _check_parse_normalized(text: str) -> None:
    try:
        ref = parse_normalized(text)
    except InvalidReference as exc:
        _check_error(exc, text, parse_normalized)
        return
    assert parse_normalized(str(ref)) == ref
    assert parse(str(ref)) == ref


PROPERTY_SETTINGS = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Generating from the grammar's regexes is slow; fewer examples keep the suite quick.
GRAMMAR_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=150)


@PROPERTY_SETTINGS
@given(st.text())
def test_parse_any_text(text: str) -> None:
    _check_parse(text)


@PROPERTY_SETTINGS
@given(st.text())
def test_parse_normalized_any_text(text: str) -> None:
    _check_parse_normalized(text)


@PROPERTY_SETTINGS
@given(st.text(alphabet=REFERENCE_ALPHABET, max_size=40))
def test_parse_reference_like_text(text: str) -> None:
    _check_parse(text)
    _check_parse_normalized(text)


@GRAMMAR_SETTINGS
@given(st.from_regex(ANCHORED_REFERENCE, fullmatch=True))
def test_parse_grammatical_text(text: str) -> None:
    try:
        ref = parse(text)
    except InvalidReference as exc:
        # A grammatical reference can only fail the length limit or digest validation.
        assert exc.reason in {
            REASON_NAME_TOO_LONG,
            REASON_DIGEST_UNSUPPORTED,
            REASON_DIGEST_INVALID_LENGTH,
            REASON_CHECKSUM_INVALID_FORMAT,
        }
        _check_error(exc, text, parse)
    else:
        assert parse(str(ref)) == ref
    _check_parse_normalized(text)


@GRAMMAR_SETTINGS
@given(
    st.from_regex(ANCHORED_NAME, fullmatch=True),
    st.one_of(st.none(), st.from_regex(ANCHORED_TAG, fullmatch=True)),
    st.one_of(st.none(), st.sampled_from(["sha256:", "sha384:", "sha512:"])),
    st.data(),
)
def test_parse_valid_references(
    name: str, tag: str | None, algorithm: str | None, data: st.DataObject
) -> None:
    match = ANCHORED_NAME.match(name)
    assert match is not None
    if len(match["path"]) > 255:
        return
    digest = None
    if algorithm is not None:
        size = {"sha256:": 64, "sha384:": 96, "sha512:": 128}[algorithm]
        digest = algorithm + data.draw(
            st.text(alphabet="0123456789abcdef", min_size=size, max_size=size)
        )
    text = name + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    ref = parse(text)
    assert (ref.name, ref.domain, ref.path, ref.tag, ref.digest) == (
        name,
        match["domain"],
        match["path"],
        tag,
        digest,
    )
    assert parse(str(ref)) == ref
    _check_parse_normalized(text)


@GRAMMAR_SETTINGS
@given(st.from_regex(ANCHORED_NAME, fullmatch=True).map(str.upper))
def test_uppercase_errors_point_at_upper_case_and_offer_a_fix(text: str) -> None:
    for func in (parse, parse_normalized):
        try:
            func(text)
        except InvalidReference as exc:
            _check_error(exc, text, func)
            if exc.reason != REASON_NAME_CONTAINS_UPPERCASE:
                continue
            assert exc.position is not None and text[exc.position].isupper()
            try:
                func(text.lower())
            except InvalidReference:
                continue  # e.g. too long: nothing to suggest
            assert exc.fix is not None
