"""Registry naming policies: what each public registry accepts as an image name.

A container reference can be perfectly valid for Docker and still name something a registry
will never accept: `ghcr.io/app` has no owner, `docker.io/acme/team/app` is one level too deep
for Docker Hub, `my.azurecr.io` is too short to be an Azure registry. The rules
`rules/registry_*.py` check parsed references against the policies in this module.

The module is data first. A :class:`RegistryPolicy` says which registry hosts it covers (a
regular expression matched against the lower-cased host, without a port), how many path
components a name has, and what each part may look like: a :class:`Component` picks a part of
the name (one or more path components, or a named group of the host pattern) and lists
:class:`Requirement` objects (a regular expression the part must match in full, with the
sentence a user reads when it does not), length limits, known or reserved values. The pure
function :func:`check_reference` applies one policy to one parsed
:class:`~ocilint.reference.Reference` and returns ``(message, fix)`` pairs; :func:`check_uses`
does it for every image a subject pulls; :data:`BUILTIN_POLICIES` is the table behind the
built-in rules; :func:`naming_rule` turns policies into a :class:`~ocilint.rule.Rule`.

Patterns are strings compiled on first use (through :mod:`re`'s own cache, with
:data:`re.ASCII`), so importing this module compiles nothing; a compiled pattern works too.

Adding a registry in a plugin
-----------------------------
A plugin adds the naming rules of its own registry with a policy and one call::

    from ocilint.hookspecs import hookimpl
    from ocilint.registries import Component, RegistryPolicy, Requirement, naming_rule

    HARBOR = RegistryPolicy(
        name="ACME Harbor",
        domain=r"registry\\.acme\\.com",
        layout=("PROJECT", "REPOSITORY"),
        min_components=2,
        components=(
            Component(
                "project",
                start=0,
                requirements=(
                    Requirement(r"[a-z0-9]+(?:[._-][a-z0-9]+)*", "must be lower-case words"),
                ),
                min_length=1,
                max_length=255,
            ),
        ),
        source="https://goharbor.io/docs/main/working-with-projects/create-projects/",
        example="registry.acme.com/platform/app",
        counterexample="registry.acme.com/app",
    )


    @hookimpl
    def ocilint_rules():
        return [naming_rule(HARBOR, "ACME001", "acme-harbor-naming")]

The rule is an error by default, applies to Dockerfiles and to `ocilint check image-ref`, has an
`allow` option (registry or repository patterns to exempt) and documentation generated from the
policy unless ``doc=`` is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ocilint.model import Finding, Options, Severity
from ocilint.reference import DEFAULT_DOMAIN, Reference, is_domain_like

if TYPE_CHECKING:
    from ocilint.rule import Rule

__all__ = [
    "ACR",
    "APPLIES_TO",
    "ARTIFACT_REGISTRY",
    "ARTIFACT_REGISTRY_LOCATIONS",
    "BUILTIN_POLICIES",
    "CONTAINER_REGISTRY",
    "DEFAULTS",
    "DOCKER_HUB",
    "ECR",
    "ECR_PUBLIC",
    "GHCR",
    "K8S_GCR",
    "QUAY",
    "Component",
    "PatternLike",
    "RegistryPolicy",
    "Requirement",
    "check_reference",
    "check_uses",
    "describe_policy",
    "naming_rule",
    "policy_for",
]

PatternLike = str | re.Pattern[str]
"""A regular expression: a string (compiled with :data:`re.ASCII` on first use) or compiled."""

APPLIES_TO = ("dockerfile", "reference")
"""The subject kinds the registry naming rules check."""

DEFAULTS: dict[str, tuple[str, ...]] = {"allow": ()}
"""Options every registry naming rule takes (see :func:`check_uses`)."""


def _fullmatch(pattern: PatternLike, text: str) -> re.Match[str] | None:
    if isinstance(pattern, str):
        return re.fullmatch(pattern, text, re.ASCII)
    return pattern.fullmatch(text)


def _pattern_text(pattern: PatternLike) -> str:
    return pattern if isinstance(pattern, str) else pattern.pattern


# --------------------------------------------------------------------------------------------
# The data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Requirement:
    """One rule about a part of a name: ``pattern`` must match the whole value.

    ``text`` is what a user reads when it does not, as a predicate of the value
    ("must contain only lowercase letters, digits and hyphens").
    """

    pattern: PatternLike
    text: str

    def holds(self, value: str) -> bool:
        return _fullmatch(self.pattern, value) is not None


@dataclass(frozen=True, slots=True)
class Component:
    """A constrained part of an image name.

    The part is a named ``group`` of the policy's host pattern (``account``, ``region``) or,
    without one, ``count`` path components from ``start`` (0-based, counted after a domain
    scope is folded into the first component; ``count=None`` takes the rest), joined with
    ``/``. A part the name does not have is not checked (the component count is), nor is any
    path part of a name with too few components, where which part is missing is a guess.

    The value must satisfy every ``requirement``, be ``min_length``..``max_length``
    characters long, be one of ``known`` when that is not empty (``known_text`` names the
    set: "a known Artifact Registry location") and not be one of ``reserved``
    (``reserved_text`` says why). Values in ``exempt`` pass whatever the rest says. With
    ``scoped`` the value may start with ``SCOPE:`` (a domain-scoped Google project) and the
    checks apply to what follows it. ``suggest`` turns a bad value into a good one for the
    fix, when there is an obvious one.
    """

    label: str
    start: int = 0
    count: int | None = 1
    group: str | None = None
    requirements: tuple[Requirement, ...] = ()
    min_length: int = 0
    max_length: int | None = None
    known: frozenset[str] = frozenset()
    known_text: str = ""
    reserved: frozenset[str] = frozenset()
    reserved_text: str = ""
    exempt: frozenset[str] = frozenset()
    scoped: bool = False
    suggest: Callable[[str], str] | None = None

    @property
    def where(self) -> str:
        """Which part of the name this is, for documentation."""
        if self.group is not None:
            return f"host part `{self.group}`"
        if self.count is None:
            return f"path components {self.start + 1} onwards"
        if self.count == 1:
            return f"path component {self.start + 1}"
        return f"path components {self.start + 1}-{self.start + self.count}"

    def length_text(self, length: int) -> str | None:
        """The length requirement ``length`` breaks, or ``None``."""
        low, high = self.min_length, self.max_length
        if low <= length and (high is None or length <= high):
            return None
        if high is None:
            return f"must be at least {low} characters long (it has {length})"
        if low <= 1:
            return f"must be at most {high} characters long (it has {length})"
        if low == high:
            return f"must be exactly {low} characters long (it has {length})"
        return f"must be {low}-{high} characters long (it has {length})"

    def problems(self, value: str) -> list[str]:
        """What ``value`` breaks, as predicates; empty when it is fine."""
        if value in self.exempt:
            return []
        checked = value.rpartition(":")[2] if self.scoped else value
        broken = [
            requirement.text for requirement in self.requirements if not requirement.holds(checked)
        ]
        length = self.length_text(len(checked))
        if length is not None:
            broken.append(length)
        if self.known and value not in self.known:
            broken.append(f"is not {self.known_text or 'a known value'}")
        if value in self.reserved:
            broken.append(f"is {self.reserved_text or 'reserved'}")
        return broken

    def describe(self) -> str:
        """One line for documentation: where the part is and what it must look like."""
        rules = [requirement.text for requirement in self.requirements]
        low, high = self.min_length, self.max_length
        if high is not None:
            rules.append(f"{low}-{high} characters" if low > 1 else f"at most {high} characters")
        elif low > 1:
            rules.append(f"at least {low} characters")
        if self.known:
            rules.append(f"one of {len(self.known)} known values")
        if self.reserved:
            words = ", ".join(f"`{word}`" for word in sorted(self.reserved))
            rules.append(f"not {words}")
        return f"{self.label} ({self.where}): {'; '.join(rules) or 'any valid value'}"


@dataclass(frozen=True, slots=True)
class RegistryPolicy:
    """The naming rules of one registry.

    ``domain`` matches the lower-cased host of a reference, without its port, in full; its
    named groups can be checked as components. ``layout`` names the path components
    ("OWNER", "IMAGE"), for messages and fixes; a name has ``min_components`` ..
    ``max_components`` of them, counted after a first component matching ``scope`` (a
    domain-scoped project, `example.com/project`) is folded into the next one as
    `example.com:project`. ``count_hint`` is added to the component-count message.
    ``port_allowed=False`` reports a port on the host; ``lowercase_domain`` reports a host
    written with upper-case letters.

    A policy with ``retired`` set describes a registry that is gone or frozen: every name on it
    gets one finding saying so (``retired`` completes "`host` is <name>, <retired>") and
    ``successor(reference)`` says what to use instead.

    ``source`` is the registry's own documentation of these rules; ``example`` and
    ``counterexample`` (a name it accepts and one it rejects) feed :func:`describe_policy`.
    """

    name: str
    domain: PatternLike
    source: str
    layout: tuple[str, ...] = ()
    min_components: int = 1
    max_components: int | None = None
    components: tuple[Component, ...] = ()
    scope: PatternLike | None = None
    count_hint: str = ""
    port_allowed: bool = True
    lowercase_domain: bool = False
    retired: str = ""
    successor: Callable[[Reference], str | None] | None = None
    example: str = ""
    counterexample: str = ""


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------


def _split_port(domain: str) -> tuple[str, str | None]:
    """``host``, ``port`` of a reference domain (``[::1]:5000`` included)."""
    if domain.startswith("["):
        end = domain.find("]") + 1
        rest = domain[end:]
        return domain[:end], rest[1:] if rest.startswith(":") else None
    host, colon, port = domain.partition(":")
    return host, port if colon else None


def policy_for(reference: Reference, policies: Iterable[RegistryPolicy]) -> RegistryPolicy | None:
    """The first of ``policies`` whose host pattern matches ``reference``, if any."""
    if reference.domain is None:
        return None
    host = _split_port(reference.domain)[0].lower()
    for policy in policies:
        if _fullmatch(policy.domain, host) is not None:
            return policy
    return None


class _Name:
    """A reference taken apart the way a policy sees it, and put back together for fixes."""

    __slots__ = ("familiar", "host", "match", "parts", "policy", "port", "reference", "scoped")

    def __init__(
        self, policy: RegistryPolicy, reference: Reference, match: re.Match[str], familiar: bool
    ) -> None:
        self.policy = policy
        self.reference = reference
        self.match = match
        self.familiar = familiar
        self.host, self.port = _split_port(reference.domain or "")
        parts = reference.path.split("/")
        self.scoped = (
            policy.scope is not None
            and len(parts) > 1
            and _fullmatch(policy.scope, parts[0]) is not None
        )
        if self.scoped:
            parts = [f"{parts[0]}:{parts[1]}", *parts[2:]]
        self.parts = parts

    @property
    def lower_host(self) -> str:
        return self.host.lower()

    def path_of(self, parts: Sequence[str]) -> str:
        """The path for logical ``parts`` (a folded scope unfolded again)."""
        if self.scoped and parts:
            return "/".join([parts[0].replace(":", "/", 1), *parts[1:]])
        return "/".join(parts)

    def render(self, domain: str | None = None, parts: Sequence[str] | None = None) -> str:
        """The reference with another domain and/or path, tag and digest kept."""
        if domain is None:
            domain = self.reference.domain or ""
        path = self.path_of(self.parts if parts is None else parts)
        reference = Reference(
            name=f"{domain}/{path}",
            domain=domain,
            path=path,
            tag=self.reference.tag,
            digest=self.reference.digest,
        )
        if self.familiar and domain == DEFAULT_DOMAIN:
            return reference.familiar_string
        return str(reference)

    def value(self, component: Component) -> str | None:
        if component.group is not None:
            return self.match.group(component.group)
        if component.start >= len(self.parts):
            return None
        stop = None if component.count is None else component.start + component.count
        return "/".join(self.parts[component.start : stop])

    def replaced(self, component: Component, value: str) -> str:
        """The reference with ``component`` set to ``value``."""
        if component.group is not None:
            start, end = self.match.span(component.group)
            host = self.lower_host
            domain = host[:start] + value + host[end:]
            if self.port is not None:
                domain += f":{self.port}"
            return self.render(domain=domain)
        stop = len(self.parts) if component.count is None else component.start + component.count
        parts = [*self.parts[: component.start], *value.split("/"), *self.parts[stop:]]
        return self.render(parts=parts)


def _retired(name: _Name) -> list[tuple[str, str | None]]:
    policy = name.policy
    message = f"`{name.lower_host}` is {policy.name}, {policy.retired}"
    fix = policy.successor(name.reference) if policy.successor is not None else None
    return [(message, fix)]


def _count_text(low: int, high: int | None) -> str:
    """`at least 2`, `exactly 2`, `2-4`: how many path components a policy wants."""
    if high is None:
        return f"at least {low}"
    if low == high:
        return f"exactly {low}"
    return f"{low}-{high}"


def _count(name: _Name) -> list[tuple[str, str | None]]:
    policy = name.policy
    count, low, high = len(name.parts), policy.min_components, policy.max_components
    if count >= low and (high is None or count <= high):
        return []
    need = _count_text(low, high)
    shape = "/".join([name.lower_host, *policy.layout]) if policy.layout else name.lower_host
    component_s = "component" if count == 1 else "components"
    message = (
        f"{policy.name} names have {need} path components (`{shape}`); "
        f"`{name.path_of(name.parts)}` has {count} {component_s}"
    )
    if policy.count_hint:
        message += f"; {policy.count_hint}"
    fix: str | None = None
    if count < low:
        missing = list(policy.layout[count - 1 : low - 1])
        if len(missing) == low - count:
            fix = f"name the {' and '.join(m.lower() for m in missing)}: `"
            fix += name.render(parts=[*name.parts[:-1], *missing, name.parts[-1]]) + "`"
    elif high is not None and high >= 1:
        joined = [*name.parts[: high - 1], "-".join(name.parts[high - 1 :])]
        fix = f"use `{name.render(parts=joined)}`"
    return [(message, fix)]


def _closest(value: str, known: Iterable[str]) -> str | None:
    """The one known value clearly closest to ``value`` (a typo's correction), if any."""
    import difflib

    scores = sorted(
        ((difflib.SequenceMatcher(None, value, item).ratio(), item) for item in known),
        reverse=True,
    )
    if not scores or scores[0][0] < 0.8 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def _component_fix(name: _Name, component: Component, value: str) -> str | None:
    candidate: str | None = None
    if component.suggest is not None:
        candidate = component.suggest(value)
    elif component.known and value not in component.known:
        candidate = _closest(value, component.known)
    if candidate is None or candidate == value or component.problems(candidate):
        return None
    return f"use `{name.replaced(component, candidate)}`"


def check_reference(
    policy: RegistryPolicy, reference: Reference, *, familiar: bool = False
) -> list[tuple[str, str | None]]:
    """What ``reference`` breaks of ``policy``: ``(message, fix)`` pairs, empty when fine.

    Each message names the registry, the part of the name and the rule it breaks; each fix,
    when there is one, is an imperative with the corrected reference. ``familiar`` writes a
    corrected Docker Hub reference the way Docker shows it (`acme/app` rather than
    `docker.io/acme/app`). A reference on another registry gives no pairs.
    """
    if reference.domain is None:
        return []
    host, port = _split_port(reference.domain)
    match = _fullmatch(policy.domain, host.lower())
    if match is None:
        return []
    name = _Name(policy, reference, match, familiar)
    if policy.retired:
        return _retired(name)
    found: list[tuple[str, str | None]] = []
    if port is not None and not policy.port_allowed:
        found.append(
            (
                f"{policy.name} host `{reference.domain}` must not have a port: the registry "
                f"issues tokens for `{host}` alone, so pulls and pushes fail with "
                "`unauthorized: authentication required`",
                f"use `{name.render(domain=host.lower())}`",
            )
        )
    if policy.lowercase_domain and host != host.lower():
        domain = host.lower() if port is None else f"{host.lower()}:{port}"
        found.append(
            (
                f"{policy.name} host `{host}` must be all lower case: credentials are stored "
                f"under `{host.lower()}`, so pulls and pushes fail with "
                "`unauthorized: authentication required`",
                f"use `{name.render(domain=domain)}`",
            )
        )
    found.extend(_count(name))
    # Too few components: which one is missing is a guess, so path parts are not checked.
    too_few = len(name.parts) < policy.min_components
    for component in policy.components:
        value = name.value(component)
        if value is None or (too_few and component.group is None):
            continue
        broken = component.problems(value)
        if broken:
            message = f"{policy.name} {component.label} `{value}` {'; '.join(broken)}"
            found.append((message, _component_fix(name, component, value)))
    return found


def _names_registry(text: str) -> bool:
    first, slash, _ = text.partition("/")
    return bool(slash) and is_domain_like(first)


def _allowed(reference: Reference, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    from fnmatch import fnmatchcase

    domain = (reference.domain or "").lower()
    full_name = f"{domain}/{reference.path}"
    return any(
        fnmatchcase(full_name if "/" in pattern else domain, pattern.lower())
        for pattern in patterns
    )


def check_uses(
    subject: Any, policies: Sequence[RegistryPolicy], code: str, options: Options
) -> Iterator[Finding]:
    """Findings with ``code`` for every image ``subject`` pulls that breaks one of ``policies``.

    Only references that parse and do not depend on unknown variables are checked. The
    ``allow`` option lists registries (patterns without `/`, matched against the host) or
    repositories (patterns with `/`, matched against `host/path`) to leave alone; `*` is a
    wildcard.
    """
    from ocilint.image_uses import valid_uses

    allowed = tuple(options.get("allow", ()))
    for use, reference in valid_uses(subject):
        policy = policy_for(reference, policies)
        if policy is None or _allowed(reference, allowed):
            continue
        familiar = not _names_registry(use.text)
        for message, fix in check_reference(policy, reference, familiar=familiar):
            yield Finding(code, use.location, f"image {use.describe()}: {message}", fix=fix)


# --------------------------------------------------------------------------------------------
# Rules from policies
# --------------------------------------------------------------------------------------------


def describe_policy(policies: Sequence[RegistryPolicy]) -> str:
    """Rule documentation in ocilint's format, generated from ``policies``."""
    names = " and ".join(policy.name for policy in policies)
    lines = [
        f"Image name that {names} does not accept.",
        "",
        "## What it does",
        f"Checks every image a Dockerfile pulls, and every reference given to "
        f"`ocilint check image-ref`, against the naming rules of {names}:",
        "",
    ]
    for policy in policies:
        lines.append(f"- {policy.name} (host `{_pattern_text(policy.domain)}`):")
        if policy.retired:
            lines.append(f"  - retired: {policy.retired}")
            continue
        need = _count_text(policy.min_components, policy.max_components)
        lines.append(f"  - {need} path components")
        if not policy.port_allowed:
            lines.append("  - no port on the host")
        lines.extend(f"  - {component.describe()}" for component in policy.components)
    lines += [
        "",
        "## Why is this bad?",
        "The registry refuses the name, or has nothing under it; the push or pull fails only "
        "after the build has run.",
        "",
        "## Example",
    ]
    examples = [(p.counterexample, p.example) for p in policies if p.counterexample]
    for bad, good in examples[:1]:
        lines += [f"    FROM {bad}", "", "Use instead:", f"    FROM {good or '…'}"]
    lines += [
        "",
        "## Options",
        "- `allow`: registries (`registry.acme.com`) or repositories (`registry.acme.com/legacy/*`)"
        " to leave alone (default: none).",
        "",
        "## References",
    ]
    lines.extend(f"- [{policy.name}]({policy.source})" for policy in policies)
    return "\n".join(lines) + "\n"


def naming_rule(
    policies: RegistryPolicy | Sequence[RegistryPolicy],
    code: str,
    name: str,
    severity: Severity = Severity.ERROR,
    doc: str | None = None,
    *,
    plugin: str = "",
) -> Rule:
    """A rule checking image names against ``policies``, for plugins (see the module doc).

    The rule has the ``allow`` option of :func:`check_uses`, applies to Dockerfiles and
    references, and is documented by ``doc`` or, without one, by :func:`describe_policy`.
    """
    from ocilint.rule import Rule

    chosen = (policies,) if isinstance(policies, RegistryPolicy) else tuple(policies)

    def check(subject: Any, options: Options) -> Iterator[Finding]:
        return check_uses(subject, chosen, code, options)

    return Rule(
        code=code,
        name=name,
        severity=severity,
        applies_to=frozenset(APPLIES_TO),
        check=check,
        doc=(doc or describe_policy(chosen)).strip(),
        defaults=MappingProxyType(dict(DEFAULTS)),
        plugin=plugin,
    )


# --------------------------------------------------------------------------------------------
# The built-in policies
# --------------------------------------------------------------------------------------------


def _collapse_separators(value: str) -> str:
    """`a__b` -> `a_b`, `a--b` -> `a-b`: one separator between alphanumerics."""
    return re.sub(r"([._-])[._-]+", r"\1", value)


GHCR = RegistryPolicy(
    name="GitHub Container Registry",
    domain=r"ghcr\.io|containers\.[a-z0-9-]+\.ghe\.com",
    layout=("OWNER", "IMAGE"),
    min_components=2,
    components=(
        Component(
            "owner",
            requirements=(
                Requirement(r"[a-z0-9-]*", "must contain only letters, digits and hyphens"),
                Requirement(r"(?!-).*(?<!-)", "must not start or end with a hyphen"),
                Requirement(r"(?!.*--).*", "must not contain consecutive hyphens"),
            ),
            min_length=1,
            max_length=39,
        ),
    ),
    source="https://docs.github.com/en/packages/working-with-a-github-packages-registry/"
    "working-with-the-container-registry",
    example="ghcr.io/octo-org/app",
    counterexample="ghcr.io/app",
)
"""GitHub Container Registry: `ghcr.io/OWNER/IMAGE[/…]`, OWNER a GitHub user or organization
login (GitHub's sign-up rules: letters, digits and single hyphens, no hyphen at either end, at
most 39 characters). GitHub Enterprise Cloud with data residency serves the same registry at
`containers.SUBDOMAIN.ghe.com`."""

DOCKER_HUB = RegistryPolicy(
    name="Docker Hub",
    domain=r"docker\.io|index\.docker\.io|registry-1\.docker\.io",
    layout=("NAMESPACE", "REPOSITORY"),
    min_components=2,
    max_components=2,
    count_hint="official images are `library/NAME`",
    components=(
        Component(
            "namespace",
            requirements=(
                Requirement(
                    r"[a-z0-9_]*",
                    "must contain only lowercase letters and digits (a Docker ID or "
                    "organization name)",
                ),
            ),
            min_length=4,
            max_length=30,
        ),
        Component(
            "repository name",
            start=1,
            requirements=(
                Requirement(
                    r"[a-z0-9_-]*",
                    "must contain only lowercase letters, digits, `-` and `_` (no `.`)",
                ),
            ),
            min_length=2,
            max_length=255,
            suggest=lambda value: value.replace(".", "-"),
        ),
    ),
    source="https://docs.docker.com/docker-hub/repos/create/",
    example="docker.io/acme/my-app",
    counterexample="docker.io/acme/my.app",
)
"""Docker Hub: exactly `NAMESPACE/REPOSITORY` (Docker adds `library/` to one-component names).
NAMESPACE is a Docker ID or organization: 4-30 lowercase letters and digits (`_` is accepted
too: early Docker clients checked namespaces against `[a-z0-9_]{4,30}`, so older accounts may
have one).
REPOSITORY is 2-255 lowercase letters, digits, `-` and `_`."""

_ECR_REPOSITORY_PATTERN = r"(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"
_ECR_REPOSITORY = Requirement(
    _ECR_REPOSITORY_PATTERN,
    f"must match `{_ECR_REPOSITORY_PATTERN}`: one `.`, `_` or `-` at a time, between "
    "letters or digits",
)

ECR = RegistryPolicy(
    name="Amazon ECR",
    domain=r"(?P<account>[^.]+)\.dkr[.-]ecr(?:-fips)?\.(?P<region>[^.]+)\."
    r"(?:amazonaws\.com(?:\.cn)?|on\.aws)",
    layout=("REPOSITORY",),
    min_components=1,
    components=(
        Component(
            "account ID",
            group="account",
            requirements=(Requirement(r"[0-9]{12}", "must be 12 digits"),),
        ),
        Component(
            "region",
            group="region",
            requirements=(
                Requirement(
                    r"[a-z]{2}(?:-[a-z]+)+-[0-9]+",
                    "must be an AWS Region code such as `us-east-1`",
                ),
            ),
        ),
        Component(
            "repository name",
            count=None,
            requirements=(_ECR_REPOSITORY,),
            min_length=2,
            max_length=256,
            suggest=_collapse_separators,
        ),
    ),
    source="https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html",
    example="123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app",
    counterexample="12345678901.dkr.ecr.us-east-1.amazonaws.com/team/app",
)
"""Amazon ECR private registries: `ACCOUNT.dkr.ecr.REGION.amazonaws.com` (also `dkr.ecr-fips`,
`.amazonaws.com.cn` and the dual-stack `ACCOUNT.dkr-ecr.REGION.on.aws`); ACCOUNT is 12 digits
(`registryId`: `[0-9]{12}`), REPOSITORY (the whole path) 2-256 characters matching the
CreateRepository `repositoryName` pattern."""

ECR_PUBLIC = RegistryPolicy(
    name="Amazon ECR Public",
    domain=r"public\.ecr\.aws|ecr-public\.aws\.com",
    layout=("ALIAS", "REPOSITORY"),
    min_components=2,
    components=(
        Component(
            "registry alias",
            requirements=(
                Requirement(
                    r"[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*",
                    "must match `[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*`: a letter and at least "
                    "one more letter or digit first, then one `.`, `_` or `-` at a time "
                    "between letters or digits",
                ),
            ),
            min_length=2,
            max_length=50,
        ),
        Component(
            "repository name",
            start=1,
            count=None,
            requirements=(_ECR_REPOSITORY,),
            min_length=2,
            max_length=205,
            suggest=_collapse_separators,
        ),
    ),
    source="https://docs.aws.amazon.com/AmazonECRPublic/latest/APIReference/"
    "API_CreateRepository.html",
    example="public.ecr.aws/acme/app",
    counterexample="public.ecr.aws/app",
)
"""Amazon ECR Public: `public.ecr.aws/ALIAS/REPOSITORY[/…]` (also the dual-stack
`ecr-public.aws.com`). ALIAS is the RegistryAlias `name` (2-50 characters,
`[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*`); REPOSITORY the CreateRepository `repositoryName`
(2-205 characters, the same pattern as private ECR)."""

ACR = RegistryPolicy(
    name="Azure Container Registry",
    domain=r"(?P<registry>[^.-]+)(?:-[a-z0-9]+)?\.azurecr\.(?:io|cn|us)",
    layout=("REPOSITORY",),
    min_components=1,
    port_allowed=False,
    lowercase_domain=True,
    components=(
        Component(
            "registry name",
            group="registry",
            requirements=(Requirement(r"[a-z0-9]*", "must contain only letters and digits"),),
            min_length=5,
            max_length=50,
        ),
    ),
    source="https://learn.microsoft.com/en-us/rest/api/containerregistry/registries/"
    "check-name-availability",
    example="contoso.azurecr.io/app",
    counterexample="acme.azurecr.io/app",
)
"""Azure Container Registry: `NAME.azurecr.io` (`azurecr.cn` in Azure China, `azurecr.us` in
Azure Government), NAME 5-50 letters and digits; a `-suffix` after NAME is accepted, in case it
is the hash a domain name label scope adds (not verified against Microsoft's documentation).
The login server is written in lower case and without a port; repository names are whatever
the reference grammar allows (ACR documents the same character set: lowercase letters, digits,
`.`, `-`, `_` and `/`)."""

ARTIFACT_REGISTRY_LOCATIONS = frozenset(
    {
        # multi-regions
        "asia",
        "europe",
        "us",
        # regions
        "africa-south1",
        "asia-east1",
        "asia-east2",
        "asia-northeast1",
        "asia-northeast2",
        "asia-northeast3",
        "asia-south1",
        "asia-south2",
        "asia-southeast1",
        "asia-southeast2",
        "australia-southeast1",
        "australia-southeast2",
        "europe-central2",
        "europe-north1",
        "europe-north2",
        "europe-southwest1",
        "europe-west1",
        "europe-west2",
        "europe-west3",
        "europe-west4",
        "europe-west6",
        "europe-west8",
        "europe-west9",
        "europe-west10",
        "europe-west12",
        "me-central1",
        "me-central2",
        "me-west1",
        "northamerica-northeast1",
        "northamerica-northeast2",
        "northamerica-south1",
        "southamerica-east1",
        "southamerica-west1",
        "us-central1",
        "us-east1",
        "us-east4",
        "us-east5",
        "us-south1",
        "us-west1",
        "us-west2",
        "us-west3",
        "us-west4",
    }
)
"""Artifact Registry locations (the three multi-regions and the Google Cloud regions) known to
ocilint, as listed by `gcloud artifacts locations list` in 2025. Google adds regions; exempt a
new one with the rule's `allow` option (`me-central3-docker.pkg.dev`)."""

_GCR_REPOSITORIES = frozenset({"gcr.io", "us.gcr.io", "eu.gcr.io", "asia.gcr.io"})

ARTIFACT_REGISTRY = RegistryPolicy(
    name="Google Artifact Registry",
    domain=r"(?P<location>[a-z0-9]+(?:-[a-z0-9]+)*)-docker\.pkg\.dev",
    layout=("PROJECT", "REPOSITORY", "IMAGE"),
    min_components=3,
    scope=r"[a-z0-9-]+(?:\.[a-z0-9-]+)+",
    components=(
        Component(
            "location",
            group="location",
            known=ARTIFACT_REGISTRY_LOCATIONS,
            known_text="a known Artifact Registry location",
        ),
        Component(
            "project ID",
            requirements=(
                Requirement(r"[a-z].*", "must start with a lowercase letter"),
                Requirement(
                    r"[a-z0-9-]*", "must contain only lowercase letters, digits and hyphens"
                ),
                Requirement(r"(?:.*[^-])?", "must not end with a hyphen"),
            ),
            min_length=6,
            max_length=30,
            scoped=True,
        ),
        Component(
            "repository ID",
            start=1,
            requirements=(
                Requirement(r"[a-z].*", "must start with a lowercase letter"),
                Requirement(
                    r"[a-z0-9-]*", "must contain only lowercase letters, digits and hyphens"
                ),
                Requirement(r"(?:.*[a-z0-9])?", "must end with a letter or digit"),
            ),
            min_length=1,
            max_length=63,
            exempt=_GCR_REPOSITORIES,
        ),
    ),
    source="https://cloud.google.com/artifact-registry/docs/docker/names",
    example="us-docker.pkg.dev/my-project/my-repo/app",
    counterexample="us-docker.pkg.dev/my-project/app",
)
"""Google Artifact Registry: `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE[/…]`. PROJECT is
a project ID (6-30 lowercase letters, digits and hyphens, starting with a letter, not ending
with a hyphen), written `example.com/project` for a domain-scoped `example.com:project`;
REPOSITORY a repository ID (lowercase letters, digits and hyphens, starting with a letter,
ending with a letter or digit, at most 63 characters; or one of the `gcr.io` repositories);
LOCATION a multi-region or region."""

_GCR_LOCATIONS = {"": "us", "us": "us", "eu": "europe", "asia": "asia"}


def _tag_and_digest(reference: Reference) -> str:
    text = "" if reference.tag is None else f":{reference.tag}"
    return text if reference.digest is None else f"{text}@{reference.digest}"


def _container_registry_successor(reference: Reference) -> str:
    """An Artifact Registry name for a Container Registry one: `gcr.io/p/app` -> `us-…/p/…`."""
    host = _split_port(reference.domain or "")[0].lower()
    location = _GCR_LOCATIONS[host.removesuffix("gcr.io").removesuffix(".")]
    parts = reference.path.split("/")
    scoped = len(parts) > 1 and "." in parts[0]  # `google.com/project`
    project = "/".join(parts[: 2 if scoped else 1])
    image = "/".join(parts[2 if scoped else 1 :]) or "IMAGE"
    target = f"{location}-docker.pkg.dev/{project}/REPOSITORY/{image}"
    return (
        "copy the image to an Artifact Registry repository and use "
        f"`{target}{_tag_and_digest(reference)}`"
    )


CONTAINER_REGISTRY = RegistryPolicy(
    name="Google Container Registry",
    domain=r"(?:(?:us|eu|asia)\.)?gcr\.io",
    retired="shut down in 2025 (a `gcr.io` name works only if moved to Artifact Registry)",
    successor=_container_registry_successor,
    source="https://cloud.google.com/container-registry/docs/deprecations/"
    "container-registry-deprecation",
    example="us-docker.pkg.dev/my-project/my-repo/app",
    counterexample="gcr.io/my-project/app",
)
"""Google Container Registry (`gcr.io`, `us.gcr.io`, `eu.gcr.io`, `asia.gcr.io`), shut down in
2025. `mirror.gcr.io` (Artifact Registry's Docker Hub cache) is not part of it."""


def _k8s_successor(reference: Reference) -> str:
    return f"use `registry.k8s.io/{reference.path}{_tag_and_digest(reference)}`"


K8S_GCR = RegistryPolicy(
    name="the old Kubernetes image registry",
    domain=r"k8s\.gcr\.io",
    retired="frozen since April 2023 and redirected to `registry.k8s.io`",
    successor=_k8s_successor,
    source="https://kubernetes.io/blog/2023/03/10/image-registry-redirect/",
    example="registry.k8s.io/pause:3.9",
    counterexample="k8s.gcr.io/pause:3.9",
)
"""`k8s.gcr.io`, the Kubernetes project's old registry, replaced by `registry.k8s.io`."""

QUAY = RegistryPolicy(
    name="Quay",
    domain=r"quay\.io",
    layout=("NAMESPACE", "REPOSITORY"),
    min_components=2,
    components=(
        Component(
            "namespace",
            requirements=(
                Requirement(
                    r"[a-z0-9]+(?:[._-][a-z0-9]+)*",
                    "must be letters and digits with one `.`, `_` or `-` at a time between them",
                ),
            ),
            min_length=2,
            max_length=255,
        ),
        Component(
            "repository name",
            start=1,
            count=None,
            reserved=frozenset({"build", "notification", "tag", "trigger"}),
            reserved_text="a word Quay reserves: a repository of that name cannot be reached or "
            "deleted",
        ),
    ),
    source="https://docs.redhat.com/en/documentation/red_hat_quay/3/html/use_red_hat_quay/"
    "use-quay-create-repo",
    example="quay.io/acme/app",
    counterexample="quay.io/app",
)
"""Quay.io: `quay.io/NAMESPACE/REPOSITORY[/…]`. NAMESPACE (a user or organization) matches
Quay's `^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`, 2-255 characters (quay/quay `util/validation.py`);
REPOSITORY is not `build`, `trigger`, `tag` or `notification` (Red Hat Quay documentation)."""

BUILTIN_POLICIES: tuple[RegistryPolicy, ...] = (
    GHCR,
    DOCKER_HUB,
    ECR,
    ECR_PUBLIC,
    ACR,
    ARTIFACT_REGISTRY,
    CONTAINER_REGISTRY,
    K8S_GCR,
    QUAY,
)
"""Every policy the built-in rules use, in rule-code order."""
