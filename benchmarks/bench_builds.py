"""Time `ocilint check` on a plain Dockerfile and on small repositories with each kind of build
file, and what the YAML and HCL parsers cost to import.

    python benchmarks/bench_builds.py [--runs 9]

Cold processes, median of several runs, peak memory of the child; the import cost of PyYAML and
python-hcl2 from `python -X importtime` (cumulative microseconds of the top-level import). Not
part of the test run: timings are printed side by side, never asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import measure

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "builds"
CASES = {
    "plain Dockerfile": None,
    "workflow (metadata-action)": "gha-ghcr-guide",
    "Compose": "compose-labels-map",
    "Bake HCL": "bake-variables",
    "Bake JSON": "bake-json",
}


def import_cost(folder: Path, module: str) -> float | None:
    """Milliseconds the run spends importing `module` (cumulative), or None if not imported."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ocilint", "check", "--isolated", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in completed.stderr.splitlines():
        parts = [part.strip() for part in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1]) / 1000
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch)
        (plain / "Dockerfile").write_text(
            (DATA / "gha-ghcr-guide" / "Dockerfile").read_text(encoding="utf-8"), encoding="utf-8"
        )
        print(f"{'case':<28} {'median s':>9} {'peak MiB':>9} {'yaml ms':>8} {'hcl2 ms':>8}")
        for name, fixture in CASES.items():
            folder = plain if fixture is None else DATA / fixture
            command = [sys.executable, "-m", "ocilint", "check", "--isolated", str(folder)]
            seconds, peak = measure(command, args.runs)
            costs = [import_cost(folder, module) for module in ("yaml", "hcl2")]
            shown = ["-" if cost is None else f"{cost:.0f}" for cost in costs]
            print(f"{name:<28} {seconds:>9.3f} {peak:>9.1f} {shown[0]:>8} {shown[1]:>8}")


if __name__ == "__main__":
    main()
