"""Text from inputs, made safe to print: file names, tags, platforms, label values, messages.

Hostile inputs carry control characters (an escape sequence that drives the terminal, a newline
that fakes a finding line), bidirectional overrides, and file names that are not UTF-8 (Python
keeps their bytes as lone surrogates, which no encoder accepts). `visible` shows each as an
escape, so what is printed is one line of plain text:

- a byte of a non-UTF-8 file name: `\\xNN` (as `ls -b` shows it);
- any other character that is not printable (C0/C1 controls, DEL, format characters such as
  U+202E, line and paragraph separators): Python's escape, `\\n`, `\\x1b`, `\\u202e`;
- a backslash stays as it is (so the form is for reading, not a reversible encoding).

`json_text` applies the same to a JSON document produced with `ensure_ascii=False`, so JSON,
SARIF and GitLab reports are valid UTF-8 and free of raw control characters.
"""

from __future__ import annotations

import contextlib
import re

# What JSON leaves raw with ensure_ascii=False and a terminal must not see raw: lone surrogates
# (from non-UTF-8 file names), C1 controls and DEL, and invisible format/separator characters.
_UNSAFE_IN_JSON = re.compile(
    "[\ud800-\udfff\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return char.encode("unicode_escape", errors="backslashreplace").decode("ascii")


def visible(text: str) -> str:
    """`text` with every non-printable character escaped (see the module documentation)."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\\\x{code - 0xDC00:02x}"  # the file name's byte, as `\xNN` text
    return f"\\u{code:04x}"  # the same character, escaped the JSON way


def json_text(document: str) -> str:
    """A JSON document (from `json.dumps(..., ensure_ascii=False)`) made safe and encodable.

    Control and format characters become JSON escapes (same value); a non-UTF-8 file name's
    bytes become the text `\\xNN`, as `visible` shows them. Only characters inside strings
    are affected: JSON's own syntax is ASCII.
    """
    if document.isascii() and "\x7f" not in document:  # the common case, in two C scans
        return document
    return _UNSAFE_IN_JSON.sub(_json_escape, document)


def silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's final flush of what could not be
    written (a closed pipe, a full disk) fails no more."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def write_stdout(text: str) -> None:
    """Write the report to standard output; a closed pipe propagates (the caller exits quietly,
    as Unix tools do), any other failure is one clear error."""
    import sys

    from ocilint.errors import OcilintError

    stream = sys.stdout
    if stream is None:
        raise OcilintError("cannot write the report: standard output is closed")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        silence_stdout()
        raise OcilintError(
            f"cannot write the report to standard output: {error.strerror or error}"
        ) from None


def shorten(text: str, limit: int = 120) -> str:
    """`text` cut to `limit` characters (with `…`): an input quoted in a message stays short."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def some(items: list[str], limit: int = 10, empty: str = "none") -> str:
    """Up to `limit` items, comma-separated, and how many more there are."""
    if not items:
        return empty
    shown = ", ".join(shorten(item) for item in items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit:,} more"


def warn(line: str) -> None:
    """Print one error line to standard error: redacted, capped and terminal-safe
    (`ocilint.redact.error_line`), a non-UTF-8 name's bytes as `\\xNN`. A closed or full
    standard error is ignored (there is nowhere left to say anything)."""
    import sys

    from ocilint.redact import error_line

    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(visible(error_line(line)), file=sys.stderr, flush=True)
