"""The file names of each built-in kind of build file: the one part of a build plugin that
runs for every file of a searched tree, so it lives apart from the readers (and their parsers
and tables), which are imported only when such a file is read."""

from __future__ import annotations

import os

BAKE_FILES = (
    "docker-bake.json",
    "docker-bake.hcl",
    "docker-bake.override.json",
    "docker-bake.override.hcl",
)
COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
COMPOSE_OVERRIDE_FILES = tuple(name.replace(".y", ".override.y") for name in COMPOSE_FILES)


def is_bake_path(path: str) -> bool:
    return os.path.basename(path).lower() in BAKE_FILES


def is_compose_path(path: str) -> bool:
    return os.path.basename(path).lower() in (*COMPOSE_FILES, *COMPOSE_OVERRIDE_FILES)


def is_workflow_path(path: str) -> bool:
    normalized = path.replace(os.sep, "/")
    directory, _, name = normalized.rpartition("/")
    return directory.endswith(".github/workflows") and name.lower().endswith((".yml", ".yaml"))
