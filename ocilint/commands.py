"""The work behind each subcommand, imported only when that subcommand runs."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from ocilint import __version__, exit_codes
from ocilint.config import Config, load_config
from ocilint.engine import Selection, build_policy, check_subject
from ocilint.errors import InputError, OcilintError, UsageError
from ocilint.model import DockerfileSubject, DocumentKind, Finding, ImageSubject
from ocilint.plugins import Manager, create_manager
from ocilint.reporters import InputFailure, LoadedImage
from ocilint.rule import Rule
from ocilint.terminal import write_stdout

if TYPE_CHECKING:
    from ocilint.reporters.locations import DockerfileAnchors
    from ocilint.transports import Target


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
        output_format = getattr(args, "output_format", None)
        for name in (args.format, output_format):
            if name is not None and name not in self.reporters:
                known = ", ".join(sorted(self.reporters))
                raise UsageError(f"unknown format `{name}` (formats: {known})")
        if output_format and not args.output:
            raise UsageError("--output-format needs --output FILE")
        if getattr(args, "statistics", False) and args.format not in ("text", "json"):
            raise UsageError(f"--statistics prints text or json, not `{args.format}`")
        self.dockerfile = _dockerfile_anchors(getattr(args, "dockerfile", None), self.config)
        self.findings: list[Finding] = []
        self.checked: list[str] = []
        self.errors: list[str] = []
        self.failures: list[InputFailure] = []
        self.sources: list[LoadedImage] = []
        self.image_digests: dict[str, str] = {}  # image path -> the digest checked
        self.base_images: Any = None  # ocilint.builds.online.BaseImages with --online

    def check(self, subjects: Sequence[Any]) -> list[Finding]:
        for subject in subjects:
            if getattr(subject, "kind", None) == "image" and subject.digest:
                for name in (subject.path, subject.reference):
                    if name:
                        self.image_digests.setdefault(name, subject.digest)
        from ocilint.platforms import merge_findings

        found = merge_findings(
            [(getattr(s, "platforms", ()), check_subject(s, self.policy)) for s in subjects]
        )
        self.findings.extend(found)
        return found

    def failed_input(self, error: OcilintError) -> None:
        from ocilint.redact import error_line
        from ocilint.terminal import warn

        message = error_line(str(error))
        warn(f"ocilint: {message}")
        self.errors.append(message)
        self.failures.append(InputFailure(error.path, message))

    def report(self) -> int:
        from ocilint.reporters import Report

        args = self.args
        output_format = getattr(args, "output_format", None)
        to_stdout = not args.output or output_format is not None
        report = Report(
            findings=tuple(self.findings),
            checked=tuple(self.checked),
            rules=tuple(self.rules),
            version=__version__,
            fail_on=self.policy.fail_on,
            errors=tuple(self.errors),
            failures=tuple(self.failures),
            color=args.format == "text" and to_stdout and _use_color(args.color, sys.stdout),
            sources=tuple(self.sources),
            **self._ci_context({args.format, output_format or args.format}),
        )
        if getattr(args, "statistics", False):
            from ocilint.reporters.statistics import render

            text = render(report.findings, args.format)
        else:
            text = self.reporters[args.format](report)
        text = _redact_known(text)
        if output_format is not None:
            file_text = self.reporters[output_format](dataclasses.replace(report, color=False))
            file_text = _redact_known(file_text)
            _write_report(args.output, file_text)
        elif args.output:
            _write_report(args.output, text)
        if to_stdout:
            write_stdout(text)
        if self.errors:
            return exit_codes.ERROR
        if any(finding.severity >= self.policy.fail_on for finding in self.findings):
            return exit_codes.FINDINGS
        return exit_codes.OK

    def _ci_context(self, formats: set[str]) -> dict[str, Any]:
        """Repository root, file lines and images for the CI formats (read once, here)."""
        if formats <= {"text", "json"}:
            return {}
        from ocilint.reading import repository_root
        from ocilint.reporters.locations import ImageInput, read_source

        cwd = os.getcwd()
        paths = {finding.location.path for finding in self.findings}
        if self.dockerfile is not None:
            paths.add(self.dockerfile.path)
        stdin_name = getattr(self.args, "stdin_filename", None)
        if "-" in (getattr(self.args, "paths", None) or ()) and stdin_name:
            paths.discard(stdin_name)  # its text came from standard input, not the disk
        files = {path: source for path in paths if (source := read_source(path)) is not None}
        images: tuple[ImageInput, ...] = ()
        if hasattr(self.args, "refs"):
            images = tuple(
                ImageInput(text, self.image_digests.get(text) or _reference_digest(text))
                for text in self.checked
            )
        return {
            "root": repository_root(cwd),
            "working_directory": cwd,
            "files": files,
            "images": images,
            "dockerfile": self.dockerfile,
        }


def isolated(error: Exception, where: str) -> OcilintError:
    """The error that ends one input (and only it): unexpected ones are kept as internal errors
    of that input, so the rest of the run is still checked and reported."""
    if isinstance(error, OcilintError):
        return error
    if os.environ.get("OCILINT_DEBUG"):
        raise error
    if isinstance(error, RecursionError):
        return InputError("nested too deeply to check", where)
    if isinstance(error, MemoryError):
        return InputError("too large to check: out of memory", where)
    return InputError(
        f"internal error: {type(error).__name__}: {error} (set OCILINT_DEBUG=1 for a traceback, "
        "and please report it)",
        where,
    )


def searched_paths(run: Run, paths: Sequence[str]) -> Iterator[str]:
    """The files to check (see `iter_paths`), each once however often it is named or found:
    an unreadable directory is an error of the run, a special file found by the search is
    skipped with a note."""
    from ocilint.loading import iter_paths
    from ocilint.reading import SkippedFile
    from ocilint.terminal import warn

    seen: set[str] = set()
    for path in iter_paths(paths):
        if isinstance(path, SkippedFile):  # a FIFO named Dockerfile, found by the search
            warn(f"ocilint: {path}")
        elif isinstance(path, InputError):  # an unreadable directory
            run.failed_input(path)
        else:
            key = path if path == "-" else os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                yield path


def _redact_known(text: str) -> str:
    """The report without the secrets this run met. Only image loaders meet secrets, and they
    import ocilint.redact to register them: a Dockerfile run does not pay for the import."""
    redaction = sys.modules.get("ocilint.redact")
    return text if redaction is None else redaction.redact_known(text)


def _write_report(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        raise UsageError(f"cannot write report: {error.strerror}", path) from None


def _reference_digest(text: str) -> str | None:
    """The digest a reference names (`…@sha256:…`), if any."""
    _, at, digest = text.rpartition("@")
    return digest if at and ":" in digest and "/" not in digest else None


def _dockerfile_anchors(path: str | None, config: Config) -> DockerfileAnchors | None:
    """`--dockerfile PATH`, read and parsed, for placing image findings on it."""
    if path is None:
        return None
    from ocilint.loading import decode_dockerfile
    from ocilint.reading import read_input
    from ocilint.reporters.locations import dockerfile_anchors

    try:
        data = read_input(path, config.limits, json=False)
        return dockerfile_anchors(path, decode_dockerfile(path, data))
    except InputError as error:
        raise UsageError(f"--dockerfile: {error}") from None


def check(args: argparse.Namespace) -> int:
    """`ocilint check PATH ...`: Dockerfiles (and image documents) on disk, and the builds
    (command-line flags, Bake, Compose, workflows) that make images from them."""
    from ocilint.builds.flags import command_line_build
    from ocilint.builds.plan import BuildPlan
    from ocilint.cli import parse_build_args, read_input
    from ocilint.loading import LoadContext

    run = Run(args)
    context = LoadContext(
        build_args={**run.config.build_args, **parse_build_args(args.build_arg)},
        target=args.target or run.config.target,
        timeout=run.config.timeout,
        insecure_registries=run.config.insecure_registries,
        platforms=_dockerfile_platforms(args.platform or list(run.config.platforms)),
        budgets=run.config.limits,
    )
    given = [value.partition("=")[0] for value in args.build_arg]
    configured_unused = set(run.config.build_args) - set(given)
    paths = args.paths or ["."]
    config_root = os.path.dirname(os.path.abspath(run.config.path)) if run.config.path else None
    plan = BuildPlan(run.manager.hook, context, config_root)
    flags_build = command_line_build(args, run.config)
    if getattr(args, "online", False):
        from ocilint.builds.online import BaseImages

        run.base_images = BaseImages(context)
    named = {path for path in paths if path == "-" or not os.path.isdir(path)}
    for path in paths:
        if path != "-" and os.path.isdir(path):
            plan.scan(path)
        elif path in named and plan.is_build_file(path):
            plan.add(path)
            run.checked.append(path)
    for error in plan.errors:
        run.failed_input(error)
    searched: Iterable[str] = searched_paths(run, paths)
    check_path = partial(_check_path, run, plan, context, flags_build, given, named)
    if not plan.in_scope and flags_build is None and run.base_images is None:
        # No build files found, no build flags, no --online: many files are checked in two
        # processes, merged in input order, so the output is the serial run's. A Dockerfile
        # named directly whose project has builds for it is handed back to `check_path`.
        configured_unused = _check_in_parallel(
            run, plan, named, list(searched), context, given, configured_unused, check_path
        )
        searched = []
    for path in searched:
        configured_unused = check_path(path, configured_unused)
    for build in plan.remaining():
        if build.dockerfile is None:
            if build.dockerfile_unknown:
                _check_unknown_build(run, build)
            continue
        try:
            shown = _relative_path(build.dockerfile)
            if not os.path.isfile(build.dockerfile):
                where = build.dockerfile_location or build.location
                raise InputError(
                    f"{build.name} uses the Dockerfile `{shown}`, which does not exist",
                    where.path,
                    where.line,
                )
            data = read_input(build.dockerfile, context.budgets)
            built = _check_build(run, build, shown, data, context)
            configured_unused &= set(_unconsumed(configured_unused, built))
        except Exception as error:  # one bad input never abandons the others
            run.failed_input(isolated(error, build.name))
            continue
        if shown not in run.checked:
            run.checked.append(shown)
    if not run.checked and not run.errors:
        raise UsageError(f"no Dockerfiles found in {', '.join(paths)}")
    if configured_unused and run.checked:
        names = ", ".join(sorted(configured_unused))
        print(
            f"ocilint: warning: {run.config.path}: build-args {names} not consumed: "
            "no ARG of the Dockerfiles checked declares them",
            file=sys.stderr,
        )
    return run.report()


def _check_path(
    run: Run,
    plan: Any,
    context: Any,
    flags_build: Any,
    given: Sequence[str],
    named: set[str],
    path: str,
    configured_unused: set[str],
) -> set[str]:
    """`check` of one path: a Dockerfile with the builds that use it (or on its own), or an
    image document; returns the configured build-args still unconsumed."""
    from ocilint.cli import read_input

    if path in named and plan.is_build_file(path):
        return configured_unused  # checked through its builds
    args = run.args
    shown = args.stdin_filename if path == "-" and args.stdin_filename else path
    try:
        data = read_input(path, context.budgets)
        builds = [] if path == "-" else plan.builds_for(path, search_project=path in named)
        if builds:
            for build in builds:
                built = _check_build(run, build, shown, data, context)
                configured_unused &= set(_unconsumed(configured_unused, built))
        else:
            subjects = run.manager.hook.ocilint_load_file(path=shown, data=data, context=context)
            if subjects is None:
                raise InputError("no loader recognises this file", shown)
            if flags_build is not None:
                subjects = [_with_build(subject, flags_build) for subject in subjects]
            run.check([_online(run, subject, flags_build) for subject in subjects])
            for subject in subjects[:1]:  # one per platform, all from the same parse
                if isinstance(subject, DockerfileSubject):
                    _warn_unconsumed(shown, given, subject)
                    configured_unused &= set(_unconsumed(configured_unused, subject))
    except Exception as error:  # one bad input never abandons the others
        run.failed_input(isolated(error, shown))
        return configured_unused
    run.checked.append(shown)
    return configured_unused


@dataclasses.dataclass(frozen=True, slots=True)
class _FileOutcome:
    """What checking one plain file gave, small enough to send back from a worker process."""

    findings: tuple[Finding, ...]
    digests: tuple[tuple[str, str], ...]
    unused_given: tuple[str, ...]  # --build-args its Dockerfile does not consume
    configured_unconsumed: frozenset[str] | None  # of the configured ones; None: no Dockerfile


def _check_plain_file(
    run: Run,
    plan: Any,
    named: set[str],
    context: Any,
    given: Sequence[str],
    configured: frozenset[str],
    path: str,
) -> _FileOutcome | None:
    """Check one file as `check`'s loop does, printing nothing; None if anything went wrong
    or a build uses it (the caller then checks it itself, as the serial path does)."""
    from ocilint.cli import read_input

    try:
        if path == "-":  # standard input is read once, by the caller
            return None
        if path in named and (plan.is_build_file(path) or plan.is_built(path)):
            return None
        subjects = run.manager.hook.ocilint_load_file(
            path=path, data=read_input(path, context.budgets), context=context
        )
        if subjects is None:
            return None
        found = _merged_findings(subjects, run.policy)
        unused_given: tuple[str, ...] = ()
        unconsumed: frozenset[str] | None = None
        for subject in subjects[:1]:  # one per platform, all from the same parse
            if isinstance(subject, DockerfileSubject):
                unused_given = tuple(dict.fromkeys(_unconsumed(given, subject)))
                unconsumed = frozenset(_unconsumed(configured, subject))
        digests = tuple(
            (name, subject.digest)
            for subject in subjects
            if getattr(subject, "kind", None) == "image" and subject.digest
            for name in (subject.path, subject.reference)
            if name
        )
        return _FileOutcome(tuple(found), digests, unused_given, unconsumed)
    except Exception:
        return None


def _check_in_parallel(
    run: Run,
    plan: Any,
    named: set[str],
    paths: list[str],
    context: Any,
    given: Sequence[str],
    configured_unused: set[str],
    check_path: Callable[[str, set[str]], set[str]],
) -> set[str]:
    """`check`'s loop over files no build found so far uses, over two processes when there
    are many (see ocilint/parallel.py); returns the configured build-args still unconsumed."""
    from ocilint.parallel import ordered_map, workers_for

    check_file = partial(
        _check_plain_file, run, plan, named, context, given, frozenset(configured_unused)
    )
    workers = 0 if "-" in paths else workers_for(len(paths))
    for path, outcome in zip(paths, ordered_map(check_file, paths, workers), strict=True):
        if outcome is None:  # as the serial loop does: errors, builds, standard input
            configured_unused = check_path(path, configured_unused)
            continue
        for name, digest in outcome.digests:
            run.image_digests.setdefault(name, digest)
        run.findings.extend(outcome.findings)
        _print_unconsumed(path, outcome.unused_given)
        if outcome.configured_unconsumed is not None:
            configured_unused &= outcome.configured_unconsumed
        run.checked.append(path)
    return configured_unused


def _merged_findings(subjects: Sequence[Any], policy: Any) -> list[Finding]:
    from ocilint.platforms import merge_findings

    return merge_findings(
        [(getattr(s, "platforms", ()), check_subject(s, policy)) for s in subjects]
    )


def _dockerfile_platforms(values: Sequence[str]) -> tuple[str, ...]:
    from ocilint.platforms import PlatformError, parse_platforms

    try:
        return tuple(str(platform) for platform in parse_platforms(values))
    except PlatformError as error:
        raise UsageError(f"--platform: {error}") from None


def _unconsumed(names: Iterable[str], subject: DockerfileSubject) -> list[str]:
    from ocilint.build_args import unconsumed

    return unconsumed(names, subject.dockerfile.parsed)


def _warn_unconsumed(path: str, names: Sequence[str], subject: DockerfileSubject) -> None:
    """Like docker build's `[Warning] One or more build-args [...] were not consumed`."""
    _print_unconsumed(path, list(dict.fromkeys(_unconsumed(names, subject))))


