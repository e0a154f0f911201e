"""`--format sarif`: valid SARIF 2.1.0 that GitHub code scanning accepts, checked on every output."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ocilint.model import Severity
from ocilint.reporters.locations import ImageInput, SourceFile, dockerfile_anchors, split_lines
from ocilint.reporters.sarif import Limits, help_text, render, sentence
from tests.conftest import SHARED, builtin_manager, dedent, run_ocilint
from tests.reporters.conftest import finding, make_report

SCHEMA_PATH = SHARED / "schemas" / "sarif" / "sarif-schema-2.1.0.json"
DIGEST = "sha256:" + "ab" * 32


@cache
def _validator() -> Any:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def valid(text: str) -> dict[str, Any]:
    """The SARIF document, after checking it against the schema and GitHub's requirements."""
    document: dict[str, Any] = json.loads(text)
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    assert document["$schema"] and document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ocilint" and driver["version"] and driver["informationUri"]
    assert isinstance(run["results"], list) and isinstance(driver["rules"], list)
    for rule in driver["rules"]:
        assert rule["id"] and len(rule.get("name", "")) <= 255
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert len(rule["shortDescription"]["text"]) <= 1024
        assert len(rule["fullDescription"]["text"]) <= 1024
        assert len(rule["properties"]["tags"]) <= 10
    for result in run["results"]:
        assert result["message"]["text"].strip().endswith((".", "?", "!"))
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"] and result["partialFingerprints"]["primaryLocationLineHash"]
        physical = result["locations"][0].get("physicalLocation")
        if physical is not None:
            assert physical["artifactLocation"]["uri"] and physical["region"]["startLine"] >= 1
    assert len(run["results"]) <= 25_000
    return document


def sarif(*args: str, cwd: Path, stdin: str | None = None) -> tuple[int, dict[str, Any]]:
    result = run_ocilint(*args, "--isolated", "--format", "sarif", cwd=cwd, stdin=stdin)
    assert result.code in (0, 1, 2), result.stderr
    return result.code, valid(result.stdout)


def run_of(document: dict[str, Any]) -> dict[str, Any]:
    run: dict[str, Any] = document["runs"][0]
    return run


def summary(document: dict[str, Any]) -> list[tuple[str, str, str, dict[str, int]]]:
    """(ruleId, level, uri, region) of each result."""
    return [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in run_of(document)["results"]
    ]


def test_results_levels_and_regions(repo: Path) -> None:
    code, document = sarif("check", "Dockerfile", cwd=repo)
    assert code == 1
    assert summary(document) == [
        ("OCL101", "warning", "Dockerfile", {"startLine": 2, "startColumn": 1, "endLine": 2}),
        (
            "OCL201",
            "error",
            "Dockerfile",
            {"startLine": 2, "startColumn": 6, "endLine": 2, "endColumn": 7},
        ),
        (
            "OCL103",
            "error",
            "Dockerfile",
            {"startLine": 3, "startColumn": 42, "endLine": 3, "endColumn": 43},
        ),
    ]
    messages = [r["message"]["text"] for r in run_of(document)["results"]]
    assert messages[1] == (
        "invalid image reference `Alpine:latest` (FROM): repository name must be lowercase. "
        "Fix: use `alpine:latest`."
    )


