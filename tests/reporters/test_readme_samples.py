"""The README's output samples are real: each is re-run and compared with what ocilint prints now."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

import pytest

from tests.conftest import PROJECT_ROOT, run_ocilint

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
SAMPLE = re.compile(
    r"<!-- sample: (ocilint [^(]*?)\s*(?:\(.*?\))? -->\n```\w*\n(.*?)```", re.DOTALL
)
SAMPLES = SAMPLE.findall(README)


def test_every_ci_format_has_a_sample() -> None:
    formats = {
        shlex.split(command)[shlex.split(command).index("--format") + 1] for command, _ in SAMPLES
    }
    assert formats == {"sarif", "github", "gitlab"}


def _shortened_sarif(text: str, readme: dict[str, Any]) -> dict[str, Any]:
    """The SARIF as the README shows it: help texts as `…`, the checkout's URI as printed there."""
    document: dict[str, Any] = json.loads(text)
    run = document["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        rule["help"] = {"text": "…", "markdown": "…"}
    shown = readme["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = shown
    run["invocations"][0]["workingDirectory"]["uri"] = shown
    return document


@pytest.mark.parametrize(("command", "shown"), SAMPLES, ids=[c for c, _ in SAMPLES])
def test_sample_is_what_ocilint_prints(command: str, shown: str) -> None:
    result = run_ocilint(*shlex.split(command)[1:], cwd=PROJECT_ROOT)
    assert result.code == 1, result.stderr
    if "--format sarif" in command:
        readme = json.loads(shown)
        assert _shortened_sarif(result.stdout, readme) == readme
    else:
        assert result.stdout == shown
