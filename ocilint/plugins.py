"""Plugin discovery and the rule registry.

Entry points are found by reading `entry_points.txt` of the distributions on `sys.path` once per
process. This is what `importlib.metadata` does, minus its 30-40 ms import, which would otherwise
be paid on every commit by the pre-commit hook.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pluggy

from ocilint import hookspecs
from ocilint.errors import PluginError
from ocilint.rule import Rule, RuleDefinitionError

ENTRY_POINT_GROUP = "ocilint"
BUILTIN_DISTRIBUTION = "ocilint"
RESERVED_PREFIX = "OCL"


@dataclass(frozen=True, slots=True)
class EntryPoint:
    distribution: str
    name: str
    value: str

    @property
    def display_name(self) -> str:
        return f"{self.distribution}[{self.name}]"

    def load(self) -> Any:
        module_name, _, attribute = self.value.partition(":")
        obj: Any = importlib.import_module(module_name.strip())
        for part in filter(None, attribute.strip().split(".")):
            obj = getattr(obj, part)
        return obj


def _distribution_name(directory: str) -> str:
    stem = directory.rsplit(".", 1)[0]
    return stem.split("-", 1)[0].replace("_", "-").lower()


def _entry_points_in(text: str, group: str) -> Iterator[tuple[str, str]]:
    in_group = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            in_group = line == f"[{group}]"
            continue
        if in_group and "=" in line:
            name, _, value = line.partition("=")
            yield name.strip(), value.strip()


def find_entry_points(group: str = ENTRY_POINT_GROUP) -> list[EntryPoint]:
    """Entry points of `group` from every distribution on sys.path; first occurrence wins."""
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for path in dict.fromkeys(sys.path):
        try:
            entries = sorted(os.scandir(path or "."), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if not entry.name.endswith((".dist-info", ".egg-info")):
                continue
            distribution = _distribution_name(entry.name)
            if distribution in seen:
                continue
            try:
                with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8") as file:
                    text = file.read()
            except OSError:
                continue
            seen.add(distribution)
            if f"[{group}]" not in text:
                continue
            for name, value in _entry_points_in(text, group):
                found.append(EntryPoint(distribution, name, value))
    return sorted(found, key=lambda ep: (ep.distribution != BUILTIN_DISTRIBUTION, ep.distribution))


def _builtin_plugins() -> list[tuple[str, Any]]:
    from ocilint import loading, reporters, sources
    from ocilint.builds import builtin_plugins

    return [
        ("ocilint.loading", loading),
        ("ocilint.sources", sources),
        ("ocilint.reporters", reporters),
        *builtin_plugins(),
    ]


def create_manager(extra_plugins: Sequence[str] = (), autoload: bool | None = None) -> Manager:
    """Build the plugin manager: built-ins, entry points (unless disabled) and `extra_plugins`."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name, plugin in _builtin_plugins():
        pm.register(plugin, name=name)
    if autoload is None:
        autoload = os.environ.get("OCILINT_DISABLE_PLUGIN_AUTOLOAD", "") in ("", "0")
    sources: dict[str, str] = {}
    entry_points = find_entry_points()
    if not autoload:
        entry_points = [ep for ep in entry_points if ep.distribution == BUILTIN_DISTRIBUTION]
    if not any(ep.distribution == BUILTIN_DISTRIBUTION for ep in entry_points):
        # Running from a source tree that is not installed: load the built-in rules directly.
        entry_points.insert(0, EntryPoint(BUILTIN_DISTRIBUTION, "builtin", "ocilint_rules"))
    for ep in entry_points:
        try:
            plugin = ep.load()
        except Exception as error:
            raise PluginError(f'plugin "{ep.display_name}" failed to load: {error}') from error
        if pm.is_registered(plugin):
            continue
        pm.register(plugin, name=ep.display_name)
        sources[ep.display_name] = ep.distribution
    for module_name in extra_plugins:
        try:
            plugin = importlib.import_module(module_name)
        except Exception as error:
            raise PluginError(f'plugin "{module_name}" failed to load: {error}') from error
        if not pm.is_registered(plugin):
            pm.register(plugin, name=module_name)
            sources[module_name] = module_name
    return Manager(pm, sources)


class Manager:
    """The pluggy manager plus the rules it collected, validated once."""

    def __init__(self, pm: pluggy.PluginManager, sources: dict[str, str]) -> None:
        self.pm = pm
        self.sources = sources
        self._rules: list[Rule] | None = None

    @property
    def hook(self) -> Any:
        return self.pm.hook

    def rules(self) -> list[Rule]:
        if self._rules is None:
            self._rules = self._collect_rules()
        return self._rules

    def _collect_rules(self) -> list[Rule]:
        by_code: dict[str, Rule] = {}
        by_name: dict[str, Rule] = {}
        for impl in self.pm.hook.ocilint_rules.get_hookimpls():
            plugin_name = self.sources.get(impl.plugin_name, impl.plugin_name)
            contributed: Any
            try:
                contributed = impl.function()
            except RuleDefinitionError as error:
                raise PluginError(f'plugin "{plugin_name}": {error}') from error
            except Exception as error:
                raise PluginError(
                    f'plugin "{plugin_name}" failed to list its rules: {error}'
                ) from error
            for rule in contributed or ():
                if not isinstance(rule, Rule):
                    raise PluginError(f'plugin "{plugin_name}" returned {rule!r}, not a Rule')
                if rule.plugin == "":
                    rule = _with_plugin(rule, plugin_name)
                if rule.code.startswith(RESERVED_PREFIX) and plugin_name != BUILTIN_DISTRIBUTION:
                    raise PluginError(
                        f'plugin "{plugin_name}": rule code {rule.code} uses the prefix '
                        f"{RESERVED_PREFIX}, which is reserved for ocilint's own rules"
                    )
                for index, key in ((by_code, rule.code), (by_name, rule.name)):
                    if key in index:
                        other = index[key]
                        raise PluginError(
                            f'plugin "{plugin_name}": rule {rule.code} ({rule.name}) clashes '
                            f'with {other.code} ({other.name}) from "{other.plugin}"'
                        )
                    index[key] = rule
        return sorted(by_code.values(), key=lambda rule: rule.code)


def _with_plugin(rule: Rule, plugin: str) -> Rule:
    from dataclasses import replace

    return replace(rule, plugin=plugin)
