"""A user follows the README before any release: the snippets that name a release say so, and
the `repo: local` pre-commit configuration it gives for today runs with real pre-commit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.DOTALL)


def test_every_snippet_naming_a_release_says_it_needs_one() -> None:
    release = re.compile(r"rev: v\d|@v\d+\.\d+\.\d+|pip install ocilint\b|ocilint==\d")
    for language, block in BLOCKS:
        for line in block.splitlines():
            if release.search(line):
                assert "needs a release" in block, (language, line)


def test_user_runs_the_local_pre_commit_hook_from_the_readme(tmp_path: Path) -> None:
    [config] = [block for _, block in BLOCKS if "repo: local" in block]
    assert yaml.safe_load(config)["repos"][0]["hooks"][0]["entry"].startswith("ocilint check")
    (tmp_path / ".pre-commit-config.yaml").write_text(config)
    (tmp_path / "Dockerfile").write_text("FROM Alpine:latest\n")
    (tmp_path / "Dockerfile.in").write_text("{{ a template }}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "home"),
        NO_COLOR="1",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True, env=env)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Dockerfile:1:6: OCL201 error: invalid image reference `Alpine:latest`" in output
    assert "Dockerfile.in" not in output
