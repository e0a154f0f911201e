"""Time and peak memory of `ocilint check` on small Dockerfiles built to blow up variable expansion.

    python benchmarks/bench_hostile_shell.py [--runs 3]

Each input is a few hundred bytes to a few hundred kilobytes; before the expansion limits
(README, "Limits on variable expansion") they grew to gigabytes, backtracked for minutes or
overflowed Python's stack. Printed side by side, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench_check import measure

A60 = "ENV A=" + "a" * 60 + "\n"
DOUBLED = "FROM scratch\nENV A=x\n" + "ENV A=$A$A\n" * 19  # A: 512 KiB

CASES = {
    "ENV A=$A$A x30": "FROM scratch\nENV A=x\n" + "ENV A=$A$A\n" * 30,
    "100 copies of 512 KiB": DOUBLED + "".join(f"ENV C{i}=$A\n" for i in range(100)),
    "15 labels of 1 MiB": DOUBLED
    + "ENV A=$A$A\n"
    + "".join(f"LABEL org.example.l{i}=$A\n" for i in range(15)),
    "${A%%*a*a…*b} (30 stars)": f"FROM scratch\n{A60}LABEL v=${{A%%{'*a' * 30}*b}}\n",
    "${A//*a*a…*b/c} (30 stars)": f"FROM scratch\n{A60}LABEL v=${{A//{'*a' * 30}*b/c}}\n",
    "${A//?/} on 512 KiB": DOUBLED + "ENV B=${A//?/}\n",
    "${a:-${a:-…}} 20,000 deep": "FROM scratch\nLABEL v=" + "${a:-" * 20_000 + "}" * 20_000,
    "50,000 ENV lines": "FROM scratch\n" + "".join(f"ENV V{i}=x\n" for i in range(50_000)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'input':<32} {'bytes':>9} {'median':>10} {'peak RSS':>10}")
    with tempfile.TemporaryDirectory() as directory:
        for name, text in CASES.items():
            path = Path(directory) / "Dockerfile"
            path.write_text(text, encoding="utf-8")
            command = [sys.executable, "-m", "ocilint", "check", "--isolated", str(path)]
            seconds, memory = measure(command, args.runs)
            size = len(text.encode())
            print(f"{name:<32} {size:>9,} {seconds * 1000:>8.0f}ms {memory:>8.1f}MiB")


if __name__ == "__main__":
    main()
