"""Tests for ocilint.spdx, the SPDX license expression checker."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocilint import spdx
from ocilint.spdx import (
    LICENSE_LIST_VERSION,
    LicenseProblem,
    ProblemKind,
    check_expression,
    license_list_version,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VECTORS = json.loads((HERE / "data" / "spdx_vectors.json").read_text(encoding="utf-8"))
DATA = json.loads((ROOT / "ocilint" / "data" / "spdx_licenses.json").read_text(encoding="utf-8"))

S = ProblemKind.SYNTAX
UL = ProblemKind.UNKNOWN_LICENSE
UE = ProblemKind.UNKNOWN_EXCEPTION
DL = ProblemKind.DEPRECATED_LICENSE
DE = ProblemKind.DEPRECATED_EXCEPTION
EL = ProblemKind.EXCEPTION_AS_LICENSE
LE = ProblemKind.LICENSE_AS_EXCEPTION
NA = ProblemKind.NOT_AN_EXPRESSION
LO = ProblemKind.LOWERCASE_OPERATOR
CM = ProblemKind.CASE_MISMATCH
CN = ProblemKind.CUSTOM_NOT_ALLOWED


def kinds(text: str, **kwargs: object) -> list[ProblemKind]:
    return [p.kind for p in check_expression(text, **kwargs)]  # type: ignore[arg-type]


def brief(text: str) -> list[tuple[ProblemKind, int, int, str | None]]:
    """The whole problem list without messages: kind, span and fix."""
    return [(p.kind, p.start, p.end, p.fix) for p in check_expression(text)]


def assert_well_formed(text: str, problems: Sequence[LicenseProblem]) -> None:
    assert isinstance(problems, list)
    for p in problems:
        assert isinstance(p, LicenseProblem)
        assert isinstance(p.kind, ProblemKind)
        assert 0 <= p.start <= p.end <= len(text), (p, len(text))
        assert p.message and "\n" not in p.message and "\r" not in p.message
        assert len(p.message.splitlines()) == 1
        assert "`" in p.message or p.kind is ProblemKind.EMPTY, p.message
        assert p.fix is None or (p.fix and len(p.fix.splitlines()) == 1)
    assert [(p.start, p.end) for p in problems] == sorted((p.start, p.end) for p in problems)


# --------------------------------------------------------------------------------------------
# The SPDX 3.0.1 annex "SPDX License Expressions" (= SPDX 2.3 Annex D)
# --------------------------------------------------------------------------------------------

SPEC_VALID = [
    # Simple expressions, with the annex's examples.
    "CDDL-1.0",
    "CDDL-1.0+",
    "LicenseRef-23",
    "LicenseRef-MIT-Style-1",
    "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
    # Overview and composite examples.
    "GPL-2.0-only OR BSD-3-Clause",
    "LGPL-2.1-only AND BSD-3-Clause",
    "LGPL-2.1-only OR MIT",
    "MIT OR LGPL-2.1-only",
    "LGPL-2.1-only OR MIT OR BSD-3-Clause",
    "LGPL-2.1-only AND MIT",
    "MIT AND LGPL-2.1-only",
    "LGPL-2.1-only AND MIT AND BSD-2-Clause",
    "GPL-2.0-or-later WITH Bison-exception-2.2",
    "LGPL-2.1-only OR BSD-3-Clause AND MIT",
    "MIT AND (LGPL-2.1-or-later OR BSD-3-Clause)",
    "(LGPL-2.1-or-later OR BSD-3-Clause) AND MIT",
    # Case sensitivity section: the variable part of a LicenseRef is case-insensitive.
    "LicenseRef-Name",
    "LicenseRef-name",
    # AdditionRef- (SPDX 3.0), also through a DocumentRef.
    "GPL-2.0-or-later WITH AdditionRef-my-exception",
    "GPL-2.0-or-later WITH DocumentRef-spdx-tool-1.2:AdditionRef-x",
    # WITH takes any simple expression on its left: an id with `+`, or a LicenseRef.
    "CDDL-1.0+ WITH Classpath-exception-2.0",
    "LicenseRef-custom WITH Classpath-exception-2.0",
    # "white space and/or parentheses on either side of AND and OR".
    "(MIT)AND(Apache-2.0)",
    "MIT AND(Apache-2.0)",
    # "(" compound-expression ")" where compound-expression may be a simple expression.
    "(MIT)",
    # idstring = 1*(ALPHA / DIGIT / "-" / ".") in 3.0.1, so these are well formed.
    "LicenseRef--",
    "LicenseRef-.",
]


@pytest.mark.parametrize("text", SPEC_VALID)
def test_spec_valid_examples(text: str) -> None:
    assert check_expression(text) == []


@pytest.mark.parametrize(
    "text",
    ["LGPL-2.1-only or MIT", "LGPL-2.1-only and MIT", "GPL-2.0-or-later with Bison-exception-2.2"],
)
def test_lower_case_operators_are_spdx_3_only(text: str) -> None:
    op = re.search(r" (or|and|with) ", text)
    assert op is not None
    assert brief(text) == [(LO, op.start(1), op.end(1), f"use `{op.group(1).upper()}`")]


def test_license_ids_match_case_insensitively_but_canonical_case_is_suggested() -> None:
    # The spec: `MIT`, `Mit` and `mIt` are the same identifier.
    for text in ("Mit", "mIt", "mit", "MIT"):
        problems = check_expression(text)
        assert all(p.kind is CM for p in problems)
        assert brief(text) == ([] if text == "MIT" else [(CM, 0, 3, "use `MIT`")])
    assert brief("GPL-2.0-only WITH classpath-exception-2.0") == [
        (CM, 18, 41, "use `Classpath-exception-2.0`")
    ]


def test_licenseref_prefix_is_case_sensitive() -> None:
    # The spec: "`licenseref-name` is not a valid license identifier".
    assert brief("licenseref-name") == [(UL, 0, 15, "use `LicenseRef-name`")]
    assert brief("documentref-x:LicenseRef-y") == [(UL, 0, 26, "use `DocumentRef-x:LicenseRef-y`")]
    assert brief("MIT WITH additionref-x") == [(UE, 9, 22, "use `AdditionRef-x`")]


def test_mixed_case_operators_are_invalid() -> None:
    assert brief("MIT Or Apache-2.0") == [(S, 4, 6, "use `MIT OR Apache-2.0`")]
    assert brief("MIT And Apache-2.0") == [(S, 4, 7, "use `MIT AND Apache-2.0`")]
    assert kinds("GPL-2.0-or-later With Bison-exception-2.2") == [S]
    message = check_expression("MIT oR Apache-2.0")[0].message
    assert message == (
        "`oR` is not an SPDX operator: operators are all upper case (`OR`) or all lower case (`or`)"
    )


def test_no_white_space_before_plus() -> None:
    assert brief("CDDL-1.0 +") == [(S, 9, 10, "use `CDDL-1.0+`")]
    assert check_expression("CDDL-1.0 +")[0].message == (
        "`+` must directly follow the license id, without white space at character 10"
    )


def test_plus_only_on_license_list_ids() -> None:
    assert brief("LicenseRef-23+") == [(S, 13, 14, "use `LicenseRef-23`")]
    assert brief("GPL-2.0-only WITH Classpath-exception-2.0+") == [
        (S, 18, 42, "use `GPL-2.0-only WITH Classpath-exception-2.0`")
    ]


def test_with_takes_a_simple_expression_and_one_addition() -> None:
    text = "(GPL-2.0-only) WITH Classpath-exception-2.0"
    assert kinds(text) == [S]
    assert check_expression(text)[0].start == 15
    text = "GPL-2.0-only WITH Classpath-exception-2.0 WITH LLVM-exception"
    [problem] = check_expression(text)
    assert (problem.kind, problem.start, problem.end) == (S, 42, 46)
    assert problem.message == "a license id takes only one `WITH` exception at character 43"
    assert kinds("GPL-2.0-only WITH (Classpath-exception-2.0)") == [S]


def test_precedence_shapes_the_fix_for_an_exception_joined_with_and() -> None:
    # `WITH` binds tighter than `AND`: the user most likely meant `WITH`.
    assert brief("GPL-2.0-only AND Classpath-exception-2.0") == [
        (EL, 17, 40, "use `GPL-2.0-only WITH Classpath-exception-2.0`")
    ]
    # After `OR` (or alone) there is no license to attach it to.
    [problem] = check_expression("MIT OR Classpath-exception-2.0")
    assert problem.kind is EL
    assert problem.fix == (
        "attach it to the license it modifies with `WITH`, "
        "e.g. `GPL-2.0-or-later WITH Classpath-exception-2.0`"
    )


def test_expression_is_a_single_line() -> None:
    assert brief("MIT\nOR Apache-2.0") == [(S, 3, 4, "use `MIT OR Apache-2.0`")]
    assert brief("MIT OR Apache-2.0\n") == [(S, 17, 18, "use `MIT OR Apache-2.0`")]
    assert kinds("MIT\u2028OR Apache-2.0") == [S]


def test_tabs_and_outer_white_space_are_accepted() -> None:
    # RFC 5234's WSP (SP / HTAB) is "white space"; the spec says nothing against outer blanks.
    assert check_expression("MIT\tOR\tApache-2.0") == []
    assert check_expression("  MIT OR Apache-2.0  ") == []
    assert check_expression("( MIT OR Apache-2.0 )") == []


def test_other_unicode_white_space_is_not() -> None:
    assert brief("MIT\u00a0OR Apache-2.0") == [(S, 3, 4, "use `MIT OR Apache-2.0`")]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("NONE", 0, 4), ("NOASSERTION", 0, 11), ("noassertion", 0, 11), ("MIT AND NONE", 8, 12)],
)
def test_none_and_noassertion_are_not_expressions(text: str, start: int, end: int) -> None:
    [problem] = check_expression(text)
    assert (problem.kind, problem.start, problem.end) == (NA, start, end)
    assert problem.fix == (
        "remove the label, or name the licenses (`LicenseRef-<name>` for custom terms)"
    )


def test_empty() -> None:
    fix = "set an SPDX expression such as `Apache-2.0`, or remove the label"
    assert brief("") == [(ProblemKind.EMPTY, 0, 0, fix)]
    assert brief(" \t ") == [(ProblemKind.EMPTY, 0, 3, fix)]
    assert brief("\n") == [(ProblemKind.EMPTY, 0, 1, fix)]


# --------------------------------------------------------------------------------------------
# Where license-expression 30.4.4 disagrees with the spec: our answers
# --------------------------------------------------------------------------------------------

DISAGREEMENTS = [
    # license-expression rejects every custom id, including the spec's own examples.
    ("LicenseRef-23", []),
    ("LicenseRef-MIT-Style-1", []),
    ("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", []),
    ("MIT OR LicenseRef-acme", []),
    # ... rejects `+` on most ids.
    ("CDDL-1.0+", []),
    ("Apache-2.0+", []),
    # ... does not know AdditionRef-.
    ("GPL-2.0-or-later WITH AdditionRef-x", []),
    # ... treats these licenses as exceptions.
    ("eCos-2.0", [DL]),
    ("MPL-2.0-no-copyleft-exception", []),
    ("MPL-2.0 WITH MPL-2.0-no-copyleft-exception", [LE]),
    # ... accepts mixed-case operators.
    ("MIT Or Apache-2.0", [S]),
    ("MIT And Apache-2.0", [S]),
    # ... accepts empty and white-space-only values.
    ("", [ProblemKind.EMPTY]),
    ("   ", [ProblemKind.EMPTY]),
    # ... raises instead of returning an error.
    ("MIT OR", [S]),
    ("()", [S]),
    ("MIT/Apache-2.0", [S]),
    ("MIT,Apache-2.0", [S]),
    # ... rewrites deprecated ids silently.
    ("GPL-2.0", [DL]),
    ("GPL-2.0+", [DL]),
]


@pytest.mark.parametrize(("text", "expected"), DISAGREEMENTS)
def test_license_expression_disagreements(text: str, expected: list[ProblemKind]) -> None:
    assert kinds(text) == expected


def test_syntax_errors_say_where_and_what_was_expected() -> None:
    [problem] = check_expression("MIT OR")
    assert (problem.start, problem.end) == (4, 6)
    assert problem.message == (
        "expected a license id or `(` after `OR` at character 5, found the end of the text"
    )
    assert problem.fix == "add a license id after `OR`, or remove it"
    assert brief("()") == [(S, 1, 2, "put an expression inside, or remove them")]
    assert check_expression("()")[0].message == "empty parentheses `()` at character 1"
    assert brief("(MIT") == [(S, 0, 1, "add a `)`")]
    assert brief("MIT)") == [(S, 3, 4, "remove the `)` or add the matching `(`")]
    assert check_expression("MIT)")[0].message == (
        "unbalanced `)` at character 4: there is no `(` to close"
    )
    assert brief("MIT AND AND Apache-2.0") == [(S, 8, 11, "remove the repeated `AND`")]
    assert brief("MIT WITH") == [
        (S, 4, 8, "name an exception from the SPDX License List after `WITH`")
    ]
    assert brief("WITH MIT")[0][:3] == (S, 0, 4)
    assert brief("MIT Apache-2.0") == [
        (S, 4, 14, "join them with `AND` (all apply) or `OR` (a choice)")
    ]


def test_slash_means_or_and_comma_means_and() -> None:
    [problem] = check_expression("MIT/Apache-2.0")
    assert (problem.kind, problem.start, problem.end) == (S, 3, 4)
    assert problem.message == "`/` is not an SPDX operator: use `OR` (or `AND`)"
    assert problem.fix == "use `MIT OR Apache-2.0`"
    for text in ("MIT,Apache-2.0", "MIT, Apache-2.0", "MIT ; Apache-2.0", "MIT & Apache-2.0"):
        [problem] = check_expression(text)
        assert problem.kind is S
        assert problem.fix == "use `MIT AND Apache-2.0`"
        assert "`OR` for a choice" in problem.message
    assert brief("MIT || Apache-2.0") == [(S, 4, 6, "use `MIT OR Apache-2.0`")]
    # A stray separator is one problem, not two.
    assert brief("MIT,") == [(S, 3, 4, "remove the `,`")]


def test_custom_id_syntax() -> None:
    assert brief("LicenseRef-") == [(S, 0, 11, "add an id, e.g. `LicenseRef-my-terms`")]
    assert brief("LicenseRef-a b") == [
        (S, 13, 14, "ids cannot contain spaces: use `LicenseRef-a-b`, or join two ids with "
         "`AND` or `OR`")
    ]  # fmt: skip
    assert brief("DocumentRef-x:") == [(S, 0, 14, "use `DocumentRef-x:LicenseRef-<id>`")]
    assert check_expression("DocumentRef-x:LicenseRef-y") == []
    assert kinds("DocumentRef-x") == [S]
    assert kinds("MIT:Apache-2.0") == [S]


def test_allowed_custom() -> None:
    allowed = ["LicenseRef-acme-*", "AdditionRef-acme"]
    assert check_expression("LicenseRef-acme-1 OR MIT", allowed_custom=allowed) == []
    assert check_expression("LicenseRef-ACME-x", allowed_custom=allowed) == []
    assert check_expression("MIT WITH AdditionRef-acme", allowed_custom=allowed) == []
    [problem] = check_expression("MIT OR LicenseRef-other", allowed_custom=allowed)
    assert (problem.kind, problem.start, problem.end) == (CN, 7, 23)
    assert problem.message == "custom id `LicenseRef-other` is not one of the allowed custom ids"
    assert kinds("LicenseRef-a", allowed_custom=()) == [CN]
    assert kinds("LicenseRef-a", allowed_custom=None) == []
    assert kinds("DocumentRef-d:LicenseRef-acme-1", allowed_custom=allowed) == [CN]
    assert kinds("DocumentRef-d:LicenseRef-acme-1", allowed_custom=["DocumentRef-d:*"]) == []
    assert kinds("MIT WITH AdditionRef-other", allowed_custom=allowed) == [CN]
    assert kinds("LicenseRef-b", allowed_custom="LicenseRef-a") == [CN]  # a str is one entry


# --------------------------------------------------------------------------------------------
# The SPDX License List data
# --------------------------------------------------------------------------------------------


def test_license_list_version() -> None:
    assert LICENSE_LIST_VERSION == "3.27"
    assert license_list_version() == LICENSE_LIST_VERSION
    assert DATA["license_list_version"] == LICENSE_LIST_VERSION
    assert DATA["license_list_release_date"] == "2025-07-01"


def test_data_file_is_what_the_generator_writes() -> None:
    """Fails after a license-expression upgrade: run scripts/update_spdx_data.py."""
    pytest.importorskip("license_expression")
    assert spdx.read_license_expression_data() == DATA


def test_data_falls_back_to_license_expression(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("license_expression")
    monkeypatch.setattr(spdx, "_DATA_PATH", str(ROOT / "no-such-file.json"))
    monkeypatch.setattr(spdx, "_INDEX", None)
    assert check_expression("GPL-2.0") == check_expression("GPL-2.0")
    assert kinds("GPL-2.0") == [DL]
    assert license_list_version() == LICENSE_LIST_VERSION


def test_spdx_list_classification_beats_license_expression() -> None:
    assert "eCos-2.0" in DATA["licenses"]
    assert "MPL-2.0-no-copyleft-exception" in DATA["licenses"]
    assert "eCos-exception-2.0" in DATA["exceptions"]
    assert not set(DATA["licenses"]) & set(DATA["exceptions"])
    assert len(DATA["licenses"]) == 699
    assert len(DATA["exceptions"]) == 79


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("GPL-2.0", "GPL-2.0-only"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("LGPL-2.1", "LGPL-2.1-only"),
        ("LGPL-2.1+", "LGPL-2.1-or-later"),
        ("AGPL-3.0", "AGPL-3.0-only"),
        ("AGPL-3.0+", "AGPL-3.0-or-later"),  # not a list id: `AGPL-3.0` + `+`
        ("GFDL-1.3+", "GFDL-1.3-or-later"),
        ("eCos-2.0", "GPL-2.0-or-later WITH eCos-exception-2.0"),
        ("wxWindows", "LGPL-2.0-or-later WITH WxWindows-exception-3.1"),
        ("GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0"),
        ("GPL-3.0-with-GCC-exception", "GPL-3.0-only WITH GCC-exception-3.1"),
        ("StandardML-NJ", "SMLNJ"),
        ("Nunit", "zlib-acknowledgement"),
        ("bzip2-1.0.5", "bzip2-1.0.6"),
        ("BSD-2-Clause-FreeBSD", "BSD-2-Clause-Views"),
        ("gpl-2.0", "GPL-2.0-only"),
        ("GPL-2.0-only+", "GPL-2.0-or-later"),
        ("GPL-2.0-or-later+", "GPL-2.0-or-later"),
    ],
)
def test_deprecated_license_replacements(old: str, new: str) -> None:
    assert brief(old) == [(DL, 0, len(old), f"use `{new}`")]


def test_deprecated_exception() -> None:
    assert brief("LGPL-2.1-only WITH Nokia-Qt-exception-1.1") == [
        (DE, 19, 41, "use `Qt-LGPL-exception-1.1`")
    ]
    assert brief("Net-SNMP") == [
        (DL, 0, 8, "see https://spdx.org/licenses/Net-SNMP.html for the ids that replace it")
    ]


def test_every_list_id() -> None:
    deprecated = DATA["deprecated"]
    wrong = []
    for license_id in DATA["licenses"]:
        want = [DL] if license_id in deprecated else []
        if kinds(license_id) != want:
            wrong.append(license_id)
        if license_id not in deprecated and kinds(license_id.upper()) not in ([], [CM]):
            wrong.append(license_id.upper())
    for exception in DATA["exceptions"]:
        want = [DE] if exception in deprecated else []
        if kinds(f"GPL-2.0-or-later WITH {exception}") != want:
            wrong.append(f"WITH {exception}")
        if kinds(exception) != [EL]:
            wrong.append(exception)
    assert wrong == []


# --------------------------------------------------------------------------------------------
# Prose and did-you-mean
# --------------------------------------------------------------------------------------------

GNU_3 = "use `GPL-3.0-only` (or `GPL-3.0-or-later` if later versions are allowed)"
PUBLIC_DOMAIN = (
    "use `LicenseRef-PublicDomain` (a custom id), or `CC0-1.0` or `Unlicense` if that is the "
    "dedication used"
)
PROSE = [
    ("Apache 2.0", "use `Apache-2.0`"),
    ("Apache-2", "use `Apache-2.0`"),
    ("Apache License 2.0", "use `Apache-2.0`"),
    ("Apache License, Version 2.0", "use `Apache-2.0`"),
    ("ASL 2.0", "use `Apache-2.0`"),
    ("MIT License", "use `MIT`"),
    ("The MIT License (MIT)", "use `MIT`"),
    ("Expat", "use `MIT`"),
    ("GPLv3", GNU_3),
    ("GPL-3", GNU_3),
    ("GPL v3", GNU_3),
    ("GPL3", GNU_3),
    ("GNU General Public License v3.0", GNU_3),
    ("GPLv2+", "use `GPL-2.0-or-later`"),
    ("GPL v2 or later", "use `GPL-2.0-or-later`"),
    ("LGPLv2.1", "use `LGPL-2.1-only` (or `LGPL-2.1-or-later` if later versions are allowed)"),
    ("BSD", "use `BSD-3-Clause` or `BSD-2-Clause` (check which the license text is)"),
    ("BSD 3-Clause", "use `BSD-3-Clause`"),
    ("New BSD", "use `BSD-3-Clause`"),
    ("MPL 2.0", "use `MPL-2.0`"),
    ("Public Domain", PUBLIC_DOMAIN),
    ("PD", PUBLIC_DOMAIN),
    ("Proprietary", "use `LicenseRef-Proprietary` (a custom id) and describe the terms in your "
     "documentation"),
    ("UNLICENSED", "npm's `UNLICENSED` means no license is granted: use "
     "`LicenseRef-Proprietary`; for the public-domain dedication use `Unlicense`"),
    ("GPL", "use a versioned id: `GPL-2.0-only`, `GPL-2.0-or-later`, `GPL-3.0-only` or "
     "`GPL-3.0-or-later`"),
    ("Apach-2.0", "use `Apache-2.0`"),
    ("Apache-1.2", "use one of `Apache-1.1`, `Apache-1.0`"),
    ("BSD-3-Clauses", "use `BSD-3-Clause`"),
    ("Apache_2.0", "use `Apache-2.0`"),
    ("https://www.apache.org/licenses/LICENSE-2.0", "use `Apache-2.0`"),
    ("https://opensource.org/licenses/MIT", "use `MIT`"),
    ("https://spdx.org/licenses/BSD-3-Clause.html", "use `BSD-3-Clause`"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "fix"), PROSE)
def test_prose_is_an_unknown_license_with_a_fix(text: str, fix: str) -> None:
    assert brief(text) == [(UL, 0, len(text), fix)]


def test_prose_inside_an_expression() -> None:
    assert brief("Apache License 2.0 OR MIT") == [(UL, 0, 18, "use `Apache-2.0`")]
    assert brief("MIT and Apache 2.0") == [(LO, 4, 7, "use `AND`"), (UL, 8, 18, "use `Apache-2.0`")]


def test_unknown_exception_did_you_mean() -> None:
    assert brief("Apache-2.0 WITH Classpath-exception") == [
        (UE, 16, 35, "use `Classpath-exception-2.0`")
    ]
    [problem] = check_expression("Apache-2.0 WITH Foo-exception")
    assert problem.kind is UE
    assert problem.message == "`Foo-exception` is not an exception id on the SPDX License List"


def test_unknown_license_without_suggestion() -> None:
    [problem] = check_expression("Frobnicate-9")
    assert (problem.kind, problem.start, problem.end) == (UL, 0, 12)
    assert problem.message == "`Frobnicate-9` is not a license id on the SPDX License List"
    assert problem.fix == (
        "use an id from https://spdx.org/licenses/ or `LicenseRef-<name>` for a custom license"
    )


def test_quotes_dashes_and_tags_are_repaired_in_the_fix() -> None:
    assert brief('"MIT"') == [(S, 0, 1, "use `MIT`")]
    assert brief("Apache\u20112.0") == [(S, 6, 7, "use `Apache-2.0`")]
    assert brief("SPDX-License-Identifier: MIT OR Apache-2.0") == [
        (S, 0, 24, "use `MIT OR Apache-2.0`")
    ]


# --------------------------------------------------------------------------------------------
# Vectors
# --------------------------------------------------------------------------------------------


def test_vector_file_size() -> None:
    assert len(VECTORS) >= 300
    assert len({(v["input"], str(v.get("allowed_custom"))) for v in VECTORS}) == len(VECTORS)


@pytest.mark.parametrize(
    "vector", VECTORS, ids=[f"{v['source']}:{v['input'][:40]!r}" for v in VECTORS]
)
def test_vector(vector: dict[str, object]) -> None:
    text = vector["input"]
    assert isinstance(text, str)
    problems = check_expression(text, allowed_custom=vector.get("allowed_custom"))  # type: ignore[arg-type]
    assert_well_formed(text, problems)
    assert [p.kind.value for p in problems] == vector["kinds"]


def _corpus_dir() -> Path | None:
    for candidate in (ROOT.parent / "shared", Path("/work/shared")):
        corpus = candidate / "corpus" / "dockerfiles"
        if corpus.is_dir():
            return corpus
    return None


CORPUS_EXPECTED = {"GPL-2.0": [DL], "Apache-2.0": []}


def test_license_labels_in_the_dockerfile_corpus() -> None:
    corpus = _corpus_dir()
    if corpus is None:
        pytest.skip("shared/corpus/dockerfiles is not available")
    label = re.compile(r"""org\.opencontainers\.image\.licenses=("([^"]*)"|'([^']*)'|(\S+))""")
    seen: dict[str, list[ProblemKind]] = {}
    for path in corpus.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in label.finditer(text):
            value = next(g for g in match.groups()[1:] if g is not None)
            problems = check_expression(value)
            assert_well_formed(value, problems)
            seen[value] = [p.kind for p in problems]
    assert seen, "no licenses label found in the corpus"
    for value, expected in CORPUS_EXPECTED.items():
        if value in seen:
            assert seen[value] == expected


