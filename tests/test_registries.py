"""The registry naming-policy machinery (`ocilint/registries.py`) and a plugin-style policy.

Also holds the helpers the `tests/rules/test_registry_*.py` suites share: they lint with the
built-in rules plus the registry rules, whether or not `rules/__init__.py` lists those yet.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
from types import ModuleType

import pytest

from ocilint.config import Config, parse_config
from ocilint.engine import Selection, build_policy, check_subject
from ocilint.loading import LoadContext, dockerfile_subject
from ocilint.model import Finding, ImageUse, ImageUseKind, Location, ReferenceSubject, Severity
from ocilint.reference import Reference, parse_normalized
from ocilint.registries import (
    ACR,
    BUILTIN_POLICIES,
    DOCKER_HUB,
    GHCR,
    Component,
    RegistryPolicy,
    Requirement,
    check_reference,
    describe_policy,
    naming_rule,
    policy_for,
)
from ocilint.rule import Rule
from tests.conftest import builtin_manager, dedent, python_output

# `rules/` is installed as `ocilint_rules`, a name mypy cannot follow: import by name.
REGISTRY_MODULES: tuple[ModuleType, ...] = tuple(
    importlib.import_module(f"ocilint_rules.registry_{name}")
    for name in (
        "ghcr",
        "docker_hub",
        "ecr",
        "ecr_public",
        "acr",
        "artifact_registry",
        "quay",
        "retired",
    )
)

Detail = tuple[int | None, int | None, str, str | None]


# --------------------------------------------------------------------------------------------
# Helpers shared with tests/rules/test_registry_*.py
# --------------------------------------------------------------------------------------------


def registry_rules(extra: Sequence[Rule] = ()) -> list[Rule]:
    """The built-in rules plus the registry rules (those not registered yet) plus ``extra``."""
    builtin = builtin_manager().rules()
    known = {rule.code for rule in builtin}
    mine = [
        Rule.from_module(module, plugin="ocilint")
        for module in REGISTRY_MODULES
        if module.CODE not in known
    ]
    return [*builtin, *mine, *extra]


def _policy(
    select: Sequence[str], config: Mapping[str, object] | None, extra: Sequence[Rule]
) -> object:
    settings = parse_config(config, "test.toml") if config else Config()
    return build_policy(registry_rules(extra), settings, Selection(select=tuple(select)))


def lint_registry(
    text: str,
    select: Sequence[str],
    *,
    config: Mapping[str, object] | None = None,
    build_args: Mapping[str, str] | None = None,
    extra: Sequence[Rule] = (),
) -> list[Finding]:
    """Findings of the ``select``ed rules for a Dockerfile's (dedented) text."""
    policy = _policy(select, config, extra)
    context = LoadContext(build_args=dict(build_args or {}))
    subject = dockerfile_subject("Dockerfile", dedent(text), context)
    return check_subject(subject, policy)  # type: ignore[arg-type]


def reference_subject(text: str) -> ReferenceSubject:
    """What `ocilint check image-ref TEXT` checks."""
    use = ImageUse(text, text, ImageUseKind.REFERENCE, Location(text))
    return ReferenceSubject(path=text, text=text, image_uses=(use,))


def lint_reference(
    text: str,
    select: Sequence[str],
    *,
    config: Mapping[str, object] | None = None,
    extra: Sequence[Rule] = (),
) -> list[Finding]:
    """Findings of the ``select``ed rules for `ocilint check image-ref TEXT`."""
    return check_subject(reference_subject(text), _policy(select, config, extra))  # type: ignore[arg-type]


def details(findings: Sequence[Finding]) -> list[Detail]:
    """(line, column, message, fix) of each finding."""
    return [(f.location.line, f.location.column, f.message, f.fix) for f in findings]


def pairs(
    policy: RegistryPolicy, text: str, *, familiar: bool = False
) -> list[tuple[str, str | None]]:
    return check_reference(policy, parse_normalized(text), familiar=familiar)


# --------------------------------------------------------------------------------------------
# The rule modules
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", REGISTRY_MODULES, ids=lambda m: m.NAME)
def test_rule_modules_meet_the_rule_contract(module: ModuleType) -> None:
    rule = Rule.from_module(module, plugin="ocilint")
    assert rule.missing_sections() == []
    assert "Use instead:" in rule.doc
    assert rule.summary.endswith(".")
    assert "## References" in rule.doc and "https://" in rule.sections["References"]
    assert set(rule.defaults) == {"allow"}
    assert "`allow`" in rule.sections["Options"]
    assert rule.applies_to == frozenset({"dockerfile", "reference"})


