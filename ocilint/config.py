"""Configuration files: `.ocilint.toml`, or `[tool.ocilint]` in `pyproject.toml`.

The nearest file from the working directory upward wins (`.ocilint.toml` before `pyproject.toml`
in the same directory; a `pyproject.toml` without `[tool.ocilint]` is skipped). Unknown keys are
errors that name the key, so a typo never silently disables a policy. Every value's TOML type
is checked strictly, with one error naming the file, the key, the type expected and the type
found: a string is never taken for a list (`ignore = "OCL204"` is an error that shows the list
to write), and a list of rules names one rule per item. The `[limits]` table sets the input
budgets (`ocilint.budgets.Budgets`), one positive integer per key.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from ocilint.budgets import DEFAULT_BUDGETS, MAX_LIMIT, Budgets, config_key
from ocilint.errors import ConfigError
from ocilint.model import Severity

_EMPTY: Mapping[str, Any] = MappingProxyType({})

# key → (type description, validator)
_LIST_OF_STRINGS = "a list of strings"


@dataclass(frozen=True, slots=True)
class Config:
    path: str | None = None
    root: str = "."
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    severity: Mapping[str, Severity] = field(default_factory=lambda: _EMPTY)
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)
    build_args: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    target: str | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    plugins: tuple[str, ...] = ()
    insecure_registries: tuple[str, ...] = ()
    timeout: float = 30.0
    # What `docker buildx build --label/--annotation/--platform` adds, for scripted builds.
    labels: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    annotations: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    limits: Budgets = DEFAULT_BUDGETS  # `[limits]`: how much one input may cost


def find_config(start: str | None = None) -> str | None:
    """The nearest `.ocilint.toml` or `pyproject.toml` with `[tool.ocilint]`, searching upward."""
    directory = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(directory, ".ocilint.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and _mentions_ocilint(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _mentions_ocilint(path: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return "tool.ocilint" in file.read()
    except OSError:
        return False


def load_config(path: str | None = None, *, search: bool = True) -> Config:
    """Load `path`, or the nearest configuration file when `path` is None and `search` is set."""
    if path is None:
        path = find_config() if search else None
        if path is None:
            return Config()
    document = _read_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        tool = document.get("tool")
        table = tool.get("ocilint") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError("no [tool.ocilint] table in this pyproject.toml", path)
        if not isinstance(table, dict):
            raise ConfigError("`tool.ocilint` must be a table", path)
        prefix = "tool.ocilint."
    else:
        table = document
        prefix = ""
    return parse_config(table, path, prefix)


# A configuration file is a few hundred bytes; this only stops a hostile one from being read
# (or a FIFO from blocking) forever.
MAX_CONFIG_FILE_BYTES = 1024 * 1024


def _read_toml(path: str) -> dict[str, Any]:
    """The TOML document at `path`: a regular UTF-8 file; any fault is one `ConfigError`."""
    import tomllib

    from ocilint.errors import InputError
    from ocilint.reading import open_regular, read_limited

    try:
        with open_regular(path) as file:
            data = read_limited(file, MAX_CONFIG_FILE_BYTES, path, "a configuration file")
    except InputError as error:
        message = error.message.replace("no such file or directory", "configuration file not found")
        raise ConfigError(message, path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"not UTF-8 (TOML must be): invalid byte at offset {error.start}", path
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML: {error}", path) from None
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply", path) from None
    except ValueError:  # an integer past Python's 4,300-digit conversion limit
        raise ConfigError(
            "unsupported TOML: an integer with more than 4,300 digits", path
        ) from None


def toml_type(value: Any) -> str:
    """What a TOML value is, in TOML's words, for error messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return f"a string ({_quoted(value)})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"  # dates and times


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _strings(value: Any, key: str, path: str, field: str | None = None) -> tuple[str, ...]:
    """A list of strings; `field` is the key as written in its table, for the hint."""
    if not isinstance(value, list):
        hint = ""
        if isinstance(value, str):
            items = [part.strip() for part in value.split(",") if part.strip()] or [value]
            field = field or key.rpartition(".")[2]
            hint = f"; write `{field} = [{', '.join(map(_quoted, items))}]`"
        raise ConfigError(f"`{key}` must be {_LIST_OF_STRINGS}, not {toml_type(value)}{hint}", path)
    for item in value:
        if not isinstance(item, str):
            raise ConfigError(
                f"`{key}` must be {_LIST_OF_STRINGS}; it holds {toml_type(item)}", path
            )
    return tuple(value)


def _selectors(value: Any, key: str, path: str, field: str | None = None) -> tuple[str, ...]:
    """A list of rule selectors, one rule (or prefix) per item."""
    items = _strings(value, key, path, field)
    for item in items:
        parts = [part for part in item.replace(",", " ").split() if part]
        if len(parts) > 1:
            fixed = ", ".join(_quoted(part) for part in parts)
            raise ConfigError(
                f"`{key}` names one rule per item, not {_quoted(item)}; write [{fixed}]", path
            )
    return items


def _table(value: Any, key: str, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"`{key}` must be a table, not {toml_type(value)}", path)
    return value


