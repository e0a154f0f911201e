"""Build arguments that a Dockerfile never consumes, as `docker build` warns about them.

Docker's builder prints `[Warning] One or more build-args [FOO] were not consumed` when a
`--build-arg` names no `ARG` of the Dockerfile. The proxy variables are exempt (Docker passes
them to `RUN` without an `ARG`), and so are the arguments BuildKit reads itself (`BUILDKIT_*`,
`SOURCE_DATE_EPOCH`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ocilint.shell import ShellSyntaxError, process_word, split_raw_words

# Docker's builtinAllowedBuildArgs: usable without a matching ARG.
PREDEFINED = frozenset(
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "SOURCE_DATE_EPOCH",
    }
)  # fmt: skip


def declared(parsed: Any) -> frozenset[str]:
    """Names of every `ARG` of a parsed Dockerfile, before the first `FROM` or in any stage."""
    names: set[str] = set()
    for instruction in parsed.instructions:
        if instruction.keyword != "ARG":
            continue
        for word, _ in split_raw_words(instruction.args, parsed.escape):
            name = word.partition("=")[0]
            try:
                names.add(process_word(name, escape=parsed.escape).value)
            except ShellSyntaxError:
                continue  # the syntax error is dockerfile-syntax-error's finding
    return frozenset(names)


def unconsumed(build_args: Iterable[str], parsed: Any) -> list[str]:
    """The build arguments, in the order given, that no `ARG` of `parsed` declares."""
    names = declared(parsed)
    return [
        arg
        for arg in build_args
        if arg not in names and arg not in PREDEFINED and not arg.startswith("BUILDKIT_")
    ]
