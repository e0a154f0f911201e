"""The Dockerfile model: BuildKit's parsing rules, stages, ARG/ENV scoping and labels."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ocilint import dockerfile
from tests.conftest import dedent


def parse(text: str) -> dockerfile.ParsedDockerfile:
    return dockerfile.parse(dedent(text))


def load(text: str, **build_args: str) -> dockerfile.Dockerfile:
    return dockerfile.load(dedent(text), build_args)


def spans(text: str) -> list[tuple[str, int, int]]:
    return [(i.keyword, i.start_line, i.end_line) for i in parse(text).instructions]


def labels(text: str, stage: int = -1, **build_args: str) -> dict[str, str | None]:
    model = load(text, **build_args)
    found, _ = model.effective_labels(model.stages[stage])
    return {key: label.value for key, label in found.items()}


# --------------------------------------------------------------------------- instructions


def test_line_spans_are_one_based_and_cover_continuations() -> None:
    text = """
        FROM alpine
        RUN apk add \\
            curl \\
            git
        CMD ["sh"]
        """
    assert spans(text) == [("FROM", 1, 1), ("RUN", 2, 4), ("CMD", 5, 5)]


def test_comments_and_empty_lines_inside_a_continuation_are_skipped() -> None:
    text = """
        FROM alpine
        RUN apk add \\
        # a comment inside the continuation
            curl \\

            git
        LABEL a=b
        """
    parsed = parse(text)
    assert spans(text) == [("FROM", 1, 1), ("RUN", 2, 6), ("LABEL", 7, 7)]
    assert parsed.instructions[1].line_text == "RUN apk add     curl     git"
    assert (3, "# a comment inside the continuation") in parsed.comments


def test_instruction_keywords_are_case_insensitive() -> None:
    assert spans("from alpine\nlabel a=b\n") == [("FROM", 1, 1), ("LABEL", 2, 2)]


def test_escape_directive_switches_to_backtick() -> None:
    text = """
        # escape=`
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        LABEL org.opencontainers.image.title="C:\\tools" `
              org.opencontainers.image.version=1.0
        RUN dir c:\\ `
            && echo done
        """
    parsed = parse(text)
    assert parsed.escape == "`"
    assert [d.name for d in parsed.directives] == ["escape"]
    assert spans(text) == [("FROM", 2, 2), ("LABEL", 3, 4), ("RUN", 5, 6)]
    assert labels(text) == {
        "org.opencontainers.image.title": "C:\\tools",
        "org.opencontainers.image.version": "1.0",
    }


def test_backslash_is_literal_with_backtick_escape() -> None:
    text = "# escape=`\nFROM alpine\nRUN echo c:\\\nLABEL a=b\n"
    assert spans(text) == [("FROM", 2, 2), ("RUN", 3, 3), ("LABEL", 4, 4)]


def test_directives_only_count_before_anything_else() -> None:
    parsed = parse("# syntax=docker/dockerfile:1\n\n# escape=`\nFROM alpine\n")
    assert [(d.name, d.value) for d in parsed.directives] == [("syntax", "docker/dockerfile:1")]
    assert parsed.escape == "\\"


def test_unknown_directive_ends_directive_parsing() -> None:
    parsed = parse("# foo=bar\n# escape=`\nFROM alpine\n")
    assert parsed.directives == ()
    assert parsed.escape == "\\"


def test_invalid_and_repeated_directives_are_problems() -> None:
    parsed = parse("# escape=x\n# escape=`\nFROM alpine\n")
    messages = [(p.line, p.message) for p in parsed.problems]
    assert messages == [
        (1, "invalid escape token 'x' does not match ` or \\"),
        (2, "only one escape parser directive can be used"),
    ]


def test_utf8_bom_is_ignored() -> None:
    parsed = dockerfile.parse("\ufeff# syntax=docker/dockerfile:1\nFROM alpine\n")
    assert [d.name for d in parsed.directives] == ["syntax"]
    assert parsed.instructions[0].keyword == "FROM"


def test_crlf_line_endings() -> None:
    text = "FROM alpine\r\nLABEL a=b \\\r\n  c=d\r\n"
    model = dockerfile.load(text)
    found, _ = model.effective_labels(model.stages[0])
    assert {k: v.value for k, v in found.items()} == {"a": "b", "c": "d"}


# --------------------------------------------------------------------------- heredocs


def test_heredoc_body_is_not_parsed_as_instructions() -> None:
    text = """
        FROM alpine
        RUN <<EOF
        LABEL notreal=1
        FROM fake
        EOF
        # a comment after the heredoc
        LABEL real=1
        """
    assert spans(text) == [("FROM", 1, 1), ("RUN", 2, 5), ("LABEL", 7, 7)]
    assert labels(text) == {"real": "1"}
    heredoc = parse(text).instructions[1].heredocs[0]
    assert (heredoc.name, heredoc.start_line, heredoc.end_line) == ("EOF", 3, 5)


def test_several_heredocs_quoted_and_chomped() -> None:
    text = "FROM alpine\nCOPY <<-'ONE' <<\"TWO\" /dst/\n\tFROM no\n\tONE\nLABEL no=1\nTWO\nLABEL yes=1\n"
    parsed = dockerfile.parse(text)
    copy = parsed.instructions[1]
    assert [(h.name, h.chomp, h.expand) for h in copy.heredocs] == [
        ("ONE", True, False),
        ("TWO", False, False),
    ]
    assert (copy.start_line, copy.end_line) == (2, 6)
    assert [i.keyword for i in parsed.instructions] == ["FROM", "COPY", "LABEL"]


# BuildKit's TestParseExtractsHeredoc (frontend/dockerfile/parser/parser_heredoc_test.go).
BUILDKIT_HEREDOCS = r"""FROM alpine:3.6
ENV NAME=me
RUN ls
RUN <<EMPTY
EMPTY
RUN 3<<EMPTY2
EMPTY2
RUN "<<NOHEREDOC"
RUN <<-UNINDENT
	baz