def test_codes_names_and_severities() -> None:
    found = [(m.CODE, m.NAME, m.SEVERITY) for m in REGISTRY_MODULES]
    assert found == [
        ("OCL301", "ghcr-naming", Severity.ERROR),
        ("OCL302", "docker-hub-naming", Severity.ERROR),
        ("OCL303", "ecr-naming", Severity.ERROR),
        ("OCL304", "ecr-public-naming", Severity.ERROR),
        ("OCL305", "acr-naming", Severity.ERROR),
        ("OCL306", "artifact-registry-naming", Severity.ERROR),
        ("OCL307", "quay-naming", Severity.ERROR),
        ("OCL308", "retired-registry", Severity.WARNING),
    ]
    # No other rule (built-in now, or registered later) has one of these codes or names.
    mine = {module.CODE: module for module in REGISTRY_MODULES}
    names = {module.NAME for module in REGISTRY_MODULES}
    for rule in builtin_manager().rules():
        if rule.code in mine:
            assert rule.check is mine[rule.code].check, rule.code
        else:
            assert rule.name not in names, rule.name


def test_each_image_is_checked_by_one_rule_only() -> None:
    text = """
        FROM ghcr.io/app
        FROM acme/team/app
        FROM 1.dkr.ecr.us-east-1.amazonaws.com/app
        FROM public.ecr.aws/app
        FROM acme.azurecr.io/app
        FROM us-docker.pkg.dev/p/app
        FROM quay.io/app
        FROM k8s.gcr.io/pause:3.9
        FROM registry.acme.com/app
    """
    codes = [
        (f.code, f.location.line) for f in lint_registry(text, [m.CODE for m in REGISTRY_MODULES])
    ]
    assert codes == [
        ("OCL301", 1),
        ("OCL302", 2),
        ("OCL303", 3),
        ("OCL304", 4),
        ("OCL305", 5),
        ("OCL306", 6),
        ("OCL307", 7),
        ("OCL308", 8),
    ]


def test_import_is_light() -> None:
    """Importing the module compiles and imports nothing beyond what ocilint already loads."""
    code = (
        "import sys, re\n"
        "import ocilint.model, ocilint.reference\n"
        "before = set(sys.modules)\n"
        "cache = len(getattr(re, '_cache', ()))\n"
        "import ocilint.registries\n"
        "print(sorted(set(sys.modules) - before), len(getattr(re, '_cache', ())) - cache)\n"
    )
    assert python_output(code).strip() == "['ocilint.registries'] 0"


# --------------------------------------------------------------------------------------------
# The built-in table
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", BUILTIN_POLICIES, ids=lambda p: p.name)
def test_every_builtin_policy_cites_its_source_and_its_examples_hold(
    policy: RegistryPolicy,
) -> None:
    assert policy.source.startswith("https://")
    good, bad = parse_normalized(policy.example), parse_normalized(policy.counterexample)
    assert policy_for(bad, BUILTIN_POLICIES) is policy
    assert check_reference(policy, bad) != []
    if not policy.retired:
        assert policy_for(good, BUILTIN_POLICIES) is policy
        assert check_reference(policy, good) == []


def test_hosts_match_case_insensitively_and_without_the_port() -> None:
    assert policy_for(parse_normalized("GHCR.io/acme/app"), BUILTIN_POLICIES) is GHCR
    assert policy_for(parse_normalized("ghcr.io:443/acme/app"), BUILTIN_POLICIES) is GHCR
    assert policy_for(parse_normalized("ghcr.io.evil.com/acme/app"), BUILTIN_POLICIES) is None
    assert policy_for(parse_normalized("localhost:5000/app"), BUILTIN_POLICIES) is None
    assert policy_for(parse_normalized("[::1]:5000/app"), BUILTIN_POLICIES) is None
    assert policy_for(parse_normalized("mirror.gcr.io/library/busybox"), BUILTIN_POLICIES) is None
    no_domain = Reference(name="foo_bar.com/x", domain=None, path="foo_bar.com/x")
    assert policy_for(no_domain, BUILTIN_POLICIES) is None
    assert check_reference(GHCR, no_domain) == []


def test_a_reference_on_another_registry_has_no_problems() -> None:
    assert pairs(GHCR, "quay.io/a/app") == []


def test_a_port_is_fine_unless_the_policy_forbids_it() -> None:
    assert pairs(GHCR, "ghcr.io:443/acme/app") == []
    assert pairs(ACR, "contoso.azurecr.io:443/app:1") == [
        (
            "Azure Container Registry host `contoso.azurecr.io:443` must not have a port: the "
            "registry issues tokens for `contoso.azurecr.io` alone, so pulls and pushes fail "
            "with `unauthorized: authentication required`",
            "use `contoso.azurecr.io/app:1`",
        )
    ]