def _print_unconsumed(path: str, unused: Sequence[str]) -> None:
    if unused:
        print(
            f"ocilint: warning: {path}: --build-arg {', '.join(unused)} not consumed: "
            f"no ARG declares {'it' if len(unused) == 1 else 'them'}",
            file=sys.stderr,
        )


def _online(run: Run, subject: Any, build: Any) -> Any:
    """With `--online`, the subject with its base image's labels."""
    from ocilint.model import DockerfileSubject

    if run.base_images is None or not isinstance(subject, DockerfileSubject):
        return subject
    from ocilint.builds.online import with_base_labels

    platforms = build.platforms if build is not None else None
    return with_base_labels(subject, run.base_images, platforms[0] if platforms else None)


def _relative_path(path: str) -> str:
    from ocilint.builds.common import relative_display

    return relative_display(path)


def _with_build(subject: Any, build: Any) -> Any:
    from ocilint.builds.subjects import merge
    from ocilint.model import DockerfileSubject

    return merge(subject, build) if isinstance(subject, DockerfileSubject) else subject


def _check_unknown_build(run: Run, build: Any) -> None:
    """A build whose Dockerfile cannot be known offline: only "cannot be checked"."""
    from ocilint.builds.subjects import name_findings
    from ocilint.model import BuildSubject

    subject = BuildSubject(build.location.path, build)
    run.findings.extend(name_findings(check_subject(subject, run.policy), build))
    if build.location.path not in run.checked:
        run.checked.append(build.location.path)


