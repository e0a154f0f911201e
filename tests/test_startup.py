"""Start-up: a Dockerfile run loads only what Dockerfiles need (measured in benchmarks/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import PROJECT_ROOT, python_output

EXAMPLE = PROJECT_ROOT / "examples" / "Dockerfile"


def test_a_dockerfile_run_imports_nothing_images_need(tmp_path: Path) -> None:
    # A copy outside any project: in this repository, the test fixtures' build files would be
    # read, as they should be for a Dockerfile of a project that has build files.
    dockerfile = tmp_path / "Dockerfile"
    shutil.copyfile(EXAMPLE, dockerfile)
    loaded = json.loads(
        python_output(
            "import contextlib, io, json, sys\n"
            "from ocilint.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    status = main(['check', '--isolated', {str(dockerfile)!r}])\n"
            "print(json.dumps([status, sorted(sys.modules)]))\n"
        )
    )
    status, modules = loaded
    assert status == 0
    assert "ocilint.dockerfile" in modules  # the run did happen
    for heavy in (
        "jsonschema",  # image documents only
        "ocilint.validation",
        "ocilint.documents",
        "ocilint.sources.http",  # the network only for image references
        "ssl",
        "multiprocessing",  # worker processes only for large runs
        "dockerfile_parse",  # a test oracle, never a runtime dependency
        "importlib.metadata",  # plugins are found from entry_points.txt directly
        "ocilint.builds.bake",  # build-file readers only when a build file is read
        "ocilint.builds.compose",
        "ocilint.builds.workflows",
        "ocilint.reporters.locations",  # CI formats only
        "hashlib",
        "platform",
    ):
        assert heavy not in modules, heavy


def test_the_command_exits_with_main_s_status_and_flushed_output(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import run_ocilint

    (tmp_path / "Dockerfile").write_text("FROM alpine\n")
    result = run_ocilint("check", "--isolated", "--format", "json", str(tmp_path / "Dockerfile"))
    assert result.code == 1
    assert json.loads(result.stdout)["summary"]["findings"] == 5  # the whole report arrived