# --------------------------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------------------------


def test_long_input() -> None:
    valid = " OR ".join(["MIT", "Apache-2.0"] * 1000)
    assert len(valid) > 10_000
    started = time.perf_counter()
    assert check_expression(valid) == []
    junk = "x" * 10_000
    assert kinds(junk) == [UL]
    assert kinds("MIT Apache-2.0 " * 700) == [S]
    assert brief("MIT " * 2_500) == [(UL, 0, 9_999, "use `MIT`")]  # read as prose
    assert kinds("(" * 10_000) == [S]
    assert time.perf_counter() - started < 5


def test_deep_nesting_does_not_recurse() -> None:
    depth = 5_000
    assert check_expression("(" * depth + "MIT" + ")" * depth) == []
    assert check_expression("(" * depth + "MIT OR Apache-2.0" + ")" * depth) == []
    nested = "MIT"
    for _ in range(200):
        nested = f"(Apache-2.0 AND {nested}) OR ISC"
    assert check_expression(nested) == []
    [problem] = check_expression("(" * depth + "MIT" + ")" * (depth - 1))
    assert (problem.kind, problem.start, problem.end) == (S, 0, 1)  # the outermost `(`
    [problem] = check_expression("(" * (depth - 1) + "MIT" + ")" * depth)
    assert (problem.kind, problem.start) == (S, 2 * depth + 1)


