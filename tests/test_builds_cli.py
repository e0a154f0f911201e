"""Builds from the command line: flags and configuration keys, a Dockerfile named directly (as
the pre-commit hook names it), a build file named directly, SARIF locations in YAML, the
syntax of annotations, and what a run imports."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from ocilint.builds.common import AnnotationSyntaxError, output_annotations, parse_annotation
from ocilint.builds.compose import interpolate
from ocilint.builds.workflows import expand
from ocilint.cli import main
from tests.conftest import python_output
from tests.test_builds import DATA
from tests.test_pre_commit import Hook, _pre_commit, _repository, hook  # noqa: F401

DIGEST = "sha256:" + "ab" * 32
UNLABELLED = f"FROM alpine:3.20@{DIGEST}\nRUN true\n"


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cwd: Path,
    *args: str,
    output: str = "json",
) -> tuple[int, dict[str, object], str]:
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("OCILINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    code = main(["check", "--format", output, *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else {}, captured.err


def located(report: dict[str, object]) -> list[tuple[str, str, int | None]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return sorted((f["code"], f["path"], f["line"]) for f in findings)


def repository(tmp_path: Path, fixture: str) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(DATA / fixture, target)
    (target / ".git").mkdir()  # a Git work tree: the project a named Dockerfile belongs to
    return target


# --------------------------------------------------------------------------- flags


def test_labels_and_platforms_from_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(UNLABELLED)
    labels = [
        "--label=org.opencontainers.image.source=https://github.com/acme/app",
        "--label=org.opencontainers.image.description=Acme app",
        "--label=org.opencontainers.image.licenses=Apache 2",
    ]
    code, report, err = run(monkeypatch, capsys, tmp_path, "--isolated", *labels, "Dockerfile")
    assert (code, err) == (1, "")
    # the flags' labels count; the bad license is reported at the FROM (no file holds it)
    assert located(report) == [("OCL103", "Dockerfile", 1)]
    multi = ["--platform", "linux/amd64,linux/arm64"]
    code, report, _ = run(monkeypatch, capsys, tmp_path, "--isolated", *labels, *multi, ".")
    assert located(report) == [("OCL103", "./Dockerfile", 1), ("OCL404", "./Dockerfile", 1)]
    index = "--annotation=index:org.opencontainers.image.description=Acme app"
    code, report, _ = run(monkeypatch, capsys, tmp_path, "--isolated", *labels, *multi, index, ".")
    assert located(report) == [("OCL103", "./Dockerfile", 1)]


def test_bad_annotation_flag_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(UNLABELLED)
    code, _, err = run(
        monkeypatch, capsys, tmp_path, "--isolated", "--annotation", "indx:a.b=c", "Dockerfile"
    )
    assert code == 2
    assert err == (
        "ocilint: --annotation: annotation `indx:a.b=c`: unknown type `indx` (types: "
        "manifest, index, manifest-descriptor, index-descriptor)\n"
    )


def test_labels_from_the_configuration_are_located_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(UNLABELLED)
    (tmp_path / ".ocilint.toml").write_text(
        'platforms = ["linux/amd64", "linux/arm64"]\n'
        'annotations = ["index:org.opencontainers.image.description=Acme app"]\n'
        "\n"
        "[labels]\n"
        '"org.opencontainers.image.source" = "https://github.com/acme/app"\n'
        '"org.opencontainers.image.description" = "Acme app"\n'
        '"org.opencontainers.image.licenses" = "GPL-2.0"\n'
    )
    code, report, err = run(monkeypatch, capsys, tmp_path, ".")
    assert (code, err) == (1, "")
    assert located(report) == [("OCL104", ".ocilint.toml", 7)]


# --------------------------------------------------------------------------- how builds are found


def test_a_named_dockerfile_is_checked_with_the_builds_of_its_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, "gha-two-steps-one-dockerfile")
    _, whole, _ = run(monkeypatch, capsys, repo, "--isolated", ".")
    code, named, err = run(monkeypatch, capsys, repo, "--isolated", "Dockerfile")
    assert (code, err) == (1, "")
    # the same findings as `check .`, paths aside; one check per build
    assert [f["message"] for f in named["findings"]] == [  # type: ignore[index]
        f["message"]
        for f in whole["findings"]  # type: ignore[union-attr]
    ]
    assert located(named) == [("OCL103", ".github/workflows/images.yml", 24)]
    message = named["findings"][0]["message"]  # type: ignore[index]
    assert message.endswith("[build: .github/workflows/images.yml job images step 3]")


def test_outside_a_project_only_the_dockerfiles_own_folder_is_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No Git work tree and no configuration: a Dockerfile in a home or download folder must not
    # make ocilint read every build file below it, but a Compose file beside it still counts.
    folder = tmp_path / "downloads"
    shutil.copytree(DATA / "compose-labels-map", folder)
    code, report, err = run(monkeypatch, capsys, folder, "--isolated", "Dockerfile")
    assert (code, err) == (1, "")
    assert located(report) == [("OCL108", "docker-compose.yml", 11)]  # its empty label

    nested = tmp_path / "home"
    nested.mkdir()
    (nested / "Dockerfile").write_text((folder / "Dockerfile").read_text())
    shutil.copytree(folder, nested / "projects" / "web")
    (nested / "projects" / "web" / "docker-compose.yml").write_text(
        "services:\n  web:\n    build:\n      context: ../..\n      labels:\n"
        '        org.opencontainers.image.source: "https://github.com/example/web"\n'
        '        org.opencontainers.image.description: "web"\n'
        '        org.opencontainers.image.licenses: "MIT"\n'
    )
    code, report, err = run(monkeypatch, capsys, nested, "--isolated", "Dockerfile")
    assert (code, err) == (1, "")
    assert [f["code"] for f in report["findings"]] == ["OCL101"] * 3  # type: ignore[union-attr]

    # The same tree as a Git work tree is one project: the Compose file below builds it.
    (nested / ".git").mkdir()
    code, report, err = run(monkeypatch, capsys, nested, "--isolated", "Dockerfile")
    assert (code, err, report["findings"]) == (0, "", [])


def test_a_dockerfile_used_by_two_builds_is_checked_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, "gha-two-steps-one-dockerfile")
    (repo / "Dockerfile").write_text(
        (repo / "Dockerfile").read_text().replace(f"@sha256:{'c' * 64}", "")
    )
    _, report, _ = run(monkeypatch, capsys, repo, "--isolated", "--select", "OCL204", ".")
    messages = sorted(f["message"] for f in report["findings"])  # type: ignore[union-attr]
    assert [m.rpartition("[")[2] for m in messages] == [
        "build: .github/workflows/images.yml job images step 2]",
        "build: .github/workflows/images.yml job images step 3]",
    ]


def test_a_named_build_file_checks_its_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, "compose-labels-list")
    code, report, err = run(monkeypatch, capsys, repo, "--isolated", "compose.yaml")
    assert (code, err) == (1, "")
    assert located(report) == [("OCL104", "compose.yaml", 13)]
    assert report["summary"]["inputs"] == 2  # type: ignore[index]
    # as pre-commit passes them: both files, each build still checked once
    code, both, _ = run(
        monkeypatch, capsys, repo, "--isolated", "dir/Dockerfile-alternate", "compose.yaml"
    )
    assert located(both) == [("OCL104", "compose.yaml", 13)]


def test_a_dockerfile_no_build_uses_is_checked_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, "compose-labels-list")
    (repo / "other").mkdir()
    (repo / "other" / "Dockerfile").write_text(UNLABELLED)
    _, report, _ = run(monkeypatch, capsys, repo, "--isolated", "other/Dockerfile")
    assert located(report) == [("OCL101", "other/Dockerfile", 1)] * 3


def test_sarif_points_at_the_yaml_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, "compose-labels-list")
    _, sarif, _ = run(monkeypatch, capsys, repo, "--isolated", ".", output="sarif")
    from tests.reporters.test_sarif import valid

    valid(json.dumps(sarif))  # the official schema and GitHub's requirements
    results = sarif["runs"][0]["results"]  # type: ignore[index]
    assert len(results) == 1
    physical = results[0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "compose.yaml"
    assert physical["region"]["startLine"] == 13


# --------------------------------------------------------------------------- syntax


def test_buildx_annotation_syntax() -> None:
    assert parse_annotation("a.b=c") == (("manifest",), "a.b", "c")
    assert parse_annotation("index:a.b=c=d") == (("index",), "a.b", "c=d")
    assert parse_annotation("manifest,index:a=b") == (("manifest", "index"), "a", "b")
    assert parse_annotation("manifest[linux/arm64]:a=b") == (("manifest[linux/arm64]",), "a", "b")
    assert parse_annotation("index-descriptor:a=https://x") == (
        ("index-descriptor",),
        "a",
        "https://x",
    )
    with pytest.raises(AnnotationSyntaxError):
        parse_annotation("a.b")
    output = "type=image,name=target,annotation-index.org.opencontainers.image.description=My image"
    assert [item[:3] for item in output_annotations(output)] == [
        ("index", "org.opencontainers.image.description", "My image")
    ]
    assert [item[:3] for item in output_annotations("type=image,annotation.k=v")] == [
        ("manifest", "k", "v")
    ]
    assert [
        item[:3] for item in output_annotations("type=image,annotation-manifest[linux/amd64].k=v")
    ] == [("manifest[linux/amd64]", "k", "v")]


def test_compose_interpolation() -> None:
    values = {"SET": "x", "EMPTY": ""}
    assert interpolate("${SET}-${EMPTY:-d}-${EMPTY-d}-${UNSET:-u}-$$SET", values) == (
        "x-d--u-$SET",
        (),
    )
    assert interpolate("a/${NAME}", values) == ("a/x", ("NAME",))


def test_github_expressions() -> None:
    env = {"IMAGE": "ghcr.io/${{ github.repository_owner }}/app"}
    expanded = expand("${{ env.IMAGE }}:${{ github.sha }}", env)
    assert expanded.known
    assert expanded.text.startswith("ghcr.io/owner/app:")
    assert [name for _, name in expanded.case_spans] == ["github.repository_owner"]
    assert expand("${{ vars.X }}", {}).unresolved == ["vars.X"]


def test_workflow_builds_from_a_matrix_and_from_run_commands() -> None:
    from ocilint.builds import workflows

    def builds(fixture: str, workflow: str) -> list[tuple[str, str | None, list[str]]]:
        path = DATA / fixture / ".github" / "workflows" / workflow
        found = workflows.ocilint_load_builds(str(path), path.read_bytes()) or []
        return [
            (
                b.name.rpartition("workflows/")[2],
                b.dockerfile and b.dockerfile.rpartition(fixture + "/")[2],
                [n.text for n in b.names],
            )
            for b in found
        ]

    assert builds("gha-matrix-monorepo", "images.yml") == [
        (
            "images.yml job image step 3 (matrix service=api, context=services/api)",
            "services/api/Dockerfile",
            ["ghcr.io/owner/api:tag"],
        ),
        (
            "images.yml job image step 3 (matrix service=web, context=services/web)",
            "services/web/Dockerfile",
            ["ghcr.io/owner/web:tag"],
        ),
    ]
    assert builds("gha-run-docker-build", "publish.yml") == [
        ("publish.yml job push step 2 line 21", "app/Dockerfile", ["ghcr.io/owner/repo:latest"]),
        ("publish.yml job push step 2 line 25", "app/Dockerfile", ["ghcr.io/owner/repo:edge"]),
    ]


def test_build_commands_in_shell_text() -> None:
    from ocilint.builds.commands import build_commands

    text = [
        (3, 5, 'echo hi && docker buildx build -t "a b" --label=k=v \\'),
        (4, 5, "  --platform linux/amd64 -fDockerfile.x ctx # comment"),
        (5, 5, "docker push a"),
    ]
    commands = list(build_commands(text))
    assert len(commands) == 1
    command = commands[0]
    assert command.context is not None
    assert (command.context.text, command.context.line, command.context.column) == ("ctx", 4, 45)
    options = {
        name: [(w.text, w.line, w.column) for w in words] for name, words in command.options.items()
    }
    assert options == {
        "--tag": [("a b", 3, 40)],
        "--label": [("k=v", 3, 53)],
        "--platform": [("linux/amd64", 4, 18)],
        "--file": [("Dockerfile.x", 4, 32)],
    }


# --------------------------------------------------------------------------- start-up


def test_a_plain_dockerfile_run_imports_no_yaml_or_hcl_parser(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "Dockerfile").write_text(UNLABELLED)
    workflows = tmp_path / "wf" / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy(DATA / "gha-ghcr-guide" / ".github" / "workflows" / "publish.yml", workflows)
    (tmp_path / "wf" / "Dockerfile").write_text(UNLABELLED)
    code = (
        "import os, sys, contextlib, io\n"
        "os.environ['OCILINT_DISABLE_PLUGIN_AUTOLOAD'] = '1'\n"
        "from ocilint.cli import main\n"
        "def loaded(*args):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(['check', '--isolated', *args])\n"
        "    return sorted(m for m in ('yaml', 'hcl2', 'lark') if m in sys.modules)\n"
        f"print(loaded({str(tmp_path / 'plain' / 'Dockerfile')!r}))\n"
        f"print(loaded({str(tmp_path / 'wf')!r}))\n"
    )
    assert python_output(code).split("\n")[:2] == ["[]", "['yaml']"]


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_judges_a_dockerfile_by_its_build(hook: Hook, tmp_path: Path) -> None:  # noqa: F811
    """Real pre-commit: the Dockerfile has no labels, the Compose file gives them; a changed
    Compose file is checked too, and its findings are reported at its lines."""
    compose = (
        "services:\n"
        "  app:\n"
        "    build:\n"
        "      context: .\n"
        "      labels:\n"
        "        org.opencontainers.image.source: https://github.com/acme/app\n"
        "        org.opencontainers.image.description: Acme app\n"
        "        org.opencontainers.image.licenses: {license}\n"
        "    image: ghcr.io/acme/app:1.0\n"
    )
    files = {"Dockerfile": UNLABELLED, "compose.yaml": compose.format(license="MIT")}
    repo = _repository(tmp_path / "good", files, hook)
    result = _pre_commit(hook, "run", "--all-files", "--color=never", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    files["compose.yaml"] = compose.format(license="Apache 2")
    repo = _repository(tmp_path / "bad", files, hook)
    result = _pre_commit(hook, "run", "--all-files", "--color=never", cwd=repo)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.findall(r"^([^\s:]+:\d+):\d+: (OCL\d+) ", output, re.MULTILINE) == [
        ("compose.yaml:8", "OCL103")
    ], output


def test_dockerfile_pragmas_cover_its_lines_not_the_same_lines_of_a_build_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, "compose-labels-list")
    dockerfile = repo / "dir" / "Dockerfile-alternate"
    # line 12 is a pragma for OCL104; the finding is on line 13 of compose.yaml, not here
    lines = dockerfile.read_text().splitlines()
    padded = lines[:1] + ["RUN true"] * 10 + ["# ocilint: ignore=OCL104", "RUN true"] + lines[1:]
    dockerfile.write_text("\n".join(padded) + "\n")
    _, report, _ = run(monkeypatch, capsys, repo, "--isolated", ".")
    assert located(report) == [("OCL104", "./compose.yaml", 13)]
    dockerfile.write_text("# ocilint: global ignore=OCL104\n" + "\n".join(lines) + "\n")
    _, report, _ = run(monkeypatch, capsys, repo, "--isolated", ".")
    assert located(report) == []


def test_a_plugin_adds_a_build_system_through_the_hooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(UNLABELLED)
    (tmp_path / ".gitlab-ci.yml").write_text(
        "build:\n  variables:\n    DOCKERFILE: Dockerfile\n    IMAGE_LICENSE: Apache 2\n"
    )
    (tmp_path / ".ocilint.toml").write_text(
        'plugins = ["tests.gitlab_builds_plugin"]\nselect = ["OCL103"]\n'
    )
    code, report, err = run(monkeypatch, capsys, tmp_path, ".")
    assert (code, err) == (1, "")
    assert located(report) == [("OCL103", "./.gitlab-ci.yml", 4)]
    # named directly, the Dockerfile is found in the plugin's build file of its project
    code, report, err = run(monkeypatch, capsys, tmp_path, "Dockerfile")
    assert (code, err) == (1, "")
    assert located(report) == [("OCL103", ".gitlab-ci.yml", 4)]


def test_pragmas_and_per_file_ignores_in_build_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, "compose-labels-list")
    compose = repo / "compose.yaml"
    original = compose.read_text()
    lines = original.splitlines()
    # a comment above the list item (line 13) covers it
    lines.insert(12, "        # ocilint: ignore=OCL104 # the base image's license, kept on purpose")
    compose.write_text("\n".join(lines) + "\n")
    _, report, _ = run(monkeypatch, capsys, repo, "--isolated", ".")
    assert located(report) == []
    compose.write_text(original)
    (repo / ".ocilint.toml").write_text('[per-file-ignores]\n"compose.yaml" = ["OCL104"]\n')
    _, report, _ = run(monkeypatch, capsys, repo, ".")
    assert located(report) == []
    (repo / ".ocilint.toml").unlink()
    _, report, _ = run(monkeypatch, capsys, repo, "--isolated", ".")
    assert located(report) == [("OCL104", "./compose.yaml", 13)]


def test_a_compose_label_without_a_value_is_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Compose specification: `- "com.example.label-with-empty-value"` sets an empty label."""
    (tmp_path / "Dockerfile").write_text(UNLABELLED)
    (tmp_path / "compose.yaml").write_text(
        "services:\n  app:\n    build:\n      context: .\n      labels:\n"
        '        - "com.example.label-with-empty-value"\n'
        "        - org.opencontainers.image.description\n"
    )
    _, report, _ = run(
        monkeypatch, capsys, tmp_path, "--isolated", "--select", "OCL108,OCL002", "."
    )
    assert located(report) == [("OCL108", "./compose.yaml", 6), ("OCL108", "./compose.yaml", 7)]


