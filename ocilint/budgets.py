"""How much work one input may cost: checked before (or while) the work is done, never after
reading everything, with one clear error when exceeded.

A registry (or a layout on disk) controls the image graph: an index can list the same manifest
thousands of times, nest indexes, or serve documents of any size. Files, standard input and
archives come from strangers too. `Budgets` is the one small value every source can take;
sources count against it and raise `BudgetExceeded`, which ends that input only: the other
inputs of the run are still checked. The defaults are far above what real inputs need (see the
README's "Limits and hostile input" section for the largest real inputs measured against each).

Each field can be set in the configuration's `[limits]` table (`[tool.ocilint.limits]` in
`pyproject.toml`), spelt in kebab-case (`document_bytes` is `document-bytes`): a positive
integer, at most `MAX_LIMIT`. `ocilint.config` builds the run's `Budgets` from it, the command
line hands it to every source (in `LoadContext.budgets`), and every error for a budget
exceeded ends with `hint(field)`, which names the key to raise.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocilint.errors import InputError

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True, slots=True)
class Budgets:
    """Limits per input: a file, a stream, an archive, or an image graph (one image-ref)."""

    # --- image graphs. Defaults fit the largest real images (a multi-platform index with
    # attestations is a few dozen documents) many times over.
    documents: int = 1_000  # manifests, indexes and configs read (a layout reads a digest once)
    requests: int = 2_000  # HTTP requests, including token requests and retries
    document_bytes: int = 4 * MIB  # one manifest or index (containers/image's limit)
    config_bytes: int = 4 * MIB  # one image config (containers/image's limit)
    total_bytes: int = 64 * MIB  # all documents of the graph together
    index_depth: int = 4  # indexes nested in indexes

    # --- files and streams named on the command line. The largest of the 2,232 Dockerfiles
    # in the test corpus is 15 KB; the parser's own caps (200,000 instructions, 100,000
    # stages) fit in about 16 MiB.
    dockerfile_bytes: int = 16 * MIB  # a file, standard input or `--dockerfile`
    json_file_bytes: int = 64 * MIB  # a JSON document (`docker inspect` output of many images)

    # --- tar archives (`oci-archive:`, `docker-archive:`). An uncompressed archive is walked
    # by seeking past member data, which costs nothing; a compressed one must be decompressed.
    archive_members: int = 20_000  # members walked
    archive_decompressed_bytes: int = 1024 * MIB  # decompressed while walking
    archive_kept_bytes: int = 64 * MIB  # JSON kept in memory from a compressed archive


DEFAULT_BUDGETS = Budgets()
# The largest value the configuration accepts for any budget: past it a number is a mistake
# (a tebibyte of manifests, a trillion archive members), not a need.
MAX_LIMIT = 2**40


def config_key(field: str) -> str:
    """The configuration key of a `Budgets` field: `document_bytes` is `document-bytes`."""
    return field.replace("_", "-")


def hint(field: str) -> str:
    """The end of an error line for the budget `field` exceeded: which key raises it."""
    return f" (raise `limits.{config_key(field)}` in the configuration)"


class BudgetExceeded(InputError):
    """An input asked for more than its budget allows."""
