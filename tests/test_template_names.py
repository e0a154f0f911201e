"""A user runs `ocilint check .` in a repository that generates Dockerfiles from templates: the
templates are skipped, as the pre-commit hook skips them; named explicitly, they are checked."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ocilint.loading import is_dockerfile_name
from tests.conftest import PROJECT_ROOT, run_ocilint

TEMPLATES = [
    "Dockerfile.in",
    "Dockerfile-template",
    "Dockerfile_template",
    "Dockerfile.template",
    "Dockerfile.template.debian",
    "Dockerfile.tmpl",
    "Dockerfile.tpl",
    "Dockerfile.j2",
    "Dockerfile.jinja",
    "Containerfile.jinja2",
    "Dockerfile.erb",
    "Dockerfile.mustache",
    "Dockerfile.hbs",
    "Dockerfile.gotmpl",
    "api.Dockerfile.in",
    "api-tmpl.Dockerfile",
    "Dockerfile~",
]
DOCKERFILES = [
    "Dockerfile",
    "Dockerfile.min",
    "Dockerfile.sample",
    "Dockerfile-templated-by-hand.Dockerfile.bak.Dockerfile",
    "Dockerfile.plugin",
    "templates.Dockerfile",
    "Containerfile.debug",
]
LABELLED = "FROM scratch\n# ocilint: global ignore=OCL101\n"


def test_user_checks_a_folder_with_templates(tmp_path: Path) -> None:
    for name in TEMPLATES:
        (tmp_path / name).write_text("{{ not a Dockerfile }}\n")
    (tmp_path / "Dockerfile").write_text(LABELLED)
    result = run_ocilint("check", "--isolated", ".", cwd=tmp_path)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == "No problems found in 1 input.\n"


def test_user_names_a_template_explicitly(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile.in").write_text(LABELLED)
    result = run_ocilint("check", "--isolated", "Dockerfile.in", cwd=tmp_path)
    assert (result.code, result.stdout) == (0, "No problems found in 1 input.\n")


def test_names_classified_alike_by_the_search_and_the_pre_commit_hook() -> None:
    hooks = yaml.safe_load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())
    pattern = re.compile(hooks[0]["files"])
    for folder in ("", "app/", "templates/", "my-template/"):
        for name in TEMPLATES:
            assert not is_dockerfile_name(name), name
            assert not pattern.search(folder + name), folder + name
        for name in DOCKERFILES:
            assert is_dockerfile_name(name), name
            assert pattern.search(folder + name), folder + name
