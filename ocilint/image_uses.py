"""Parsed image references of a subject, shared by the reference rules."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from ocilint.model import ImageUse, ImageUseKind
from ocilint.reference import InvalidReference, Reference, parse_normalized

UNSUPPORTED_ALGORITHM = "unsupported digest algorithm"


@functools.lru_cache(maxsize=1024)
def _parse(text: str) -> Reference | InvalidReference:
    try:
        return parse_normalized(text)
    except InvalidReference as error:
        return error


# The engine runs every rule on one subject before the next, so the parses of the last
# subject's uses are kept for the dozen reference rules (a bounded cache would thrash on a
# file naming more images than it holds).
_last_uses: list[Any] = [None, ()]


def parsed_uses(subject: Any) -> Iterator[tuple[ImageUse, Reference | InvalidReference]]:
    """Each checkable image use with its parse: a Reference, or the InvalidReference error."""
    uses = getattr(subject, "image_uses", ())
    if _last_uses[0] is not uses:
        parsed = tuple((use, _parse(use.text)) for use in uses if not use.unresolved)
        _last_uses[:] = [uses, parsed]
    yield from _last_uses[1]


def pulled_uses(subject: Any) -> Iterator[tuple[ImageUse, Reference]]:
    """Valid references of images the build pulls (not the names it pushes)."""
    for use, reference in valid_uses(subject):
        if use.kind is not ImageUseKind.PUSH:
            yield use, reference


def valid_uses(subject: Any) -> Iterator[tuple[ImageUse, Reference]]:
    for use, parsed in parsed_uses(subject):
        if isinstance(parsed, Reference):
            yield use, parsed
