"""GitHub Actions workflows: `docker/build-push-action` steps and the metadata-action they use.

Reads `.github/workflows/*.yml` and `*.yaml`. Each `docker/build-push-action` step is a build:
its `context` and `file` (as the action resolves them: `file` is relative to the repository,
default `{context}/Dockerfile`), `labels`, `annotations`, `outputs` (`annotation-*.KEY=VALUE`),
`platforms`, `build-args`, `target` and `tags`. A `${{ steps.ID.outputs.labels }}`,
`…annotations` or `…tags` item (or the `DOCKER_METADATA_OUTPUT_*` environment variable) brings
in what the `docker/metadata-action` step with that id generates, as its source does: the eight
OCI keys `title`, `description`, `url`, `source`, `version`, `created`, `revision` and `licenses`,
overlaid by its own `labels:`/`annotations:` inputs; annotations at the levels listed in
`DOCKER_METADATA_ANNOTATIONS_LEVELS` (default `manifest`); image names lowercased.

`${{ … }}` expressions are resolved where they can be known before the workflow runs: `env.*`
from the workflow, job and step `env`, and the form (not the value) of `github.repository`,
`github.repository_owner`, `github.actor` and `github.sha`. Anything else is unknown and
reported as "cannot be checked".
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ocilint.builds import common
from ocilint.builds.names import is_workflow_path
from ocilint.builds.yamlnodes import Map, Seq, Str
from ocilint.errors import InputError
from ocilint.hookspecs import hookimpl
from ocilint.model import Build, Location, MetadataEntry, PushedName

TOOL = "github-actions"
BUILD_PUSH_ACTION = "docker/build-push-action"
_MENTIONS = (b"docker/build-push-action", b"docker build", b"buildx build", b"image build")
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.S)
_STEP_OUTPUT = re.compile(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\Z")
_ENV = re.compile(r"env\.([A-Za-z_][A-Za-z0-9_]*)\Z")
_META_ENV = "DOCKER_METADATA_OUTPUT_"

# Expressions whose form is known: a placeholder of that form stands in for the value.
_SAMPLES = {
    "github.repository": "owner/repo",
    "github.repository_owner": "owner",
    "github.actor": "actor",
    "github.triggering_actor": "actor",
    "github.event.repository.name": "repo",
    "github.event.repository.full_name": "owner/repo",
    "github.event.repository.owner.login": "owner",
    "github.event.repository.html_url": "https://github.com/owner/repo",
    "github.server_url": "https://github.com",
    "github.sha": "0123456789abcdef0123456789abcdef01234567",
    "github.run_number": "1",
    "github.run_id": "1",
    "github.run_attempt": "1",
}
# Of those, the ones that can hold capital letters (GitHub logins and repository names can).
CASE_EXPRESSIONS = frozenset(
    {
        "github.repository",
        "github.repository_owner",
        "github.actor",
        "github.triggering_actor",
        "github.event.repository.name",
        "github.event.repository.full_name",
        "github.event.repository.owner.login",
    }
)


def repository_root(path: str) -> str:
    """The repository a workflow belongs to: two folders above `.github/workflows`."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(path))))


@hookimpl
def ocilint_build_file(path: str) -> bool | None:
    return True if is_workflow_path(path) else None


@hookimpl
def ocilint_load_builds(path: str, data: bytes) -> list[Build] | None:
    if not is_workflow_path(path):
        return None
    if not any(marker in data for marker in _MENTIONS):
        return []  # no build step: no need to parse it
    from ocilint.builds import yamlnodes

    text = data.decode("utf-8", errors="replace")
    document = yamlnodes.load(path, text)
    if not isinstance(document, Map):
        return []
    return list(_Workflow(path, text, document).builds())


# --------------------------------------------------------------------------- expressions


@dataclass
class Expanded:
    """A string with its `${{ … }}` expressions resolved as far as they can be."""

    text: str  # unknown expressions replaced by `x`, known-form ones by a placeholder
    unresolved: list[str] = field(default_factory=list)
    case_spans: list[tuple[int, str]] = field(default_factory=list)  # (offset, expression)

    @property
    def known(self) -> bool:
        return not self.unresolved


