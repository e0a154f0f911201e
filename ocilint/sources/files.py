"""Read-only access to the files of an image layout: a directory, or a tar archive read in place.

Archives are never extracted: members are located from their headers and only the small JSON
documents an image needs are read, each with a size limit. Layer blobs are never read.
"""

from __future__ import annotations

import os
import posixpath
import tarfile
from typing import IO, Protocol

from ocilint.errors import InputError


class Files(Protocol):
    where: str

    def read(self, name: str, limit: int) -> bytes:
        """The content of `name` (a relative POSIX path), refusing more than `limit` bytes."""
        ...

    def exists(self, name: str) -> bool: ...


def _read_limited(stream: IO[bytes], limit: int, where: str, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"`{name}` is larger than the {limit:,}-byte limit for image documents", where
        )
    return data


class DirectoryFiles:
    def __init__(self, root: str, where: str) -> None:
        self.root = root
        self.where = where

    def _path(self, name: str) -> str:
        return os.path.join(self.root, *name.split("/"))

    def exists(self, name: str) -> bool:
        return os.path.isfile(self._path(name))

    def read(self, name: str, limit: int) -> bytes:
        try:
            with open(self._path(name), "rb") as file:
                return _read_limited(file, limit, self.where, name)
        except FileNotFoundError:
            raise InputError(f"missing `{name}`", self.where) from None
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


class ArchiveFiles:
    """A tar archive (optionally compressed), indexed by member name without reading data."""

    def __init__(self, path: str, where: str) -> None:
        self.where = where
        try:
            self.tar = tarfile.open(path, mode="r:*")  # noqa: SIM115 - closed by close()
        except FileNotFoundError:
            raise InputError("no such file", where) from None
        except IsADirectoryError:
            raise InputError(
                "is a directory, not an archive (use oci:DIR for a layout)", where
            ) from None
        except tarfile.ReadError:
            raise InputError("not a tar archive (plain, gzip, bzip2 or xz)", where) from None
        except (tarfile.TarError, OSError) as error:
            raise InputError(f"not a readable tar archive: {error}", where) from None
        self.members: dict[str, tarfile.TarInfo] = {}
        try:
            for member in self.tar:
                safe = _safe_member_name(member.name)
                if safe is None:
                    raise InputError(
                        f"archive member `{member.name}` has an absolute path or `..`; "
                        "refusing the archive",
                        where,
                    )
                self.members.setdefault(safe, member)
        except (tarfile.TarError, OSError, EOFError) as error:
            raise InputError(f"damaged tar archive: {error}", where) from None

    def exists(self, name: str) -> bool:
        member = self.members.get(name)
        return member is not None and member.isfile()

    def read(self, name: str, limit: int) -> bytes:
        member = self.members.get(name)
        if member is None:
            raise InputError(f"archive has no `{name}`", self.where)
        if not member.isfile():
            raise InputError(
                f"archive member `{name}` is not a regular file (links are not followed)",
                self.where,
            )
        if member.size > limit:
            raise InputError(
                f"`{name}` is larger than the {limit:,}-byte limit for image documents", self.where
            )
        stream = self.tar.extractfile(member)
        if stream is None:
            raise InputError(f"cannot read archive member `{name}`", self.where)
        with stream:
            return _read_limited(stream, limit, self.where, name)

    def close(self) -> None:
        self.tar.close()
