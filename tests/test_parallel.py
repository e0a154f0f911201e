"""Large runs use two worker processes; what users see must not change, byte for byte.

`OCILINT_JOBS=1` forces the serial path, `OCILINT_JOBS=2` two workers whatever the file count.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ocilint import parallel
from tests.conftest import CORPUS, Result, run_ocilint

BUILDS = Path(__file__).parent / "data" / "builds"

SERIAL = {"OCILINT_JOBS": "1"}
PARALLEL = {"OCILINT_JOBS": "2"}


def both(*args: str, cwd: Path | None = None) -> tuple[Result, Result]:
    return (
        run_ocilint(*args, cwd=cwd, env=SERIAL),
        run_ocilint(*args, cwd=cwd, env=PARALLEL),
    )


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")
def test_corpus_json_is_byte_identical_serial_and_parallel() -> None:
    # Every rule, and a build argument no Dockerfile declares: one warning per file on stderr,
    # which must come out in input order too.
    args = ("check", "--format", "json", "--select", "ALL", "--build-arg", "NOT_DECLARED=1")
    serial, parallel_run = both(*args, str(CORPUS))
    assert serial.code == 1, serial.stderr[-2000:]
    assert len(serial.stdout) > 1_000_000  # thousands of findings, not an empty report
    assert serial.stderr.count("--build-arg NOT_DECLARED not consumed") > 2000
    assert parallel_run.stdout == serial.stdout
    assert parallel_run.stderr == serial.stderr
    assert parallel_run.code == serial.code


def test_mixed_inputs_and_errors_keep_their_order(tmp_path: Path) -> None:
    texts = {
        "good.Dockerfile": "FROM alpine:3.20@sha256:" + "a" * 64 + "\n"
        'LABEL org.opencontainers.image.source="https://github.com/acme/app"\n',
        "bad.Dockerfile": "FROM Python:3.12\nLABEL a=\n",
        "binary.Dockerfile": "\x00\x01\x02 not a Dockerfile\n",
        "args.Dockerfile": "ARG USED\nFROM alpine:$USED\n",
    }
    for index in range(20):  # in a directory, as a search finds them: the parallel path
        for name, text in texts.items():
            (tmp_path / "tree" / f"{index:02}").mkdir(parents=True, exist_ok=True)
            (tmp_path / "tree" / f"{index:02}" / name).write_text(text)
    for output in ("text", "json", "sarif"):
        args = ("check", "--format", output, "--build-arg", "USED=1", "--build-arg", "OTHER=2")
        serial, parallel_run = both(*args, "tree", cwd=tmp_path)
        assert serial.code == 2
        assert "binary.Dockerfile: not a Dockerfile" in serial.stderr
        assert "--build-arg OTHER not consumed" in serial.stderr
        assert "OCL201" in serial.stdout or output == "sarif"
        assert (parallel_run.code, parallel_run.stdout, parallel_run.stderr) == (
            serial.code,
            serial.stdout,
            serial.stderr,
        )


def _square(value: int) -> int:
    return value * value


def _square_or_fail(value: int) -> int:
    if value == 3:
        raise ValueError("three")
    return value * value


def test_ordered_map_keeps_order_and_reports_failures_as_none() -> None:
    items = list(range(40))
    results = list(parallel.ordered_map(_square_or_fail, items, 2))
    assert results == [None if value == 3 else value * value for value in items]


def test_ordered_map_over_three_processes_and_a_parent_stopping_early() -> None:
    items = list(range(10))
    assert list(parallel.ordered_map(_square, items, 3)) == [value * value for value in items]
    first_two = parallel.ordered_map(_square, items, 2)
    assert [next(first_two), next(first_two)] == [0, 1]
    first_two.close()  # the child is killed and reaped


def test_ordered_map_serial_path_raises_as_usual() -> None:
    with pytest.raises(ValueError, match="three"):
        list(parallel.ordered_map(_square_or_fail, [1, 2, 3], 0))


def test_workers_only_past_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.JOBS_ENV, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert parallel.workers_for(parallel.THRESHOLD - 1) == 0
    assert parallel.workers_for(parallel.THRESHOLD) == parallel.WORKERS == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert parallel.workers_for(10_000) == 0  # one core: no workers
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    assert parallel.workers_for(10_000) == 0
    monkeypatch.setenv(parallel.JOBS_ENV, "2")
    assert parallel.workers_for(1) == 2


def test_dockerfile_parse_is_not_imported_at_run_time() -> None:
    """dockerfile-parse is the corpus test's oracle only (the `test` extra)."""
    import ast

    root = Path(__file__).resolve().parent.parent
    for package in ("ocilint", "rules"):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                assert not any(name.split(".")[0] == "dockerfile_parse" for name in names), path
    pyproject = (root / "pyproject.toml").read_text()
    runtime = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    assert "dockerfile-parse" not in runtime


def test_many_dockerfiles_named_in_a_project_whose_workflow_builds_one(tmp_path: Path) -> None:
    # As the pre-commit hook passes them: named files, from a Git work tree whose workflow
    # (metadata-action feeding build-push-action) builds ./Dockerfile with the labels it lacks.
    project = tmp_path / "repo"
    shutil.copytree(BUILDS / "gha-ghcr-guide", project)
    (project / ".git").mkdir()
    named = ["Dockerfile"]
    for index in range(70):
        (project / "services" / f"{index:02}").mkdir(parents=True)
        (project / "services" / f"{index:02}" / "Dockerfile").write_text("FROM Python:3.12\n")
        named.append(f"services/{index:02}/Dockerfile")
    named.insert(35, "./Dockerfile")  # named twice: checked once, with its build
    for output in ("text", "json"):
        serial, parallel_run = both("check", "--format", output, *named, cwd=project)
        assert serial.code == 1, serial.stderr
        assert (parallel_run.code, parallel_run.stdout, parallel_run.stderr) == (
            serial.code,
            serial.stdout,
            serial.stderr,
        )
    text = run_ocilint("check", *named, cwd=project, env=PARALLEL).stdout
    build = "[build: .github/workflows/publish.yml job build-and-push-image step 4]"
    assert build in text  # the root Dockerfile was checked with its workflow's build
    root_lines = [line for line in text.splitlines() if line.startswith("Dockerfile:")]
    assert not [line for line in root_lines if "OCL101" in line]  # the action adds the labels
    assert text.count("services/69/Dockerfile:1:6: OCL201") == 1
    assert text.count(": OCL101 ") == 3 * 70  # each service Dockerfile on its own
    assert text.count(build) == 2  # metadata-action's description and licenses: OCL002 info
