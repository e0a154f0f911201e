"""Builds: `ocilint check --format json DIR` on small repositories shaped after real ones.

Each folder under tests/data/builds is a repository (a comment in its build file credits the
real shape); the test runs ocilint in it, as the held-out repositories are checked, and
compares the complete list of findings: code, file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocilint.cli import main

DATA = Path(__file__).parent / "data" / "builds"
WORKFLOWS = "./.github/workflows/"
OCL101_ALL = [
    ("OCL101", "./Dockerfile", 1),
    ("OCL101", "./Dockerfile", 1),
    ("OCL101", "./Dockerfile", 1),
]

EXPECTED: dict[str, list[tuple[str, str, int | None]]] = {
    # metadata-action labels: present, description and licenses known only at run time
    "gha-ghcr-guide": [
        ("OCL002", WORKFLOWS + "publish.yml", 28),
        ("OCL002", WORKFLOWS + "publish.yml", 28),
    ],
    "gha-multiarch-outputs": [],
    # four platforms from `env`, the description only a label (from metadata-action's input)
    "gha-env-platforms-label-only": [("OCL404", WORKFLOWS + "dimagespub.yml", 25)],
    "gha-repository-in-tags": [
        ("OCL208", WORKFLOWS + "docker-image.yml", 28),
        ("OCL208", WORKFLOWS + "docker-image.yml", 29),
    ],
    "gha-owner-env": [
        ("OCL002", WORKFLOWS + "release.yaml", 21),
        ("OCL208", WORKFLOWS + "release.yaml", 21),
        ("OCL208", WORKFLOWS + "release.yaml", 21),
    ],
    "gha-lowercased-in-step": [("OCL002", WORKFLOWS + "ci.yml", 16)],
    "gha-meta-index-levels": [],
    "gha-event-description": [("OCL002", WORKFLOWS + "image.yml", 17)],
    "gha-two-steps-one-dockerfile": [("OCL103", WORKFLOWS + "images.yml", 24)],
    # `docker build` in a `run:` step: flags, env, GITHUB_REPOSITORY with and without `,,`
    "gha-run-docker-build": [
        ("OCL101", "./app/Dockerfile", 1),
        ("OCL101", "./app/Dockerfile", 1),
        ("OCL208", WORKFLOWS + "publish.yml", 26),
    ],
    # one build per combination of a static matrix: each service's Dockerfile gets its labels
    "gha-matrix-monorepo": [],
    # labels and tags from another job: cannot be checked, and no required-label or
    # index-description guesses
    "gha-needs-outputs": [
        ("OCL002", WORKFLOWS + "docker.yml", 26),
        ("OCL002", WORKFLOWS + "docker.yml", 27),
    ],
    # a computed matrix: which Dockerfile is built is known only when the workflow runs
    "gha-computed-matrix": [("OCL002", WORKFLOWS + "build.yml", 23)],
    "compose-labels-list": [("OCL104", "./compose.yaml", 13)],
    "compose-labels-map": [("OCL108", "./docker-compose.yml", 11)],
    "compose-image-uppercase": [("OCL201", "./compose.yml", 6)],
    "compose-env-interpolation": [
        ("OCL002", "./compose.yaml", 13),
        ("OCL404", "./compose.yaml", 13),
    ],
    "bake-metadata-action": [
        ("OCL002", "./docker-bake.hcl", 7),
        ("OCL002", "./docker-bake.hcl", 7),
    ],
    # multi-platform, description from metadata-action's bake file: OCL404 at most info
    "bake-metadata-action-multiarch": [
        ("OCL002", "./docker-bake.hcl", 7),
        ("OCL002", "./docker-bake.hcl", 7),
        ("OCL404", "./docker-bake.hcl", 7),
    ],
    "bake-multiarch-annotations": [
        ("OCL002", "./docker-bake.hcl", 6),
        ("OCL002", "./docker-bake.hcl", 6),
    ],
    "bake-multiarch-label-only": [("OCL404", "./docker-bake.hcl", 12)],
    "bake-variables": [
        ("OCL002", "./docker-bake.hcl", 25),
        ("OCL201", "./docker-bake.hcl", 29),
    ],
    # GITHUB_REPOSITORY from the environment without lower(); the lower()ed tag is fine
    "bake-github-repository": [("OCL208", "./docker-bake.hcl", 17)],
    "bake-json": [
        ("OCL101", "./Dockerfile.db", 1),
        ("OCL101", "./Dockerfile.db", 1),
        ("OCL101", "./Dockerfile.db", 1),
        ("OCL104", "./docker-bake.json", 15),
    ],
    "bake-override": [],
}

ERRORS = {
    "gha-missing-dockerfile": "./.github/workflows/deploy.yml:12: .github/workflows/deploy.yml "
    "job deploy step 2 uses the Dockerfile `docker/Dockerfile.prod`, which does not exist",
    "gha-malformed": "./.github/workflows/broken.yml:4: invalid YAML: did not find expected ',' "
    "or ']'",
    "bake-inherits-cycle": "./docker-bake.hcl:2: Bake target `a` inherits from itself: a → b → a",
    "bake-malformed": "./docker-bake.hcl:4: invalid HCL: unexpected `}` at column 1",
}


def run_json(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, object], str]:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("OCILINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    code = main(["check", "--isolated", "--format", "json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {}, captured.err


def located(report: dict[str, object]) -> list[tuple[str, str, int | None]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return sorted((f["code"], f["path"], f["line"]) for f in findings)


def test_there_are_at_least_twenty_fixtures() -> None:
    assert len(EXPECTED) + len(ERRORS) >= 20
    assert sorted(p.name for p in DATA.iterdir()) == sorted([*EXPECTED, *ERRORS])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_findings(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, err = run_json(DATA / name, monkeypatch, capsys, ".")
    assert err == ""
    assert located(report) == sorted(EXPECTED[name])
    severities = {f["severity"] for f in report["findings"]}  # type: ignore[attr-defined]
    assert code == (1 if severities - {"info"} else 0)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_bad_build_files_are_one_line_and_exit_2(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_json(DATA / name, monkeypatch, capsys, ".")
    assert code == 2
    assert err.splitlines()[0] == f"ocilint: {ERRORS[name]}"
    assert len(err.splitlines()) == 1
