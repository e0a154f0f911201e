"""How much work one input may cause: bytes read, archive members walked, documents per image.

Every budget is checked before or while the work is done (never after reading everything), and
exceeding one ends that input with one clear error (exit status 2); the other inputs of the run
are still checked. The defaults are far above what real inputs need (see the README's
"Limits on hostile input" section for the largest real inputs measured against each).
"""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True, slots=True)
class Budgets:
    """Limits for files, standard input, archives and image graphs."""

    # A Dockerfile read from a file, standard input or `--dockerfile`. The largest of the
    # 2,232 Dockerfiles in the test corpus is 15 KB; the parser's own caps (200,000
    # instructions, 100,000 stages) fit in about 16 MiB.
    dockerfile_bytes: int = 16 * MIB
    # A JSON document named on the command line (`docker inspect` output of many images).
    json_file_bytes: int = 64 * MIB
    # Manifests, indexes and configs inside layouts, archives and registries: containers/image's
    # limits (pkg/iolimits).
    manifest_bytes: int = 4 * MIB
    config_bytes: int = 4 * MIB
    # Tar archives (`oci-archive:`, `docker-archive:`): members walked, and bytes decompressed
    # from a compressed archive while walking (an uncompressed archive is skipped through by
    # seeking, which costs nothing).
    archive_members: int = 20_000
    archive_decompressed_bytes: int = 1024 * MIB
    # JSON documents kept in memory from a compressed archive while walking it.
    archive_kept_bytes: int = 64 * MIB
    # One image graph (an index, its nested indexes, manifests and configs): distinct documents
    # read, and how deep indexes may nest. A repeated digest is read and checked once.
    image_documents: int = 1_000
    index_depth: int = 4


DEFAULT_BUDGETS = Budgets()