def expand(text: str, env: Mapping[str, str], depth: int = 0) -> Expanded:
    result = Expanded("")
    position = 0
    for match in _EXPRESSION.finditer(text):
        result.text += text[position : match.start()]
        position = match.end()
        expression = re.sub(r"\s+", " ", match.group(1)).strip()
        lowered = re.fullmatch(r"lower\((.*)\)", expression)
        if lowered and depth < 10:  # ocilint's own: a shell `${VAR,,}`
            inner = expand("${{ " + lowered.group(1) + " }}", env, depth + 1)
            result.unresolved.extend(inner.unresolved)
            result.text += inner.text.lower()
            continue
        env_match = _ENV.match(expression)
        if env_match and env_match.group(1) in env and depth < 10:
            inner = expand(env[env_match.group(1)], env, depth + 1)
            offset = len(result.text)
            result.case_spans.extend((offset + at, name) for at, name in inner.case_spans)
            result.unresolved.extend(inner.unresolved)
            result.text += inner.text
        elif expression.startswith("matrix.") and expression in env:  # a static matrix value
            result.text += env[expression]
        elif expression in _SAMPLES:
            if expression in CASE_EXPRESSIONS:
                result.case_spans.append((len(result.text), expression))
            result.text += _SAMPLES[expression]
        else:
            result.unresolved.append(expression)
            result.text += "x"
    result.text += text[position:]
    return result


def _expression_only(text: str) -> str | None:
    match = _EXPRESSION.fullmatch(text.strip())
    return re.sub(r"\s+", " ", match.group(1)).strip() if match else None


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Item:
    text: str
    location: Location
    written: str = ""  # the text as written, when `text` rewrote shell variables


def _items(path: str, lines: list[str], value: Any, split_commas: bool) -> list[Item]:
    """An action's list input: one item per line (and per comma where the action splits)."""
    if isinstance(value, Seq):
        return [
            item for v in value if v is not None for item in _items(path, lines, v, split_commas)
        ]
    if not isinstance(value, Str):
        if value is None:
            return []
        return [Item(str(value), Location(path))]
    found: list[Item] = []
    for index, raw in enumerate(str(value).split("\n")):
        line = value.line_of(index)
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        parts = _split_commas(raw) if split_commas and not _expression_only(raw) else [raw]
        search_from = 0
        for part in parts:
            item = part.strip()
            if not item or (item.startswith("#") and value.style is not None):
                continue
            at = source.find(item, search_from)
            column = None
            if at >= 0:
                search_from = at + len(item)
                column = at + 1
            found.append(Item(item, Location(path, line, column)))
    return found


def _split_commas(text: str) -> list[str]:
    import csv

    return next(csv.reader([text], skipinitialspace=True), [])


# --------------------------------------------------------------------------- the workflow


@dataclass
class _MetaStep:
    step_id: str
    location: Location
    origin: str
    labels: list[MetadataEntry]
    annotations: list[MetadataEntry]
    levels: tuple[str, ...]
    images: list[tuple[Item, Expanded]]


