"""Every hook an ocilint plugin can implement, specified and documented in one place.

A plugin is a module or object with functions marked `@hookimpl`, published through the
`ocilint` entry-point group::

    [project.entry-points.ocilint]
    acme = "acme_ocilint_rules"

ocilint's own rules are published exactly this way (`ocilint_rules` is the `rules/` folder), so
the plugin API is exercised every day. Set `OCILINT_DISABLE_PLUGIN_AUTOLOAD=1` to load only the
built-in rules (hermetic runs), or list extra plugin modules under `plugins` in the config.

Implementations may accept fewer arguments than a specification lists (pluggy's opt-in
arguments), so new arguments can be added to a hook without breaking existing plugins; hooks gain
arguments, they never lose or rename them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ocilint.loading import LoadContext
    from ocilint.model import Build, DockerfileSubject, ImageSubject
    from ocilint.reporters import Reporter
    from ocilint.rule import Rule

PROJECT = "ocilint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# --------------------------------------------------------------------------- rules


@hookspec
def ocilint_rules() -> Sequence[Rule]:
    """Return the rules this plugin contributes.

    Called once per run, after all plugins are registered. Each rule needs a code that no other
    rule uses (2-6 capital letters and 3-4 digits; the ``OCL`` prefix is reserved for ocilint),
    a kebab-case name, a default severity, the subject kinds it applies to and its documentation.
    A code is never reused or given a new meaning once published. Subject kinds: ``dockerfile``
    (a Dockerfile, alone or as a build makes it: ``subject.build`` is then the
    :class:`ocilint.model.Build`), ``image``, ``reference`` and ``build`` (a build whose
    Dockerfile cannot be known offline).

    :returns: a sequence of :class:`ocilint.rule.Rule`, usually built with
        ``Rule.from_module(module)``.

    Use in plugins: the main reason to write one. See ``rules/`` for many small examples.
    """
    raise NotImplementedError


# --------------------------------------------------------------------------- sources


@hookspec(firstresult=True)
def ocilint_load_file(
    path: str, data: bytes, context: LoadContext
) -> Sequence[DockerfileSubject] | None:
    """Turn the content of a file named on the command line into subjects to check.

    Called for every file ``ocilint check`` reads (``path`` is ``-`` for standard input), in
    plugin order; stops at the first non-None result. The built-in Dockerfile loader runs last,
    so a plugin can claim files it understands (by name or by content) before it.

    :param path: the file as the user named it.
    :param data: its bytes.
    :param context: build arguments, target stage, target platforms and other options of
        this run; ``context.budgets`` holds the configured limits (``ocilint.budgets``).
    :returns: the subjects, or None to let the next loader try. A Dockerfile built for several
        platforms may give one subject per distinct build, each naming its ``platforms``;
        findings all of them share are reported once.
    :raises ocilint.errors.InputError: when the file is recognised but unusable; ocilint then
        prints one line naming the file and exits with status 2.

    Use in plugins: to lint a new kind of file with the existing rules.
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def ocilint_load_image(text: str, context: LoadContext) -> Sequence[ImageSubject] | None:
    """Load the image an ``ocilint check image-ref`` argument names, without its layers.

    Called after the reference text itself was checked (an invalid reference never gets here),
    unless ``--offline`` is given; in plugin order, stopping at the first non-None result. The
    built-in loaders understand the containers-transports syntax skopeo uses (``docker://REF``,
    ``docker-daemon:REF``, ``oci:DIR[:TAG]``, ``oci-archive:FILE[:TAG]``,
    ``docker-archive:FILE[:REF]``) and a bare reference.

    :param text: the argument as the user wrote it, transport prefix included.
    :param context: options of this run (platform, timeouts, registries, and the configured
        input budgets in ``context.budgets``: a loader should count against them too).
    :returns: one subject per image checked (an index yields one per platform it lists, plus
        the index itself), or None to let the next loader try.
    :raises ocilint.errors.InputError: when the image cannot be loaded; ocilint prints one line
        and exits with status 2.

    Use in plugins: to support a new transport (for example a proprietary registry API).
    """
    raise NotImplementedError


# --------------------------------------------------------------------------- builds


@hookspec(firstresult=True)
def ocilint_build_file(path: str) -> bool | None:
    """Say whether ``path`` is a build definition this plugin reads, by its name alone.

    Called for every file ``ocilint check DIR`` finds while searching a tree, and for every
    file of the project when a Dockerfile is named directly (so that the builds using it are
    found), in plugin order; stops at the first non-None result. It must not read the file:
    it runs on every file of the tree. The built-in implementations recognise Bake
    (``docker-bake.hcl``, ``docker-bake.json``, ``docker-bake.override.*``), Compose
    (``compose.yaml``, ``compose.yml``, ``docker-compose.y*ml``) and GitHub Actions workflows
    (``.github/workflows/*.y*ml``).

    :param path: the file's path, as found or as the user named it.
    :returns: True to have ``ocilint_load_builds`` called for it, None to let the next
        plugin decide.

    Use in plugins: with ``ocilint_load_builds``, to teach ocilint another build system
    (GitLab CI, Tekton, a company's build script).
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def ocilint_load_builds(path: str, data: bytes, context: LoadContext) -> Sequence[Build] | None:
    """Read the image builds a build definition file describes.

    Called for each file ``ocilint_build_file`` recognised, in plugin order; stops at the first
    non-None result. Each :class:`ocilint.model.Build` names the Dockerfile it uses (an
    absolute or working-directory-relative path, resolved as the build tool resolves context
    and dockerfile), the target stage, build arguments, platforms, labels, annotations per
    level and the names it pushes, each value with the location where it is written. ocilint
    then checks the Dockerfile once per build, with the build's labels overlaid on the target
    stage's, and reports findings at those locations.

    :param path: the file as found or named.
    :param data: its bytes.
    :param context: options of this run.
    :returns: the builds (possibly none), or None when this plugin does not read the file.
    :raises ocilint.errors.InputError: for a file that is recognised but cannot be used
        (malformed YAML or HCL, a cycle in Bake ``inherits``); ocilint prints one line naming
        the file and line and exits with status 2.

    Use in plugins: with ``ocilint_build_file``, to read another build system's files.
    """
    raise NotImplementedError


# --------------------------------------------------------------------------- reporting


@hookspec
def ocilint_reporters() -> dict[str, Reporter]:
    """Return output formats this plugin provides, keyed by the name used with ``--format``.

    Called when ocilint needs the list of formats. A reporter is a callable that receives the
    :class:`ocilint.reporters.Report` of the run and returns the text to write.

    Use in plugins: to add an output format (for example a company dashboard's JSON).
    """
    raise NotImplementedError
