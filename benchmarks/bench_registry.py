"""Loading images from a registry: HTTP requests per image and time, next to skopeo, in one run.

    python benchmarks/bench_registry.py [--runs 10]

Starts Debian's docker-registry on 127.0.0.1 (the test suite's fixture code), pushes a
single-platform image and a two-platform index built from scratch, then times
`ocilint check image-ref` and `skopeo inspect --config` on each (cold processes, median), and
counts the HTTP requests each makes from the registry's access log. Not part of the test run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import build_fixture_layout, request_kind, start_registry  # noqa: E402


def timed(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        layout = build_fixture_layout(Path(temp) / "images")
        with start_registry(Path(temp) / "registry") as registry:
            registry.push_fixtures(layout)
            print(f"{'image':<34} {'tool':<8} {'median':>9} {'requests':>9}  kinds")
            for name in ("single", "index"):
                reference = registry.images[name].reference
                commands = {
                    "ocilint": [
                        sys.executable,
                        "-m",
                        "ocilint",
                        "check",
                        "image-ref",
                        "--isolated",
                        reference,
                    ],
                    "skopeo": [
                        "skopeo",
                        "inspect",
                        "--config",
                        "--tls-verify=false",
                        f"docker://{reference}",
                    ],
                }
                if name == "index":  # skopeo reads one platform's config; ask ocilint for all
                    commands["skopeo"] = [
                        "skopeo",
                        "inspect",
                        "--raw",
                        "--tls-verify=false",
                        f"docker://{reference}",
                    ]
                for tool, command in commands.items():
                    mark = registry.mark()
                    subprocess.run(
                        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
                    )
                    kinds = [request_kind(r.path) for r in registry.requests_since(mark)]
                    seconds = timed(command, args.runs)
                    summary = ", ".join(f"{kinds.count(k)} {k}" for k in sorted(set(kinds)))
                    timing = f"{seconds * 1000:>7.1f}ms"
                    print(f"{reference:<34} {tool:<8} {timing} {len(kinds):>9}  {summary}")


if __name__ == "__main__":
    main()
