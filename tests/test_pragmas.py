"""Inline ignore pragmas: `# ocilint: ignore=…` and `# ocilint: global ignore=…`."""

from __future__ import annotations

from ocilint.pragmas import parse_pragma
from tests.conftest import problems

UNPINNED = ["OCL204", "OCL202"]


def test_pragma_silences_the_next_instruction_only() -> None:
    text = """
        # ocilint: ignore=OCL204
        FROM alpine:3.20
        FROM debian:12
        """
    assert problems(text, UNPINNED) == [("OCL204", 3, 6)]


def test_pragma_with_names_several_codes_and_a_reason() -> None:
    text = """
        FROM alpine:3.20 AS a
        # ocilint: ignore=unpinned-image, OCL202  # vendored base, pinned by the mirror
        # another comment between the pragma and the instruction
        FROM debian
        """
    assert problems(text, UNPINNED) == [("OCL204", 1, 6)]


def test_pragma_for_another_code_does_not_silence() -> None:
    assert problems("# ocilint: ignore=OCL101\nFROM alpine:3\n", UNPINNED) == [("OCL204", 2, 6)]


def test_global_pragma_silences_the_whole_file() -> None:
    text = """
        FROM alpine:3.20
        # ocilint: global ignore=OCL204
        FROM debian
        """
    assert problems(text, UNPINNED) == [("OCL202", 3, 6)]


def test_pragma_inside_a_continued_instruction() -> None:
    text = """
        FROM scratch
        LABEL org.opencontainers.image.url="ftp://x" \\
        # ocilint: ignore=OCL106
              org.opencontainers.image.source="not a url"
        """
    assert problems(text, ["OCL106"]) == [("OCL106", 2, 37)]


def test_ignore_all() -> None:
    assert problems("# ocilint: global ignore=all\nFROM Alpine\n") == []


def test_pragma_grammar() -> None:
    assert parse_pragma("# ocilint: ignore=OCL1,abc") == (False, frozenset({"ocl1", "abc"}))
    assert parse_pragma("#ocilint ignore = OCL1") == (False, frozenset({"ocl1"}))
    assert parse_pragma("# ocilint: global ignore=OCL1 # why") == (True, frozenset({"ocl1"}))
    assert parse_pragma("# hadolint ignore=DL3006") is None
    assert parse_pragma("# ocilint: ignore") is None
