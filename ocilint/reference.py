"""Container image reference parsing, conformant with Docker's own parser.

This module is a faithful Python port of the Go module ``github.com/distribution/reference``
(``reference.go``, ``regexp.go``, ``normalize.go``, ``helpers.go``), the parser used by the
Docker CLI, containerd and most registries, together with the digest validation of
``github.com/opencontainers/go-digest`` v1.0.0 (``digest.go``, ``algorithm.go``), which that
module calls. Sources read: distribution/reference ``reference.go`` at 0965666a,
``regexp.go`` at 727f80d4, ``normalize.go`` at aeed5e66 (the 2024 releases, in which the 255
character limit applies to the path only and no longer to the domain), ``helpers.go``
(``FamiliarName``/``FamiliarString``, read from vendored copies), go-digest ``digest.go`` at
15f13677 and ``algorithm.go`` at 63939eb4.

Grammar (``reference.go``)::

    reference        := name [ ":" tag ] [ "@" digest ]
    name             := [domain '/'] remote-name
    domain           := host [':' port-number]
    host             := domain-name | IPv4address | \\[ IPv6address \\]   ; rfc3986 appendix-A
    domain-name      := domain-component ['.' domain-component]*
    domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    port-number      := /[0-9]+/
    path-component   := alpha-numeric [separator alpha-numeric]*
    path             := path-component ['/' path-component]*      ; at most 255 characters
    alpha-numeric    := /[a-z0-9]+/
    separator        := /[_.]|__|[-]+/
    tag              := /[\\w][\\w.-]{0,127}/
    digest           := digest-algorithm ":" digest-hex
    digest-algorithm := component [ /[+.-_]/ component ]*   ; component := /[A-Za-z][A-Za-z0-9]*/
    digest-hex       := /[0-9a-fA-F]{32,}/
    identifier       := /[a-f0-9]{64}/

The domain is optional and, exactly as in Go, it is tried first: in the strict grammar any
first component that is a valid domain and is followed by ``/`` is the domain (``a/b`` has
domain ``a``). A parsed digest is then validated like go-digest's ``Parse``: ``sha256``,
``sha384`` and ``sha512`` need exactly 64, 96 or 128 lower-case hex characters; any other
algorithm is "unsupported".

:func:`parse` is Go's ``reference.Parse`` (no normalisation); :func:`parse_normalized` is
``ParseNormalizedNamed`` (Docker Hub defaults, no default tag). Both raise
:class:`InvalidReference`, whose ``reason`` is one of the ``REASON_*`` constants, each equal
to the text of the Go error it mirrors.

Python traps avoided here: every pattern is compiled with :data:`re.ASCII` and anchored with
``\\A``/``\\Z`` (Python's ``$`` also matches before a trailing newline, and ``\\w``/``\\d``
match non-ASCII letters and digits without ``re.ASCII``); lower-casing follows Go's
``strings.ToLower`` rather than Python's full case mapping.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "ANCHORED_DIGEST",
    "ANCHORED_DOMAIN",
    "ANCHORED_IDENTIFIER",
    "ANCHORED_NAME",
    "ANCHORED_PATH_COMPONENT",
    "ANCHORED_REFERENCE",
    "ANCHORED_TAG",
    "DEFAULT_DOMAIN",
    "LEGACY_DEFAULT_DOMAIN",
    "LOCALHOST",
    "OFFICIAL_REPO_PREFIX",
    "REASONS",
    "REASON_CHECKSUM_INVALID_FORMAT",
    "REASON_DIGEST_INVALID_FORMAT",
    "REASON_DIGEST_INVALID_LENGTH",
    "REASON_DIGEST_UNSUPPORTED",
    "REASON_NAME_CONTAINS_UPPERCASE",
    "REASON_NAME_EMPTY",
    "REASON_NAME_IS_IDENTIFIER",
    "REASON_NAME_NOT_CANONICAL",
    "REASON_NAME_TOO_LONG",
    "REASON_REFERENCE_INVALID_FORMAT",
    "REASON_TAG_INVALID_FORMAT",
    "REPOSITORY_NAME_TOTAL_LENGTH_MAX",
    "InvalidReference",
    "Reference",
    "is_domain_like",
    "parse",
    "parse_normalized",
]

# --------------------------------------------------------------------------------------------
# Docker Hub defaults (normalize.go) and limits (reference.go)
# --------------------------------------------------------------------------------------------

DEFAULT_DOMAIN = "docker.io"
"""Canonical domain of Docker Hub used by normalisation (Go ``defaultDomain``)."""

LEGACY_DEFAULT_DOMAIN = "index.docker.io"
"""Legacy Docker Hub domain, normalised to :data:`DEFAULT_DOMAIN` (Go ``legacyDefaultDomain``)."""

OFFICIAL_REPO_PREFIX = "library/"
"""Namespace of official images on Docker Hub (Go ``officialRepoPrefix``)."""

LOCALHOST = "localhost"
"""The one dot-less, port-less first component that normalisation treats as a domain."""

REPOSITORY_NAME_TOTAL_LENGTH_MAX = 255
"""Maximum length of the path (the name without its domain); Go ``RepositoryNameTotalLengthMax``."""

# --------------------------------------------------------------------------------------------
# Error reasons: each equals the message of the Go error it mirrors
# --------------------------------------------------------------------------------------------

REASON_REFERENCE_INVALID_FORMAT = "invalid reference format"
"""Go ``ErrReferenceInvalidFormat``: the text does not match the reference grammar."""

REASON_TAG_INVALID_FORMAT = "invalid tag format"
"""Go ``ErrTagInvalidFormat``. Only Go's ``WithTag`` returns it; :func:`parse` never does."""