def test_configuration_keys_may_be_spelt_as_the_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(UNLABELLED)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.ocilint]\n"
        'label = ["org.opencontainers.image.source=https://github.com/acme/app",\n'
        '         "org.opencontainers.image.description=Acme app",\n'
        '         "org.opencontainers.image.licenses=MIT"]\n'
        'platform = ["linux/amd64,linux/arm64"]\n'
        'annotation = ["manifest:org.opencontainers.image.description=Acme app"]\n'
    )
    code, report, err = run(monkeypatch, capsys, tmp_path, ".")
    assert (code, err) == (1, "")
    assert located(report) == [("OCL404", "pyproject.toml", 6)]


def test_platform_alone_checks_platforms_without_making_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(
        UNLABELLED + 'LABEL org.opencontainers.image.description="Acme app"\n'
    )
    multi = ["--platform", "linux/amd64,linux/arm64", "--select", "OCL404"]
    _, report, _ = run(monkeypatch, capsys, tmp_path, "--isolated", *multi, "Dockerfile")
    assert located(report) == []
    source = "--label=org.opencontainers.image.source=https://github.com/acme/app"
    _, report, _ = run(monkeypatch, capsys, tmp_path, "--isolated", *multi, source, "Dockerfile")
    assert located(report) == [("OCL404", "Dockerfile", 3)]  # at the description LABEL
