"""OCL114 spaced-assignment: `LABEL key = value` sets the value `= value`."""

from tests.conftest import lint, problems

CODE = "OCL114"
SELECT = [CODE]


def test_docstring_example() -> None:
    [finding] = lint(
        """
        FROM scratch
        LABEL org.opencontainers.image.description = "My app"
        """,
        SELECT,
    )
    assert (finding.location.line, finding.location.column) == (2, 43)
    assert finding.message == (
        '`LABEL org.opencontainers.image.description = "My app"` sets '
        "`org.opencontainers.image.description` to a value that starts with `=`: with a space "
        "before it, `=` is part of the value"
    )
    assert finding.fix == 'write `org.opencontainers.image.description="My app"`'
    assert finding.autofix is not None
    [edit] = finding.autofix.edits
    assert (edit.line, edit.column, edit.end_line, edit.end_column) == (2, 43, 2, 46)
    assert (edit.original, edit.replacement) == (" = ", "=")


def test_forms() -> None:
    src = """
        FROM scratch
        ENV PATH =/opt/bin:$PATH
        LABEL a = b c
        LABEL b \\
          = c
        ENV C= d
        """
    found = [
        (f.location.line, f.fix, len(f.autofix.edits) if f.autofix else 0)
        for f in lint(src, SELECT)
    ]
    assert found == [
        (2, "write `PATH=/opt/bin:$PATH`", 1),
        (3, "remove the spaces around `=` (and quote the value if it has spaces)", 0),
        (4, "write `b=c`", 0),  # the edit would join lines
    ]


def test_passes() -> None:
    src = """
        FROM scratch
        LABEL a=b "c d"="e = f"
        LABEL legacy value with = inside
        ENV A B
        ENV C=
        """
    assert problems(src, SELECT) == []


def test_pragma_silences_it() -> None:
    src = """
        FROM scratch
        # ocilint: ignore=OCL114
        LABEL a = b
        """
    assert problems(src, SELECT) == []