REASON_DIGEST_INVALID_FORMAT = "invalid digest format"
"""Go ``ErrDigestInvalidFormat``. Only Go's ``WithDigest`` returns it; :func:`parse` never does."""

REASON_NAME_CONTAINS_UPPERCASE = "repository name must be lowercase"
"""Go ``ErrNameContainsUppercase`` (and ``ParseNormalizedNamed``'s lowercase error)."""

REASON_NAME_EMPTY = "repository name must have at least one component"
"""Go ``ErrNameEmpty``: returned by ``Parse`` for the empty string."""

REASON_NAME_TOO_LONG = (
    f"repository name must not be more than {REPOSITORY_NAME_TOTAL_LENGTH_MAX} characters"
)
"""Go ``ErrNameTooLong``: the path (domain excluded) is longer than 255 characters."""

REASON_NAME_NOT_CANONICAL = "repository name must be canonical"
"""Go ``ErrNameNotCanonical``. Only Go's ``ParseNamed`` returns it; neither parser here does."""

REASON_DIGEST_UNSUPPORTED = "unsupported digest algorithm"
"""go-digest ``ErrDigestUnsupported``: a well-formed digest with an unknown algorithm."""

REASON_DIGEST_INVALID_LENGTH = "invalid checksum digest length"
"""go-digest ``ErrDigestInvalidLength``: wrong number of hex characters for the algorithm."""

REASON_CHECKSUM_INVALID_FORMAT = "invalid checksum digest format"
"""go-digest ``ErrDigestInvalidFormat``: upper-case hex, or a malformed algorithm."""

REASON_NAME_IS_IDENTIFIER = "invalid repository name, cannot specify 64-byte hexadecimal strings"
"""``ParseNormalizedNamed``: the whole input is a 64-character hex image ID."""

REASONS = frozenset(
    {
        REASON_REFERENCE_INVALID_FORMAT,
        REASON_TAG_INVALID_FORMAT,
        REASON_DIGEST_INVALID_FORMAT,
        REASON_NAME_CONTAINS_UPPERCASE,
        REASON_NAME_EMPTY,
        REASON_NAME_TOO_LONG,
        REASON_NAME_NOT_CANONICAL,
        REASON_DIGEST_UNSUPPORTED,
        REASON_DIGEST_INVALID_LENGTH,
        REASON_CHECKSUM_INVALID_FORMAT,
        REASON_NAME_IS_IDENTIFIER,
    }
)
"""Every value :attr:`InvalidReference.reason` can take."""

# --------------------------------------------------------------------------------------------
# Regular expressions, built from the same fragments as regexp.go
# --------------------------------------------------------------------------------------------

