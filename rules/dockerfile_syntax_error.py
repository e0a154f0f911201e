"""Dockerfile that Docker cannot build.

## What it does
Reports what makes BuildKit reject a Dockerfile: an unknown instruction, an instruction before
the first `FROM`, an unterminated quote, heredoc or `${…}` substitution, a `LABEL`/`ENV` without
`=`, a bad stage name, an invalid `# escape=` directive, a JSON array with non-strings, a line
longer than 65,535 bytes, and a variable in `COPY --from` or `RUN --mount=…,from=` (BuildKit
expands neither; name an image through a stage, `FROM $IMAGE AS alias`, instead).

## Why is this bad?
`docker build` stops at the first of these. Other rules still check the rest of the file, so
one typo does not hide every other finding.

## Example
    FROM alpine AS 1st
    LABEL org.opencontainers.image.title="unterminated

Use instead:
    FROM alpine AS first
    LABEL org.opencontainers.image.title="terminated"

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"""

from collections.abc import Iterator

from ocilint.model import DockerfileSubject, Finding, Location, Options, Severity

CODE = "OCL001"
NAME = "dockerfile-syntax-error"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile",)


def check(subject: DockerfileSubject, options: Options) -> Iterator[Finding]:
    for problem in subject.dockerfile.problems:
        location = Location(subject.path, problem.line, problem.column, problem.end_line)
        yield Finding(CODE, location, problem.message)
