"""Builds: the image a Dockerfile becomes once a build command, Bake, Compose or CI adds to it.

One module per source of builds (`flags`, `bake`, `compose`, `workflows`), each a plugin that
implements `ocilint_build_file` and `ocilint_load_builds` (see `ocilint.hookspecs`), so another
package can add GitLab CI or Tekton the same way. `plan` finds the build files of a tree or a
project and links each build to its Dockerfile; `subjects` merges a build into the subject the
rules check. The built-in readers are registered through `OnFirstUse`: their file-name tests
(`names`) answer for every file of a searched tree, and a reader module, with its YAML or HCL
parser, is imported only when one of its files is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ocilint.builds import names
from ocilint.hookspecs import hookimpl


class OnFirstUse:
    """A built-in build plugin whose module is imported the first time one of its files is
    read; `ocilint_build_file` is answered from the file name alone."""

    def __init__(self, module: str, recognises: Callable[[str], bool]) -> None:
        self.module = module
        self.recognises = recognises

    @hookimpl
    def ocilint_build_file(self, path: str) -> bool | None:
        return True if self.recognises(path) else None

    @hookimpl
    def ocilint_load_builds(self, path: str, data: bytes) -> Any:
        if not self.recognises(path):
            return None
        return importlib.import_module(self.module).ocilint_load_builds(path=path, data=data)


def builtin_plugins() -> list[tuple[str, Any]]:
    return [
        ("ocilint.builds.bake", OnFirstUse("ocilint.builds.bake", names.is_bake_path)),
        ("ocilint.builds.compose", OnFirstUse("ocilint.builds.compose", names.is_compose_path)),
        (
            "ocilint.builds.workflows",
            OnFirstUse("ocilint.builds.workflows", names.is_workflow_path),
        ),
    ]