_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_DOMAIN_NAME_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_OPTIONAL_PORT = r"(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST_ALGORITHM = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*"
_DIGEST = _DIGEST_ALGORITHM + r"[:][0-9a-fA-F]{32,}"  # Go spells the hex class [[:xdigit:]]
_IDENTIFIER = r"[a-f0-9]{64}"
_IPV6_ADDRESS = r"\[(?:[a-fA-F0-9:]+)\]"
_DOMAIN_NAME = _DOMAIN_NAME_COMPONENT + r"(?:\." + _DOMAIN_NAME_COMPONENT + r")*"
_HOST = r"(?:" + _DOMAIN_NAME + r"|" + _IPV6_ADDRESS + r")"
_DOMAIN_AND_PORT = _HOST + _OPTIONAL_PORT
_PATH_COMPONENT = _ALPHANUMERIC + r"(?:" + _SEPARATOR + _ALPHANUMERIC + r")*"
_REMOTE_NAME = _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*"
_NAME = r"(?:" + _DOMAIN_AND_PORT + r"/)?" + _REMOTE_NAME


def _anchored(pattern: str) -> re.Pattern[str]:
    r"""Compile ``pattern`` ASCII-only and anchored with ``\A``/``\Z`` (never ``$``)."""
    return re.compile(r"\A(?:" + pattern + r")\Z", re.ASCII)


ANCHORED_REFERENCE = _anchored(
    r"(?P<name>" + _NAME + r")(?::(?P<tag>" + _TAG + r"))?(?:@(?P<digest>" + _DIGEST + r"))?"
)
"""A whole reference; groups ``name``, ``tag`` and ``digest`` (Go ``ReferenceRegexp``)."""

ANCHORED_NAME = _anchored(
    r"(?:(?P<domain>" + _DOMAIN_AND_PORT + r")/)?(?P<path>" + _REMOTE_NAME + r")"
)
"""A name without tag or digest; groups ``domain`` and ``path`` (Go ``anchoredNameRegexp``)."""

ANCHORED_TAG = _anchored(_TAG)
"""A tag (Go ``anchoredTagRegexp``)."""

ANCHORED_DIGEST = _anchored(_DIGEST)
"""A digest, syntax only (Go ``anchoredDigestRegexp``); see also go-digest validation."""

ANCHORED_PATH_COMPONENT = _anchored(_PATH_COMPONENT)
"""One ``/``-separated component of a path."""

ANCHORED_DOMAIN = _anchored(_DOMAIN_AND_PORT)
"""A domain with optional port (Go ``DomainRegexp``, anchored)."""

ANCHORED_IDENTIFIER = _anchored(_IDENTIFIER)
"""A 64-character lower-case hex image ID (Go ``anchoredIdentifierRegexp``)."""

# go-digest: DigestRegexpAnchored, and the hex lengths of the registered algorithms.
_GO_DIGEST = r"\A[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+\Z"
_DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_LOWER_HEX = frozenset("0123456789abcdef")

# Unanchored "longest valid prefix" patterns, used only to locate the offending character of
# an invalid reference. They are compiled on first use (through re's own cache) to keep the
# import cheap.
_PATH_COMPONENT_PREFIX = _PATH_COMPONENT
_DOMAIN_NAME_PREFIX = (
    r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
)
_TAG_PREFIX = r"[\w][\w.-]*"
_HEX_CHARS = frozenset("0123456789abcdefABCDEF")
_IPV6_CHARS = _HEX_CHARS | {":"}
_DIGITS = frozenset("0123456789")
_REFERENCE_ALPHABET = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:@[]+"
)

_MAX_TAG_LENGTH = 128

# Rewrites tried by _suggest_fix on the name part of an invalid reference.
_KEEP_NAME, _LOWER_PATH, _LOWER_NAME = "keep-name", "lower-path", "lower-name"


# --------------------------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------------------------


