"""Both cores for large runs: map a function over many inputs in worker processes, in order.

A run of at least `THRESHOLD` files is checked by `WORKERS` forked processes; the results come
back in input order, so the report is byte-identical to a serial run's. Forking shares the
parent's imported modules, rules and policy copy-on-write: a worker starts in a few
milliseconds and adds only the memory its own files need. Below the threshold (a pre-commit
hook's few files), where starting workers would cost more than it saves, everything runs in
the main process. `OCILINT_JOBS=1` forces the serial path; `OCILINT_JOBS=2` forces two workers
whatever the number of files.

An input whose check raises anything in a worker is reported as `None`; the caller runs it again
in the main process, which raises exactly what the serial path would.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

THRESHOLD = 64  # files; below this, forking costs more than the second core saves
WORKERS = 2
_CHUNK = 8  # files per task: few enough messages, small enough to keep both workers busy
JOBS_ENV = "OCILINT_JOBS"

_function: Callable[[Any], Any] | None = None  # set in the parent before forking


def workers_for(count: int) -> int:
    """How many worker processes `count` inputs get (0: check them in this process)."""
    forced = os.environ.get(JOBS_ENV, "").strip()
    if forced.isdigit():
        jobs = int(forced)
        return jobs if jobs > 1 else 0
    if count < THRESHOLD or not hasattr(os, "fork"):
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    jobs = min(WORKERS, cpus or 1)
    return jobs if jobs > 1 else 0


def _call(item: Any) -> Any:
    assert _function is not None
    try:
        return _function(item)
    except BaseException:
        return None


def ordered_map(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int
) -> Iterator[Result | None]:
    """`function(item)` for each item, in order; in `workers` forked processes if > 1."""
    if workers < 2:
        yield from map(function, items)
        return
    import multiprocessing

    global _function
    _function = function
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_call, items, chunksize=_CHUNK)
    finally:
        _function = None
