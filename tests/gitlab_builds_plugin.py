"""A test plugin that teaches ocilint a toy GitLab CI build, through the build hooks only.

`.gitlab-ci.yml` jobs with `variables: {DOCKERFILE: …, IMAGE_LICENSE: …}` become builds that
set `org.opencontainers.image.licenses`.
"""

from __future__ import annotations

import os

from ocilint.hookspecs import hookimpl
from ocilint.model import Build, Location, MetadataEntry


@hookimpl
def ocilint_build_file(path: str) -> bool | None:
    return True if os.path.basename(path) == ".gitlab-ci.yml" else None


@hookimpl
def ocilint_load_builds(path: str, data: bytes) -> list[Build] | None:
    if os.path.basename(path) != ".gitlab-ci.yml":
        return None
    builds = []
    lines = data.decode().splitlines()
    dockerfile = license_value = None
    license_line = 0
    for number, line in enumerate(lines, start=1):
        key, _, value = line.strip().partition(":")
        if key == "DOCKERFILE":
            dockerfile = value.strip()
        elif key == "IMAGE_LICENSE":
            license_value, license_line = value.strip(), number
    if dockerfile and license_value:
        where = Location(path, license_line, lines[license_line - 1].index(license_value) + 1)
        entry = MetadataEntry(
            "org.opencontainers.image.licenses", license_value, where, where, origin="set by CI"
        )
        full = os.path.join(os.path.dirname(path), dockerfile)
        builds.append(
            Build("GitLab CI job build", "gitlab-ci", Location(path, 1), full, labels=(entry,))
        )
    return builds
