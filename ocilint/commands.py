"""The work behind each subcommand, imported only when that subcommand runs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from ocilint import __version__, exit_codes
from ocilint.config import Config, load_config
from ocilint.engine import Selection, build_policy, check_subject
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


class Run:
    """One `check` invocation: configuration, plugins, policy, and what was found so far."""

    def __init__(self, args: argparse.Namespace) -> None:
        from ocilint.cli import comma_list

        self.args = args
        self.config = Config() if args.isolated else load_config(args.config)
        self.manager = _manager(self.config)
        self.rules = self.manager.rules()
        selection = Selection(
            select=comma_list(args.select) if args.select else None,
            extend_select=comma_list(args.extend_select),
            ignore=comma_list(args.ignore),
            fail_on=args.fail_on,
        )
        self.policy = build_policy(self.rules, self.config, selection)
        self.reporters: dict[str, Any] = {}
        for contributed in self.manager.hook.ocilint_reporters():
            self.reporters.update(contributed)
        if args.format not in self.reporters:
            known = ", ".join(sorted(self.reporters))
            raise UsageError(f"unknown format `{args.format}` (formats: {known})")
        self.findings: list[Finding] = []
        self.checked: list[str] = []
        self.errors: list[str] = []
        self.sources: list[str] = []

    def check(self, subjects: Sequence[Any]) -> list[Finding]:
        found = [f for subject in subjects for f in check_subject(subject, self.policy)]
        self.findings.extend(found)
        return found

    def failed_input(self, error: InputError) -> None:
        print(f"ocilint: {error}", file=sys.stderr)
        self.errors.append(str(error))

    def report(self) -> int:
        from ocilint.reporters import Report

        args = self.args
        report = Report(
            findings=tuple(self.findings),
            checked=tuple(self.checked),
            rules=tuple(self.rules),
            version=__version__,
            fail_on=self.policy.fail_on,
            errors=tuple(self.errors),
            color=args.format == "text" and not args.output and _use_color(args.color, sys.stdout),
            sources=tuple(self.sources),
        )
        text = self.reporters[args.format](report)
        if args.output:
            try:
                with open(args.output, "w", encoding="utf-8") as file:
                    file.write(text)
            except OSError as error:
                raise UsageError(f"cannot write report: {error.strerror}", args.output) from None
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        if self.errors:
            return exit_codes.ERROR
        if any(finding.severity >= self.policy.fail_on for finding in self.findings):
            return exit_codes.FINDINGS
        return exit_codes.OK


def check(args: argparse.Namespace) -> int:
    """`ocilint check PATH ...`: Dockerfiles (and image documents) on disk."""
    from ocilint.cli import parse_build_args, read_input
    from ocilint.loading import LoadContext, iter_paths

    run = Run(args)
    context = LoadContext(
        build_args={**run.config.build_args, **parse_build_args(args.build_arg)},
        target=args.target or run.config.target,
    )
    for path in iter_paths(args.paths or ["."]):
        shown = args.stdin_filename if path == "-" and args.stdin_filename else path
        try:
            data = read_input(path)
            subjects = run.manager.hook.ocilint_load_file(path=shown, data=data, context=context)
            if subjects is None:
                raise InputError("no loader recognises this file", shown)
            run.check(subjects)
        except InputError as error:
            run.failed_input(error)
            continue
        run.checked.append(shown)
    if not run.checked and not run.errors:
        raise UsageError(f"no Dockerfiles found in {', '.join(args.paths or ['.'])}")
    return run.report()


def check_image_refs(args: argparse.Namespace) -> int:
    """`ocilint check image-ref REF ...`: the reference text, then (unless --offline) the image."""
    from ocilint.loading import LoadContext, reference_subject
    from ocilint.transports import parse_target

    run = Run(args)
    context = LoadContext(offline=args.offline, platform=args.platform)
    targets = [parse_target(text) for text in args.refs]
    for target in targets:
        invalid = False
        if target.reference is not None:
            subject = reference_subject(target)
            invalid = any(f.code == INVALID_REFERENCE for f in run.check([subject]))
            invalid = invalid or subject.image_uses[0].text == ""
        run.checked.append(target.text)
        if args.offline or invalid:
            continue  # an invalid reference never reaches the network
        try:
            images = run.manager.hook.ocilint_load_image(text=target.text, context=context)
            if images is None:
                raise InputError("no loader can load this image", target.text)
            for image in images:
                run.sources.append(_describe_source(image))
            run.check(images)
        except InputError as error:
            run.failed_input(error)
    return run.report()


INVALID_REFERENCE = "OCL201"


def _describe_source(image: Any) -> str:
    digest = f" {image.digest}" if image.digest else ""
    return f"{image.path}: checked {image.source}{digest}"


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
