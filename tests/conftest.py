"""Shared fixtures: lint Dockerfile text in-process, and run the real `ocilint` command."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from ocilint.config import Config, parse_config
from ocilint.engine import Selection, build_policy, check_subject
from ocilint.loading import LoadContext, dockerfile_subject
from ocilint.model import Finding
from ocilint.plugins import Manager, create_manager

pytest_plugins = ["tests.fixtures_registry"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _shared() -> Path:
    """../shared beside the checkout, else the workplace copy (CI may clone elsewhere)."""
    for candidate in (
        os.environ.get("OCILINT_SHARED"),
        PROJECT_ROOT.parent / "shared",
        "/work/shared",
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return PROJECT_ROOT.parent / "shared"


SHARED = _shared()
CORPUS = SHARED / "corpus" / "dockerfiles"

_MANAGER: Manager | None = None


def builtin_manager() -> Manager:
    global _MANAGER
    if _MANAGER is None:
        _MANAGER = create_manager(autoload=False)
    return _MANAGER


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def lint(
    text: str,
    select: Sequence[str] | None = None,
    *,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    config: Mapping[str, object] | None = None,
    path: str = "Dockerfile",
) -> list[Finding]:
    """Findings for a Dockerfile's text, with only the `select`ed rules (all by default)."""
    settings = parse_config(config, "test.toml") if config else Config()
    selection = Selection(select=tuple(select) if select is not None else ("ALL",))
    policy = build_policy(builtin_manager().rules(), settings, selection)
    context = LoadContext(build_args=dict(build_args or {}), target=target)
    subject = dockerfile_subject(path, dedent(text), context)
    return check_subject(subject, policy)


def problems(
    text: str, select: Sequence[str] | None = None, **kwargs: object
) -> list[tuple[str, int | None, int | None]]:
    """(code, line, column) of each finding, in report order."""
    return [
        (f.code, f.location.line, f.location.column)
        for f in lint(text, select, **kwargs)  # type: ignore[arg-type]
    ]


def details(
    text: str, select: Sequence[str] | None = None, **kwargs: object
) -> list[tuple[int | None, int | None, str, str | None]]:
    """(line, column, message, fix) of each finding, in report order."""
    return [
        (f.location.line, f.location.column, f.message, f.fix)
        for f in lint(text, select, **kwargs)  # type: ignore[arg-type]
    ]


def python_output(code: str) -> str:
    """Run `code` in a fresh interpreter, as a user's process starts; return its stdout."""
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    return completed.stdout


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_ocilint(
    *args: str,
    cwd: Path | str | None = None,
    stdin: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    preexec_fn: Callable[[], None] | None = None,
) -> Result:
    """Run the installed `ocilint` command as users do, in a fresh process."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("OCILINT_DEBUG", None)
    completed = subprocess.run(
        [sys.executable, "-m", "ocilint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """write(name, text) creates a file under tmp_path and returns its path."""

    def _write(name: str, text: str) -> Path:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dedent(text), encoding="utf-8")
        return target

    return _write
