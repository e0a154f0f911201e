"""Robustness on 2,232 real Dockerfiles (../shared/corpus): every one is checked, none is an error.

Also a differential test against dockerfile-parse: where the two disagree on instruction spans,
the difference must be one where BuildKit's behaviour is known and ours follows it.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from ocilint import dockerfile
from ocilint.config import Config
from ocilint.engine import Selection, build_policy, check_subject
from ocilint.loading import LoadContext, decode_dockerfile, dockerfile_subject
from tests.conftest import CORPUS, builtin_manager, run_ocilint

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")

CORPUS_SIZE = 2232


def corpus_files() -> list[Path]:
    return sorted(Path(root) / name for root, _, names in os.walk(CORPUS) for name in names)


def test_every_corpus_file_is_checked_without_error() -> None:
    files = corpus_files()
    assert len(files) == CORPUS_SIZE
    policy = build_policy(builtin_manager().rules(), Config(), Selection(select=("ALL",)))
    checked = 0
    for path in files:
        text = decode_dockerfile(str(path), path.read_bytes())
        subject = dockerfile_subject(str(path), text, LoadContext())
        check_subject(subject, policy)
        checked += 1
    assert checked == CORPUS_SIZE


def test_cli_over_the_whole_corpus_never_exits_2() -> None:
    files = [str(path) for path in corpus_files()]
    result = run_ocilint("check", "--format", "json", "--select", "ALL", *files)
    assert result.code == 1, result.stderr
    assert result.stderr == ""
    summary = json.loads(result.stdout)["summary"]
    assert summary["inputs"] == CORPUS_SIZE
    assert summary["unreadable"] == []


_CONTINUATION_INTO_BLANK = re.compile(r"(?<!\\)\\[ \t]*\r?\n[ \t]*\r?\n")
_ESCAPED_ESCAPE_AT_END = re.compile(r"\\\\[ \t]*\r?$", re.M)


def test_instruction_spans_agree_with_dockerfile_parse_where_buildkit_agrees() -> None:
    from dockerfile_parse import DockerfileParser

    agreed = 0
    for path in corpus_files():
        data = path.read_bytes()
        text = data.decode("utf-8", "replace")
        parsed = dockerfile.parse(text)
        if parsed.escape != "\\" or any(i.heredocs for i in parsed.instructions):
            continue  # dockerfile-parse knows neither; see test_dockerfile.py
        structure = DockerfileParser(fileobj=io.BytesIO(data)).structure
        theirs = [
            (s["instruction"], s["startline"] + 1, s["endline"] + 1)
            for s in structure
            if s["instruction"] != "COMMENT"
        ]
        ours = [(i.keyword, i.start_line, i.end_line) for i in parsed.instructions]
        if theirs == ours:
            agreed += 1
            continue
        # BuildKit continues an instruction across blank lines and ends it at a doubled escape.
        assert _CONTINUATION_INTO_BLANK.search(text) or _ESCAPED_ESCAPE_AT_END.search(text), path
    assert agreed > 2100