# --------------------------------------------------------------------------------------------
# Components, requirements and fixes
# --------------------------------------------------------------------------------------------


def test_requirements_the_reference_grammar_already_rules_out_still_work() -> None:
    # The grammar never produces a path component with a leading hyphen; a plugin's own
    # Reference objects (or a future parser) might.
    reference = Reference(name="ghcr.io/-acme-/app", domain="ghcr.io", path="-acme-/app")
    assert check_reference(GHCR, reference) == [
        (
            "GitHub Container Registry owner `-acme-` must not start or end with a hyphen",
            None,
        )
    ]


def test_every_broken_requirement_of_a_component_is_in_one_message() -> None:
    owner = "a_" + "b" * 40
    assert pairs(GHCR, f"ghcr.io/{owner}/app") == [
        (
            f"GitHub Container Registry owner `{owner}` must contain only letters, digits and "
            "hyphens; must be at most 39 characters long (it has 42)",
            None,
        )
    ]


@pytest.mark.parametrize(
    ("low", "high", "length", "expected"),
    [
        (2, 5, 3, None),
        (2, 5, 1, "must be 2-5 characters long (it has 1)"),
        (2, 5, 6, "must be 2-5 characters long (it has 6)"),
        (0, 5, 6, "must be at most 5 characters long (it has 6)"),
        (1, 5, 6, "must be at most 5 characters long (it has 6)"),
        (3, None, 1, "must be at least 3 characters long (it has 1)"),
        (3, None, 2, "must be at least 3 characters long (it has 2)"),
        (12, 12, 11, "must be exactly 12 characters long (it has 11)"),
    ],
)
def test_length_text(low: int, high: int | None, length: int, expected: str | None) -> None:
    assert Component("x", min_length=low, max_length=high).length_text(length) == expected


def test_known_reserved_exempt_and_scoped_values() -> None:
    component = Component(
        "project",
        requirements=(Requirement(r"[a-z]+", "must be letters"),),
        min_length=3,
        known=frozenset({"alpha", "beta"}),
        known_text="a known project",
        reserved=frozenset({"beta"}),
        reserved_text="reserved for tests",
        exempt=frozenset({"x.y"}),
        scoped=True,
    )
    assert component.problems("alpha") == []
    assert component.problems("example.com:alpha") == ["is not a known project"]
    assert component.problems("x.y") == []
    assert component.problems("beta") == ["is reserved for tests"]
    assert component.problems("a1") == [
        "must be letters",
        "must be at least 3 characters long (it has 2)",
        "is not a known project",
    ]
    bare = Component("x", known=frozenset({"a"}), reserved=frozenset({"b"}))
    assert bare.problems("b") == ["is not a known value", "is reserved"]


def test_describe_component() -> None:
    assert GHCR.components[0].describe() == (
        "owner (path component 1): must contain only letters, digits and hyphens; must not "
        "start or end with a hyphen; must not contain consecutive hyphens; at most 39 characters"
    )
    assert Component("r", start=1, count=None, min_length=2).describe() == (
        "r (path components 2 onwards): at least 2 characters"
    )
    assert Component("r", start=1, count=2, known=frozenset({"a"})).describe() == (
        "r (path components 2-3): one of 1 known values"
    )
    assert Component("a", group="account", reserved=frozenset({"b", "a"})).describe() == (
        "a (host part `account`): not `a`, `b`"
    )
    assert Component("any").describe() == "any (path component 1): any valid value"


def test_a_suggestion_becomes_the_fix_only_when_it_satisfies_the_component() -> None:
    assert pairs(DOCKER_HUB, "acme/web.app:1", familiar=True) == [
        (
            "Docker Hub repository name `web.app` must contain only lowercase letters, digits, "
            "`-` and `_` (no `.`)",
            "use `acme/web-app:1`",
        )
    ]
    # `a.` cannot be in a reference; `a` would still be too short, so there is no fix.
    assert pairs(DOCKER_HUB, "acme/a") == [
        ("Docker Hub repository name `a` must be 2-255 characters long (it has 1)", None)
    ]


def test_fixes_keep_the_way_the_name_was_written() -> None:
    assert pairs(DOCKER_HUB, "docker.io/acme/web.app@sha256:" + "a" * 64)[0][1] == (
        "use `docker.io/acme/web-app@sha256:" + "a" * 64 + "`"
    )
    assert pairs(DOCKER_HUB, "web.app:1", familiar=True)[0][1] == "use `web-app:1`"
    hub = pairs(DOCKER_HUB, "acme/team/app:1", familiar=True)
    assert hub[0][1] == "use `acme/team-app:1`"