class _Workflow:
    def __init__(self, path: str, text: str, document: Map) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.document = document
        self.root = repository_root(path)

    def _location(self, parent: Map, key: str) -> Location:
        from ocilint.builds.yamlnodes import position

        line, column = position(parent, key)
        return Location(self.path, line, column)

    def _env(self, holder: Any, base: Mapping[str, str]) -> dict[str, str]:
        env = dict(base)
        values = holder.get("env") if isinstance(holder, Map) else None
        if isinstance(values, Map):
            for key, value in values.items():
                if value is not None:
                    env[key] = str(value)
        return env

    def builds(self) -> Iterator[Build]:
        jobs = self.document.get("jobs")
        if not isinstance(jobs, Map):
            return
        workflow_env = self._env(self.document, {})
        for job_id, job in jobs.items():
            if not isinstance(job, Map) or not isinstance(job.get("steps"), Seq):
                continue
            job_env = self._env(job, workflow_env)
            combinations = _matrix(job)
            seen: set[str] = set()
            # A build that uses `matrix.*` (itself or through its metadata-action step) is one
            # build per combination of a static matrix; any other build is one build.
            for number, combination in enumerate(combinations or [{}]):
                matrix = {f"matrix.{key}": value for key, value in combination.items()}
                shown = ", ".join(f"{key}={value}" for key, value in combination.items())
                for build, uses_matrix in self._job_builds(job_id, job, job_env, matrix):
                    if uses_matrix and combination:
                        yield dataclasses.replace(build, name=f"{build.name} (matrix {shown})")
                    elif number == 0 and build.name not in seen:
                        seen.add(build.name)
                        yield build

    def _job_builds(
        self, job_id: str, job: Map, job_env: Mapping[str, str], matrix: Mapping[str, str]
    ) -> Iterator[tuple[Build, bool]]:
        metas: dict[str, _MetaStep] = {}
        meta_uses_matrix: dict[str, bool] = {}
        last_meta: _MetaStep | None = None
        for index, step in enumerate(job["steps"], start=1):
            if not isinstance(step, Map):
                continue
            action = str(step.get("uses") or "").partition("@")[0].strip().lower()
            env = {**self._env(step, job_env), **matrix}
            if action == common.METADATA_ACTION:
                meta = self._meta_step(step, index, env)
                metas[meta.step_id] = meta
                meta_uses_matrix[meta.step_id] = "matrix." in _text_of(step.get("with"))
                last_meta = meta
                continue
            name = f"{common.relative_display(self.path)} job {job_id} step {index}"
            specs: list[tuple[str, _Spec]] = []
            if action == BUILD_PUSH_ACTION:
                specs.append((name, self._action_spec(step)))
            for spec in self._command_specs(step, job):
                specs.append((f"{name} line {spec.location.line}", spec))  # a step may run several
            for build_name, spec in specs:
                uses_matrix = any("matrix." in item.text for item in spec.items()) or any(
                    used and f"steps.{step_id}." in item.text
                    for step_id, used in meta_uses_matrix.items()
                    for item in spec.items()
                )
                yield self._build(build_name, spec, env, metas, last_meta), uses_matrix

    def _inputs(self, step: Map) -> Map:
        values = step.get("with")
        return values if isinstance(values, Map) else Map()

    def _meta_step(self, step: Map, index: int, env: Mapping[str, str]) -> _MetaStep:
        inputs = self._inputs(step)
        step_id = str(step.get("id") or f"#{index}")
        location = self._location(step, "uses")
        origin = f"set by docker/metadata-action step `{step_id}`"
        written_labels = list(self._key_values(inputs, "labels", env, origin))
        labels = common.metadata_action_entries(location, origin, written_labels)
        written_annotations = list(self._key_values(inputs, "annotations", env, origin))
        annotations = common.metadata_action_entries(location, origin, written_annotations)
        levels_text = env.get("DOCKER_METADATA_ANNOTATIONS_LEVELS") or "manifest"
        levels = tuple(level.strip() for level in levels_text.split(",") if level.strip())
        images: list[tuple[Item, Expanded]] = []
        for item in _items(self.path, self.lines, inputs.get("images"), split_commas=False):
            name = _image_name(item.text)
            if name:
                images.append((item, expand(name, env)))
        return _MetaStep(step_id, location, origin, labels, annotations, levels, images)

    def _key_values(
        self, inputs: Map, key: str, env: Mapping[str, str], origin: str
    ) -> Iterator[MetadataEntry]:
        for item in _items(self.path, self.lines, inputs.get(key), split_commas=False):
            if _expression_only(item.text) is not None:
                continue
            pair = common.split_key_value(item.text)
            if pair is None:
                continue
            yield self._entry(pair, item, env, origin)

    def _entry(
        self, pair: tuple[str, str], item: Item, env: Mapping[str, str], origin: str
    ) -> MetadataEntry:
        """The entry for `KEY=VALUE` written as `item` (whose text ends with the value)."""
        key, raw = pair
        where = item.location
        value_location = where
        if where.column is not None:
            value_location = Location(
                where.path, where.line, where.column + len(item.text) - len(raw)
            )
        expanded = expand(raw, env)
        if expanded.known and expanded.text == raw:
            return common.entry(key, raw, where, origin, value_location=value_location)
        if expanded.known:  # columns no longer map onto the written text: the line only
            at = Location(where.path, where.line)
            return common.entry(key, expanded.text, where, origin, value_location=at)
        names = ", ".join(f"`${{{{ {name} }}}}`" for name in expanded.unresolved)
        return common.entry(
            key,
            None,
            where,
            origin,
            value_location=value_location,
            unknown_reason=f"its value comes from {names}, known only when the workflow runs",
        )

    def _meta_for(
        self, expression: str, output: str, metas: Mapping[str, _MetaStep], last: _MetaStep | None
    ) -> _MetaStep | None:
        step = _STEP_OUTPUT.match(expression)
        if step and step.group(2) == output:
            return metas.get(step.group(1))
        env = _ENV.match(expression)
        if env and env.group(1) == _META_ENV + output.upper():
            return last
        return None

    def _action_spec(self, step: Map) -> _Spec:
        inputs = self._inputs(step)

        def items(key: str, split_commas: bool = False) -> list[Item]:
            return _items(self.path, self.lines, inputs.get(key), split_commas)

        def single(key: str) -> Item | None:
            value = inputs.get(key)
            return None if value is None else Item(str(value), self._location(inputs, key))

        return _Spec(
            tool=BUILD_PUSH_ACTION,
            location=self._location(step, "uses"),
            labels=items("labels"),
            annotations=items("annotations"),
            outputs=items("outputs"),
            platforms=items("platforms", split_commas=True),
            build_args=items("build-args"),
            tags=items("tags", split_commas=True),
            context=single("context"),
            file=single("file"),
            target=single("target"),
            platforms_location=self._location(inputs, "platforms")
            if "platforms" in inputs
            else None,
            base=self.root,
        )

    def _command_specs(self, step: Map, job: Map) -> Iterator[_Spec]:
        """The `docker build` commands of a `run:` step, each as a build."""
        from ocilint.builds.commands import build_commands

        script = step.get("run")
        if not isinstance(script, Str) or "docker" not in script:
            return
        lines: list[tuple[int, int, str]] = []
        for index, text in enumerate(str(script).split("\n")):
            line = script.line_of(index)
            if script.style is None:
                column = script.column if index == 0 else 1
            else:
                source = self.lines[line - 1] if 0 < line <= len(self.lines) else text
                column = max(source.find(text), 0) + 1 if text else 1
            lines.append((line, column, text))
        directory = step.get("working-directory")
        if directory is None:
            defaults = job.get("defaults")
            run_defaults = defaults.get("run") if isinstance(defaults, Map) else None
            if isinstance(run_defaults, Map):
                directory = run_defaults.get("working-directory")
        base = os.path.join(self.root, str(directory)) if directory is not None else self.root

        def items(words: list[Any], split_commas: bool = False) -> list[Item]:
            found = []
            for word in words:
                parts = _split_commas(word.text) if split_commas else [word.text]
                for part in parts:
                    at = Location(self.path, word.line, word.column)
                    found.append(Item(_shell_to_expressions(part), at, part))
            return found

        for command in build_commands(lines):
            options = command.options

            def one(name: str, options: dict[str, list[Any]] = options) -> Item | None:
                words = options.get(name)
                return items(words[-1:])[0] if words else None

            context = (
                Item(
                    _shell_to_expressions(command.context.text),
                    Location(self.path, command.context.line, command.context.column),
                )
                if command.context is not None
                else Item(
                    "${{ shell.context }}",
                    Location(self.path, command.start.line, command.start.column),
                )
            )
            platform_words = options.get("--platform", [])
            yield _Spec(
                tool="docker build",
                location=Location(self.path, command.start.line, command.start.column),
                labels=items(options.get("--label", [])),
                annotations=items(options.get("--annotation", [])),
                outputs=items(options.get("--output", [])),
                platforms=items(platform_words, split_commas=True),
                build_args=items(options.get("--build-arg", [])),
                tags=items(options.get("--tag", [])),
                context=context,
                file=one("--file"),
                target=one("--target"),
                platforms_location=Location(
                    self.path, platform_words[0].line, platform_words[0].column
                )
                if platform_words
                else None,
                base=base,
            )

    def _build(
        self,
        name: str,
        spec: _Spec,
        env: Mapping[str, str],
        metas: Mapping[str, _MetaStep],
        last_meta: _MetaStep | None,
    ) -> Build:
        origin = f"set by {spec.tool}"
        location = spec.location
        unknown_labels: list[Item] = []
        unknown_annotations: list[Item] = []

        labels: dict[str, MetadataEntry] = {}
        for item in spec.labels:
            expression = _expression_only(item.text)
            if expression is not None:
                meta = self._meta_for(expression, "labels", metas, last_meta)
                if meta is None:
                    unknown_labels.append(item)
                    continue
                for generated in meta.labels:
                    labels[generated.key] = generated
                continue
            pair = common.split_key_value(item.text)
            if pair is not None:
                labels[pair[0]] = self._entry(pair, item, env, origin)

        annotations: list[tuple[str, MetadataEntry]] = []
        for item in spec.annotations:
            expression = _expression_only(item.text)
            if expression is not None:
                meta = self._meta_for(expression, "annotations", metas, last_meta)
                if meta is None:
                    unknown_annotations.append(item)
                    continue
                annotations.extend(
                    (level, generated) for level in meta.levels for generated in meta.annotations
                )
                continue
            try:
                levels, key, value = common.parse_annotation(item.text)
            except common.AnnotationSyntaxError as error:
                raise InputError(str(error), self.path, item.location.line) from None
            annotations.extend(
                (level, self._entry((key, value), item, env, origin)) for level in levels
            )
        for item in spec.outputs:
            for level, key, value, offset in common.output_annotations(item.text):
                column = item.location.column + offset if item.location.column else None
                at = Location(self.path, item.location.line, column)
                annotations.append(
                    (level, self._entry((key, value), Item(f"{key}={value}", at), env, origin))
                )

        context = (
            expand(_default_context(spec.context.text), env) if spec.context else Expanded(".")
        )
        dockerfile: str | None
        unknown_reason = ""
        dockerfile_location = spec.file.location if spec.file is not None else location
        if spec.file is not None:
            file = expand(spec.file.text, env)
            dockerfile = os.path.join(spec.base, file.text) if file.known else None
            if not file.known:
                unknown = _expressions(file.unresolved)
                unknown_reason = (
                    f"its Dockerfile `{spec.file.written or spec.file.text}` depends on {unknown}"
                )
        elif context.known:
            dockerfile = os.path.join(spec.base, context.text, "Dockerfile")
        else:
            dockerfile = None
            dockerfile_location = spec.context.location if spec.context else location
            unknown_reason = f"its context depends on {_expressions(context.unresolved)}"
        if dockerfile is not None:
            dockerfile = os.path.normpath(dockerfile)

        platforms: tuple[str, ...] | None = ()
        if spec.platforms:
            expanded_platforms = [expand(item.text, env) for item in spec.platforms]
            if all(p.known for p in expanded_platforms):
                platforms = tuple(
                    part.strip()
                    for p in expanded_platforms
                    for part in re.split(r"[,\n]", p.text)
                    if part.strip()
                )
            else:
                platforms = None

        build_args: dict[str, str] = {}
        for item in spec.build_args:
            pair = common.split_key_value(item.text)
            if pair is None:
                continue
            arg = expand(pair[1], env)
            if arg.known:
                build_args[pair[0]] = arg.text

        names: list[PushedName] = []
        for item in spec.tags:
            expression = _expression_only(item.text)
            meta = self._meta_for(expression, "tags", metas, last_meta) if expression else None
            if meta is not None:
                names.extend(_meta_names(meta))
                continue
            written = item.written or item.text
            names.append(pushed_name(written, item.location, expand(item.text, env)))

        target_text = expand(spec.target.text, env).text if spec.target is not None else None
        return Build(
            name=name,
            tool=TOOL,
            location=location,
            dockerfile=dockerfile,
            target=target_text or None,
            platforms=platforms,
            platforms_location=spec.platforms_location,
            build_args=build_args,
            labels=tuple(labels.values()),
            annotations=tuple(annotations),
            names=tuple(names),
            dockerfile_location=dockerfile_location,
            dockerfile_unknown=unknown_reason,
            unknown_labels=_unknown_source(unknown_labels),
            unknown_annotations=_unknown_source(unknown_annotations),
        )