def _check_build(run: Run, build: Any, shown: str, data: bytes, context: Any) -> DockerfileSubject:
    """Check the Dockerfile as `build` builds it; findings say which build."""
    from ocilint.builds.subjects import merge, name_findings
    from ocilint.loading import LoadContext, decode_dockerfile, dockerfile_subjects

    build_context = LoadContext(
        build_args={**context.build_args, **build.build_args},
        target=build.target,
        # the build's platforms (TARGETARCH & co.), else those of the command line
        platforms=tuple(build.platforms or ()) or context.platforms,
        budgets=context.budgets,
    )
    try:
        subjects = dockerfile_subjects(shown, decode_dockerfile(shown, data), build_context)
    except InputError as error:
        if error.path is not None:
            raise
        where = build.platforms_location or build.location  # a platform ocilint cannot read
        raise InputError(f"{build.name}: {error}", where.path, where.line) from None
    from ocilint.platforms import merge_findings

    results = [
        (subject.platforms, check_subject(_online(run, merge(subject, build), build), run.policy))
        for subject in subjects
    ]
    run.findings.extend(name_findings(merge_findings(results), build))
    return subjects[0]


def check_image_refs(args: argparse.Namespace) -> int:
    """`ocilint check image-ref REF ...`: the reference text, then (unless --offline) the image."""
    from ocilint.loading import LoadContext, reference_subject
    from ocilint.transports import parse_target

    if not args.offline:
        _prepare_network(args.refs)
    run = Run(args)
    context = LoadContext(
        offline=args.offline,
        platform=args.platform,
        timeout=args.timeout or run.config.timeout,
        insecure_registries=(*run.config.insecure_registries, *args.insecure_registry),
        cert_dir=args.cert_dir,
        budgets=run.config.limits,
    )
    targets = [parse_target(text) for text in args.refs]
    for target in targets:
        try:
            _refuse_mistyped_path(target)
        except InputError as error:
            run.failed_input(error)
            continue
        invalid = False
        if target.reference is not None and target.transport in REFERENCE_TRANSPORTS:
            run.check([reference_subject(target)])
            # Whether the rules reporting it are selected or not, a reference that does not
            # parse never reaches the network.
            invalid = not _parses(target.reference)
        if args.offline or invalid:
            run.checked.append(target.text)
            continue  # an invalid reference never reaches the network
        try:
            images = run.manager.hook.ocilint_load_image(text=target.text, context=context)
            if images is None:
                raise InputError("no loader can load this image", target.text)
            for image in images:
                run.sources.append(_loaded(target.text, image))
            run.check(images)
        except Exception as error:  # one bad input never abandons the others
            failed = isolated(error, target.text)
            if isinstance(failed, InputError):
                failed = _with_transport_hint(failed, target.text)
            run.failed_input(failed)
            continue
        run.checked.append(target.text)
    return run.report()