class InvalidReference(ValueError):
    """A string that is not a valid image reference.

    ``reason`` is one of the ``REASON_*`` constants; ``text`` the input; ``position`` the
    0-based index of the first offending character when it can be located (it equals
    ``len(text)`` when the input ends too early); ``fix`` a corrected reference that the same
    parser accepts, when an obvious one exists (e.g. the path lower-cased). ``str(exc)`` is
    Go's message on one line, prefixed with ``invalid reference format:`` when Go's own
    message does not already say what failed.
    """

    reason: str
    text: str
    message: str
    position: int | None
    fix: str | None

    def __init__(
        self,
        reason: str,
        text: str,
        message: str | None = None,
        position: int | None = None,
        fix: str | None = None,
    ) -> None:
        if message is None:
            message = _default_message(reason)
        super().__init__(message)
        self.reason = reason
        self.text = text
        self.message = message
        self.position = position
        self.fix = fix

    def __str__(self) -> str:
        return self.message

    def __reduce__(
        self,
    ) -> tuple[type["InvalidReference"], tuple[str, str, str, int | None, str | None]]:
        return (type(self), (self.reason, self.text, self.message, self.position, self.fix))


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed image reference: ``name[:tag][@digest]``, where ``name`` is ``[domain/]path``.

    ``domain`` is ``None`` when the name has none: with :func:`parse` whenever the first
    component is not a domain followed by ``/``, and with :func:`parse_normalized` only in Go's
    corner case of a first component containing ``.`` or ``:`` that is not a valid domain
    (``foo_bar.com/x``). ``tag`` and ``digest`` are ``None`` when absent. ``str()`` gives the
    canonical string ``name[:tag][@digest]``.
    """

    name: str
    domain: str | None
    path: str
    tag: str | None = None
    digest: str | None = None

    def __post_init__(self) -> None:
        expected = self.path if self.domain is None else f"{self.domain}/{self.path}"
        if self.name != expected:
            raise ValueError(f"Reference.name {self.name!r} does not match domain and path")

    def __str__(self) -> str:
        return _join(self.name, self.tag, self.digest)

    @property
    def familiar(self) -> str:
        """The name as Docker shows it (Go ``FamiliarName``): ``docker.io/library/x`` → ``x``."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        remainder = self.path.removeprefix(OFFICIAL_REPO_PREFIX)
        if remainder != self.path and "/" not in remainder:
            return remainder
        return self.path

    @property
    def familiar_string(self) -> str:
        """The familiar name with ``:tag`` and ``@digest`` (Go ``FamiliarString``)."""
        return _join(self.familiar, self.tag, self.digest)

    @property
    def digest_algorithm(self) -> str | None:
        """The algorithm of the digest (``sha256``), or ``None`` without a digest."""
        return None if self.digest is None else self.digest.partition(":")[0]

    @property
    def digest_hex(self) -> str | None:
        """The encoded (hex) part of the digest, or ``None`` without a digest."""
        return None if self.digest is None else self.digest.partition(":")[2]


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def parse(text: str) -> Reference:
    """Parse ``text`` strictly, like Go's ``reference.Parse``, without any normalisation.

    Raises :class:`InvalidReference` when ``text`` is not a valid reference.
    """
    result = _parse_strict(_require_str(text))
    if isinstance(result, Reference):
        return result
    raise _to_exception(result, text, _parse_strict, _is_strict_domain)


def parse_normalized(text: str) -> Reference:
    """Parse ``text`` like Docker's ``ParseNormalizedNamed``, applying Docker Hub defaults.

    ``ubuntu`` becomes ``docker.io/library/ubuntu``, ``index.docker.io/x/y`` becomes
    ``docker.io/x/y``; no default tag is added. Go's quirks are kept: a lone component is
    always a Docker Hub image (``localhost`` → ``docker.io/library/localhost``), and a first
    component that looks like a domain but is not one is re-read as part of the path, leaving
    no domain (``foo_bar.com/x``). Raises :class:`InvalidReference` when ``text`` is invalid.
    """
    result = _parse_normalized(_require_str(text))
    if isinstance(result, Reference):
        return result
    raise _to_exception(result, text, _parse_normalized, is_domain_like)


def is_domain_like(component: str) -> bool:
    """Whether normalisation treats ``component``, a first path element, as a registry domain.

    True for ``localhost``, for anything containing ``.`` or ``:``, and for anything with
    upper-case letters (Go ``splitDockerDomain``).
    """
    return (
        component == LOCALHOST
        or "." in component
        or ":" in component
        or _go_lower(component) != component
    )


# --------------------------------------------------------------------------------------------
# Implementation
# --------------------------------------------------------------------------------------------


class _Problem:
    """Why a parse failed; turned into :class:`InvalidReference` by the public functions.

    (A plain slotted class rather than a dataclass: creating dataclasses costs import time.)
    """

    __slots__ = ("message", "position", "reason")

    def __init__(self, reason: str, position: int | None = None, message: str | None = None):
        self.reason = reason
        self.position = position
        self.message = message


