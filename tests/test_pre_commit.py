"""The pre-commit hook, run for real: `pre-commit run --all-files` in a new git repository.

pre-commit installs a hook repository from its committed tree at `rev`, so the end-to-end tests
use HEAD of this checkout and skip while `.pre-commit-hooks.yaml` is not committed there.
The hook's environment is installed once per session (pip, from PyPI) in a temporary
PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from ocilint.loading import _NOT_DOCKERFILE_SUFFIXES, is_dockerfile_name
from tests.conftest import PROJECT_ROOT, builtin_manager, dedent

HOOKS_FILE = PROJECT_ROOT / ".pre-commit-hooks.yaml"
DIGEST = "sha256:" + "ab" * 32
CLEAN = f"""
    FROM alpine:3.20@{DIGEST}
    LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
          org.opencontainers.image.description="Acme's app" \\
          org.opencontainers.image.licenses="Apache-2.0"
    """
BAD = CLEAN.replace("alpine:3.20", "Alpine:latest")


def hooks() -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in loaded}


def test_hook_definition() -> None:
    hook = hooks()["ocilint"]
    assert (hook["entry"], hook["language"]) == ("ocilint check", "python")
    assert hook["name"] and hook["description"]
    assert "require_serial" not in hook  # each file is checked on its own
    assert re.fullmatch(r"\d+\.\d+\.\d+", hook["minimum_pre_commit_version"])


def _names() -> list[str]:
    stems = ["Dockerfile", "dockerfile", "DOCKERFILE", "Containerfile", "containerfile"]
    names = ["README.md", "mydockerfile", "dockerfiles", "Dockerfile.", ".dockerfile", "x.txt"]
    names += ["Dockerfile.d", "build.sh", "compose.yaml", "Makefile", "api.docker", "Docker"]
    for stem in stems:
        names += [stem, f"api.{stem}", f"{stem}.dev", f"{stem}-dev", f"{stem}_dev", f"{stem}dev"]
        names += [f"{stem}{suffix}" for suffix in _NOT_DOCKERFILE_SUFFIXES]
        names += [f"api.{stem}{suffix}" for suffix in _NOT_DOCKERFILE_SUFFIXES]
        names += [f"{stem}.dev{suffix.upper()}" for suffix in _NOT_DOCKERFILE_SUFFIXES]
    return names


def _checked(path: str) -> bool:
    """What `ocilint check DIR` reads: Dockerfiles and the build files of ocilint.builds."""
    manager = builtin_manager()
    name = path.rpartition("/")[2]
    return is_dockerfile_name(name) or bool(manager.hook.ocilint_build_file(path=path))


def test_files_pattern_agrees_with_the_directory_search() -> None:
    pattern = re.compile(hooks()["ocilint"]["files"])
    folders = ["", "app/", "a/b.c/", "Dockerfile/", "Dockerfile.d/", "x.dockerfile/"]
    folders += [".github/workflows/", "app/.github/workflows/", ".github/"]
    build_files = ["docker-bake.hcl", "docker-bake.json", "docker-bake.override.hcl"]
    build_files += ["compose.yml", "docker-compose.yaml", "compose.override.yaml", "ci.yml"]
    disagreements = [
        folder + name
        for name in [*_names(), *build_files]
        for folder in folders
        if bool(pattern.search(folder + name)) != _checked(folder + name)
    ]
    assert disagreements == []
    assert pattern.search("app/api.Dockerfile") and pattern.search("Containerfile.prod")
    assert not pattern.search("Dockerfile.md") and not pattern.search("docs/Dockerfile.md")


# --------------------------------------------------------------------------- end to end


@dataclass(frozen=True)
class Hook:
    rev: str
    env: dict[str, str]


def _git(*args: str, cwd: Path) -> str:
    completed = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, env=_clean_env()
    )
    return completed.stdout.strip() if completed.returncode == 0 else ""


def _clean_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def _repository(path: Path, files: dict[str, str], hook: Hook, hook_id: str = "ocilint") -> Path:
    path.mkdir(parents=True)
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(dedent(text), encoding="utf-8")
    config = {"repos": [{"repo": str(PROJECT_ROOT), "rev": hook.rev, "hooks": [{"id": hook_id}]}]}
    (path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(path)], check=True, env=_clean_env())
    subprocess.run(["git", "add", "-A"], cwd=path, check=True, env=_clean_env())
    return path


def _pre_commit(hook: Hook, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=hook.env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="session")
def hook(tmp_path_factory: pytest.TempPathFactory) -> Hook:
    rev = _git("rev-parse", "HEAD", cwd=PROJECT_ROOT)
    committed = rev and _git("ls-tree", "--name-only", rev, HOOKS_FILE.name, cwd=PROJECT_ROOT)
    if not committed:
        pytest.skip(
            ".pre-commit-hooks.yaml is not committed at HEAD of this checkout; pre-commit "
            "installs hooks from the committed tree, so this test runs once it is committed"
        )
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {**_clean_env(), "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("OCILINT_DEBUG", None)
    found = Hook(rev, env)
    repo = _repository(tmp_path_factory.mktemp("install") / "repo", {}, found)
    installed = _pre_commit(found, "install-hooks", cwd=repo)  # the one environment install
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return found


def test_hook_passes_on_clean_files(hook: Hook, tmp_path: Path) -> None:
    files = {
        "Dockerfile": CLEAN,
        "app/api.Dockerfile": CLEAN,
        "deploy/Containerfile.prod": CLEAN,
        "README.md": BAD,  # not Dockerfiles, so never passed to the hook
        "Dockerfile.md": BAD,
    }
    repo = _repository(tmp_path / "repo", files, hook)
    result = _pre_commit(hook, "run", "--all-files", "--color=never", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^ocilint\.+Passed$", result.stdout, re.MULTILINE), result.stdout


def test_hook_fails_naming_each_bad_file(hook: Hook, tmp_path: Path) -> None:
    files = {
        "Dockerfile": CLEAN,
        "Containerfile": BAD,
        "app/api.Dockerfile": BAD,
        "Dockerfile.dev": BAD,
        "build/x.containerfile": BAD,
        "README.md": BAD,
        "Dockerfile.md": BAD,
    }
    repo = _repository(tmp_path / "repo", files, hook)
    result = _pre_commit(hook, "run", "--all-files", "--color=never", cwd=repo)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"^ocilint\.+Failed$", output, re.MULTILINE), output
    reported = set(re.findall(r"^([^\s:]+):\d+:\d+: OCL\d+ ", output, re.MULTILINE))
    expected = {"Containerfile", "app/api.Dockerfile", "Dockerfile.dev", "build/x.containerfile"}
    assert reported == expected, output
    assert "README.md" not in output and "Dockerfile.md" not in output


def test_fix_hook_definition() -> None:
    hook = hooks()["ocilint-fix"]
    assert (hook["entry"], hook["language"]) == ("ocilint fix", "python")
    # the Dockerfiles of `ocilint`'s pattern, without the build files `fix` does not rewrite
    pattern = re.compile(hook["files"])
    folders = ["", "app/", "a/b.c/", ".github/workflows/"]
    names = [*_names(), "docker-bake.hcl", "compose.yaml", "docker-compose.yml", "ci.yml"]
    disagreements = [
        folder + name
        for name in names
        for folder in folders
        if bool(pattern.search(folder + name)) != is_dockerfile_name(name)
    ]
    assert disagreements == []


def test_fix_hook_rewrites_files_and_fails_until_they_are_clean(hook: Hook, tmp_path: Path) -> None:
    fixable = CLEAN.replace("alpine:3.20", "Alpine:3.20").replace("Apache-2.0", "apache-2.0")
    files = {"Dockerfile": fixable, "app/api.Dockerfile": CLEAN, "README.md": fixable}
    repo = _repository(tmp_path / "repo", files, hook, hook_id="ocilint-fix")
    result = _pre_commit(hook, "run", "--all-files", "--color=never", cwd=repo)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"^ocilint fix\.+Failed$", output, re.MULTILINE), output
    assert "files were modified by this hook" in output, output
    assert (repo / "Dockerfile").read_text(encoding="utf-8") == dedent(CLEAN)
    assert (repo / "README.md").read_text(encoding="utf-8") == dedent(fixable)  # not a Dockerfile
    again = _pre_commit(hook, "run", "--all-files", "--color=never", cwd=repo)
    assert again.returncode == 0, again.stdout + again.stderr
    assert re.search(r"^ocilint fix\.+Passed$", again.stdout, re.MULTILINE), again.stdout
