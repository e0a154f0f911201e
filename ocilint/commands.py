"""The work behind each subcommand, imported only when that subcommand runs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ocilint import __version__, exit_codes
from ocilint.config import Config, load_config
from ocilint.engine import Policy, Selection, build_policy, check_subject
from ocilint.errors import InputError, OcilintError, UsageError
from ocilint.model import Finding
from ocilint.plugins import Manager, create_manager
from ocilint.rule import Rule


def _manager(config: Config | None = None) -> Manager:
    return create_manager(config.plugins if config else ())


def _use_color(choice: str, stream: object) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def check(args: argparse.Namespace) -> int:
    from ocilint.cli import parse_build_args, read_input
    from ocilint.loading import LoadContext, iter_paths
    from ocilint.reporters import Report

    config = Config() if args.isolated else load_config(args.config)
    manager = _manager(config)
    rules = manager.rules()
    selection = Selection(
        select=_comma_list(args.select) if args.select else None,
        extend_select=_comma_list(args.extend_select),
        ignore=_comma_list(args.ignore),
        fail_on=args.fail_on,
    )
    policy = build_policy(rules, config, selection)
    reporters = _reporters(manager)
    if args.format not in reporters:
        raise UsageError(
            f"unknown format `{args.format}` (formats: {', '.join(sorted(reporters))})"
        )
    context = LoadContext(
        build_args={**config.build_args, **parse_build_args(args.build_arg)},
        target=args.target or config.target,
    )
    findings: list[Finding] = []
    checked: list[str] = []
    errors: list[str] = []
    for path in iter_paths(args.paths or ["."]):
        shown = args.stdin_filename if path == "-" and args.stdin_filename else path
        try:
            data = read_input(path)
            subjects = manager.hook.ocilint_load_file(path=shown, data=data, context=context)
            if subjects is None:
                raise InputError("no loader recognises this file", shown)
            for subject in subjects:
                findings.extend(check_subject(subject, policy))
        except InputError as error:
            print(f"ocilint: {error}", file=sys.stderr)
            errors.append(str(error))
            continue
        checked.append(shown)
    if not checked and not errors:
        raise UsageError(f"no Dockerfiles found in {', '.join(args.paths or ['.'])}")
    return _report(args, policy, reporters, findings, checked, errors, rules, Report)


def _comma_list(values: Sequence[str] | None) -> tuple[str, ...]:
    from ocilint.cli import _comma_list as split

    return split(values)


def _reporters(manager: Manager) -> dict[str, object]:
    formats: dict[str, object] = {}
    for contributed in manager.hook.ocilint_reporters():
        formats.update(contributed)
    return formats


def _report(
    args: argparse.Namespace,
    policy: Policy,
    reporters: dict[str, object],
    findings: list[Finding],
    checked: list[str],
    errors: list[str],
    rules: Sequence[Rule],
    report_type: type,
) -> int:
    out = sys.stdout
    report = report_type(
        findings=tuple(findings),
        checked=tuple(checked),
        rules=tuple(rules),
        version=__version__,
        fail_on=policy.fail_on,
        errors=tuple(errors),
        color=args.format == "text" and not args.output and _use_color(args.color, out),
    )
    reporter = reporters[args.format]
    text = reporter(report)  # type: ignore[operator]
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as file:
                file.write(text)
        except OSError as error:
            raise UsageError(f"cannot write report: {error.strerror}", args.output) from None
    else:
        out.write(text)
        out.flush()
    if errors:
        return exit_codes.ERROR
    if any(finding.severity >= policy.fail_on for finding in findings):
        return exit_codes.FINDINGS
    return exit_codes.OK


def _find_rule(rules: Sequence[Rule], selector: str) -> Rule:
    for rule in rules:
        if rule.code == selector.upper() or rule.name == selector:
            return rule
    import difflib

    names = [rule.code for rule in rules] + [rule.name for rule in rules]
    close = difflib.get_close_matches(selector, names, n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    raise UsageError(f"unknown rule `{selector}`{hint}; `ocilint rules` lists them")


def show_rule(selector: str) -> int:
    rule = _find_rule(_manager(load_config_quietly()).rules(), selector)
    sys.stdout.write(rule.markdown())
    return exit_codes.OK


def load_config_quietly() -> Config | None:
    try:
        return load_config()
    except OcilintError:
        return None


def list_rules(output_format: str) -> int:
    rules = _manager(load_config_quietly()).rules()
    if output_format == "json":
        import json

        document = [
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity.label,
                "enabled_by_default": rule.enabled_by_default,
                "applies_to": sorted(rule.applies_to),
                "summary": rule.summary,
                "plugin": rule.plugin,
                "options": {key: _jsonable(value) for key, value in rule.defaults.items()},
            }
            for rule in rules
        ]
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    elif output_format == "markdown":
        from ocilint.docs import rules_table

        sys.stdout.write(rules_table(rules))
    else:
        width = max((len(rule.name) for rule in rules), default=0)
        for rule in rules:
            flag = "" if rule.enabled_by_default else " (off by default)"
            sys.stdout.write(
                f"{rule.code}  {rule.name:<{width}}  {rule.severity.label:<7}  "
                f"{rule.summary}{flag}  [{rule.plugin}]\n"
            )
    return exit_codes.OK


def _jsonable(value: object) -> object:
    if isinstance(value, tuple):
        return [_jsonable(item) for item in value]
    if hasattr(value, "items"):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def version() -> int:
    import platform

    manager = _manager(load_config_quietly())
    rules = manager.rules()
    lines = [f"ocilint {__version__} (Python {platform.python_version()})"]
    try:
        from ocilint.spdx import LICENSE_LIST_VERSION

        lines.append(f"SPDX License List {LICENSE_LIST_VERSION}")
    except ImportError:
        pass
    counts: dict[str, int] = {}
    for rule in rules:
        counts[rule.plugin] = counts.get(rule.plugin, 0) + 1
    plugins = ", ".join(f"{name} ({count} rules)" for name, count in counts.items())
    lines.append(f"rules from: {plugins}")
    sys.stdout.write("\n".join(lines) + "\n")
    return exit_codes.OK