class _DockerSplit:
    """Result of Go's ``splitDockerDomain`` on a text, plus how to map positions back to it.

    Go parses ``domain + "/" + remainder``, where ``remainder`` is ``prefix`` followed by
    ``text[offset:]``. When ``verbatim`` is true, the first ``offset`` characters of that
    string are also the first ``offset`` characters of the text.
    """

    __slots__ = ("domain", "offset", "prefix", "remainder", "verbatim")

    def __init__(self, domain: str, remainder: str, offset: int, prefix: str, verbatim: bool):
        self.domain = domain
        self.remainder = remainder
        self.offset = offset
        self.prefix = prefix
        self.verbatim = verbatim

    def to_text_position(self, index: int) -> int | None:
        """Map an index in ``domain/remainder`` to an index in the original text."""
        base = len(self.domain) + 1 + len(self.prefix)
        if index >= base:
            return self.offset + index - base
        if self.verbatim and index < self.offset:
            return index
        return None


def _require_str(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"reference must be a str, not {type(text).__name__}")
    return text


def _join(name: str, tag: str | None, digest: str | None) -> str:
    text = name
    if tag is not None:
        text += ":" + tag
    if digest is not None:
        text += "@" + digest
    return text


def _go_lower(text: str) -> str:
    """Lower-case like Go's ``strings.ToLower`` (simple case mapping, one rune per rune).

    Python's ``str.lower`` uses full case mapping, which differs for U+0130 (``İ``): Go maps
    it to ``i``, Python to ``i`` plus a combining dot. Other differences stay non-ASCII and
    cannot change whether the result matches the (ASCII-only) grammar.
    """
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").lower()


def _default_message(reason: str) -> str:
    if reason in (REASON_REFERENCE_INVALID_FORMAT, REASON_NAME_IS_IDENTIFIER):
        return reason
    return f"{REASON_REFERENCE_INVALID_FORMAT}: {reason}"


def _printable(text: str) -> str:
    """``text`` with control and other non-printable characters escaped, to keep one line."""
    return text if text.isprintable() else repr(text)[1:-1]


def _parse_strict(text: str) -> Reference | _Problem:
    """Go's ``reference.Parse``."""
    if not text:
        return _Problem(REASON_NAME_EMPTY)
    match = ANCHORED_REFERENCE.match(text)
    if match is None:
        lowered = _go_lower(text)
        if lowered != text:
            lowered_match = ANCHORED_REFERENCE.match(lowered)
            if lowered_match is not None:
                position = _uppercase_position(text, lowered_match)
                return _Problem(REASON_NAME_CONTAINS_UPPERCASE, position)
        return _Problem(REASON_REFERENCE_INVALID_FORMAT, _locate_format_error(text))

    name = match["name"]
    name_match = ANCHORED_NAME.match(name)
    if name_match is None:  # pragma: no cover - the name group always matches ANCHORED_NAME
        return _Problem(REASON_REFERENCE_INVALID_FORMAT, 0)
    domain: str | None = name_match["domain"]
    path: str = name_match["path"]
    if len(path) > REPOSITORY_NAME_TOTAL_LENGTH_MAX:
        path_start = len(name) - len(path)
        return _Problem(REASON_NAME_TOO_LONG, path_start + REPOSITORY_NAME_TOTAL_LENGTH_MAX)

    digest: str | None = match["digest"]
    if digest is not None:
        failure = _validate_digest(digest)
        if failure is not None:
            reason, offset = failure
            return _Problem(reason, match.start("digest") + offset)
    return Reference(name=name, domain=domain, path=path, tag=match["tag"], digest=digest)


def _validate_digest(digest: str) -> tuple[str, int] | None:
    """go-digest v1.0.0 ``Digest.Validate``; returns (reason, offset in digest) on failure."""
    algorithm, separator, encoded = digest.partition(":")
    if not algorithm or not separator or not encoded:
        return REASON_CHECKSUM_INVALID_FORMAT, 0
    expected_length = _DIGEST_HEX_LENGTHS.get(algorithm)
    if expected_length is None:
        if re.match(_GO_DIGEST, digest, re.ASCII) is None:
            # The reference grammar already held, so only upper case can fail go-digest's.
            offset = next((i for i, c in enumerate(algorithm) if c.isupper()), 0)
            return REASON_CHECKSUM_INVALID_FORMAT, offset
        return REASON_DIGEST_UNSUPPORTED, 0
    hex_start = len(algorithm) + 1
    if len(encoded) != expected_length:
        return REASON_DIGEST_INVALID_LENGTH, hex_start
    for index, char in enumerate(encoded):
        if char not in _LOWER_HEX:
            return REASON_CHECKSUM_INVALID_FORMAT, hex_start + index
    return None


