"""Running ocilint against hostile servers: in a subprocess, with a wall-clock timeout and a
memory limit (RLIMIT_AS), and checking that no secret reaches any output format."""

from __future__ import annotations

import os
import resource
from collections.abc import Iterable, Mapping
from pathlib import Path

from tests.conftest import Result, run_ocilint

MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for one ocilint run
WALL_CLOCK = 30.0  # seconds one ocilint run may take
FORMATS = ("text", "json", "sarif", "github", "gitlab")
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "no_proxy", "all_proxy")


def _limit_memory() -> None:  # runs in the child, between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def clean_environment(directory: Path) -> dict[str, str]:
    """No credentials, engine or proxy from the machine running the tests."""
    (directory / "docker").mkdir(exist_ok=True)
    (directory / "runtime").mkdir(exist_ok=True)
    return {
        "DOCKER_CONFIG": str(directory / "docker"),
        "XDG_RUNTIME_DIR": str(directory / "runtime"),
        "REGISTRY_AUTH_FILE": "",
        "DOCKER_HOST": "",  # and DOCKER_CONFIG has no context: no local engine configured
    }


def run_limited(
    *args: str, env: Mapping[str, str], timeout: float = WALL_CLOCK, cwd: Path | None = None
) -> Result:
    """`ocilint ARGS` in a fresh process under MEMORY_LIMIT; TimeoutExpired past `timeout`.
    Proxy and engine variables of the machine running the tests are blanked."""
    blank = {key: "" for key in os.environ if key.lower() in _PROXY_VARIABLES}
    blank.update({key: "" for key in os.environ if key.startswith("DOCKER_")})
    return run_ocilint(
        *args, env={**blank, **env}, cwd=cwd, timeout=timeout, preexec_fn=_limit_memory
    )


def assert_no_secret_in_any_format(
    args: Iterable[str], secrets: Iterable[str], *, env: Mapping[str, str], cwd: Path
) -> list[Result]:
    """Run `ocilint check image-ref ARGS` once per --format; no secret in stdout or stderr."""
    results = []
    for name in FORMATS:
        result = run_limited("check", "image-ref", "--format", name, *args, env=env, cwd=cwd)
        for secret in secrets:
            assert secret not in result.stdout, (name, secret, result.stdout)
            assert secret not in result.stderr, (name, secret, result.stderr)
        results.append(result)
    return results