def _severity(value: Any, key: str, path: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(
            f'`{key}` must be one of "error", "warning", "info", not {toml_type(value)}',
            path,
        )
    try:
        return Severity.parse(value)
    except ValueError as error:
        raise ConfigError(f"`{key}`: {error}", path) from None


# The build keys may also be spelt as the `docker buildx build` flags are.
_BUILD_FLAG_KEYS = {"label": "labels", "annotation": "annotations", "platform": "platforms"}


_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "fail-on",
    "severity",
    "per-file-ignores",
    "rules",
    "plugins",
    "target",
    "build-args",
    "labels",
    "annotations",
    "platforms",
    "timeout",
    "insecure-registries",
    "limits",
)


def _unknown_key(name: str, written: str, known: Collection[str], path: str) -> ConfigError:
    """`unknown configuration key`, with the closest known key, else every key of the table."""
    import difflib

    close = difflib.get_close_matches(written, list(known), n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"keys: {', '.join(known)}"
    return ConfigError(f"unknown configuration key `{name}` ({hint})", path)


def parse_config(table: Mapping[str, Any], path: str, prefix: str = "") -> Config:
    """Validate a configuration table. Rule selectors are checked later, against the registry."""
    values: dict[str, Any] = {}
    for written, value in table.items():
        name = f"{prefix}{written}"
        key = _BUILD_FLAG_KEYS.get(written, written)  # `label` as the flag is spelt
        if key in ("select", "extend-select", "ignore"):
            values[key.replace("-", "_")] = _selectors(value, name, path)
        elif key in ("plugins", "insecure-registries", "annotations"):
            values[key.replace("-", "_")] = _strings(value, name, path)
        elif key == "fail-on":
            values["fail_on"] = _severity(value, name, path)
        elif key == "severity":
            values["severity"] = MappingProxyType(
                {
                    selector: _severity(level, f"{name}.{selector}", path)
                    for selector, level in _table(value, name, path).items()
                }
            )
        elif key == "rules":
            rules = _table(value, name, path)
            values["rules"] = MappingProxyType(
                {
                    selector: MappingProxyType(_table(options, f"{name}.{selector}", path))
                    for selector, options in rules.items()
                }
            )
        elif key == "build-args":
            args = _table(value, name, path)
            for arg, arg_value in args.items():
                if not isinstance(arg_value, str | int | float | bool):
                    raise ConfigError(
                        f"`{name}.{arg}` must be a string, not {toml_type(arg_value)}", path
                    )
            values["build_args"] = MappingProxyType(
                {arg: _build_arg_text(arg_value) for arg, arg_value in args.items()}
            )
        elif key == "labels":
            if isinstance(value, list):  # ["KEY=VALUE", …], as --label takes them
                pairs = [item.partition("=") for item in _strings(value, name, path)]
                if any(not eq or not key_text for key_text, eq, _ in pairs):
                    raise ConfigError(f"`{name}` items must be KEY=VALUE", path)
                value = {key_text: text for key_text, _, text in pairs}
            labels = _table(value, name, path)
            for label, label_value in labels.items():
                if not isinstance(label_value, str):
                    raise ConfigError(
                        f"`{name}.{label}` must be a string, not {toml_type(label_value)}", path
                    )
            values["labels"] = MappingProxyType(dict(labels))
        elif key == "platforms":
            values["platforms"] = tuple(
                part.strip()
                for item in _strings(value, name, path)
                for part in item.split(",")
                if part.strip()
            )
        elif key == "timeout":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(
                    f"`{name}` must be a positive number of seconds, not {toml_type(value)}", path
                )
            if value <= 0:
                raise ConfigError(
                    f"`{name}` must be a positive number of seconds, not {value}", path
                )
            if not value <= 86_400:  # also nan and inf
                raise ConfigError(f"`{name}` must be at most a day (86,400), not {value}", path)
            values["timeout"] = float(value)
        elif key == "limits":
            values["limits"] = _limits(_table(value, name, path), name, path)
        elif key == "target":
            if not isinstance(value, str):
                raise ConfigError(f"`{name}` must be a string, not {toml_type(value)}", path)
            values["target"] = value
        elif key == "per-file-ignores":
            ignores = _table(value, name, path)
            values["per_file_ignores"] = tuple(
                (pattern, _selectors(codes, f"{name}.{pattern}", path, _quoted(pattern)))
                for pattern, codes in ignores.items()
            )
        else:
            raise _unknown_key(name, written, _KEYS, path)
    root = os.path.dirname(os.path.abspath(path))
    return Config(path=path, root=root, **values)


def _limits(table: Mapping[str, Any], name: str, path: str) -> Budgets:
    """The `[limits]` table: each key a `Budgets` field in kebab-case, each value a positive
    integer (a boolean or a float is not one); the fields not set keep their defaults."""
    known = {config_key(budget.name): budget.name for budget in fields(Budgets)}
    chosen: dict[str, int] = {}
    for written, value in table.items():
        key = f"{name}.{written}"
        if written not in known:
            raise _unknown_key(key, written, known, path)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"`{key}` must be a positive integer, not {toml_type(value)}", path)
        if value <= 0:
            raise ConfigError(f"`{key}` must be a positive integer, not {value}", path)
        if value > MAX_LIMIT:
            raise ConfigError(f"`{key}` must be at most {MAX_LIMIT:,} (2**40), not {value}", path)
        chosen[known[written]] = value
    return Budgets(**chosen)


def _build_arg_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