def test_rules_are_generated_from_the_docstrings(repo: Path) -> None:
    _, document = sarif("check", "Dockerfile", cwd=repo)
    driver = run_of(document)["tool"]["driver"]
    assert (driver["semanticVersion"], driver["informationUri"]) == (
        driver["version"],
        "https://github.com/ocilint/ocilint",
    )
    assert [rule["id"] for rule in driver["rules"]] == ["OCL101", "OCL103", "OCL201"]
    registry = {rule.code: rule for rule in builtin_manager().rules()}
    for descriptor in driver["rules"]:
        rule = registry[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == sentence(rule.summary)
        assert descriptor["fullDescription"]["text"] == " ".join(rule.description.split())
        assert descriptor["help"] == {"text": help_text(rule), "markdown": rule.markdown()}
        assert "## Why is this bad?" in descriptor["help"]["markdown"]
        assert "\nWhy is this bad?\n" in descriptor["help"]["text"]
        assert descriptor["helpUri"] == (
            f"https://github.com/ocilint/ocilint/blob/main/docs/rules/{rule.name}.md"
        )
        assert (Path(__file__).parents[2] / "docs" / "rules" / f"{rule.name}.md").is_file()
    levels = {d["id"]: d["defaultConfiguration"]["level"] for d in driver["rules"]}
    assert levels == {"OCL101": "warning", "OCL103": "error", "OCL201": "error"}
    assert driver["rules"][0]["properties"] == {
        "tags": ["dockerfile", "image"],
        "precision": "high",
        "problem.severity": "warning",
    }
    indexes = [(r["ruleId"], r["ruleIndex"]) for r in run_of(document)["results"]]
    assert indexes == [("OCL101", 0), ("OCL201", 2), ("OCL103", 1)]


def test_levels_follow_configured_severity() -> None:
    report = make_report(
        [
            finding("OCL101", "Dockerfile", 1, severity=Severity.INFO),
            finding("OCL201", "Dockerfile", 2, severity=Severity.WARNING),
            finding("OCL204", "Dockerfile", 3, severity=Severity.ERROR),
        ]
    )
    run = run_of(valid(render(report)))
    assert [r["level"] for r in run["results"]] == ["note", "warning", "error"]
    defaults = [r["defaultConfiguration"]["level"] for r in run["tool"]["driver"]["rules"]]
    assert defaults == ["warning", "error", "warning"]  # the rules' own severities


def test_uris_are_relative_to_the_git_root_from_a_subdirectory(repo: Path) -> None:
    app = repo / "app dir"
    app.mkdir()
    (app / "api.Dockerfile").write_text(dedent("FROM Alpine:3@" + DIGEST + "\n"))
    code, document = sarif("check", "--select", "OCL201", "api.Dockerfile", cwd=app)
    run = run_of(document)
    assert code == 1
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "app%20dir/api.Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert run["invocations"][0]["workingDirectory"]["uri"] == app.as_uri() + "/"


def test_without_git_the_working_directory_is_the_root(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(dedent("FROM Alpine:3@" + DIGEST + "\n"))
    _, document = sarif("check", "--select", "OCL201", ".", cwd=tmp_path)
    run = run_of(document)
    root = Path(os.path.realpath(tmp_path)).as_uri() + "/"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root
    assert summary(document)[0][2] == "Dockerfile"


def test_files_outside_the_root_get_absolute_uris(repo: Path, tmp_path: Path) -> None:
    outside = Path(os.path.realpath(tmp_path / "elsewhere"))
    outside.mkdir()
    (outside / "Dockerfile").write_text(dedent("FROM Alpine:3@" + DIGEST + "\n"))
    _, document = sarif("check", "--select", "OCL201", str(outside / "Dockerfile"), cwd=repo)
    artifact = run_of(document)["results"][0]["locations"][0]["physicalLocation"]
    assert artifact["artifactLocation"] == {"uri": (outside / "Dockerfile").as_uri()}


def test_symbolic_links_are_reported_at_their_target(repo: Path) -> None:
    (repo / "docker").mkdir()
    (repo / "docker" / "Dockerfile").write_text(dedent("FROM Alpine:3@" + DIGEST + "\n"))
    (repo / "Containerfile").symlink_to("docker/Dockerfile")
    _, document = sarif("check", "--select", "OCL201", "Containerfile", cwd=repo)
    assert summary(document)[0][2] == "docker/Dockerfile"


def test_standard_input(repo: Path) -> None:
    text = "FROM Alpine:3@" + DIGEST + "\n"
    _, document = sarif("check", "--select", "OCL201", "-", cwd=repo, stdin=text)
    assert summary(document)[0][2] == "stdin"
    args = ("check", "--select", "OCL201", "--stdin-filename", "app/Dockerfile", "-")
    _, document = sarif(*args, cwd=repo, stdin=text)
    assert summary(document)[0][2] == "app/Dockerfile"


def test_a_finding_without_a_line_is_placed_on_line_1() -> None:
    report = make_report([finding("OCL101", "image.json", pointer="/config/Labels")])
    (result,) = run_of(valid(render(report)))["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_unreadable_inputs_are_tool_notifications(repo: Path) -> None:
    code, document = sarif("check", "missing.Dockerfile", "Dockerfile", cwd=repo)
    assert code == 2
    (invocation,) = run_of(document)["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"] == [
        {
            "level": "error",
            "message": {"text": "could not check missing.Dockerfile: no such file or directory."},
        }
    ]
    assert len(run_of(document)["results"]) == 3
    _, clean = sarif("check", "--select", "OCL204", "Dockerfile", cwd=repo)
    assert run_of(clean)["invocations"][0]["executionSuccessful"] is True
    assert "toolExecutionNotifications" not in run_of(clean)["invocations"][0]
    assert run_of(clean)["results"] == [] and run_of(clean)["tool"]["driver"]["rules"] == []


def test_image_refs_are_logical_locations_naming_reference_and_digest(repo: Path) -> None:
    refs = ("ghcr.io/Acme/app", f"ghcr.io/acme/app@{DIGEST}", f"docker://busybox:1@{DIGEST}")
    code, document = sarif("check", "image-ref", "--offline", *refs, cwd=repo)
    assert code == 1
    results = run_of(document)["results"]
    assert [list(r["locations"][0]) for r in results] == [["logicalLocations"]] * 2
    logical = [(r["ruleId"], r["locations"][0]["logicalLocations"]) for r in results]
    assert logical == [
        (
            "OCL201",
            [{"name": refs[0], "fullyQualifiedName": refs[0], "kind": "resource"}],
        ),
        (
            "OCL207",
            [{"name": refs[2], "fullyQualifiedName": refs[2], "kind": "resource"}],
        ),
    ]
    report = make_report(
        [finding("OCL106", "ghcr.io/acme/app:1.0", pointer="/config/Labels/a~1b")],
        images=(ImageInput("ghcr.io/acme/app:1.0", DIGEST),),
    )
    (location,) = run_of(valid(render(report)))["results"][0]["locations"]
    assert location == {
        "logicalLocations": [
            {
                "name": "ghcr.io/acme/app:1.0",
                "fullyQualifiedName": f"ghcr.io/acme/app:1.0@{DIGEST}",
                "kind": "resource",
            }
        ],
        "properties": {"jsonPointer": "/config/Labels/a~1b"},
    }


ANCHORED = """
    FROM golang:1.22@{digest} AS build
    LABEL org.opencontainers.image.source="https://github.com/acme/app"
    FROM scratch
    LABEL org.opencontainers.image.description="Acme" \\
          org.opencontainers.image.licenses="MIT"
    """


def test_dockerfile_places_image_findings_on_label_or_last_from(repo: Path) -> None:
    text = dedent(ANCHORED.format(digest=DIGEST))
    (repo / "Dockerfile").write_text(text)
    ref = f"ghcr.io/acme/app:1.0@{DIGEST}"
    report = make_report(
        [
            finding("OCL103", ref, pointer="/config/Labels/org.opencontainers.image.licenses"),
            finding("OCL106", ref, pointer="/annotations/org.opencontainers.image.source"),
            finding("OCL101", ref, pointer="/config/Labels"),
        ],
        root=str(repo),
        working_directory=str(repo),
        images=(ImageInput(ref, DIGEST),),
        dockerfile=dockerfile_anchors("Dockerfile", text),
        files={"Dockerfile": SourceFile(str(repo / "Dockerfile"), split_lines(text))},
    )
    results = run_of(valid(render(report)))["results"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert regions == [
        {"startLine": 5, "startColumn": 7, "endLine": 5, "endColumn": 46},  # its LABEL
        {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 13},  # not in last stage
        {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 13},  # the last FROM
    ]
    assert results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == ref
    assert results[0]["message"]["text"].startswith(f"image `{ref}`: ")
    empty = dockerfile_anchors("Dockerfile", "# nothing yet\n")
    report = make_report([finding("OCL101", ref)], images=(ImageInput(ref),), dockerfile=empty)
    result = run_of(valid(render(report)))["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 1,
        "endLine": 1,
        "endColumn": 14,
    }


def test_dockerfile_option_on_the_command_line(repo: Path) -> None:
    args = ("check", "image-ref", "--offline", "--dockerfile", "Dockerfile", "ghcr.io/Acme/app")
    code, document = sarif(*args, cwd=repo)
    assert code == 1
    (result,) = run_of(document)["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical == {
        "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 19},
    }
    assert result["locations"][0]["logicalLocations"][0]["name"] == "ghcr.io/Acme/app"
    missing = run_ocilint(
        "check", "image-ref", "--offline", "--dockerfile", "nope", "x:1", cwd=repo
    )
    assert (missing.code, missing.stderr) == (
        2,
        "ocilint: --dockerfile: nope: no such file or directory\n",
    )


def fingerprints_by_rule(document: dict[str, Any]) -> dict[str, str]:
    return {
        r["ruleId"]: r["partialFingerprints"]["primaryLocationLineHash"]
        for r in run_of(document)["results"]
    }


def fingerprints_by_position(document: dict[str, Any]) -> list[str]:
    return [
        r["partialFingerprints"]["primaryLocationLineHash"] for r in run_of(document)["results"]
    ]


def test_fingerprints_survive_lines_added_above(repo: Path) -> None:
    _, before = sarif("check", "Dockerfile", cwd=repo)
    original = (repo / "Dockerfile").read_text()
    (repo / "Dockerfile").write_text(
        "# syntax=docker/dockerfile:1\n# added above\n\nARG UNUSED=1\n" + original
    )
    _, after = sarif("check", "Dockerfile", cwd=repo)
    assert [r[3]["startLine"] for r in summary(after)] == [6, 6, 7]  # the lines moved...
    assert fingerprints_by_rule(after) == fingerprints_by_rule(before)  # ...the prints did not
    (repo / "Dockerfile").write_text(original.replace("Alpine:latest", "Alpine:3.20"))
    _, edited = sarif("check", "Dockerfile", cwd=repo)
    changed = fingerprints_by_rule(edited)
    assert changed["OCL201"] != fingerprints_by_rule(before)["OCL201"]
    assert changed["OCL103"] == fingerprints_by_rule(before)["OCL103"]


def test_identical_lines_are_told_apart_by_an_occurrence_counter(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM alpine:3.20\nRUN true\nFROM alpine:3.20\n")
    _, document = sarif("check", "--select", "OCL204", "Dockerfile", cwd=repo)
    prints = fingerprints_by_position(document)
    assert [p.split(":")[1] for p in prints] == ["1", "2"]
    assert len({p.split(":")[0] for p in prints}) == 1


def test_results_over_the_limit_are_truncated_most_severe_first() -> None:
    findings = [
        finding("OCL207", "Dockerfile", 1),  # info
        finding("OCL201", "Dockerfile", 2),  # error
        finding("OCL204", "Dockerfile", 3),  # warning
        finding("OCL102", "Dockerfile", 4),  # error
    ]
    run = run_of(valid(render(make_report(findings), Limits(results=2))))
    assert [r["ruleId"] for r in run["results"]] == ["OCL201", "OCL102"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["OCL102", "OCL201"]
    assert run["properties"]["truncated"] is True
    assert run["properties"]["omittedResults"] == 2
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"].startswith("2 of 4 results were left out")


def test_output_over_the_size_limit_is_truncated() -> None:
    noise = [hashlib.sha256(str(index).encode()).hexdigest() * 3 for index in range(400)]
    findings = [
        finding("OCL204", f"docker/{index}/Dockerfile", index % 50 + 1, message=noise[index])
        for index in range(400)
    ]
    limit = 20_000
    text = render(make_report(findings), Limits(gzip_bytes=limit))
    run = run_of(valid(text))
    assert 0 < len(run["results"]) < 400
    assert len(gzip.compress(text.encode())) <= limit
    assert run["properties"]["omittedResults"] == 400 - len(run["results"])


def test_long_rule_texts_are_clipped_to_github_limits() -> None:
    rule = next(rule for rule in builtin_manager().rules() if rule.code == "OCL101")
    limits = Limits(description=40, name=10)
    run = run_of(valid(render(make_report([finding("OCL101", "D", 1)]), limits)))
    (descriptor,) = run["tool"]["driver"]["rules"]
    assert descriptor["name"] == rule.name[:10]
    assert len(descriptor["fullDescription"]["text"]) == 40
    assert descriptor["fullDescription"]["text"].endswith("….")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a", "a."), ("a.", "a."), ("did you mean `x`?", "did you mean `x`?"), (" b ", "b.")],
)
def test_messages_are_sentences(text: str, expected: str) -> None:
    assert sentence(text) == expected


def test_text_on_stdout_and_sarif_to_a_file_in_one_run(repo: Path) -> None:
    result = run_ocilint(
        "check", "--isolated", "--format", "text", "--output-format", "sarif",
        "--output", "results.sarif", "Dockerfile", cwd=repo,
    )  # fmt: skip
    assert result.code == 1
    assert result.stdout.splitlines()[-1] == "Found 3 problems (2 errors, 1 warning) in 1 input."
    document = valid((repo / "results.sarif").read_text(encoding="utf-8"))
    assert len(run_of(document)["results"]) == 3
    alone = run_ocilint("check", "--output-format", "sarif", "Dockerfile", cwd=repo)
    assert (alone.code, alone.stderr) == (2, "ocilint: --output-format needs --output FILE\n")
    unknown = run_ocilint(
        "check", "--output-format", "xml", "--output", "x", "Dockerfile", cwd=repo
    )
    assert unknown.code == 2 and "unknown format `xml`" in unknown.stderr
