"""Docker Compose files: each service with a `build` is a build; its `image` is the pushed name.

Reads `compose.yaml`, `compose.yml`, `docker-compose.yaml`, `docker-compose.yml` and their
`*.override.*` files (merged into the main file of the same folder, as `docker compose` does).
From `services.*.build`: `context` (relative to the Compose file), `dockerfile` (relative to the
context), `args`, `labels` (list or map), `target`, `platforms` and `tags`; `services.*.image`
is the name pushed. `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$$` are interpolated
with the `.env` file beside the Compose file; other variables cannot be known offline.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ocilint.builds import common
from ocilint.builds.names import COMPOSE_FILES, COMPOSE_OVERRIDE_FILES, is_compose_path
from ocilint.builds.yamlnodes import Map, Seq, Str, position
from ocilint.errors import InputError
from ocilint.hookspecs import hookimpl
from ocilint.model import Build, Location, MetadataEntry, PushedName

TOOL = "compose"
MAIN_NAMES = COMPOSE_FILES
OVERRIDE_NAMES = COMPOSE_OVERRIDE_FILES
_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?+])?(?P<arg>[^}]*)\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


@hookimpl
def ocilint_build_file(path: str) -> bool | None:
    return True if is_compose_path(path) else None


@hookimpl
def ocilint_load_builds(path: str, data: bytes) -> list[Build] | None:
    if not is_compose_path(path):
        return None
    from ocilint.builds import yamlnodes

    directory = os.path.dirname(path)
    name = os.path.basename(path).lower()
    files: list[tuple[str, str]] = []
    if name in OVERRIDE_NAMES:
        main = os.path.join(directory, name.replace(".override", ""))
        if os.path.isfile(main):
            files.append((main, _read(main)))
        files.append((path, data.decode("utf-8", errors="replace")))
    else:
        files.append((path, data.decode("utf-8", errors="replace")))
        override = os.path.join(directory, name.replace(".y", ".override.y"))
        if os.path.isfile(override):
            files.append((override, _read(override)))
    services: dict[str, list[tuple[str, Map]]] = {}
    for file_path, text in files:
        document = yamlnodes.load(file_path, text)
        if not isinstance(document, Map):
            continue
        declared = document.get("services")
        if not isinstance(declared, Map):
            continue
        for service, definition in declared.items():
            if isinstance(definition, Map):
                services.setdefault(service, []).append((file_path, definition))
    variables = _dotenv(os.path.join(directory, ".env"))
    main_path = files[0][0]
    return list(_builds(main_path, services, variables))


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path) from None


def _dotenv(path: str) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            lines = file.read().splitlines()
    except OSError:
        return values
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#") or "=" not in text:
            continue
        key, _, value = text.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def interpolate(text: str, variables: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """`text` with Compose's variables substituted, and the names that have no value."""
    unknown: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return "$"
        name = match.group("braced") or match.group("bare")
        op, arg = match.group("op") or "", match.group("arg") or ""
        value = variables.get(name)
        empty = value is None or (op.startswith(":") and value == "")
        if op.endswith("-"):
            return arg if empty else str(value)
        if op.endswith("+"):
            return "" if empty else arg
        if value is None:
            unknown.append(name)
            return "x"
        return value

    return _VARIABLE.sub(substitute, text), tuple(unknown)


def _builds(
    path: str, services: Mapping[str, list[tuple[str, Map]]], variables: Mapping[str, str]
) -> Iterator[Build]:
    base = os.path.dirname(os.path.abspath(path))
    shown = common.relative_display(path)
    for service, definitions in services.items():
        build_map = Map()
        build_map.line = 0
        build_map.key_lines = {}
        build_path = path
        image: tuple[str, Any, Map] | None = None
        has_build = False
        service_location = Location(path)
        for file_path, definition in definitions:
            if service_location.line is None:
                service_location = Location(file_path, definition.line, definition.column)
            if "image" in definition and definition["image"] is not None:
                image = (file_path, definition["image"], definition)
            value = definition.get("build")
            if isinstance(value, Str):
                has_build = True
                build_map["context"] = value
                build_map.key_lines["context"] = (value.line, value.column)
                build_path = file_path
            elif isinstance(value, Map):
                has_build = True
                for key, item in value.items():
                    build_map[key] = item
                    build_map.key_lines[key] = value.key_lines.get(key, (value.line, value.column))
                build_path = file_path
        if not has_build:
            continue
        yield _build(
            shown, build_path, base, service, service_location, build_map, image, variables
        )


