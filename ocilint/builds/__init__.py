"""Builds: the image a Dockerfile becomes once a build command, Bake, Compose or CI adds to it.

One module per source of builds (`flags`, `bake`, `compose`, `workflows`), each a plugin that
implements `ocilint_build_file` and `ocilint_load_builds` (see `ocilint.hookspecs`), so another
package can add GitLab CI or Tekton the same way. `plan` finds the build files of a tree or a
project and links each build to its Dockerfile; `subjects` merges a build into the subject the
rules check. YAML and HCL parsers are imported only when a build file is read.
"""

from __future__ import annotations

from typing import Any


def builtin_plugins() -> list[tuple[str, Any]]:
    from ocilint.builds import bake, compose, workflows

    return [
        ("ocilint.builds.bake", bake),
        ("ocilint.builds.compose", compose),
        ("ocilint.builds.workflows", workflows),
    ]
