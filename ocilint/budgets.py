"""How much work one image may cost: checked before the work, one clear error when exceeded.

A registry (or a layout on disk) controls the image graph: an index can list the same manifest
thousands of times, nest indexes, or serve documents of any size. `Budgets` is the one small
value every image source can take; sources count against it and raise `BudgetExceeded`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocilint.errors import InputError


@dataclass(frozen=True, slots=True)
class Budgets:
    """Limits per image graph (one image-ref argument). Defaults fit the largest real images
    (a multi-platform index with attestations is a few dozen documents) many times over."""

    documents: int = 1_000  # manifests, indexes and configs read, a repeated digest each time
    requests: int = 2_000  # HTTP requests, including token requests and retries
    document_bytes: int = 4 * 1024 * 1024  # one manifest or index (configs: MAX_CONFIG_BYTES)
    total_bytes: int = 64 * 1024 * 1024  # all documents of the graph together
    index_depth: int = 4  # indexes nested in indexes


DEFAULT_BUDGETS = Budgets()


class BudgetExceeded(InputError):
    """An image graph asked for more than its budget allows."""