def test_group_fixes_rewrite_the_host_and_keep_the_port() -> None:
    policy = RegistryPolicy(
        name="Example",
        domain=r"(?P<region>[a-z0-9-]+)\.registry\.example",
        source="https://example.invalid/docs",
        components=(
            Component(
                "region",
                group="region",
                known=frozenset({"eu-west", "us-east"}),
                known_text="an Example region",
            ),
        ),
    )
    assert pairs(policy, "eu-wst.registry.example:8443/app:1") == [
        (
            "Example region `eu-wst` is not an Example region",
            "use `eu-west.registry.example:8443/app:1`",
        )
    ]
    assert pairs(policy, "zzzz.registry.example/app") == [
        ("Example region `zzzz` is not an Example region", None)
    ]


def test_no_fix_when_two_known_values_are_equally_close() -> None:
    policy = RegistryPolicy(
        name="Example",
        domain=r"(?P<zone>[a-z0-9]+)\.example",
        source="https://example.invalid/docs",
        components=(Component("zone", group="zone", known=frozenset({"zone1", "zone2"})),),
    )
    assert pairs(policy, "zone3.example/app") == [
        ("Example zone `zone3` is not a known value", None)
    ]


# --------------------------------------------------------------------------------------------
# Component counts
# --------------------------------------------------------------------------------------------


COUNTED = RegistryPolicy(
    name="Counted",
    domain=r"counted\.example",
    source="https://example.invalid/docs",
    layout=("TEAM", "GROUP", "IMAGE"),
    min_components=3,
    max_components=4,
)


def test_too_few_components_names_the_missing_ones() -> None:
    assert pairs(COUNTED, "counted.example/app:1") == [
        (
            "Counted names have 3-4 path components (`counted.example/TEAM/GROUP/IMAGE`); "
            "`app` has 1 component",
            "name the team and group: `counted.example/TEAM/GROUP/app:1`",
        )
    ]
    assert pairs(COUNTED, "counted.example/red/app") == [
        (
            "Counted names have 3-4 path components (`counted.example/TEAM/GROUP/IMAGE`); "
            "`red/app` has 2 components",
            "name the group: `counted.example/red/GROUP/app`",
        )
    ]


def test_too_many_components_joins_the_surplus() -> None:
    assert pairs(COUNTED, "counted.example/a/b/c/d/e") == [
        (
            "Counted names have 3-4 path components (`counted.example/TEAM/GROUP/IMAGE`); "
            "`a/b/c/d/e` has 5 components",
            "use `counted.example/a/b/c/d-e`",
        )
    ]


def test_count_without_a_layout_has_no_fix_for_missing_components() -> None:
    policy = RegistryPolicy(
        name="Bare", domain=r"bare\.example", source="https://example.invalid", min_components=2
    )
    assert pairs(policy, "bare.example/app") == [
        ("Bare names have at least 2 path components (`bare.example`); `app` has 1 component", None)
    ]


# --------------------------------------------------------------------------------------------
# A plugin's own registry
# --------------------------------------------------------------------------------------------


HARBOR = RegistryPolicy(
    name="ACME Harbor",
    domain=re.compile(r"registry\.acme\.com"),
    layout=("PROJECT", "REPOSITORY"),
    min_components=2,
    components=(
        Component(
            "project",
            requirements=(
                Requirement(r"[a-z0-9]+(?:[._-][a-z0-9]+)*", "must be lower-case words"),
            ),
            min_length=1,
            max_length=255,
        ),
        Component(
            "repository name",
            start=1,
            count=None,
            reserved=frozenset({"admin"}),
            reserved_text="kept for the platform team",
        ),
    ),
    source="https://goharbor.io/docs/main/working-with-projects/create-projects/",
    example="registry.acme.com/platform/app",
    counterexample="registry.acme.com/app",
)
HARBOR_RULE = naming_rule(HARBOR, "ACME001", "acme-harbor-naming", plugin="acme-ocilint")


def test_plugin_rule_is_a_valid_documented_rule() -> None:
    rule = HARBOR_RULE
    assert (rule.code, rule.name, rule.severity, rule.plugin) == (
        "ACME001",
        "acme-harbor-naming",
        Severity.ERROR,
        "acme-ocilint",
    )
    assert rule.applies_to == frozenset({"dockerfile", "reference"})
    assert dict(rule.defaults) == {"allow": ()}
    assert rule.missing_sections() == []
    assert rule.summary == "Image name that ACME Harbor does not accept."
    assert rule.sections["Example"] == (
        "FROM registry.acme.com/app\n\nUse instead:\n    FROM registry.acme.com/platform/app"
    )
    assert rule.sections["What it does"].splitlines()[-4:] == [
        "- ACME Harbor (host `registry\\.acme\\.com`):",
        "  - at least 2 path components",
        "  - project (path component 1): must be lower-case words; at most 255 characters",
        "  - repository name (path components 2 onwards): not `admin`",
    ]
    assert "`allow`" in rule.sections["Options"]
    assert rule.sections["References"] == (
        "- [ACME Harbor](https://goharbor.io/docs/main/working-with-projects/create-projects/)"
    )


