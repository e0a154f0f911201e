"""A user passes a `--build-arg` that no ARG consumes: a warning on standard error, as
`docker build` prints one; the exit status stays what the findings make it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_ocilint

DOCKERFILE = """\
ARG BASE_TAG=3.20
FROM alpine:${BASE_TAG}
ARG "VERSION"=1 BUILD_DATE
LABEL org.opencontainers.image.version=$VERSION
"""


def test_user_passes_a_build_arg_no_arg_consumes(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    args = ["--build-arg", "BASE_TAG=3.19", "--build-arg", "VERSION=2", "--build-arg", "BUILD_DATE"]
    args += ["--build-arg", "VERSON=2", "--build-arg", "HTTP_PROXY=http://proxy:3128"]
    args += ["--build-arg", "BUILDKIT_INLINE_CACHE=1", "--build-arg", "COMMIT=abc"]
    result = run_ocilint(
        "check", "--isolated", "--select", "OCL204", *args, "Dockerfile", cwd=tmp_path
    )
    assert result.code == 1  # the findings decide, not the warning
    assert result.stderr == (
        "ocilint: warning: Dockerfile: --build-arg VERSON, COMMIT not consumed: "
        "no ARG declares them\n"
    )


def test_every_consumed_build_arg_is_quiet(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    args = ("--build-arg", "VERSION=2", "--select", "OCL204", "--ignore", "OCL204")
    result = run_ocilint("check", "--isolated", *args, "Dockerfile", cwd=tmp_path)
    assert (result.code, result.stderr) == (0, "")


def test_configured_build_args_warn_only_when_no_dockerfile_consumes_them(tmp_path: Path) -> None:
    (tmp_path / "api.Dockerfile").write_text("FROM scratch\nARG API_PORT\n")
    (tmp_path / "web.Dockerfile").write_text("FROM scratch\nARG WEB_PORT\n")
    config = '[build-args]\nAPI_PORT = "8080"\nWEB_PORT = 80\nUNUSED = "x"\n'
    (tmp_path / ".ocilint.toml").write_text(config)
    result = run_ocilint("check", "--select", "OCL204", ".", cwd=tmp_path)
    assert result.code == 0
    assert result.stderr == (
        f"ocilint: warning: {tmp_path / '.ocilint.toml'}: build-args UNUSED not consumed: "
        "no ARG of the Dockerfiles checked declares them\n"
    )
