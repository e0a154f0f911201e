"""Where one cold `ocilint check` of a small Dockerfile spends its time, measured in-process.

    python benchmarks/startup_breakdown.py PATH [ocilint options ...]

Run it with the interpreter of an installed ocilint (bench_speed.py does); after ocilint's own
output, it prints one line of JSON:

- `total_ms`: importing ocilint and running `check`, as `python -m ocilint` would (interpreter
  start-up excluded);
- `dataclass_ms` / `dataclasses`: time spent turning classes into dataclasses (the standard
  library compiles each generated `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`
  and `__delattr__` from source in every new process);
- `regex_ms` / `regexes`: time spent compiling regular expressions;
- `floor_modules`: the standard-library and third-party modules the run imports that a bare
  `python -c pass` has not, so that `python -c "import <them>"` times what the run costs before
  any of ocilint's own code (bench_speed.py reports it beside the small-Dockerfile row).

Measuring wraps `dataclasses._process_class` and `re._compile`, both private: this is a
benchmark's probe, never imported by ocilint.
"""

from __future__ import annotations

import sys

AT_START = set(sys.modules)  # before this probe's own imports, all of which ocilint makes too

import contextlib  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

_spent = {"dataclass": 0.0, "dataclasses": 0, "regex": 0.0, "regexes": 0}


def _timed(name: str, count: str, function: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _spent[name] += time.perf_counter() - start
            _spent[count] += 1

    return wrapper


def main(argv: list[str]) -> None:
    dataclasses._process_class = _timed("dataclass", "dataclasses", dataclasses._process_class)  # type: ignore[attr-defined]
    re._compile = _timed("regex", "regexes", re._compile)  # type: ignore[attr-defined]
    start = time.perf_counter()
    from ocilint.cli import main as ocilint_main

    with contextlib.suppress(SystemExit):
        ocilint_main(["check", *argv])
    total = time.perf_counter() - start
    sys.stdout.flush()
    floor = sorted(
        name
        for name in set(sys.modules) - AT_START
        if not name.startswith(("ocilint", "_", "__main__"))
        and getattr(sys.modules[name], "__spec__", None) is not None  # not typing.io and such
    )
    print(
        json.dumps(
            {
                "total_ms": round(total * 1000, 1),
                "dataclass_ms": round(_spent["dataclass"] * 1000, 1),
                "dataclasses": _spent["dataclasses"],
                "regex_ms": round(_spent["regex"] * 1000, 1),
                "regexes": _spent["regexes"],
                "floor_modules": floor,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
