"""The wheel ships every package, under its installed names, and nothing called `rules`."""

from __future__ import annotations

import tomllib

import ocilint
from tests.conftest import PROJECT_ROOT


def _setuptools() -> dict[str, object]:
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["setuptools"]  # type: ignore[no-any-return]


def test_every_package_directory_is_listed() -> None:
    listed = set(_setuptools()["packages"])  # type: ignore[arg-type]
    found = {"ocilint_rules"}
    for directory in (PROJECT_ROOT / "ocilint").rglob("*"):
        if directory.is_dir() and "__pycache__" not in directory.parts and any(directory.iterdir()):
            relative = directory.relative_to(PROJECT_ROOT).as_posix().replace("/", ".")
            found.add(relative)
    found.add("ocilint")
    assert listed == found
    assert "rules" not in listed


def test_rules_folder_installs_as_ocilint_rules() -> None:
    assert _setuptools()["package-dir"] == {"ocilint": "ocilint", "ocilint_rules": "rules"}


def test_version_matches_pyproject() -> None:
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as file:
        assert tomllib.load(file)["project"]["version"] == ocilint.__version__