def _with_transport_hint(error: InputError, text: str) -> InputError:
    """The error, with the form that works when `text` looks like a URL or a mistyped
    transport (`oci-layout:DIR`, `http://host/repo:tag`)."""
    from ocilint.transports import suggest

    suggested = suggest(text)
    if suggested is None or "did you mean" in error.message:
        return error
    message = f"{error.message}; did you mean `{suggested[0]}`? ({suggested[1]})"
    return InputError(message, error.path, error.line)


def _refuse_mistyped_path(target: Target) -> None:
    """`oci-layout:./build` parses as the image `oci-layout` tagged `./build`... unless it
    does not: a made-up transport whose path exists on disk is a typo, not an image."""
    import os

    from ocilint.transports import AUTO, parse_target, suggest

    if target.transport != AUTO or not _parses(target.text):
        return  # an unparsable reference gets the form that works as OCL201's fix
    suggested = suggest(target.text)
    if suggested is None:
        return
    path = parse_target(suggested[0]).path
    if path and os.path.exists(path):
        raise InputError(
            f"not checked as an image name: did you mean `{suggested[0]}`? ({suggested[1]})",
            target.text,
        )


def _prepare_network(texts: Sequence[str]) -> None:
    """For registry references: load the system CAs in a thread while the rules load."""
    from ocilint.transports import AUTO, REGISTRY, parse_target

    try:
        wanted = any(parse_target(text).transport in (REGISTRY, AUTO) for text in texts)
    except OcilintError:
        return  # reported in its turn, after the configuration
    if wanted:
        from ocilint.sources.http import prepare_system_tls

        prepare_system_tls()