def test_plugin_rule_finds_problems_in_dockerfiles_and_references() -> None:
    text = """
        FROM registry.acme.com/platform/app:1 AS ok
        FROM registry.acme.com/app:1
        COPY --from=registry.acme.com/Platform__x/admin:1 /a /a
        COPY --from=registry.acme.com/platform__x/admin:1 /a /a
    """
    assert details(lint_registry(text, ["ACME001"], extra=[HARBOR_RULE])) == [
        (
            2,
            6,
            "image `registry.acme.com/app:1` (FROM): ACME Harbor names have at least 2 path "
            "components (`registry.acme.com/PROJECT/REPOSITORY`); `app` has 1 component",
            "name the project: `registry.acme.com/PROJECT/app:1`",
        ),
        (
            4,
            13,
            "image `registry.acme.com/platform__x/admin:1` (COPY --from): ACME Harbor project "
            "`platform__x` must be lower-case words",
            None,
        ),
        (
            4,
            13,
            "image `registry.acme.com/platform__x/admin:1` (COPY --from): ACME Harbor "
            "repository name `admin` is kept for the platform team",
            None,
        ),
    ]
    assert details(lint_reference("registry.acme.com/app", ["ACME001"], extra=[HARBOR_RULE])) == [
        (
            None,
            None,
            "image `registry.acme.com/app` (reference): ACME Harbor names have at least 2 path "
            "components (`registry.acme.com/PROJECT/REPOSITORY`); `app` has 1 component",
            "name the project: `registry.acme.com/PROJECT/app`",
        )
    ]


def test_plugin_rule_allow_option_and_pragmas() -> None:
    text = """
        FROM registry.acme.com/app:1
        # ocilint: ignore=ACME001
        FROM registry.acme.com/other:1
        FROM registry.acme.com/third:1
    """
    assert [f.location.line for f in lint_registry(text, ["ACME001"], extra=[HARBOR_RULE])] == [
        1,
        4,
    ]
    config = {"rules": {"acme-harbor-naming": {"allow": ["registry.acme.com/app"]}}}
    found = lint_registry(text, ["ACME001"], config=config, extra=[HARBOR_RULE])
    assert [f.location.line for f in found] == [4]
    config = {"rules": {"ACME001": {"allow": ["REGISTRY.ACME.COM"]}}}
    assert lint_registry(text, ["ACME001"], config=config, extra=[HARBOR_RULE]) == []


def test_plugin_rule_with_several_policies_and_its_own_doc() -> None:
    rule = naming_rule(
        [HARBOR, GHCR],
        "ACME002",
        "acme-naming",
        Severity.WARNING,
        doc="Names the ACME way.\n\n## What it does\nChecks.\n",
    )
    assert rule.doc == "Names the ACME way.\n\n## What it does\nChecks."
    assert rule.severity is Severity.WARNING
    found = lint_reference("ghcr.io/app", ["ACME002"], extra=[rule])
    assert [(f.code, f.severity) for f in found] == [("ACME002", Severity.WARNING)]


def test_describe_policy_of_a_retired_registry_and_a_port_rule() -> None:
    retired = RegistryPolicy(
        name="Old", domain=r"old\.example", source="https://old.example/", retired="gone"
    )
    text = describe_policy([retired, ACR])
    assert "- Old (host `old\\.example`):\n  - retired: gone\n" in text
    assert "  - no port on the host\n" in text
    assert "## Example\n    FROM acme.azurecr.io/app\n" in text
    assert text.endswith(
        "- [Old](https://old.example/)\n"
        "- [Azure Container Registry](https://learn.microsoft.com/en-us/rest/api/"
        "containerregistry/registries/check-name-availability)\n"
    )
    retired_rule = naming_rule(retired, "OLD001", "old-registry", Severity.WARNING)
    assert lint_reference("old.example/app", ["OLD001"], extra=[retired_rule])[0].message == (
        "image `old.example/app` (reference): `old.example` is Old, gone"
    )
    assert lint_reference("old.example/app", ["OLD001"], extra=[retired_rule])[0].fix is None
