"""Read-only access to the files of an image layout: a directory, or a tar archive read in place.

Archives are never extracted: members are located from their headers and only the small JSON
documents an image needs are read, each with a size limit. Layer blobs are never read.
"""

from __future__ import annotations

import lzma
import os
import posixpath
import tarfile
import zlib
from typing import IO, Any, Protocol

from ocilint.budgets import BudgetExceeded, Budgets, hint
from ocilint.errors import InputError
from ocilint.reading import open_regular, read_at_most, size_text
from ocilint.terminal import shorten


class Files(Protocol):
    where: str

    def read(self, name: str, limit: int, budget: str | None = None) -> bytes:
        """The content of `name` (a relative POSIX path), refusing more than `limit` bytes;
        `budget` is the `Budgets` field `limit` comes from, named when it is exceeded."""
        ...

    def exists(self, name: str) -> bool: ...


def _too_large(name: str, limit: int, where: str, budget: str | None) -> BudgetExceeded:
    return BudgetExceeded(
        f"`{name}` is larger than the {limit:,}-byte limit for image documents"
        + (hint(budget) if budget else ""),
        where,
    )


def _read_limited(
    stream: IO[bytes], limit: int, where: str, name: str, budget: str | None
) -> bytes:
    data = read_at_most(stream, limit + 1, where)
    if len(data) > limit:
        raise _too_large(name, limit, where, budget)
    return data


class DirectoryFiles:
    def __init__(self, root: str, where: str) -> None:
        self.root = root
        self.where = where

    def _path(self, name: str) -> str:
        return os.path.join(self.root, *name.split("/"))

    def exists(self, name: str) -> bool:
        return os.path.isfile(self._path(name))

    def read(self, name: str, limit: int, budget: str | None = None) -> bytes:
        path = self._path(name)
        if not os.path.lexists(path):
            raise InputError(f"missing `{name}`", self.where)
        with open_regular(path, self.where, shown=name) as file:  # never blocks on a FIFO
            try:
                return _read_limited(file, limit, self.where, name, budget)
            except OSError as error:
                raise InputError(f"cannot read `{name}`: {error.strerror}", self.where) from None


def _safe_member_name(name: str) -> str | None:
    """The normalised name of a member, or None when it is absolute or climbs out with `..`."""
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    normalised = posixpath.normpath(name)
    if normalised == ".." or normalised.startswith("../") or "/../" in f"/{name}/":
        return None
    return normalised.removeprefix("./")


_COMPRESSIONS = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)


class _Budgeted:
    """A file object for `tarfile` that refuses to go past `limit` bytes of (decompressed) data
    and refuses any single huge read, before doing the work."""

    def __init__(self, inner: Any, limit: int | None, where: str, max_read: int) -> None:
        self.inner = inner
        self.limit = limit
        self.where = where
        # The largest single read: a document's limit. Real PAX and GNU long-name headers are a
        # few hundred bytes; a hostile one declares gigabytes, which `tarfile` reads at once.
        self.max_read = max_read

    def _exceeded(self) -> BudgetExceeded:
        assert self.limit is not None
        return BudgetExceeded(
            f"compressed archive expands past {size_text(self.limit)}, the limit for walking "
            "an archive; decompress it, or use an uncompressed tar"
            + hint("archive_decompressed_bytes"),
            self.where,
        )

    def tell(self) -> int:
        return int(self.inner.tell())

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        target = offset if whence == os.SEEK_SET else self.tell() + offset
        if whence not in (os.SEEK_SET, os.SEEK_CUR):
            return int(self.inner.seek(offset, whence))
        if self.limit is not None and target > self.limit:
            raise self._exceeded()
        return int(self.inner.seek(target))

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self.max_read:
            raise InputError(
                f"damaged or hostile tar archive: a header asks to read {size:,} bytes at once",
                self.where,
            )
        if self.limit is None:
            return bytes(self.inner.read(size))
        allowed = self.limit - self.tell()
        data = bytes(self.inner.read(min(size, max(allowed, 0))))
        if size > allowed and self.inner.read(1):
            raise self._exceeded()
        return data


# What a damaged archive raises: tar's own errors, truncation, and each decompressor's errors
# (zlib's and lzma's are not OSErrors).
_DAMAGED = (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError)


def _looks_like_json(head: bytes) -> bool:
    return head.lstrip(b" \t\r\n")[:1] in (b"{", b"[")


