"""`org.opencontainers.image.created` is not an RFC 3339 date-time.

## What it does
Checks that `org.opencontainers.image.created` is a date and time as RFC 3339 section 5.6
defines it: `YYYY-MM-DDTHH:MM:SS`, optional fractional seconds, and `Z` or a `±HH:MM` offset,
with a real calendar date and time.

## Why is this bad?
The image-spec requires RFC 3339. Tools that sort or display build dates fail or show nothing
for `2024-01-01`, `1700000000` or `Mon Jan 1 00:00:00 UTC 2024`. `LABEL` does not run
commands, so `$(date …)` stays literal text.

## Example
    LABEL org.opencontainers.image.created="2024-05-01 10:00"

Use instead:
    ARG BUILD_DATE
    LABEL org.opencontainers.image.created=$BUILD_DATE

with `docker build --build-arg BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)`.

## References
- [RFC 3339 section 5.6](https://www.rfc-editor.org/rfc/rfc3339#section-5.6)
"""

import re
from collections.abc import Iterator

from ocilint.annotations import TIMESTAMP_KEYS, describe_origin, resolved_entries, shorten
from ocilint.fixes.spans import value_edit
from ocilint.model import Edit, Finding, Fix, MetadataEntry, Options, Severity

CODE = "OCL107"
NAME = "invalid-label-timestamp"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "image")

_DATE_TIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[Tt]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.\d+)?"
    r"(?:[Zz]|[+-](?P<oh>\d{2}):(?P<om>\d{2}))\Z",
    re.ASCII,
)
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


_NEAR_MISS = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<hm>\d{2}:\d{2})(?P<s>:\d{2}(?:\.\d+)?)?"
    r"\s*(?P<zone>[Zz]|UTC|[+-]\d{2}:?\d{2})?\Z",
    re.ASCII,
)


def _repair(value: str) -> str | None:
    """The RFC 3339 form of a near miss such as `2024-05-01 10:00` (assumed UTC)."""
    match = _NEAR_MISS.match(value.strip())
    if match is None:
        return None
    zone = match["zone"] or "Z"
    if zone in ("UTC", "z"):
        zone = "Z"
    elif zone != "Z" and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    return f"{match['date']}T{match['hm']}{match['s'] or ':00'}{zone}"


def problem(value: str) -> tuple[str, str | None] | None:
    match = _DATE_TIME.match(value)
    if match is None:
        if _DATE_ONLY.match(value):
            return "is a date without a time", f"{value}T00:00:00Z"
        if "$(" in value or "`" in value:
            return "contains a command substitution, which LABEL does not run", None
        if " " in value and _DATE_TIME.match(value.replace(" ", "T", 1)):
            return "separates date and time with a space", value.replace(" ", "T", 1)
        if _DATE_TIME.match(value + "Z"):
            return "has no time zone", value + "Z"
        repaired = _repair(value)
        if repaired and problem(repaired) is None:
            return "is not an RFC 3339 date-time", repaired
        return "is not an RFC 3339 date-time", None
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return "is not a real calendar date", None
    if int(match["hour"]) > 23 or int(match["minute"]) > 59 or int(match["second"]) > 60:
        return "is not a real time of day", None
    if match["oh"] is not None and (int(match["oh"]) > 23 or int(match["om"]) > 59):
        return "has an invalid time-zone offset", None
    return None


def check(subject: object, options: Options) -> Iterator[Finding]:
    for entry in resolved_entries(getattr(subject, "metadata", ()), TIMESTAMP_KEYS):
        assert entry.value is not None
        if not entry.value.strip():
            continue
        found = problem(entry.value)
        if found is None:
            continue
        what, suggestion = found
        yield Finding(
            CODE,
            entry.value_location,
            f"`{entry.key}` value `{shorten(entry.value)}` {what}{describe_origin(entry)}",
            autofix=Fix.use(suggestion, _edit(subject, entry, what, suggestion))
            if suggestion
            else Fix("use a date-time like 2024-05-01T10:00:00Z"),
        )


def _edit(subject: object, entry: MetadataEntry, what: str, suggestion: str) -> Edit | None:
    """Only the separator repair is made by `ocilint fix`: the others assume a time or a zone."""
    if what != "separates date and time with a space" or entry.value is None:
        return None
    return value_edit(subject, entry, 0, len(entry.value), suggestion)
