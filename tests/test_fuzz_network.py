"""Whatever a server sends in a header, and whatever reference a user writes, the HTTP layer
parses it or raises HttpError: never another exception, never a request line or header that
could be split. Bounded for CI: small inputs, a fixed number of examples, a wall-clock guard
(SIGALRM) that fails a test instead of letting catastrophic backtracking hang it, and a memory
limit (RLIMIT_AS) for the duration of each test."""

from __future__ import annotations

import contextlib
import math
import resource
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocilint import redact as redact_module
from ocilint.redact import REDACTED, redact, register, terminal_safe
from ocilint.reference import InvalidReference, parse_normalized
from ocilint.sources.auth import parse_challenges, token_request
from ocilint.sources.http import (
    HttpError,
    check_headers,
    media_type,
    retry_after,
    split_url,
)
from ocilint.sources.registry import Registry, RegistryOptions, RegistryStore

GUARD_SECONDS = 120  # per test, all examples together
MEMORY_HEADROOM = 512 * 1024 * 1024  # bytes of address space a test may add
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADER_TEXT = st.text(
    st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=400
)  # what http.client can hand over as a header value
AUTH_FRAGMENTS = [
    "Bearer ", "Basic ", "realm=", "service=", "scope=", '"', "\\", ",", " ", "=", "\t",
    "https://127.0.0.1/token", "repository:acme/app:pull", "error=insufficient_scope", "a",
    "Negotiate", "x" * 50, "é", '\\"', ",,",
]  # fmt: skip


@contextlib.contextmanager
def guard(seconds: int = GUARD_SECONDS) -> Iterator[None]:
    def expired(*_: Any) -> None:
        raise TimeoutError(f"fuzzing took more than {seconds}s: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def memory_limit(extra: int = MEMORY_HEADROOM) -> Iterator[None]:
    """RLIMIT_AS lowered to this process's current size plus `extra` bytes, then restored:
    a parser that allocates without bound fails with MemoryError instead of swapping."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    size = _virtual_memory_size()
    limit = size + extra if hard == resource.RLIM_INFINITY else min(hard, size + extra)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _virtual_memory_size() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


@pytest.fixture(autouse=True)
def _limits() -> Iterator[None]:
    with guard(), memory_limit():
        yield


@FUZZ
@given(st.one_of(HEADER_TEXT, st.lists(st.sampled_from(AUTH_FRAGMENTS), max_size=40).map("".join)))
def test_www_authenticate(header: str) -> None:
    challenges = parse_challenges(header)
    for challenge in challenges:
        assert challenge.scheme == challenge.scheme.lower() and challenge.scheme
        realm = challenge.params.get("realm")
        if realm is None:
            continue
        _, url, _, _ = token_request(challenge, "repository:a:pull", None)
        try:
            parts = split_url(url)
        except HttpError:
            continue
        assert "scope=repository%3Aa%3Apull" in parts.query


def test_www_authenticate_examples() -> None:
    [bearer] = parse_challenges(
        'Bearer realm="https://auth.example/token",service="registry",scope="a:b:pull"'
    )
    assert (bearer.scheme, dict(bearer.params)) == (
        "bearer",
        {"realm": "https://auth.example/token", "service": "registry", "scope": "a:b:pull"},
    )
    assert [c.scheme for c in parse_challenges('Basic realm="r", Bearer realm="x\\"y"')] == [
        "basic",
        "bearer",
    ]


@FUZZ
@given(st.one_of(HEADER_TEXT, st.from_regex(r"\A[0-9]{0,30}\Z"), st.datetimes().map(str)))
def test_retry_after(value: str) -> None:
    delay = retry_after(value, 0.5)
    assert delay >= 0 and not math.isnan(delay)


def test_retry_after_examples() -> None:
    assert retry_after("3", 0.5) == 3.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 0.5) == 0.0  # in the past
    assert retry_after("9" * 400, 0.5) == math.inf
    assert retry_after("²", 0.5) == 0.5  # a Unicode digit is not delta-seconds
    assert retry_after(None, 0.5) == 0.5


@FUZZ
@given(HEADER_TEXT)
def test_content_type(value: str) -> None:
    found = media_type(value)
    assert found is None or (found and ";" not in found and found == found.lower())


def test_content_type_examples() -> None:
    index = "application/vnd.oci.image.index.v1+json"
    assert media_type(f"{index.upper()}; charset=utf-8") == index
    assert media_type(" ; x") is None and media_type(None) is None


@FUZZ
@given(st.text(max_size=300))
def test_split_url_raises_only_http_error(url: str) -> None:
    try:
        parts = split_url(url)
    except HttpError:
        return
    rebuilt = parts.geturl()
    assert rebuilt.isascii()
    assert not any(ord(c) <= 0x20 or ord(c) == 0x7F for c in rebuilt)
    assert split_url(rebuilt).geturl() == rebuilt


@FUZZ
@given(st.dictionaries(st.text(max_size=20), st.text(max_size=60), max_size=4))
def test_header_values_are_checked_before_sending(headers: dict[str, str]) -> None:
    try:
        check_headers(headers)
    except HttpError:
        return
    for name, value in headers.items():
        assert "\r" not in value and "\n" not in value and "\x00" not in value
        value.encode("latin-1")
        assert name and ":" not in name


REFERENCES = st.from_regex(
    r"\A((localhost|127\.0\.0\.1|\[::1\]|[a-z0-9]{1,10}(\.[a-z0-9-]{1,10}){0,2})(:[0-9]{1,5})?/)?"
    r"[a-z0-9]{1,8}([._-]{1,2}[a-z0-9]{1,8}){0,2}(/[a-z0-9]{1,8}){0,3}"
    r"(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,20})?(@sha256:[0-9a-f]{64})?\Z"
)


@FUZZ
@given(REFERENCES)
def test_every_reference_becomes_a_valid_registry_url(text: str) -> None:
    try:
        reference = parse_normalized(text)
    except InvalidReference:
        return
    if reference.domain is None:  # load_from_registry refuses it: "names no registry"
        return
    registry = Registry(reference.domain, RegistryOptions(timeout=1))
    store = RegistryStore(registry, reference, text)
    ref = reference.digest or reference.tag or "latest"
    try:
        parts = split_url(f"https://{registry.host}{store._path('manifests', ref)}")
    except HttpError as error:  # only a port out of range may be refused
        assert "invalid URL" in str(error), error
        return
    assert parts.path == f"/v2/{reference.path}/manifests/{ref}"


SECRETS = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S"]), min_size=8, max_size=40
)


@FUZZ
@given(SECRETS, st.text(max_size=80), st.text(max_size=80))
def test_a_registered_secret_never_survives_redaction(secret: str, before: str, after: str) -> None:
    saved = redact_module._known
    redact_module._known = set()  # this process's other tests must not see these secrets
    try:
        register(secret)
        assert secret not in redact(f"{before}{secret}{after}")
    finally:
        redact_module._known = saved


@FUZZ
@given(st.text(max_size=300), st.integers(min_value=1, max_value=100))
def test_terminal_safe_text_has_no_control_characters(text: str, limit: int) -> None:
    shown = terminal_safe(text, limit)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert len(shown) <= 4 * limit + 40 + len(REDACTED)