def _parses(reference: str) -> bool:
    from ocilint.reference import InvalidReference, parse_normalized

    try:
        parse_normalized(reference)
    except InvalidReference:
        return False
    return True


REFERENCE_TRANSPORTS = ("docker", "docker-daemon", "auto")  # archives name images by tag only


def _loaded(text: str, image: ImageSubject) -> LoadedImage:
    root = image.documents[0].kind if image.documents else None
    what = "manifest"
    if root is not None and root.is_index:
        what = "index"
    elif root is not None and root.is_config:
        what = "image config"
    elif root is DocumentKind.INSPECT:
        what = "image"
    platforms = sorted({d.platform for d in image.documents if d.platform and d.kind.is_manifest})
    return LoadedImage(image.path or text, what, image.digest, image.source, tuple(platforms))


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
    write_stdout(rule.markdown())
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
        write_stdout(json.dumps(document, indent=2) + "\n")
    elif output_format == "markdown":
        from ocilint.docs import rules_table

        write_stdout(rules_table(rules))
    else:
        width = max((len(rule.name) for rule in rules), default=0)
        listed = []
        for rule in rules:
            flag = "" if rule.enabled_by_default else " (off by default)"
            listed.append(
                f"{rule.code}  {rule.name:<{width}}  {rule.severity.label:<7}  "
                f"{rule.summary}{flag}  [{rule.plugin}]\n"
            )
        write_stdout("".join(listed))
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
    plugins = ", ".join(
        f"{name} ({count} {'rule' if count == 1 else 'rules'})" for name, count in counts.items()
    )
    lines.append(f"rules from: {plugins}")
    write_stdout("\n".join(lines) + "\n")
    return exit_codes.OK