def _split_docker_domain(text: str) -> _DockerSplit:
    """Go's ``splitDockerDomain``."""
    maybe_domain, slash, maybe_remote = text.partition("/")
    if not slash:
        # Go's fast path: a single element is always an official Docker Hub image, even
        # "localhost" or "example.com" (a FIXME in the Go source).
        return _DockerSplit(
            DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + text, 0, OFFICIAL_REPO_PREFIX, False
        )
    offset = len(maybe_domain) + 1
    if maybe_domain == LOCALHOST:
        domain, remote, verbatim = maybe_domain, maybe_remote, True
    elif maybe_domain == LEGACY_DEFAULT_DOMAIN:
        domain, remote, verbatim = DEFAULT_DOMAIN, maybe_remote, False
    elif "." in maybe_domain or ":" in maybe_domain or _go_lower(maybe_domain) != maybe_domain:
        domain, remote, verbatim = maybe_domain, maybe_remote, True
    else:
        domain, remote, offset, verbatim = DEFAULT_DOMAIN, text, 0, False
    prefix = ""
    if domain == DEFAULT_DOMAIN and "/" not in remote:
        prefix = OFFICIAL_REPO_PREFIX
    return _DockerSplit(domain, prefix + remote, offset, prefix, verbatim)


def _parse_normalized(text: str) -> Reference | _Problem:
    """Go's ``ParseNormalizedNamed``."""
    if ANCHORED_IDENTIFIER.match(text):
        message = f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"
        return _Problem(REASON_NAME_IS_IDENTIFIER, 0, message)
    split = _split_docker_domain(text)
    remote = split.remainder.partition(":")[0]
    if _go_lower(remote) != remote:
        message = (
            f"{REASON_REFERENCE_INVALID_FORMAT}: repository name ({_printable(remote)}) "
            "must be lowercase"
        )
        first = next((i for i, c in enumerate(remote) if _go_lower(c) != c), len(split.prefix))
        upper_at = first - len(split.prefix) + split.offset
        return _Problem(REASON_NAME_CONTAINS_UPPERCASE, upper_at, message)

    result = _parse_strict(f"{split.domain}/{split.remainder}")
    if isinstance(result, Reference):
        return result
    position = None if result.position is None else split.to_text_position(result.position)
    if position is None and result.reason == REASON_REFERENCE_INVALID_FORMAT:
        position = _locate_format_error(text)
    return _Problem(result.reason, position, result.message)


def _to_exception(
    problem: _Problem,
    text: str,
    parser: Callable[[str], Reference | _Problem],
    domain_rule: Callable[[str], bool],
) -> InvalidReference:
    position = problem.position
    if position is not None and not 0 <= position <= len(text):  # pragma: no cover - defensive
        position = None
    fix = _suggest_fix(text, parser, domain_rule)
    return InvalidReference(problem.reason, text, problem.message, position, fix)


def _is_strict_domain(component: str) -> bool:
    return ANCHORED_DOMAIN.match(component) is not None


def _suggest_fix(
    text: str,
    parser: Callable[[str], Reference | _Problem],
    domain_rule: Callable[[str], bool],
) -> str | None:
    """The smallest rewrite of ``text`` that ``parser`` accepts, if any.

    Tried in order: strip surrounding whitespace; lower-case a sha256/384/512 digest;
    lower-case the path (keeping a domain, as ``domain_rule`` recognises it, as written);
    lower-case the whole name. Tag and digest are otherwise kept as written.
    """
    base = text.strip()
    candidates = [base, _rewrite(base, _KEEP_NAME, domain_rule, lower_digest=True)]
    for mode in (_LOWER_PATH, _LOWER_NAME):
        candidates.append(_rewrite(base, mode, domain_rule, lower_digest=False))
        candidates.append(_rewrite(base, mode, domain_rule, lower_digest=True))
    seen = {text}
    for candidate in candidates:
        if candidate in seen:
            continue
        seen.add(candidate)
        if isinstance(parser(candidate), Reference):
            return candidate
    return None


def _split_parts(text: str) -> tuple[str, str | None, str | None]:
    """Split ``text`` into name, tag and digest at the grammar's delimiters, leniently."""
    head, at, digest = text.partition("@")
    slash, colon = head.rfind("/"), head.rfind(":")
    if colon > slash:
        return head[:colon], head[colon + 1 :], digest if at else None
    return head, None, digest if at else None