class ArchiveFiles:
    """A tar archive (optionally compressed), indexed by member name without extracting it.

    Walking stops with one error as soon as a budget is exceeded: members counted, bytes
    decompressed (a compressed archive must be decompressed to be walked), and any header's
    size. An uncompressed archive is walked by seeking past member data. From a compressed one
    the small members that look like JSON are kept while walking (within a byte budget), so
    that reading a document later never decompresses the archive again.
    """

    def __init__(self, path: str, where: str, budgets: Budgets) -> None:
        self.where = where
        self.budgets = budgets
        self.members: dict[str, tarfile.TarInfo] = {}
        self.kept: dict[str, bytes] | None = None
        if os.path.isdir(path):
            raise InputError("is a directory, not an archive (use oci:DIR for a layout)", where)
        self.raw = open_regular(path, where)
        try:
            self.tar = self._open(self.raw)
            self._walk()
        except BaseException:
            self.close()
            raise

    def _open(self, raw: IO[bytes]) -> tarfile.TarFile:
        head = raw.read(6)
        raw.seek(0)
        compression = next((name for magic, name in _COMPRESSIONS if head.startswith(magic)), "")
        inner: Any = raw
        if compression == "zstd":
            raise InputError(
                "zstd-compressed archives are not supported (decompress it)", self.where
            )
        if compression == "gzip":
            import gzip

            inner = gzip.GzipFile(fileobj=raw, mode="rb")
        elif compression == "bzip2":
            import bz2

            inner = bz2.BZ2File(raw)
        elif compression == "xz":
            inner = lzma.LZMAFile(raw)  # noqa: SIM115 - closed with the raw file
        limit = self.budgets.archive_decompressed_bytes if compression else None
        if compression:
            self.kept = {}
        try:
            largest = max(self.budgets.document_bytes, self.budgets.config_bytes) + 1
            budgeted: Any = _Budgeted(inner, limit, self.where, largest)
            return tarfile.open(fileobj=budgeted, mode="r:")
        except tarfile.ReadError:
            raise InputError("not a tar archive (plain, gzip, bzip2 or xz)", self.where) from None
        except _DAMAGED as error:
            raise InputError(f"not a readable tar archive: {error}", self.where) from None

    def _walk(self) -> None:
        count = 0
        kept_bytes = 0
        limit = max(self.budgets.document_bytes, self.budgets.config_bytes)
        try:
            while (member := self.tar.next()) is not None:
                self.tar.members.clear()  # type: ignore[attr-defined]  # looked up here, by name
                count += 1
                if count > self.budgets.archive_members:
                    raise BudgetExceeded(
                        f"archive has more than {self.budgets.archive_members:,} members, the "
                        "limit for an image archive" + hint("archive_members"),
                        self.where,
                    )
                safe = _safe_member_name(member.name)
                if safe is None:
                    raise InputError(
                        f"archive member `{shorten(member.name)}` has an absolute path or `..`; "
                        "refusing the archive",
                        self.where,
                    )
                # A name repeated: the last one counts, as when the archive is extracted.
                self.members[safe] = member
                if self.kept is not None:
                    self.kept.pop(safe, None)
                if self.kept is not None and member.isfile() and member.size <= limit:
                    stream = self.tar.extractfile(member)
                    assert stream is not None
                    head = stream.read(64)
                    if _looks_like_json(head) or safe == "oci-layout":
                        kept_bytes += member.size
                        if kept_bytes > self.budgets.archive_kept_bytes:
                            raise BudgetExceeded(
                                "compressed archive holds more than "
                                f"{size_text(self.budgets.archive_kept_bytes)} of JSON "
                                "documents, the limit for an image archive"
                                + hint("archive_kept_bytes"),
                                self.where,
                            )
                        self.kept[safe] = head + stream.read(member.size - len(head))
        except _DAMAGED as error:
            raise InputError(f"damaged tar archive: {error}", self.where) from None

    def exists(self, name: str) -> bool:
        member = self.members.get(name)
        return member is not None and member.isfile()

    def read(self, name: str, limit: int, budget: str | None = None) -> bytes:
        member = self.members.get(name)
        shown = shorten(name)
        if member is None:
            raise InputError(f"archive has no `{shown}`", self.where)
        if not member.isfile():
            raise InputError(
                f"archive member `{shown}` is not a regular file (links are not followed)",
                self.where,
            )
        if member.size > limit:
            raise _too_large(shown, limit, self.where, budget)
        if self.kept is not None:
            if name not in self.kept:
                raise InputError(f"archive member `{shown}` is not a JSON document", self.where)
            return self.kept[name]
        try:
            stream = self.tar.extractfile(member)
            if stream is None:
                raise InputError(f"cannot read archive member `{shown}`", self.where)
            with stream:
                return _read_limited(stream, limit, self.where, shown, budget)
        except _DAMAGED as error:
            raise InputError(f"damaged tar archive: {error}", self.where) from None

    def close(self) -> None:
        tar = getattr(self, "tar", None)
        if tar is not None:
            tar.close()
        self.raw.close()