def test_problem_is_a_frozen_slotted_dataclass() -> None:
    [problem] = check_expression("mit")
    assert dataclasses.is_dataclass(problem)
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.start = 1  # type: ignore[misc]
    assert not hasattr(problem, "__dict__")
    assert dataclasses.asdict(problem)["kind"] == "case-mismatch"
    assert ProblemKind("syntax") is S


def test_fixes_are_checked_before_being_offered() -> None:
    """A whole corrected expression is offered only if it has no syntax error itself."""
    cases = {
        "MIT/Apache-2.0 OR": "use `MIT OR Apache-2.0 OR`",
        "MIT Or (Apache-2.0": "use `MIT OR (Apache-2.0`",
        "MIT, , Apache-2.0": "use `MIT AND AND Apache-2.0`",
    }
    for text, naive in cases.items():
        fixes = [p.fix for p in check_expression(text)]
        assert naive not in fixes, fixes
        assert S in kinds(naive[5:-1])
    assert [p.fix for p in check_expression("MIT Or Apache-2.0 WITH LLVM-exception+")] == [
        "use `MIT OR Apache-2.0 WITH LLVM-exception`",
        "use `MIT OR Apache-2.0 WITH LLVM-exception`",
    ]


def test_import_is_cheap_and_lazy() -> None:
    code = (
        "import sys, ocilint.spdx as s\n"
        "assert 'license_expression' not in sys.modules\n"
        "assert 'json' not in sys.modules, 'json imported at import time'\n"
        "assert s._INDEX is None\n"
        "s.check_expression('MIT OR GPL-2.0')\n"
        "assert 'license_expression' not in sys.modules\n"
        "assert s._INDEX is not None\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------------------------

CURRENT_LICENSES: list[str] = sorted(set(DATA["licenses"]) - set(DATA["deprecated"]))
CURRENT_EXCEPTIONS: list[str] = sorted(set(DATA["exceptions"]) - set(DATA["deprecated"]))
IDSTRING = st.from_regex(r"[A-Za-z0-9.\-]{1,12}", fullmatch=True)


@st.composite
def simple_expressions(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["id", "id+", "ref", "docref"]))
    if kind == "ref":
        return "LicenseRef-" + draw(IDSTRING)
    if kind == "docref":
        return f"DocumentRef-{draw(IDSTRING)}:LicenseRef-{draw(IDSTRING)}"
    license_id = draw(st.sampled_from(CURRENT_LICENSES))
    if kind == "id+" and not license_id.endswith(("-only", "-or-later")):
        return license_id + "+"
    return license_id