def _rewrite(
    text: str, mode: str, domain_rule: Callable[[str], bool], *, lower_digest: bool
) -> str:
    """Rewrite ``text``: lower-case its path or whole name per ``mode``, and maybe its digest."""
    name, tag, digest = _split_parts(text)
    if mode == _LOWER_NAME:
        name = _go_lower(name)
    elif mode == _LOWER_PATH:
        first, slash, rest = name.partition("/")
        name = f"{first}/{_go_lower(rest)}" if slash and domain_rule(first) else _go_lower(name)
    if lower_digest and digest is not None:
        algorithm = digest.partition(":")[0]
        if algorithm.lower() in _DIGEST_HEX_LENGTHS:
            digest = digest.lower()
    return _join(name, tag, digest)


def _uppercase_position(text: str, lowered_match: re.Match[str]) -> int | None:
    """First character that lower-casing changed, preferring the path of ``lowered_match``."""
    name_match = ANCHORED_NAME.match(lowered_match["name"])
    if name_match is not None and len(lowered_match.string) == len(text):
        path_start = lowered_match.start("name") + name_match.start("path")
        for index in range(path_start, lowered_match.end("name")):
            if _go_lower(text[index]) != text[index]:
                return index
    return next((i for i, c in enumerate(text) if _go_lower(c) != c), None)


def _locate_format_error(text: str) -> int | None:
    """Best-effort index at which ``text`` stops being a valid reference.

    It walks the name components, the tag and the digest with longest-prefix matchers and
    returns the index after the longest valid prefix of the first part that fails (or
    ``len(text)`` when the input ends too early). Falls back to the first character outside
    the reference alphabet, or ``None``.
    """
    position = _locate_structural_error(text)
    if position is None:
        position = next((i for i, c in enumerate(text) if c not in _REFERENCE_ALPHABET), None)
    return position


def _locate_structural_error(text: str) -> int | None:
    name, tag, digest = _split_parts(text)
    if not name:
        return 0
    position = _locate_name_error(name)
    if position is not None:
        return position
    cursor = len(name)
    if tag is not None:
        position = _locate_tag_error(tag)
        if position is not None:
            return cursor + 1 + position
        cursor += 1 + len(tag)
    if digest is not None:
        position = _locate_digest_error(digest)
        if position is not None:
            return cursor + 1 + position
    return None


def _locate_name_error(name: str) -> int | None:
    components = name.split("/")
    start = 0
    if len(components) > 1:
        first = components[0]
        if ANCHORED_DOMAIN.match(first) is None and ANCHORED_PATH_COMPONENT.match(first) is None:
            return max(_domain_prefix_length(first), _path_component_prefix_length(first))
        if ANCHORED_DOMAIN.match(first) is not None:
            components = components[1:]
            start = len(first) + 1
    for component in components:
        length = _path_component_prefix_length(component)
        if length < len(component) or not component:
            return start + length
        start += len(component) + 1
    return None


def _path_component_prefix_length(component: str) -> int:
    match = re.match(_PATH_COMPONENT_PREFIX, component, re.ASCII)
    return 0 if match is None else match.end()


def _domain_prefix_length(component: str) -> int:
    if component.startswith("["):
        index = 1
        while index < len(component) and component[index] in _IPV6_CHARS:
            index += 1
        if index == 1 or index >= len(component) or component[index] != "]":
            return index
        index += 1
    else:
        match = re.match(_DOMAIN_NAME_PREFIX, component, re.ASCII)
        if match is None:
            return 0
        index = match.end()
    if index < len(component) and component[index] == ":":
        index += 1
        while index < len(component) and component[index] in _DIGITS:
            index += 1
    return index


def _locate_tag_error(tag: str) -> int | None:
    match = re.match(_TAG_PREFIX, tag, re.ASCII)
    if match is None:
        return 0
    if match.end() < len(tag):
        return match.end()
    if len(tag) > _MAX_TAG_LENGTH:
        return _MAX_TAG_LENGTH
    return None


def _locate_digest_error(digest: str) -> int | None:
    match = re.match(_DIGEST_ALGORITHM, digest, re.ASCII)
    if match is None:
        return 0
    index = match.end()
    if index >= len(digest) or digest[index] != ":":
        return index
    hex_start = hex_end = index + 1
    while hex_end < len(digest) and digest[hex_end] in _HEX_CHARS:
        hex_end += 1
    if hex_end < len(digest):
        return hex_end
    if hex_end - hex_start < 32:
        return hex_end
    return None
