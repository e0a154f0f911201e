"""The one redaction step: every error line and every report passes through `redact`.

Two kinds of secret are removed:

- the ones this run knows: credentials read from an auth file or a credential helper, tokens a
  token service issued, the userinfo of `DOCKER_HOST`. Loaders `register` them as soon as they
  have them, and every written form is removed (as is, Basic-auth base64, URL- and
  JSON-escaped);
- the ones that look like secrets wherever they come from (a registry's error text, an
  exception's message): userinfo in URLs (`tcp://user:pass@host`), `Authorization` values
  (`Basic …`, `Bearer …`), token-like query and form parameters (`token=`, `access_token=`,
  `refresh_token=`, `password=`, `X-Amz-Signature=`, `sig=`…), secret JSON members
  (`"token": "…"`) and JSON Web Tokens.

`terminal_safe` escapes control characters (escape sequences, a newline that would fake a
finding line) and caps the length of text a registry or an engine sent.
"""

from __future__ import annotations

import re

REDACTED = "<redacted>"
MAX_REMOTE_TEXT = 200  # characters of a registry's or engine's own text that are printed
MAX_ERROR_LINE = 4_000  # characters of one error line (a descriptor may hold a 4 MiB "digest")
_MIN_SECRET = 4  # shorter values are not registered: replacing them would garble text

# Pattern texts, compiled on first use (re caches them): every run imports this module to
# pass its report through `redact_known`, which needs none of them.
_known: set[str] = set()

_USERINFO = r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@?#]*@"
_AUTH_VALUE = r"(?i)\b(basic|bearer)(\s+)([A-Za-z0-9._~+/-]{6,}=*)"
_SECRET_PARAMETER = (
    r"(?i)([?&;\s]|^)((?:access_|refresh_|id_|identity_?|registry_?)?token|password|passwd|secret"
    r"|client_secret|x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig)=[^&\s#\"']+"
)
_SECRET_MEMBER = (
    r"(?i)(\"(?:access_token|refresh_token|token|identitytoken|password|secret|auth)\"\s*:\s*\")"
    r"(?:[^\"\\]|\\.)*\""
)
_JWT = r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def register(secret: str | None) -> None:
    """Remember a secret of this run, so that no output ever shows it."""
    if not secret or len(secret) < _MIN_SECRET:
        return
    import json  # here, not at the top: every run imports this module to print its report
    from urllib.parse import quote

    forms = {secret, " ".join(secret.split()), quote(secret, safe=""), json.dumps(secret)[1:-1]}
    forms.add(json.dumps(secret, ensure_ascii=False)[1:-1])
    _known.update({form for form in forms if len(form) >= _MIN_SECRET})  # one atomic call


def register_login(username: str, password: str) -> None:
    """A user name and password: the password, and the Basic-auth header made of both."""
    import base64

    register(password)
    if password:
        register(base64.b64encode(f"{username}:{password}".encode()).decode())


def redact_known(text: str) -> str:
    """`text` without the secrets this run knows of (for reports: no guessing, so a finding
    that quotes a user's own file is never changed otherwise)."""
    known = sorted(tuple(_known), key=len, reverse=True)  # tuple(): one atomic copy
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def redact(text: str) -> str:
    """`text` without any secret this run knows of or that looks like one."""
    text = redact_known(text)
    if "://" in text and "@" in text:
        text = re.sub(_USERINFO, lambda m: f"{m.group(1)}{REDACTED}@", text)
    text = re.sub(_AUTH_VALUE, _auth_value, text)
    if "=" in text:
        text = re.sub(_SECRET_PARAMETER, _parameter, text)
    if '"' in text:
        text = re.sub(_SECRET_MEMBER, lambda m: f'{m.group(1)}{REDACTED}"', text)
    if "eyJ" in text:
        text = re.sub(_JWT, REDACTED, text)
    return text


def _auth_value(match: re.Match[str]) -> str:
    value = match.group(3)
    if value.isalpha() and (value.islower() or value.istitle()):
        return match.group(0)  # a word ("Bearer realm", "Basic authentication"), not a secret
    return f"{match.group(1)}{match.group(2)}{REDACTED}"


def _parameter(match: re.Match[str]) -> str:
    name = match.group(0).lstrip("?&; \t\r\n").split("=", 1)[0]
    return f"{match.group(1)}{name}={REDACTED}"


def terminal_safe(text: str, limit: int | None = None) -> str:
    """Control characters (and bidi overrides) escaped as `\\xNN`/`\\uNNNN`; at most `limit`
    characters, an ellipsis saying how many more there were."""
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters)"
    return re.sub(_CONTROL, _escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def remote_text(text: str, limit: int = MAX_REMOTE_TEXT) -> str:
    """Text a registry, token service or engine sent, fit to quote in one error line."""
    return terminal_safe(redact(" ".join(text.split())), limit)


def error_line(text: str) -> str:
    """One line of standard error: redacted, terminal-safe, newlines collapsed, capped."""
    return terminal_safe(redact(" ".join(text.split())), MAX_ERROR_LINE)