@dataclass
class _Spec:
    """What a build step says, as items with locations, before expressions are resolved."""

    tool: str
    location: Location
    labels: list[Item]
    annotations: list[Item]
    outputs: list[Item]
    platforms: list[Item]
    build_args: list[Item]
    tags: list[Item]
    context: Item | None
    file: Item | None
    target: Item | None
    platforms_location: Location | None
    base: str  # the folder `context` and `file` are relative to

    def items(self) -> Iterator[Item]:
        for group in (self.labels, self.annotations, self.outputs, self.platforms):
            yield from group
        for group in (self.build_args, self.tags):
            yield from group
        for single in (self.context, self.file, self.target):
            if single is not None:
                yield single


_MATRIX_LIMIT = 64


def _matrix(job: Map) -> list[dict[str, str]]:
    """The combinations of a job's static `strategy.matrix` (GitHub's include/exclude rules),
    or [] when there is none or it is computed (`${{ fromJSON(…) }}`) or too large."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Map) else None
    if not isinstance(matrix, Map):
        return []
    combinations: list[dict[str, str]] = [{}]
    for key, values in matrix.items():
        if key in ("include", "exclude"):
            continue
        if not isinstance(values, Seq) or not all(isinstance(v, Str) for v in values):
            return []
        combinations = [{**c, key: str(v)} for c in combinations for v in values]
        if len(combinations) > _MATRIX_LIMIT:
            return []
    base_keys = {key for key in matrix if key not in ("include", "exclude")}
    if not base_keys:
        combinations = []
    excluded = matrix.get("exclude")
    if isinstance(excluded, Seq):
        for rule in excluded:
            if isinstance(rule, Map):
                combinations = [
                    c for c in combinations if any(c.get(k) != str(v) for k, v in rule.items())
                ]
    original = len(combinations)  # an `include` extends these, never one it added itself
    included = matrix.get("include")
    if isinstance(included, Seq):
        for extra in included:
            if not isinstance(extra, Map) or not all(isinstance(v, Str) for v in extra.values()):
                return []
            values = {key: str(value) for key, value in extra.items()}
            matched = False
            for combination in combinations[:original]:
                if all(combination.get(k, v) == v for k, v in values.items() if k in base_keys):
                    combination.update({k: v for k, v in values.items() if k not in base_keys})
                    matched = True
            if not matched:
                combinations.append(values)
    return combinations[:_MATRIX_LIMIT]


def _default_context(text: str) -> str:
    """build-push-action's `{{defaultContext}}` (the repository) and `{{defaultContext}}:sub`."""
    if text.startswith("{{defaultContext}}"):
        return text.removeprefix("{{defaultContext}}").removeprefix(":") or "."
    return text


