"""The plugin API, exercised by a real third-party package installed with pip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ocilint import hookspecs
from ocilint.errors import PluginError
from ocilint.plugins import create_manager, find_entry_points
from ocilint.rule import Rule, RuleDefinitionError
from tests.conftest import PROJECT_ROOT, builtin_manager, run_ocilint

EXAMPLE = PROJECT_ROOT / "tests" / "plugin_example"


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin, installed by pip into its own directory (added to PYTHONPATH)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
            "--no-build-isolation", "--disable-pip-version-check", "--target", str(target),
            str(EXAMPLE),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return target


def test_builtin_rules_come_through_the_entry_point() -> None:
    names = {(ep.distribution, ep.name, ep.value) for ep in find_entry_points()}
    assert ("ocilint", "builtin", "ocilint_rules") in names


def test_every_hook_implementation_has_a_specification() -> None:
    manager = create_manager(autoload=False)
    manager.pm.check_pending()
    assert manager.rules()


def test_hook_specifications_are_documented() -> None:
    for name in (
        "ocilint_rules",
        "ocilint_load_file",
        "ocilint_load_image",
        "ocilint_reporters",
    ):
        hook = getattr(hookspecs, name)
        assert hook.__doc__ and "Use in plugins" in hook.__doc__, name


def test_installed_plugin_rule_is_listed_with_its_distribution(installed_plugin: Path) -> None:
    result = run_ocilint("rules", env={"PYTHONPATH": str(installed_plugin)})
    assert result.code == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("EXA001"))
    assert "deprecated-maintainer-instruction" in line
    assert line.endswith("[ocilint-example-plugin]")
    version = run_ocilint("--version", env={"PYTHONPATH": str(installed_plugin)})
    assert "ocilint-example-plugin (1 rule)" in version.stdout


def test_installed_plugin_rule_fires(installed_plugin: Path, tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM scratch\nMAINTAINER Jane <jane@example.com>\n")
    result = run_ocilint(
        "check", "--select", "EXA001", "--format", "json", str(dockerfile),
        env={"PYTHONPATH": str(installed_plugin)},
    )  # fmt: skip
    assert result.code == 1, result.stderr
    assert '"code": "EXA001"' in result.stdout
    assert '"line": 2' in result.stdout
    explained = run_ocilint("rule", "EXA001", env={"PYTHONPATH": str(installed_plugin)})
    assert "Provided by: ocilint-example-plugin" in explained.stdout


def test_installed_plugin_rule_offers_a_fix(installed_plugin: Path, tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM scratch\r\n  maintainer Jane <jane@example.com>  \r\n# end\r\n")
    result = run_ocilint(
        "fix", "--select", "EXA001", str(dockerfile), env={"PYTHONPATH": str(installed_plugin)}
    )
    assert result.code == 0, result.stderr
    assert dockerfile.read_bytes() == (
        b"FROM scratch\r\n"
        b'  LABEL org.opencontainers.image.authors="Jane <jane@example.com>"  \r\n'
        b"# end\r\n"
    )


def test_autoload_can_be_disabled(installed_plugin: Path) -> None:
    result = run_ocilint(
        "rules",
        env={"PYTHONPATH": str(installed_plugin), "OCILINT_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert result.code == 0
    assert "EXA001" not in result.stdout
    assert "OCL101" in result.stdout


def _fake_distribution(site: Path, name: str, entry_point: str) -> None:
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[ocilint]\nplugin = {entry_point}\n")


def test_broken_plugin_is_one_line_and_exit_2(tmp_path: Path) -> None:
    _fake_distribution(tmp_path, "broken-plugin", "does_not_exist_module")
    result = run_ocilint("rules", env={"PYTHONPATH": str(tmp_path)})
    assert result.code == 2
    assert result.stderr.startswith('ocilint: plugin "broken-plugin[plugin]" failed to load:')
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_plugin_may_not_use_the_reserved_prefix(tmp_path: Path) -> None:
    (tmp_path / "greedy_plugin.py").write_text(
        "from ocilint.hookspecs import hookimpl\n"
        "from ocilint_rules import unpinned_image\n"
        "from ocilint.rule import Rule\n"
        "import dataclasses\n"
        "@hookimpl\n"
        "def ocilint_rules():\n"
        "    rule = Rule.from_module(unpinned_image)\n"
        "    return [dataclasses.replace(rule, code='OCL999', name='copycat')]\n"
    )
    _fake_distribution(tmp_path, "greedy-plugin", "greedy_plugin")
    result = run_ocilint("rules", env={"PYTHONPATH": str(tmp_path)})
    assert result.code == 2
    assert "uses the prefix OCL, which is reserved" in result.stderr


def test_duplicate_code_is_refused(tmp_path: Path) -> None:
    (tmp_path / "twin_plugin.py").write_text(
        "import ocilint_example_plugin as base\n"
        "from ocilint.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def ocilint_rules():\n"
        "    return [base.MAINTAINER_RULE]\n"
    )
    (tmp_path / "ocilint_example_plugin.py").write_text(
        (EXAMPLE / "ocilint_example_plugin.py").read_text()
    )
    _fake_distribution(tmp_path, "ocilint-example-plugin", "ocilint_example_plugin")
    _fake_distribution(tmp_path, "twin-plugin", "twin_plugin")
    result = run_ocilint("rules", env={"PYTHONPATH": str(tmp_path)})
    assert result.code == 2
    assert "clashes with EXA001" in result.stderr


def test_rule_contract_is_validated() -> None:
    rule = builtin_manager().rules()[0]
    with pytest.raises(RuleDefinitionError, match="must be 2-6 capital letters"):
        Rule(code="x1", name=rule.name, severity=rule.severity, applies_to=rule.applies_to,
             check=rule.check, doc=rule.doc)  # fmt: skip
    with pytest.raises(RuleDefinitionError, match="kebab-case"):
        Rule(code="ABC123", name="Not_Kebab", severity=rule.severity,
             applies_to=rule.applies_to, check=rule.check, doc=rule.doc)  # fmt: skip


def test_plugin_error_type() -> None:
    assert issubclass(PluginError, Exception)
