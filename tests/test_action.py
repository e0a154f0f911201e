"""`action.yml`: the composite action's check step, run with bash as GitHub runs it.

GitHub substitutes `${{ inputs.* }}` into the step's `env`; the script reads only those
variables, so it runs here unchanged with the installed `ocilint` on PATH.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import PROJECT_ROOT, dedent
from tests.reporters.conftest import BAD

ACTION = yaml.safe_load((PROJECT_ROOT / "action.yml").read_text(encoding="utf-8"))


def run_step(inputs: dict[str, str], cwd: Path) -> tuple[int, str, dict[str, str]]:
    """Run the `check` step with these inputs (others at their defaults)."""
    (step,) = [step for step in ACTION["runs"]["steps"] if step.get("id") == "check"]
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values.update(inputs)
    env = {**os.environ, "NO_COLOR": "1"}
    for name, expression in step["env"].items():
        if expression == "${{ steps.install.outputs.ocilint }}":
            env[name] = str(Path(sys.executable).parent / "ocilint")
            continue
        found = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expression)
        assert found, expression  # inputs reach the script only through env (no injection)
        env[name] = values[found[1]]
    outputs = cwd / "github-output"
    outputs.write_text("")
    env["GITHUB_OUTPUT"] = str(outputs)
    completed = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    return completed.returncode, completed.stdout + completed.stderr, written


def sarif_results(path: Path) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = json.loads(path.read_text())["runs"][0]["results"]
    return results


def test_inputs_and_outputs_are_declared() -> None:
    assert set(ACTION["inputs"]) >= {"paths", "image-refs", "format", "fail-on", "sarif-file"}
    assert ACTION["inputs"]["sarif-file"]["default"] == "ocilint.sarif"
    assert "sarif-file" in ACTION["outputs"]
    assert ACTION["runs"]["using"] == "composite"


def test_sarif_is_written_when_findings_fail_the_step(tmp_path: Path) -> None:
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "api.Dockerfile").write_text(dedent(BAD))
    (tmp_path / "notes.txt").write_text("FROM Alpine\n")
    code, log, outputs = run_step({"paths": "docker\n", "args": "--isolated"}, tmp_path)
    assert code == 1, log
    assert "Found 3 problems (2 errors, 1 warning) in 1 input." in log
    assert outputs == {"sarif-file": "ocilint.sarif"}
    assert len(sarif_results(tmp_path / "ocilint.sarif")) == 3


def test_fail_on_and_format(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    inputs = {"format": "github", "fail-on": "error", "sarif-file": "out/x.sarif"}
    (tmp_path / "out").mkdir()
    code, log, _ = run_step({**inputs, "args": "--isolated --select OCL204"}, tmp_path)
    assert code == 0, log
    assert log.startswith("::warning file=Dockerfile,line=1,")
    assert [r["ruleId"] for r in sarif_results(tmp_path / "out" / "x.sarif")] == ["OCL204"]


def test_image_refs_with_a_dockerfile(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(dedent(BAD))
    inputs = {
        "image-refs": "ghcr.io/Acme/app  docker://busybox:1",
        "dockerfile": "Dockerfile",
        "offline": "true",
        "args": "--isolated",
    }
    code, log, _ = run_step(inputs, tmp_path)
    assert code == 1, log
    results = sarif_results(tmp_path / "ocilint.sarif")
    assert [r["ruleId"] for r in results] == ["OCL201", "OCL207"]
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 2 for r in results)
