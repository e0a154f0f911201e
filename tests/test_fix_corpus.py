"""`ocilint fix --offline` on a copy of the 2,232 corpus Dockerfiles (../shared/corpus).

No traceback; a second run changes nothing; only lines that had a finding change, and no line
is added or removed; no finding appears that was not there before; every finding with an
offline edit is gone. Pinning edits (online) are counted, not made.
"""

from __future__ import annotations

import collections
import os
import shutil
from pathlib import Path

import pytest

from ocilint.config import Config
from ocilint.engine import Selection, build_policy, check_subject
from ocilint.loading import LoadContext, decode_dockerfile, dockerfile_subject
from ocilint.model import Finding
from tests.conftest import CORPUS, builtin_manager, run_ocilint

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


def _findings(files: list[Path]) -> dict[Path, list[Finding]]:
    policy = build_policy(builtin_manager().rules(), Config(), Selection(select=("ALL",)))
    found = {}
    for path in files:
        text = decode_dockerfile(str(path), path.read_bytes())
        found[path] = check_subject(dockerfile_subject(str(path), text, LoadContext()), policy)
    return found


def _offline_fixable(finding: Finding) -> bool:
    autofix = finding.autofix
    return autofix is not None and any(edit.resolve is None for edit in autofix.edits)


def test_fix_offline_over_the_corpus(tmp_path: Path) -> None:
    files = []
    for root, _, names in os.walk(CORPUS):
        for name in names:
            source = Path(root) / name
            copy = tmp_path / source.relative_to(CORPUS)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
            files.append(copy)
    files.sort()
    before = _findings(files)
    original = {path: path.read_bytes() for path in files}

    command = ["fix", "--offline", "--isolated", "--select", "ALL", "--format", "json"]
    result = run_ocilint(*command, *map(str, files))
    assert result.code == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    fixed = {path: path.read_bytes() for path in files}
    again = run_ocilint(*command, *map(str, files))
    assert again.code == 1 and "fixed 0 problems in 0 files" in again.stderr
    assert {path: path.read_bytes() for path in files} == fixed  # idempotent

    after = _findings(files)
    fixable = collections.Counter(
        f.code for fs in before.values() for f in fs if _offline_fixable(f)
    )
    left = collections.Counter()
    for path in files:
        had = {f.location.line for f in before[path]}
        old_lines, new_lines = original[path].split(b"\n"), fixed[path].split(b"\n")
        assert len(old_lines) == len(new_lines), path
        changed = {
            n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True), 1) if a != b
        }
        assert changed <= had, (path, sorted(changed - had))
        known = {(f.code, f.location.line) for f in before[path]}
        assert [f for f in after[path] if (f.code, f.location.line) not in known] == [], path
        remaining = {(f.code, f.location.line, f.message) for f in after[path]}
        left.update(
            f.code
            for f in before[path]
            if _offline_fixable(f) and (f.code, f.location.line, f.message) in remaining
        )
    changed_files = sum(original[path] != fixed[path] for path in files)
    assert sum(fixable.values()) >= 16 and changed_files >= 10  # the corpus as of this test
    assert left == collections.Counter()
    assert f"fixed {sum(fixable.values())} problems in {changed_files} files" in result.stderr
