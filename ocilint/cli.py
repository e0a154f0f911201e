"""Command line: `ocilint check`, `ocilint fix`, `ocilint rules`, `ocilint rule CODE`,
`ocilint --version`.

`main` is the one place where errors become exit statuses: an `OcilintError` is printed as one
line (`ocilint: <file>:<line>: <what is wrong>`) with status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from ocilint import exit_codes
from ocilint.errors import OcilintError, UsageError
from ocilint.model import Severity

if TYPE_CHECKING:
    from ocilint.budgets import Budgets

_DEBUG_ENV = "OCILINT_DEBUG"
MAX_TIMEOUT = 86_400  # seconds: a day; sockets cannot wait for `inf`


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter without its `shutil` import (2 ms on every run, for help only)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            try:
                width = os.get_terminal_size().columns - 2
            except OSError:
                width = 78
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:  # argparse's default prints usage and exits 2
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def comma_list(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(
        part.strip() for value in values or () for part in value.split(",") if part.strip()
    )


def _severity(text: str) -> Severity:
    try:
        return Severity.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _seconds(text: str) -> float:
    """A timeout: a finite number of seconds above zero (not nan, inf, 0 or negative)."""
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0 or value > MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(
            f"`{text}` is not a number of seconds above 0 and at most {MAX_TIMEOUT:,}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ocilint",
        description="Lint Dockerfiles, image metadata and image references against OCI and "
        "registry policies.",
    )
    parser.add_argument("--version", action="store_true", help="show versions and plugins")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = commands.add_parser(
        "check",
        help="check Dockerfiles (files, directories, or - for standard input); "
        "`check image-ref REF` checks images",
        description="Check Dockerfiles and Containerfiles. Directories are searched for "
        "Dockerfile, Containerfile, *.Dockerfile, *.containerfile, Dockerfile.* and "
        "Containerfile.*; files named explicitly are always checked. "
        "`ocilint check image-ref REF ...` checks image references and the images they name.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    _add_report_options(check)
    check.add_argument(
        "--build-arg",
        action="append",
        default=[],
        metavar="NAME[=VALUE]",
        help="build argument, as for docker build (NAME alone takes it from the environment)",
    )
    check.add_argument("--target", metavar="STAGE", help="build stage to check (default: the last)")
    check.add_argument(
        "--platform",
        action="append",
        default=[],
        metavar="OS/ARCH[/VARIANT]",
        help="target platforms, as for docker buildx build (comma-separated, repeatable; "
        "default: the host's); sets TARGETARCH & co. and checks each platform's build; with "
        "more than one, the image's description must also be an index annotation",
    )
    check.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="label the build adds, as for docker buildx build (repeatable)",
    )
    check.add_argument(
        "--annotation",
        action="append",
        default=[],
        metavar="[TYPES:]KEY=VALUE",
        help="annotation the build adds, as for docker buildx build: TYPES is a comma list of "
        "manifest (default), index, manifest-descriptor, index-descriptor, optionally followed "
        "by [os/arch] (repeatable)",
    )
    check.add_argument(
        "--online",
        action="store_true",
        help="read the labels of external base images from their registries",
    )
    check.add_argument(
        "--stdin-filename", metavar="NAME", help="name to report for standard input (default: -)"
    )

    _add_fix_parser(commands)

    rules = commands.add_parser("rules", help="list rules, or explain one with --explain CODE")
    rules.add_argument("--explain", metavar="CODE", help="print the documentation of one rule")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    rule = commands.add_parser("rule", help="print the documentation of one rule")
    rule.add_argument("code", metavar="CODE", help="rule code or name")
    return parser


def _add_fix_parser(commands: Any) -> None:
    fix = commands.add_parser(
        "fix",
        help="fix what the findings name in Dockerfiles (pin images by digest, lowercase "
        "names, SPDX ids, label keys, URLs), then report what is left",
        description="Rewrite Dockerfiles in place where a finding carries an exact fix, "
        "recheck, and report what is left, as `check` does (same paths, configuration, "
        "selection and exit codes). Pinning asks each image's registry for the digest its tag "
        "names now (one manifest request per reference); --offline makes only the fixes that "
        "need no network.",
    )
    fix.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    fix.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of the changes and write nothing (exit 1 if any)",
    )
    fix.add_argument(
        "--offline", action="store_true", help="only the fixes that need no network (no pinning)"
    )
    fix.add_argument(
        "--update-pins",
        action="store_true",
        help="also re-resolve references pinned with a tag and move the digest if the tag moved",
    )
    _add_report_options(fix)
    fix.add_argument(
        "--build-arg",
        action="append",
        default=[],
        metavar="NAME[=VALUE]",
        help="build argument, as for docker build (NAME alone takes it from the environment)",
    )
    fix.add_argument("--target", metavar="STAGE", help="build stage to check (default: the last)")
    fix.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="connect and read timeout for registries (default: 30)",
    )
    fix.add_argument(
        "--insecure-registry",
        action="append",
        default=[],
        metavar="HOST",
        help="allow plain HTTP for this registry (loopback registries always are); repeatable",
    )
    fix.add_argument(
        "--cert-dir",
        metavar="DIR",
        help="per-registry certificates in DIR/HOST[:PORT]/ (default: /etc/docker/certs.d)",
    )


def _add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        default="text",
        help="output format: text, json, sarif, github or gitlab (default: text)",
    )
    parser.add_argument(
        "--output", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    parser.add_argument(
        "--output-format",
        metavar="FORMAT",
        help="write FORMAT to --output FILE and --format to stdout, in the same run "
        "(e.g. --format text --output-format sarif --output ocilint.sarif)",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="only these rules: codes, code prefixes, names or ALL (comma-separated)",
    )
    parser.add_argument(
        "--extend-select",
        action="append",
        metavar="RULES",
        help="add rules to the selection (e.g. off-by-default ones)",
    )
    parser.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules")
    parser.add_argument(
        "--fail-on",
        type=_severity,
        metavar="SEVERITY",
        help="lowest severity that fails the run: error, warning (default) or info",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: the "
        "nearest .ocilint.toml or pyproject.toml with [tool.ocilint])",
    )
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="print the number of findings of each rule instead of the findings (text or json)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (default: auto; NO_COLOR disables)",
    )


def build_image_ref_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ocilint check image-ref",
        description="Check image references and, unless --offline, the images they name. "
        "REF is a reference (ghcr.io/owner/app:1.0) or a containers-transports name: "
        "docker://REF, docker-daemon:REF, oci:DIR[:TAG], oci-archive:FILE[:TAG], "
        "docker-archive:FILE[:REF].",
    )
    parser.add_argument("refs", nargs="+", metavar="REF", help="image references")
    parser.add_argument(
        "--offline", action="store_true", help="check the reference text only; never load the image"
    )
    parser.add_argument(
        "--platform",
        metavar="OS/ARCH[/VARIANT]",
        help="check only this platform of a multi-platform image",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="time allowed for each image from a registry or an engine: connecting, TLS, "
        "tokens, retries and every read (default: 30)",
    )
    parser.add_argument(
        "--insecure-registry",
        action="append",
        default=[],
        metavar="HOST",
        help="allow plain HTTP for this registry (loopback registries always are); repeatable",
    )
    parser.add_argument(
        "--cert-dir",
        metavar="DIR",
        help="per-registry certificates in DIR/HOST[:PORT]/ (*.crt CAs, *.cert/*.key client "
        "certificates), as in skopeo (default: /etc/docker/certs.d)",
    )
    parser.add_argument(
        "--dockerfile",
        metavar="PATH",
        help="the Dockerfile the images are built from: sarif, github and gitlab reports show "
        "image findings on it (at the LABEL setting the key, else the last FROM)",
    )
    _add_report_options(parser)
    return parser


def run() -> NoReturn:
    """The `ocilint` command (and `python -m ocilint`): `main`, then a quick exit.

    Start-up creates some 100,000 objects that live until the end, so the garbage collector is
    told to look less often; and at the end, freeing every module and object would cost about
    5% of a one-file run for nothing: reports are written and closed, worker pools and threads
    joined, so the process ends right after flushing its output (mypy does both).
    """
    import gc

    gc.set_threshold(100_000, 50, 100)
    status = main()
    for stream in (sys.stdout, sys.stderr):  # None when the descriptor was closed
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            status = exit_codes.ERROR
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args_list)
    except OcilintError as error:
        from ocilint.terminal import warn

        warn(f"ocilint: {error}")
        return exit_codes.ERROR
    except BrokenPipeError:
        from ocilint.terminal import silence_stdout

        silence_stdout()
        return exit_codes.ERROR
    except KeyboardInterrupt:
        print("ocilint: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if os.environ.get(_DEBUG_ENV):
            raise
        from ocilint.terminal import warn

        warn(
            f"ocilint: internal error: {type(error).__name__}: {error} (set {_DEBUG_ENV}=1 for "
            "a traceback, and please report it)"
        )
        return exit_codes.ERROR


def _run(argv: list[str]) -> int:
    if argv[:2] == ["check", "image-ref"]:
        from ocilint.commands import check_image_refs

        return check_image_refs(build_image_ref_parser().parse_args(argv[2:]))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from ocilint.commands import version

        return version()
    if args.command == "check":
        from ocilint.commands import check

        return check(args)
    if args.command == "fix":
        from ocilint.fixes.command import fix

        return fix(args)
    if args.command == "rules":
        from ocilint.commands import list_rules, show_rule

        if args.explain:
            return show_rule(args.explain)
        return list_rules(args.format)
    if args.command == "rule":
        from ocilint.commands import show_rule

        return show_rule(args.code)
    parser.print_help(sys.stderr)
    return exit_codes.ERROR


def parse_build_args(values: Sequence[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for value in values:
        name, eq, text = value.partition("=")
        if not name:
            raise UsageError(f"--build-arg {value!r}: expected NAME=VALUE")
        if eq:
            result[name] = text
        elif name in os.environ:
            result[name] = os.environ[name]
    return result


def read_input(path: str, budgets: Budgets) -> bytes:
    """A file named on the command line (or `-`), within the run's configured budgets."""
    from ocilint.reading import read_input as read

    return read(path, budgets)