_SHELL_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<lower>,,)?\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
_SHELL_GITHUB = {
    "GITHUB_REPOSITORY": "github.repository",
    "GITHUB_REPOSITORY_OWNER": "github.repository_owner",
    "GITHUB_ACTOR": "github.actor",
    "GITHUB_TRIGGERING_ACTOR": "github.triggering_actor",
    "GITHUB_SHA": "github.sha",
    "GITHUB_SERVER_URL": "github.server_url",
    "GITHUB_RUN_NUMBER": "github.run_number",
    "GITHUB_RUN_ID": "github.run_id",
}


def _shell_to_expressions(word: str) -> str:
    """A shell word with `$VAR`, `${VAR}` and `${VAR,,}` written as the expressions they mean:
    GitHub's default variables as `github.*`, others as `env.*` (the step's environment)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group("braced") or match.group("bare")
        expression = _SHELL_GITHUB.get(name, f"env.{name}")
        if match.group("lower"):
            expression = f"lower({expression})"
        return "${{ " + expression + " }}"

    return _SHELL_VARIABLE.sub(replace, word)


def _unknown_source(items: list[Item]) -> tuple[str, Location] | None:
    """(what, where) for list items that are expressions known only when the workflow runs."""
    if not items:
        return None
    listed = ", ".join(f"`{item.text}`" for item in items)
    return f"{listed}, known only when the workflow runs", items[0].location


def _expressions(names: list[str]) -> str:
    listed = ", ".join(f"`${{{{ {name} }}}}`" for name in dict.fromkeys(names))
    return f"{listed}, known only when the workflow runs"


def _text_of(value: Any) -> str:
    """All the text of a YAML value, to look for expressions in it."""
    if isinstance(value, dict):
        return " ".join(_text_of(item) for item in value.values())
    if isinstance(value, list):
        return " ".join(_text_of(item) for item in value)
    return "" if value is None else str(value)


def _image_name(item: str) -> str:
    """The name in a metadata-action `images` item: `NAME` or `name=NAME,enable=…`."""
    fields = _split_commas(item)
    if len(fields) == 1 and "=" not in fields[0]:
        return fields[0].strip()
    for part in fields:
        key, _, value = part.partition("=")
        if key.strip().lower() == "name":
            return value.strip()
    return ""


def _meta_names(meta: _MetaStep) -> Iterator[PushedName]:
    """metadata-action's tags: each image name, lowercased by the action, with its version."""
    for item, expanded in meta.images:
        text = expanded.text.lower() + ":tag"
        yield PushedName(
            written=item.text,
            text=text,
            location=item.location,
            unresolved=tuple(expanded.unresolved),
        )


def pushed_name(written: str, location: Location, expanded: Expanded) -> PushedName:
    """A name as written in `tags`, with the case-changing expressions in its repository part."""
    spans = [(at, f"${{{{ {name} }}}}") for at, name in expanded.case_spans]
    return common.pushed_name(written, location, expanded.text, expanded.unresolved, spans)
