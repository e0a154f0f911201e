"""Which builds to check: build files found in a tree or named, linked to their Dockerfiles.

`ocilint check DIR` reads every build file under DIR; `ocilint check FILE` on a build file
reads that file; a Dockerfile named directly (as the pre-commit hook does) makes ocilint read
the build files of its project (the Git work tree, else the configuration's folder, else the
Dockerfile's own folder without its subfolders) and use the builds that build it. A Dockerfile
no build uses is checked on its own.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ocilint.errors import InputError
from ocilint.model import Build


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def project_root(
    path: str, config_root: str | None, work_trees: dict[str, str | None] | None = None
) -> tuple[str, bool]:
    """Where the build files of `path`'s project are, and whether to search its subfolders: the
    Git work tree holding `path` (its workflows live at the top), else the configuration's
    folder when it holds `path`, else only the folder of `path` itself (a Dockerfile in a home
    or download folder must not make ocilint read everything under it)."""
    directory = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    from ocilint.reading import repository_root

    work_tree = repository_root(directory, work_trees, resolved=True)
    if work_tree != directory or os.path.exists(os.path.join(directory, ".git")):
        return work_tree, True
    if config_root:
        root = os.path.realpath(config_root)
        if directory == root or directory.startswith(root + os.sep):
            return root, True
    return directory, False


def _shown(directory: str) -> str:
    """`directory` relative to the working directory when it is inside it, as users name it."""
    relative = os.path.relpath(directory)
    return directory if relative.startswith("..") else relative


def build_file_test(hook: Any) -> Callable[[str], bool]:
    """`ocilint_build_file` as one plain function with the hook's first-result semantics.

    A project search asks it of every file of the work tree on every commit; through pluggy
    each call costs about 4 microseconds (90 ms for 20,000 files), calling the plugins'
    functions directly about a quarter of that. Hook wrappers get the hook's own call."""
    caller = hook.ocilint_build_file
    implementations = caller.get_hookimpls()
    if any(impl.hookwrapper or getattr(impl, "wrapper", False) for impl in implementations):
        return lambda path: bool(caller(path=path))
    functions = [impl.function for impl in reversed(implementations)]  # pluggy's call order

    def is_build_file(path: str) -> bool:
        for function in functions:
            result = function(path=path)
            if result is not None:
                return bool(result)
        return False

    return is_build_file


def walk_build_files(directory: str, hook: Any, *, recursive: bool = True) -> Iterator[str]:
    from ocilint.loading import _SKIPPED_DIRECTORIES

    is_build_file = build_file_test(hook)
    for root, directories, files in os.walk(directory):
        directories[:] = (
            sorted(d for d in directories if d not in _SKIPPED_DIRECTORIES) if recursive else []
        )
        for name in sorted(files):
            path = os.path.join(root, name)
            if is_build_file(path):
                yield path


def _identity(build: Build) -> tuple[str, str]:
    """A build read twice (a Bake or Compose file and its override) is one build."""
    return build.name, _key(build.dockerfile) if build.dockerfile else ""


@dataclass
class BuildPlan:
    """Build files read so far and the builds they define, by Dockerfile."""

    hook: Any
    context: Any
    config_root: str | None = None
    files: dict[str, list[Build]] = field(default_factory=dict)  # build file key -> builds
    in_scope: list[Build] = field(default_factory=list)  # builds to check whatever happens
    project_files: dict[str, list[Build]] = field(default_factory=dict)  # project root -> builds
    errors: list[InputError] = field(default_factory=list)
    used: set[tuple[str, str]] = field(default_factory=set)  # builds already checked
    roots: dict[str, tuple[str, bool]] = field(default_factory=dict)  # folder -> project_root
    work_trees: dict[str, str | None] = field(default_factory=dict)  # for repository_root

    def is_build_file(self, path: str) -> bool:
        return path != "-" and bool(self.hook.ocilint_build_file(path=path))

    def read(self, path: str) -> list[Build]:
        key = _key(path)
        if key in self.files:
            return self.files[key]
        from ocilint.cli import read_input

        self.files[key] = []
        data = read_input(path, self.context.budgets)
        try:
            builds = self.hook.ocilint_load_builds(path=path, data=data, context=self.context)
        except (InputError, RecursionError) as error:
            if isinstance(error, RecursionError):
                raise InputError("nested too deeply to read", path) from None
            raise
        except Exception as error:
            if os.environ.get("OCILINT_DEBUG"):
                raise
            raise InputError(
                f"internal error reading this build file: {type(error).__name__}: {error} "
                "(set OCILINT_DEBUG=1 for a traceback, and please report it)",
                path,
            ) from error
        text = data.decode("utf-8", errors="replace")
        self.files[key] = [
            dataclasses.replace(build, sources={**build.sources, path: text})
            for build in builds or ()
        ]
        return self.files[key]

    def add(self, path: str) -> None:
        """A build file named or found in a searched tree: all its builds are checked."""
        try:
            builds = self.read(path)
        except InputError as error:
            self.errors.append(error)
            return
        self.in_scope.extend(builds)

    def scan(self, directory: str) -> None:
        for path in walk_build_files(directory, self.hook):
            self.add(path)

    def _project_builds(self, dockerfile: str) -> list[Build]:
        directory = os.path.dirname(os.path.abspath(dockerfile))
        if directory not in self.roots:  # many named Dockerfiles share folders
            self.roots[directory] = project_root(dockerfile, self.config_root, self.work_trees)
        root, recursive = self.roots[directory]
        if root not in self.project_files:
            found: list[Build] = []
            paths = walk_build_files(_shown(root), self.hook, recursive=recursive)
            for path in map(os.path.normpath, paths):
                try:
                    found.extend(self.read(path))
                except InputError:
                    continue  # not about this Dockerfile; `check` of that file reports it
            self.project_files[root] = found
        return self.project_files[root]

    def _using(self, dockerfile: str, search_project: bool) -> list[Build]:
        """The builds in scope, and (`search_project`) those of its project, that use
        `dockerfile`; its path is resolved only when some build names a Dockerfile."""
        candidates = list(self.in_scope)
        if search_project:
            candidates += self._project_builds(dockerfile)
        if not any(build.dockerfile for build in candidates):
            return []
        key = _key(dockerfile)
        return [b for b in candidates if b.dockerfile and _key(b.dockerfile) == key]

    def builds_for(self, dockerfile: str, *, search_project: bool) -> list[Build]:
        """The builds that use `dockerfile` and were not checked yet: those in scope, else
        (for a Dockerfile named directly) those of its project."""
        result: dict[tuple[str, str], Build] = {}
        for build in self._using(dockerfile, search_project):
            identity = _identity(build)
            if identity not in self.used:
                result.setdefault(identity, build)
        self.used.update(result)
        return list(result.values())

    def is_built(self, dockerfile: str) -> bool:
        """Whether a build in scope or of its project uses `dockerfile` (a Dockerfile named
        directly), without claiming the builds as `builds_for` does."""
        return bool(self._using(dockerfile, search_project=True))

    def remaining(self) -> list[Build]:
        """Builds in scope whose Dockerfile was not among the files checked."""
        remaining: dict[tuple[str, str], Build] = {}
        for build in self.in_scope:
            if _identity(build) not in self.used:
                remaining.setdefault(_identity(build), build)
        return list(remaining.values())