@st.composite
def additions(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(CURRENT_EXCEPTIONS))
    prefix = draw(st.sampled_from(["", "DocumentRef-d:"]))
    return f"{prefix}AdditionRef-{draw(IDSTRING)}"


BLANK = st.sampled_from([" ", "  ", "\t", " \t "])
OPTIONAL_BLANK = st.sampled_from(["", " ", "\t"])


def valid_expressions(lower: bool) -> st.SearchStrategy[str]:
    """Expressions generated from the SPDX 3.0.1 grammar with current list ids."""
    ops = ["and", "or"] if lower else ["AND", "OR"]
    with_op = "with" if lower else "WITH"

    @st.composite
    def terms(draw: st.DrawFn) -> str:
        simple = draw(simple_expressions())
        if draw(st.booleans()):
            blank1, blank2 = draw(BLANK), draw(BLANK)
            return f"{simple}{blank1}{with_op}{blank2}{draw(additions())}"
        return simple

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        @st.composite
        def compound(draw: st.DrawFn) -> str:
            parts = draw(st.lists(children, min_size=1, max_size=4))
            text = parts[0]
            for part in parts[1:]:
                op = draw(st.sampled_from(ops))
                # White space and/or parentheses must surround AND and OR.
                left = draw(OPTIONAL_BLANK) if text.endswith(")") else draw(BLANK)
                right = draw(OPTIONAL_BLANK) if part.startswith("(") else draw(BLANK)
                text = f"{text}{left}{op}{right}{part}"
            if draw(st.booleans()):
                text = f"({draw(OPTIONAL_BLANK)}{text}{draw(OPTIONAL_BLANK)})"
            return text

        return compound()

    return st.recursive(terms(), extend, max_leaves=12)


NOISE = st.one_of(
    simple_expressions(),
    additions(),
    st.sampled_from(
        ["AND", "OR", "WITH", "and", "or", "with", "And", "(", ")", "+", "/", ",", "NONE", "mit"]
    ),
    st.sampled_from(["DocumentRef-", "LicenseRef-", "AdditionRef-", ":", "GPL-2.0", "Apache 2"]),
    st.text(max_size=4),
)


@st.composite
def noisy_expressions(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(NOISE, max_size=12))
    seps = draw(st.lists(st.sampled_from(["", " ", "\t", "\n", "  "]), min_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, seps, strict=False))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_well_formed_problems(text: str) -> None:
    assert_well_formed(text, check_expression(text))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noisy_expressions())
def test_grammar_shaped_noise_gives_well_formed_problems(text: str) -> None:
    assert_well_formed(text, check_expression(text))
    assert_well_formed(text, check_expression(text, allowed_custom=["LicenseRef-a*"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_expressions(lower=False))
def test_valid_grammar_is_accepted(text: str) -> None:
    assert check_expression(text) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_expressions(lower=True))
def test_valid_grammar_with_lower_case_operators(text: str) -> None:
    assert {p.kind for p in check_expression(text)} <= {LO}