def _text(value: Any, variables: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    return interpolate(str(value), variables)


def _build(
    shown: str,
    path: str,
    base: str,
    service: str,
    service_location: Location,
    build: Map,
    image: tuple[str, Any, Map] | None,
    variables: Mapping[str, str],
) -> Build:
    name = f"{shown} service {service}"
    origin = f"set by Compose service `{service}`"
    location = service_location

    def where(key: str) -> Location:
        line, column = build.key_lines.get(key, (location.line, location.column))
        value = build.get(key)
        if isinstance(value, Str):
            return Location(path, value.line, value.column)
        return Location(path, line, column)

    context_text, context_unknown = _text(build.get("context") or ".", variables)
    dockerfile: str | None = None
    unknown_reason = ""
    dockerfile_location = where("dockerfile") if "dockerfile" in build else where("context")
    if (
        "dockerfile_inline" in build
        or context_unknown
        or "://" in context_text
        or context_text.startswith("git@")
    ):
        dockerfile = None
    else:
        context_dir = os.path.join(base, context_text)
        file_text, file_unknown = _text(build.get("dockerfile") or "Dockerfile", variables)
        dockerfile = (
            None if file_unknown else os.path.normpath(os.path.join(context_dir, file_text))
        )
        if file_unknown:
            unknown_reason = f"its `dockerfile` depends on {_variables(file_unknown)}"
    if context_unknown:
        unknown_reason = f"its `context` depends on {_variables(context_unknown)}"

    labels: list[MetadataEntry] = []
    for key, value, node in _labels(build.get("labels"), path, location):
        if value is None:  # `- key` or `key:` is a label with an empty value (the spec's example)
            value = ("", node, 0)
        labels.append(_entry(key, value, node, origin, variables))

    build_args: dict[str, str] = {}
    for key, value, _ in _labels(build.get("args"), path, location):
        if value is None:
            continue
        text, unknown = _text(value[0], variables)
        if not unknown:
            build_args[key] = text

    platforms: tuple[str, ...] | None = ()
    if isinstance(build.get("platforms"), Seq):
        resolved = [_text(item, variables) for item in build["platforms"] if item is not None]
        platforms = (
            None if any(unknown for _, unknown in resolved) else tuple(text for text, _ in resolved)
        )

    names: list[PushedName] = []
    if image is not None:
        image_path, image_value, definition = image
        line, column = position(definition, "image")
        names.append(_name(str(image_value), Location(image_path, line, column), variables))
    if isinstance(build.get("tags"), Seq):
        for item in build["tags"]:
            if item is not None:
                names.append(
                    _name(
                        str(item),
                        Location(path, getattr(item, "line", None), getattr(item, "column", None)),
                        variables,
                    )
                )

    target_value = build.get("target")
    target = _text(target_value, variables)[0] if target_value is not None else None
    return Build(
        name=name,
        tool=TOOL,
        location=location,
        dockerfile=dockerfile,
        target=target or None,
        platforms=platforms,
        platforms_location=where("platforms") if "platforms" in build else None,
        build_args=build_args,
        labels=tuple(labels),
        names=tuple(names),
        dockerfile_location=dockerfile_location,
        dockerfile_unknown=unknown_reason,
    )


def _variables(names: tuple[str, ...]) -> str:
    listed = ", ".join(f"`{name}`" for name in dict.fromkeys(names))
    return f"{listed}, not set in `.env`"


def _labels(
    value: Any, path: str, fallback: Location
) -> Iterator[tuple[str, tuple[str, Location, int] | None, Location]]:
    """(key, (value text, value location, offset) or None, key location) from a list or map."""
    if isinstance(value, Map):
        for key, item in value.items():
            line, column = value.key_lines.get(key, (fallback.line, fallback.column))
            key_location = Location(path, line, column)
            if item is None:
                yield key, None, key_location
                continue
            if isinstance(item, Str):
                yield key, (str(item), Location(path, item.line, item.column), 0), key_location
            else:
                yield key, (str(item), key_location, 0), key_location
    elif isinstance(value, Seq):
        for item in value:
            if item is None:
                continue
            line, column = (
                getattr(item, "line", fallback.line),
                getattr(item, "column", fallback.column),
            )
            key_location = Location(path, line, column)
            key, eq, text = str(item).partition("=")
            if not eq:
                yield key.strip(), None, key_location
                continue
            value_location = Location(path, line, column + len(key) + 1 if column else None)
            yield key.strip(), (text, value_location, 0), key_location


def _entry(
    key: str,
    value: tuple[str, Location, int],
    key_location: Location,
    origin: str,
    variables: Mapping[str, str],
) -> MetadataEntry:
    raw, value_location, _ = value
    text, unknown = interpolate(raw, variables)
    if unknown:
        names = ", ".join(f"`{name}`" for name in unknown)
        return common.entry(
            key,
            None,
            key_location,
            origin,
            value_location=value_location,
            unknown_reason=f"its value depends on {names}, not set in `.env`",
            unresolved=unknown,
        )
    if text != raw:
        value_location = Location(value_location.path, value_location.line)
    return common.entry(key, text, key_location, origin, value_location=value_location)


def _name(written: str, location: Location, variables: Mapping[str, str]) -> PushedName:
    text, unknown = interpolate(written, variables)
    return PushedName(written=written, text=text, location=location, unresolved=unknown)
