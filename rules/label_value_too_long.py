"""Label value longer than the registry shows.

## What it does
Checks the length, in characters (not bytes), of label values that have a limit. By default:
`org.opencontainers.image.description` at most 512 characters and
`org.opencontainers.image.licenses` at most 256, the limits of GitHub Container Registry.

## Why is this bad?
GitHub Container Registry does not show a description or license list over its limit, so the
package page ends up without them.

## Example
    LABEL org.opencontainers.image.description="…600 characters…"

Use instead: a description of at most 512 characters; put the long text in the README.

## Options
- `limits`: a table of label key → maximum number of characters.

## References
- [GitHub: labelling container images](https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry#labelling-container-images)
"""

from collections.abc import Iterator

from ocilint.annotations import DESCRIPTION, LICENSES, describe_origin, resolved_entries
from ocilint.model import Finding, Options, Severity
from ocilint.reporters import plural

CODE = "OCL102"
NAME = "label-value-too-long"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "image")
DEFAULTS = {"limits": {DESCRIPTION: 512, LICENSES: 256}}


def check(subject: object, options: Options) -> Iterator[Finding]:
    limits = options["limits"]
    for entry in resolved_entries(getattr(subject, "metadata", ()), limits):
        assert entry.value is not None
        limit = limits[entry.key]
        length = len(entry.value)
        if length > limit:
            yield Finding(
                CODE,
                entry.value_position(limit),
                f"`{entry.key}` is {length} characters long{describe_origin(entry)}; "
                f"the limit is {limit}",
                fix=f"shorten it by {plural(length - limit, 'character')}",
            )
