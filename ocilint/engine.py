"""The engine: which rules run, with which options and severities, and what they found.

`build_policy` resolves selectors (codes, code prefixes, rule names, `ALL`), severity overrides
and rule options against the rule registry once. `check_subject` runs the active rules on one
subject and applies ignore pragmas and per-file ignores to what they return.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from ocilint.config import Config, toml_type
from ocilint.errors import ConfigError, OcilintError, PluginError, UsageError
from ocilint.model import DockerfileSubject, Finding, Location, Severity
from ocilint.pragmas import (
    NO_SUPPRESSIONS,
    PRAGMA_RULE,
    Suppressions,
    suppressions,
    unknown_selectors,
)
from ocilint.rule import Rule


@dataclass(frozen=True, slots=True)
class Selection:
    """Command-line choices that override the configuration file."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    rules: tuple[Rule, ...]  # active rules, by code
    severities: Mapping[str, Severity]
    options: Mapping[str, Mapping[str, Any]]
    fail_on: Severity
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    config_root: str = "."
    all_rules: tuple[Rule, ...] = field(default=())

    def rules_for(self, kind: str) -> list[Rule]:
        return [rule for rule in self.rules if kind in rule.applies_to]


class _Selectors:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = rules
        self.by_code = {rule.code: rule for rule in rules}
        self.by_name = {rule.name: rule for rule in rules}

    def match(self, selector: str, source: str, error: type[OcilintError]) -> list[Rule]:
        """Rules a selector names: a code, a code prefix, a rule name, or ALL."""
        text = selector.strip()
        if text.upper() == "ALL":
            return list(self.rules)
        if text in self.by_name:
            return [self.by_name[text]]
        code = text.upper()
        if code in self.by_code:
            return [self.by_code[code]]
        matches = [rule for rule in self.rules if rule.code.startswith(code)] if code else []
        if matches:
            return matches
        import difflib

        known = [*self.by_code, *self.by_name]
        close = difflib.get_close_matches(text, known, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else " (see `ocilint rules`)"
        raise error(f"unknown rule selector `{selector}` in {source}{hint}")

    def is_exact(self, selector: str) -> bool:
        text = selector.strip()
        return text in self.by_name or text.upper() in self.by_code


def build_policy(rules: Sequence[Rule], config: Config, selection: Selection) -> Policy:
    selectors = _Selectors(rules)
    config_source = f"the configuration ({config.path})" if config.path else "the configuration"

    configured: set[str] = set()

    def expand(items: Iterable[str], source: str, error: type[OcilintError]) -> set[str]:
        """Codes a list of selectors turns on. A prefix or ALL takes an off-by-default rule
        only when it is configured; naming the rule exactly always takes it."""
        codes: set[str] = set()
        for item in items:
            for rule in selectors.match(item, source, error):
                if selectors.is_exact(item) or rule.enabled_by_default or rule.code in configured:
                    codes.add(rule.code)
        return codes

    options: dict[str, Mapping[str, Any]] = {
        rule.code: MappingProxyType(dict(rule.defaults)) for rule in rules
    }
    for selector, values in config.rules.items():
        if not selectors.is_exact(selector):
            selectors.match(selector, f"{config_source} [rules]", ConfigError)
            raise ConfigError(f"`rules.{selector}` must name one rule by code or name", config.path)
        rule = selectors.match(selector, config_source, ConfigError)[0]
        options[rule.code] = MappingProxyType(_rule_options(rule, values, config.path))
        configured.add(rule.code)

    if selection.select is not None:
        active = expand(selection.select, "--select", UsageError)
    elif config.select is not None:
        active = expand(config.select, config_source, ConfigError)
    else:
        active = {rule.code for rule in rules if rule.enabled_by_default}
        # Configuring an off-by-default rule (e.g. the allowed registries) turns it on.
        active |= configured
    active |= expand(config.extend_select, config_source, ConfigError)
    active |= expand(selection.extend_select, "--extend-select", UsageError)
    active -= {
        rule.code
        for item in config.ignore
        for rule in selectors.match(item, config_source, ConfigError)
    }
    active -= {
        rule.code
        for item in selection.ignore
        for rule in selectors.match(item, "--ignore", UsageError)
    }

    severities = {rule.code: rule.severity for rule in rules}
    for selector, level in config.severity.items():
        for rule in selectors.match(selector, f"{config_source} [severity]", ConfigError):
            severities[rule.code] = level

    per_file = tuple(
        (
            pattern,
            frozenset(
                rule.code
                for item in codes
                for rule in selectors.match(
                    item, f"{config_source} [per-file-ignores]", ConfigError
                )
            ),
        )
        for pattern, codes in config.per_file_ignores
    )
    return Policy(
        rules=tuple(rule for rule in rules if rule.code in active),
        severities=MappingProxyType(severities),
        options=MappingProxyType(options),
        fail_on=selection.fail_on or config.fail_on or Severity.WARNING,
        per_file_ignores=per_file,
        config_root=config.root,
        all_rules=tuple(rules),
    )


def _rule_options(rule: Rule, values: Mapping[str, Any], path: str | None) -> dict[str, Any]:
    merged = dict(rule.defaults)
    for key, value in values.items():
        if key not in rule.defaults:
            known = ", ".join(sorted(rule.defaults)) or "none"
            raise ConfigError(
                f"unknown option `{key}` for rule {rule.code} ({rule.name}); options: {known}",
                path,
            )
        default = rule.defaults[key]
        if isinstance(default, tuple):
            if not isinstance(value, list):
                raise ConfigError(
                    f"option `{rule.name}.{key}` must be a list, not {toml_type(value)}", path
                )
            if all(isinstance(item, str) for item in default) and not all(
                isinstance(item, str) for item in value
            ):
                raise ConfigError(f"option `{rule.name}.{key}` must be a list of strings", path)
            value = tuple(value)
        elif isinstance(default, Mapping):
            if not isinstance(value, dict):
                raise ConfigError(f"option `{rule.name}.{key}` must be a table", path)
            value = MappingProxyType({**default, **value})
        elif isinstance(default, bool) and not isinstance(value, bool):
            raise ConfigError(f"option `{rule.name}.{key}` must be true or false", path)
        elif isinstance(default, int) and not isinstance(default, bool):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ConfigError(f"option `{rule.name}.{key}` must be an integer", path)
        elif isinstance(default, str) and not isinstance(value, str):
            raise ConfigError(f"option `{rule.name}.{key}` must be a string", path)
        merged[key] = value
    return merged


def _relative(path: str, root: str) -> str:
    if path == "-":
        return path
    try:
        return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    except ValueError:
        return path


def ignored_by_file(policy: Policy, path: str) -> frozenset[str]:
    """Codes that `per-file-ignores` turns off for `path`."""
    if not policy.per_file_ignores:
        return frozenset()
    import fnmatch

    relative = _relative(path, policy.config_root)
    name = os.path.basename(path)
    codes: set[str] = set()
    for pattern, ignored in policy.per_file_ignores:
        if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(name, pattern):
            codes |= ignored
    return frozenset(codes)


def _suppressions_for(subject: Any) -> Suppressions:
    if isinstance(subject, DockerfileSubject):
        parsed = subject.dockerfile.parsed
        spans = [(i.start_line, i.end_line) for i in parsed.instructions]
        return suppressions(parsed.comments, spans)
    return NO_SUPPRESSIONS


def _in_file(finding: Finding, path: str, hidden: Suppressions) -> bool:
    """A Dockerfile's line pragmas cover its own lines; a finding a build places in another
    file (a YAML or HCL line) is covered only by the Dockerfile's file-wide pragmas."""
    if finding.location.path == path or finding.location.line is None:
        return True
    return hidden.suppresses(replace(finding, location=replace(finding.location, line=None)))


def _build_file_pragmas(subject: Any) -> Mapping[str, Suppressions]:
    build = getattr(subject, "build", None)
    if build is None or not build.sources:
        return {}
    from ocilint.builds.subjects import pragmas

    return pragmas(build)


def _hidden_elsewhere(
    finding: Finding, policy: Policy, pragmas: Mapping[str, Suppressions]
) -> bool:
    """A finding a build places in another file: that file's pragmas and per-file ignores."""
    path = finding.location.path
    if finding.code in ignored_by_file(policy, path):
        return True
    hidden = pragmas.get(path)
    return hidden is not None and hidden.suppresses(finding)


MAX_MESSAGE_LENGTH = 1000  # characters of one finding's message or fix, as printed


def _clip(text: str) -> str:
    """Cut a message built from a hostile input (a 100 kB word) to one readable line."""
    if len(text) <= MAX_MESSAGE_LENGTH:
        return text
    return text[: MAX_MESSAGE_LENGTH - 1] + "…"


def check_subject(subject: Any, policy: Policy) -> list[Finding]:
    """Run every active rule on `subject`; return its findings, sorted, pragmas applied."""
    results: dict[tuple[Any, ...], Finding] = {}
    skipped = ignored_by_file(policy, subject.path)
    hidden = _suppressions_for(subject)
    elsewhere = _build_file_pragmas(subject)
    for rule in policy.rules_for(subject.kind):
        if rule.code in skipped:
            continue
        try:
            produced = list(rule.check(subject, policy.options[rule.code]))
        except OcilintError:
            raise
        except Exception as error:
            raise PluginError(
                f'rule {rule.code} ({rule.name}) from "{rule.plugin}" failed on '
                f"{subject.path}: {type(error).__name__}: {error}"
            ) from error
        for finding in produced:
            if not isinstance(finding, Finding) or finding.code != rule.code:
                raise PluginError(
                    f'rule {rule.code} ({rule.name}) from "{rule.plugin}" returned '
                    f"{finding!r}; rules must return Findings with their own code"
                )
            severity = policy.severities[rule.code]
            if finding.max_severity is not None:
                severity = min(severity, finding.max_severity)
            finding = replace(
                finding,
                name=rule.name,
                severity=severity,
                message=_clip(finding.message),
                # an automatic fix's text must stay the text of its edits
                fix=_clip(finding.fix) if finding.fix and finding.autofix is None else finding.fix,
            )
            if hidden.suppresses(finding) and _in_file(finding, subject.path, hidden):
                continue
            if finding.location.path != subject.path and _hidden_elsewhere(
                finding, policy, elsewhere
            ):
                continue
            key = (finding.code, finding.location, finding.message)
            results.setdefault(key, finding)
    for finding in _unknown_pragma_selectors(subject, policy, skipped):
        if not hidden.suppresses(finding):
            results.setdefault((finding.code, finding.location, finding.message), finding)
    return sorted(results.values(), key=Finding.sort_key)


def _unknown_pragma_selectors(
    subject: Any, policy: Policy, skipped: frozenset[str]
) -> Iterable[Finding]:
    """Pragma selectors that name no rule: OCL003's second half, which needs the registry."""
    if not isinstance(subject, DockerfileSubject) or PRAGMA_RULE in skipped:
        return
    rule = next((rule for rule in policy.rules if rule.code == PRAGMA_RULE), None)
    if rule is None:
        return
    known = {key.lower() for r in policy.all_rules for key in (r.code, r.name)}
    external = policy.options[PRAGMA_RULE].get("external", ())
    for problem in unknown_selectors(subject.dockerfile.parsed.comments, known, external):
        yield Finding(
            PRAGMA_RULE,
            Location(subject.path, problem.line),
            problem.message,
            problem.fix,
            name=rule.name,
            severity=policy.severities[PRAGMA_RULE],
        )
