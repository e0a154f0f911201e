"""Reading the files and standard input named on the command line, within budgets.

Only regular files are opened: a FIFO, device or socket (`/dev/zero`, a named pipe called
`Dockerfile`) is refused by name instead of blocking or reading forever. Nothing is read past
its budget: at most `limit + 1` bytes, so `/dev/zero` on standard input ends with an error.
"""

from __future__ import annotations

import os
import stat
from typing import IO

from ocilint.budgets import DEFAULT_BUDGETS, MIB, BudgetExceeded, Budgets, hint
from ocilint.errors import InputError


class SkippedFile(InputError):
    """A special file found while searching a directory: not opened, and said so on standard
    error, but not an error of the run (a file named explicitly that is not regular is)."""


def file_type(mode: int) -> str:
    """What a non-regular file is, for error messages."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_regular(mode: int) -> str:
    return f"is {file_type(mode)}, not a regular file: not read"


def open_regular(path: str, where: str | None = None, *, shown: str | None = None) -> IO[bytes]:
    """Open `path` for reading if it is a regular file, without ever blocking on a FIFO.

    Errors name `where` (default `path`); `shown` is how the file is named inside the message.
    """
    where = path if where is None else where
    prefix = f"`{shown}` " if shown else ""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{prefix}no such file or directory", where) from None
    except OSError as error:
        try:  # a socket cannot be opened (ENXIO): say what it is
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise InputError(f"{prefix}{not_regular(mode)}", where) from None
        raise InputError(f"{prefix}cannot read: {error.strerror}", where) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{prefix}is a directory", where)
        if not stat.S_ISREG(mode):
            raise InputError(f"{prefix}{not_regular(mode)}", where)
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


_CHUNK = 64 * 1024  # below malloc's mmap threshold: reading a small file stays cheap


def read_at_most(stream: IO[bytes], count: int, where: str) -> bytes:
    """Up to `count` bytes of `stream`, in chunks: never a buffer of `count` bytes up front."""
    parts = []
    total = 0
    try:
        while total < count:
            chunk = stream.read(min(count - total, _CHUNK))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", where) from None
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_limited(stream: IO[bytes], limit: int, where: str, what: str) -> bytes:
    """At most `limit` bytes of `stream`; more is an error naming `what` and the limit."""
    data = read_at_most(stream, limit + 1, where)
    if len(data) > limit:
        raise InputError(f"larger than {size_text(limit)}, the limit for {what}", where)
    return data


def size_text(count: int) -> str:
    if count % (1024 * MIB) == 0:
        return f"{count // (1024 * MIB)} GiB"
    if count % MIB == 0:
        return f"{count // MIB} MiB"
    return f"{count:,} byte{'' if count == 1 else 's'}"  # a configured limit may be 1


def read_input(path: str, budgets: Budgets = DEFAULT_BUDGETS, *, json: bool = True) -> bytes:
    """A file named on the command line, or standard input for `-`.

    A Dockerfile may be `budgets.dockerfile_bytes` long; with `json`, a JSON document (named
    `*.json`, or starting with `{` or `[`) may be `budgets.json_file_bytes`.
    """
    if path == "-":
        import sys

        if sys.stdin is None:
            raise InputError("standard input is closed", path)
        return _read_input(sys.stdin.buffer, path, budgets, json)
    with open_regular(path) as file:
        return _read_input(file, path, budgets, json)


def _read_input(stream: IO[bytes], where: str, budgets: Budgets, json: bool) -> bytes:
    small = budgets.dockerfile_bytes
    data = read_at_most(stream, small + 1, where)
    limit = budgets.json_file_bytes
    if len(data) <= min(small, limit):
        return data
    if json and (
        where.lower().endswith(".json")
        or data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")
    ):
        # A JSON document's own budget, whichever of the two limits is the larger.
        data += read_at_most(stream, max(limit + 1 - len(data), 0), where)
        if len(data) > limit:
            raise BudgetExceeded(
                f"larger than {size_text(limit)}, the limit for a JSON document"
                + hint("json_file_bytes"),
                where,
            )
        return data
    if len(data) <= small:
        return data
    raise BudgetExceeded(
        f"larger than {size_text(small)}, the limit for a Dockerfile" + hint("dockerfile_bytes"),
        where,
    )


def repository_root(
    directory: str, known: dict[str, str | None] | None = None, *, resolved: bool = False
) -> str:
    """The git top-level containing `directory` (a `.git` folder or file), else `directory`.

    `known` (folder -> its top-level, None for none) remembers the folders looked at, for a
    caller that asks about many folders sharing ancestors (named Dockerfiles); `resolved`: the
    caller passes a path without symbolic links already (realpath costs a call per part)."""
    known = {} if known is None else known
    start = directory if resolved else os.path.realpath(directory)
    visited = []
    current = start
    while current not in known:
        visited.append(current)
        if os.path.exists(os.path.join(current, ".git")):
            known[current] = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            known[current] = None
            break
        current = parent
    found = known[current]
    known.update(dict.fromkeys(visited, found))
    return found or start
