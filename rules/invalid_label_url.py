"""Label that should hold a URL does not hold an absolute http(s) URL.

## What it does
Checks that `org.opencontainers.image.source`, `org.opencontainers.image.url` and
`org.opencontainers.image.documentation` are absolute `http://` or `https://` URLs with a host
and no spaces.

## Why is this bad?
Registries and tools turn these values into links. GitHub Container Registry links a package to
its repository only when `source` is the repository's `https://github.com/OWNER/REPO` URL;
`git@github.com:OWNER/REPO.git` or `github.com/OWNER/REPO` links nowhere.

## Example
    LABEL org.opencontainers.image.source="git@github.com:acme/app.git"

Use instead:
    LABEL org.opencontainers.image.source="https://github.com/acme/app"

## References
- [OCI image-spec: pre-defined annotation keys](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"""

import re
from collections.abc import Iterator

from ocilint.annotations import URL_KEYS, describe_origin, resolved_entries, shorten
from ocilint.fixes.spans import value_edit
from ocilint.model import Finding, Fix, Options, Severity

CODE = "OCL106"
NAME = "invalid-label-url"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "image")

_SCP_LIKE = re.compile(r"(?:[\w.-]+@)?(?P<host>[\w.-]+\.[a-z]{2,}):(?P<path>[^/].*?)(?:\.git)?/?\Z")
_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\Z"
)
_HOST_LIKE = re.compile(r"[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:/\S*)?\Z")


def problem(value: str) -> tuple[str, str | None] | None:
    """(what is wrong, suggested value) or None for a good URL."""
    text = value.strip()
    if not text:
        return None  # empty values are empty-label-value's concern
    if any(ch.isspace() for ch in value):
        return "contains whitespace", None
    from urllib.parse import urlsplit

    scp = _SCP_LIKE.match(text)
    if scp and "://" not in text:
        return "is an scp-style Git address, not a URL", f"https://{scp['host']}/{scp['path']}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return "is not a valid URL", None
    if not parts.scheme:
        if _HOST_LIKE.match(text):
            return "has no scheme", f"https://{text}"
        return "is not an absolute URL", None
    scheme = parts.scheme.lower()
    if scheme in ("git+https", "git+http") or (scheme == "ssh" and parts.hostname):
        host = parts.hostname or ""
        path = parts.path.removesuffix(".git")
        return f"uses the `{parts.scheme}` scheme", f"https://{host}{path}"
    if scheme not in ("http", "https"):
        return f"uses the `{parts.scheme}` scheme", None
    host = parts.hostname or ""
    if not host or not (_HOST.match(_ascii_host(host)) or _is_ip(host)):
        return "has no valid host", None
    del port
    return None


def _ascii_host(host: str) -> str:
    """Internationalised host names are valid in URLs; compare their ASCII (IDNA) form."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check(subject: object, options: Options) -> Iterator[Finding]:
    for entry in resolved_entries(getattr(subject, "metadata", ()), URL_KEYS):
        assert entry.value is not None
        found = problem(entry.value)
        if found is None:
            continue
        what, suggestion = found
        yield Finding(
            CODE,
            entry.value_location,
            f"`{entry.key}` must be an absolute http(s) URL, but `{shorten(entry.value)}` "
            f"{what}{describe_origin(entry)}",
            autofix=Fix.use(suggestion, value_edit(subject, entry, 0, len(entry.value), suggestion))
            if suggestion
            else Fix("use an absolute https:// URL"),
        )
