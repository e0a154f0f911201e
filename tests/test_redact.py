"""The one redaction step: what it removes, what it leaves alone, and terminal safety."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from ocilint import redact as redact_module
from ocilint.redact import (
    error_line,
    redact,
    redact_known,
    register,
    register_login,
    remote_text,
    terminal_safe,
)


@pytest.fixture(autouse=True)
def _fresh_secrets() -> Iterator[None]:
    saved = redact_module._known
    redact_module._known = set()
    yield
    redact_module._known = saved


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no engine at tcp://admin:hunter2@10.0.0.1:2376", "no engine at tcp://<redacted>@10.0.0.1:2376"),
        ("GET https://s3.example/b?X-Amz-Signature=abc123&x=1", "GET https://s3.example/b?X-Amz-Signature=<redacted>&x=1"),
        ("realm?access_token=eyJhbGciOi.x&scope=a", "realm?access_token=<redacted>&scope=a"),
        ("grant_type=refresh_token&refresh_token=r3fresh", "grant_type=refresh_token&refresh_token=<redacted>"),
        ('{"token": "abc\\"def", "expires_in": 300}', '{"token": "<redacted>", "expires_in": 300}'),
        ("Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic <redacted>"),
        ("Authorization: Bearer 9f8e7d6c5b4a", "Authorization: Bearer <redacted>"),
        ("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln end", "jwt <redacted> end"),
    ],
)  # fmt: skip
def test_what_looks_like_a_secret_is_removed(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
        "the registry asks for Basic authentication",
        "manifest `1.0` not found: unknown repository `acme/app` or tag",
        "https://ghcr.io/v2/acme/app/manifests/sha256:" + "a" * 64,
        "git@github.com:acme/app.git",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_registered_secrets_are_removed_in_every_written_form() -> None:
    register_login("robot", 'pa"ss w/rd')
    register("tok\r\nen-secret")
    basic = base64.b64encode(b'robot:pa"ss w/rd').decode()
    text = f'{basic} pa"ss w/rd pa\\"ss w/rd pa%22ss%20w%2Frd tok en-secret'
    assert redact_known(text) == " ".join(["<redacted>"] * 5)


def test_short_values_are_not_registered() -> None:
    register("abc")
    assert redact_known("abc") == "abc"


def test_terminal_safe_escapes_and_caps() -> None:
    assert terminal_safe("a\x1b[31mb\x07\u202ec", None) == "a\\x1b[31mb\\x07\\u202ec"
    assert terminal_safe("x" * 10, 4) == "xxxx… (6 more characters)"


def test_remote_text_and_error_line_are_one_safe_line() -> None:
    assert remote_text("denied\n\x1b[2J password=s3cret") == "denied \\x1b[2J password=<redacted>"
    assert error_line("ocilint: a\r\nb  c\x1b") == "ocilint: a b c\\x1b"


def test_an_error_line_is_capped() -> None:
    line = error_line("ocilint: " + "x" * 10_000)
    assert line == "ocilint: " + "x" * 3_991 + "… (6,009 more characters)"