UNINDENT
RUN <<-UNINDENT2
	baz
	UNINDENT2
RUN <<-'NOEXPAND'
	don't expand $NAME
NOEXPAND
COPY <<FILE1 <<FILE2 /dest
content 1
FILE1
content 2
FILE2
COPY <<X <<Y /dest
Y
X
X
Y
RUN <<COMPLEX python3
print('hello world')
COMPLEX
COPY <<file.txt /dest
file.txt
RUN <<eo'f'
eof
RUN <<eo\'f
eo'f
RUN <<'e'o\'f
eo'f
RUN <<'one two'
one two
RUN <<$EOF
$EOF
RUN <<  EOF
EOF
RUN <<  EOF  > foo
EOF
RUN <<- EOF
EOF
RUN << -EOF
-EOF
"""


def test_heredocs_as_in_buildkits_parser_tests() -> None:
    parsed = dockerfile.parse(BUILDKIT_HEREDOCS)
    assert parsed.problems == ()
    found = [
        [(h.name, h.chomp, h.expand) for h in instruction.heredocs]
        for instruction in parsed.instructions[1:]
    ]
    assert found == [
        [],
        [],
        [("EMPTY", False, True)],
        [("EMPTY2", False, True)],
        [],
        [("UNINDENT", True, True)],
        [("UNINDENT2", True, True)],
        [("NOEXPAND", True, False)],
        [("FILE1", False, True), ("FILE2", False, True)],
        [("X", False, True), ("Y", False, True)],
        [("COMPLEX", False, True)],
        [("file.txt", False, True)],
        [("eof", False, False)],
        [("eo'f", False, True)],
        [("eo'f", False, False)],
        [("one two", False, False)],
        [("$EOF", False, True)],
        [("EOF", False, True)],
        [("EOF", False, True)],
        [("EOF", True, True)],
        [("-EOF", False, True)],
    ]


def test_line_that_does_not_lex_opens_no_heredoc_as_in_buildkit() -> None:
    # heredocsFromLine ignores the lexer's error: an unterminated quote anywhere means no
    # heredoc at all, so the next line is an instruction again.
    for line in ("RUN <<'EOF", "RUN <<EOF it's", 'RUN <<EOF "x'):
        assert spans(f"FROM alpine\n{line}\nLABEL a=b\n") == [
            ("FROM", 1, 1),
            ("RUN", 2, 2),
            ("LABEL", 3, 3),
        ]


def test_heredoc_with_file_descriptor_and_redirect() -> None:
    text = "FROM alpine\nRUN python3 - 3<<EOT > /out\nprint('x')\nEOT\nLABEL a=b\n"
    assert spans(text) == [("FROM", 1, 1), ("RUN", 2, 4), ("LABEL", 5, 5)]


def test_heredoc_marker_in_json_form_or_quotes_is_not_a_heredoc() -> None:
    text = 'FROM alpine\nRUN ["sh", "-c", "cat <<EOF"]\nRUN echo "<<EOF"\nLABEL a=b\n'
    assert spans(text) == [("FROM", 1, 1), ("RUN", 2, 2), ("RUN", 3, 3), ("LABEL", 4, 4)]


def test_herestring_is_not_a_heredoc() -> None:
    assert spans("FROM alpine\nRUN cat <<<EOF\nLABEL a=b\n") == [
        ("FROM", 1, 1),
        ("RUN", 2, 2),
        ("LABEL", 3, 3),
    ]


def test_unterminated_heredoc_is_a_problem() -> None:
    parsed = parse("FROM alpine\nRUN <<EOF\necho hi\n")
    assert [(p.line, p.message) for p in parsed.problems] == [
        (2, "unterminated heredoc `EOF`: no line `EOF` closes it")
    ]


def test_onbuild_heredoc() -> None:
    text = "FROM alpine\nONBUILD RUN <<EOF\nFROM x\nEOF\nLABEL a=b\n"
    assert spans(text) == [("FROM", 1, 1), ("ONBUILD", 2, 4), ("LABEL", 5, 5)]


# --------------------------------------------------------------------------- JSON form


def test_json_form_is_recognised() -> None:
    parsed = parse('FROM alpine\nCMD ["echo", "hi"]\nRUN [ "not json\n')
    assert parsed.instructions[1].json_args == ("echo", "hi")
    assert parsed.instructions[2].json_args is None


def test_json_array_with_non_strings_is_a_problem() -> None:
    parsed = parse('FROM alpine\nCMD ["echo", 1]\n')
    assert [p.message for p in parsed.problems] == [
        "CMD: when using JSON array syntax, arrays must be comprised of strings only"
    ]


# --------------------------------------------------------------------------- stages


def test_stages_bases_and_aliases() -> None:
    model = load(
        """
        FROM --platform=$BUILDPLATFORM golang:1.22 AS Build
        FROM build AS test
        FROM scratch
        FROM final-later
        FROM alpine AS final-later
        """
    )
    summary = [(s.index, s.name, s.base, s.base_kind, s.base_stage) for s in model.stages]
    assert summary == [
        (0, "build", "golang:1.22", "image", None),
        (1, "test", "build", "stage", 0),
        (2, None, "scratch", "scratch", None),
        (3, None, "final-later", "image", None),
        (4, "final-later", "alpine", "image", None),
    ]
    assert model.stages[0].platform == "$BUILDPLATFORM"


def test_global_args_resolve_from_and_build_args_override() -> None:
    text = """
        ARG REGISTRY=docker.io
        ARG IMAGE=${REGISTRY}/library/python
        ARG TAG
        FROM ${IMAGE}:${TAG:-3.12}
        """
    assert load(text).stages[0].base == "docker.io/library/python:${TAG:-3.12}"
    assert load(text).stages[0].base_unresolved == ("TAG",)
    assert load(text, TAG="3.13").stages[0].base == "docker.io/library/python:3.13"
    resolved = load(text, REGISTRY="ghcr.io", TAG="3.11").stages[0]
    assert (resolved.base, resolved.base_kind) == ("ghcr.io/library/python:3.11", "image")


def test_undeclared_variable_in_from_expands_to_empty() -> None:
    model = load("FROM ${REGISTRY}alpine:3\n")
    assert (model.stages[0].base, model.stages[0].base_kind) == ("alpine:3", "image")
    assert model.external_images[0].unset == ("REGISTRY",)


def test_external_images_from_copy_and_mount() -> None:
    model = load(
        """
        FROM golang:1.22 AS build
        FROM alpine:3.20
        COPY --from=build /out /out
        COPY --from=0 /out /out2
        COPY --from=busybox:1.36 /bin/busybox /bin/
        RUN --mount=type=bind,from=ghcr.io/acme/tools:1,source=/t,target=/t \\
            --mount=type=cache,target=/root/.cache true
        RUN --mount=from=build,target=/b true
        """
    )
    images = [(i.kind, i.text, i.line, i.column) for i in model.external_images]
    assert images == [
        ("FROM", "golang:1.22", 1, 6),
        ("FROM", "alpine:3.20", 2, 6),
        ("COPY --from", "busybox:1.36", 5, 13),
        ("RUN --mount from", "ghcr.io/acme/tools:1", 6, 28),
    ]


def test_from_problems() -> None:
    model = load(
        """
        FROM alpine AS 1bad
        FROM alpine extra
        FROM --network=host alpine
        FROM alpine AS dup
        FROM alpine AS dup
        """
    )
    assert [(p.line, p.message) for p in model.problems] == [
        (
            1,
            'invalid name for build stage: "1bad", name can\'t start with a number or contain symbols',
        ),
        (2, "FROM requires either one or three arguments"),
        (3, "FROM: unknown flag: --network"),
        (5, 'duplicate stage name "dup"'),
    ]


def test_instructions_before_from_and_unknown_instructions() -> None:
    model = load("RUN true\nFROM alpine\nFROBNICATE x\n")
    assert [(p.line, p.message) for p in model.problems] == [
        (
            1,
            "RUN before the first FROM: no build stage in current context (only ARG may come "
            "before FROM)",
        ),
        (3, "unknown instruction: FROBNICATE"),
    ]


# --------------------------------------------------------------------------- labels


def test_labels_quotes_escapes_and_legacy_form() -> None:
    text = r"""
        FROM alpine
        LABEL "com.example.quoted"="two words" single='$NOT_EXPANDED' escaped="say \"hi\""
        LABEL com.example.legacy a value with spaces
        LABEL com.example.empty= com.example.backslash=a\ b
        """
    assert labels(text) == {
        "com.example.quoted": "two words",
        "single": "$NOT_EXPANDED",
        "escaped": 'say "hi"',
        "com.example.legacy": "a value with spaces",
        "com.example.empty": "",
        "com.example.backslash": "a b",
    }


def test_label_substitution_from_arg_and_env() -> None:
    text = """
        FROM scratch
        ARG VERSION=1.0
        ENV NAME=app
        LABEL v=$VERSION n=${NAME} both="${NAME}-${VERSION}" dflt=${MISSING:-none} alt=${NAME:+set}
        """
    assert labels(text) == {
        "v": "1.0",
        "n": "app",
        "both": "app-1.0",
        "dflt": "none",
        "alt": "set",
    }
    assert labels(text, VERSION="2.0")["v"] == "2.0"


def test_env_overrides_arg_of_the_same_name() -> None:
    text = "FROM scratch\nARG X=arg\nENV X=env\nARG X=again\nLABEL x=$X\n"
    assert labels(text) == {"x": "env"}


def test_global_arg_must_be_redeclared_in_the_stage() -> None:
    text = "ARG V=1\nFROM scratch\nLABEL before=${V:-unset}\nARG V\nLABEL after=$V\n"
    assert labels(text) == {"before": "unset", "after": "1"}


def test_arg_without_value_is_unresolved_not_guessed() -> None:
    model = load("FROM alpine\nARG LICENSE\nLABEL org.opencontainers.image.licenses=$LICENSE\n")
    label = model.stages[0].labels[0]
    assert (label.value, label.unresolved) == (None, ("LICENSE",))


def test_unknown_variable_in_stage_on_external_base_is_unresolved() -> None:
    model = load("FROM python:3.12\nLABEL v=$PYTHON_VERSION\n")
    assert model.stages[0].labels[0].unresolved == ("PYTHON_VERSION",)


def test_unknown_variable_on_scratch_is_empty() -> None:
    assert labels("FROM scratch\nLABEL v=x$UNDEFINED\n") == {"v": "x"}


def test_pattern_substitutions() -> None:
    text = "FROM scratch\nARG F=archive.tar.gz\nLABEL a=${F%.*} b=${F%%.*} c=${F#*.} d=${F##*.} e=${F/tar/zip}\n"
    assert labels(text) == {
        "a": "archive.tar",
        "b": "archive",
        "c": "tar.gz",
        "d": "gz",
        "e": "archive.zip.gz",
    }


def test_labels_are_inherited_through_stages_and_last_one_wins() -> None:
    text = """
        FROM alpine AS base
        LABEL a=base b=base
        FROM base AS middle
        LABEL b=middle
        FROM base AS other
        LABEL c=other
        FROM middle
        LABEL a=final
        LABEL a=really-final
        """
    model = load(text)
    found, unknown_base = model.effective_labels(model.stages[-1])
    assert {k: (v.value, v.stage_index) for k, v in found.items()} == {
        "a": ("really-final", 3),
        "b": ("middle", 1),
    }
    assert unknown_base == "alpine"
    assert labels(text, stage=2) == {"a": "base", "b": "base", "c": "other"}


def test_env_is_inherited_between_stages_but_args_are_not() -> None:
    text = "FROM scratch AS a\nENV E=env\nARG A=arg\nFROM a\nLABEL e=$E a=${A:-none}\n"
    assert labels(text) == {"e": "env", "a": "none"}


def test_label_positions_follow_continuations() -> None:
    text = 'FROM alpine\nLABEL a=1 \\\n      org.opencontainers.image.licenses="MIT/X"\n'
    label = dockerfile.load(text).stages[0].labels[1]
    assert (label.line, label.column) == (3, 7)
    assert (label.value_line, label.value_column) == (3, 42)
    assert label.value_columns[3] == 45  # the `/`


def test_label_problems() -> None:
    model = load('FROM alpine\nLABEL onlykey\nLABEL a=b c\nLABEL =x\nLABEL a="open\n')
    assert [(p.line, p.message) for p in model.problems] == [
        (2, "LABEL must have two arguments"),
        (3, 'LABEL: syntax error - can\'t find = in "c". Must be of the form: name=value'),
        (4, "LABEL names can not be blank"),
        (
            5,
            'LABEL: failed to process `"open`: unexpected end of statement while looking for matching double-quote',
        ),
    ]


def test_hostile_bytes_never_raise() -> None:
    for text in (
        "\x00\x01\x02",
        "FROM \udcff",
        "FROM a\nLABEL ${\n",
        "LABEL $}{\nFROM",
        "\\\n" * 50,
    ):
        model = dockerfile.load(text)
        assert isinstance(model.problems, tuple)


# --------------------------------------------------------------------------- JSON form

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_JSON, max_size=5), st.sampled_from(["", " ", "\n", "\t ", " x", "]", ","]))
def test_json_form_is_recognised_as_gos_json_unmarshal_does(items: list, tail: str) -> None:
    text = json.dumps(items) + tail
    decoded = dockerfile.decode_json_array(text)
    if tail.strip():
        assert decoded is None  # Go refuses anything after the array
    else:
        strings = [item for item in items if isinstance(item, str)]
        assert decoded == (tuple(strings), len(strings) == len(items))
