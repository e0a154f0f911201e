"""A user writes the action's `args`, `paths` and `image-refs` over several lines, with quotes
and comments: all three are split alike, as a shell splits words, and nothing is evaluated."""

from __future__ import annotations

from pathlib import Path

from tests.test_action import run_step

UNPINNED = "FROM alpine:3.20\n"


def test_user_writes_args_on_several_lines(tmp_path: Path) -> None:
    (tmp_path / "my dir").mkdir()
    (tmp_path / "my dir" / "Dockerfile").write_text(UNPINNED)
    (tmp_path / "ci config.toml").write_text('select = ["OCL204"]\n')
    args = """
        --config "ci config.toml"   # quoted: one word with a blank
        --fail-on error
        --format text
    """
    inputs = {"args": args, "paths": "'my dir'\n", "format": "text"}
    code, log, _ = run_step(inputs, tmp_path)
    assert code == 0, log  # --fail-on error, from the second line, applies
    assert "my dir/Dockerfile:1:6: OCL204 warning:" in log
    assert "Found 1 problem (1 warning) in 1 input." in log


def test_nothing_in_the_inputs_is_expanded_or_run(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(UNPINNED)
    args = "--select OCL204 $(touch pwned) `touch pwned2` ${HOME}"
    code, log, _ = run_step({"args": args, "paths": "Dockerfile *"}, tmp_path)
    assert code == 2, log
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert "$(touch" in log or "${HOME}" in log  # passed on verbatim, refused by ocilint


def test_image_refs_over_lines_with_a_comment(tmp_path: Path) -> None:
    refs = """
        ghcr.io/acme/app:1.0   # the API
        ghcr.io/Acme/web:1.0
    """
    inputs = {"image-refs": refs, "offline": "true", "args": "--isolated --select OCL201"}
    code, log, _ = run_step(inputs, tmp_path)
    assert code == 1, log
    assert "ghcr.io/Acme/web:1.0: OCL201 error" in log and "Found 1 problem" in log
    assert "in 2 inputs" in log


def test_unbalanced_quote_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(UNPINNED)
    code, log, _ = run_step({"args": '--config "ci.toml'}, tmp_path)
    assert code == 2
    assert log.strip() == "ocilint action: input `args`: No closing quotation"
