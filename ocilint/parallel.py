"""Both cores for large runs: map a function over many inputs in forked processes, in order.

A run of at least `THRESHOLD` files is checked by `WORKERS` processes: this one and forked
children, each taking every n-th input, so nothing is sent to a child but the fork itself (it
shares the parent's imported modules, rules and policy copy-on-write and starts in a few
milliseconds). Each child sends its results back through a pipe, one pickle per input; the
parent checks its own share and takes the children's results in turn, so they come out in
input order and the report is byte-identical to a serial run's. Below the threshold (a
pre-commit hook's few files), where forking would cost more than it saves, everything runs in
this process. `OCILINT_JOBS=1` forces the serial path; `OCILINT_JOBS=N` forces N processes
whatever the number of files.

An input whose check raises in a child comes back as `None`; the caller runs it again in this
process, which raises exactly what the serial path would.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

THRESHOLD = 64  # files; below this, forking costs more than the second core saves
WORKERS = 2
JOBS_ENV = "OCILINT_JOBS"


def workers_for(count: int) -> int:
    """How many processes check `count` inputs (0: this one alone, no fork)."""
    forced = os.environ.get(JOBS_ENV, "").strip()
    if forced.isdigit():
        jobs = int(forced)
        return jobs if jobs > 1 else 0
    if count < THRESHOLD or not hasattr(os, "fork"):
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    jobs = min(WORKERS, cpus or 1)
    return jobs if jobs > 1 else 0


def _child(function: Callable[[Item], Result], share: Sequence[Item], pipe: int) -> None:
    """In a forked child: results of `share`, pickled one by one into `pipe`; never returns."""
    import pickle

    try:
        with os.fdopen(pipe, "wb") as out:
            for item in share:
                try:
                    result: Result | None = function(item)
                except Exception:
                    result = None
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()  # the parent is waiting for exactly this result
    finally:
        os._exit(0)  # no cleanup of the parent's state: its buffers and files are its own


def ordered_map(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int
) -> Iterator[Result | None]:
    """`function(item)` for each item, in order; over `workers` processes if > 1."""
    if workers < 2 or len(items) < 2:
        yield from map(function, items)
        return
    import pickle

    processes = min(workers, len(items))
    children: list[tuple[int, BinaryIO]] = []
    import gc

    gc.freeze()  # the collector leaves start-up's objects alone: fewer copy-on-write faults
    try:
        try:
            for index in range(1, processes):
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read_end)
                    _child(function, items[index::processes], write_end)
                os.close(write_end)
                children.append((pid, os.fdopen(read_end, "rb")))
        except OSError:  # no fork today (a process limit): this process does it all
            _stop(children)
            children = []
            yield from map(function, items)
            return
        for index, item in enumerate(items):
            turn = index % processes
            if turn == 0:
                yield function(item)
                continue
            try:
                yield pickle.load(children[turn - 1][1])
            except (EOFError, pickle.UnpicklingError):
                yield None  # the child died: the caller checks the input itself
    finally:
        _stop(children)


def _stop(children: Sequence[tuple[int, BinaryIO]]) -> None:
    """Close the pipes and reap the children (killed first if they are still running)."""
    import contextlib
    import signal

    for pid, pipe in children:
        pipe.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # a no-op on one that has finished
        os.waitpid(pid, 0)
