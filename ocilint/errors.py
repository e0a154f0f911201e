"""Errors that end a run with exit status 2 and one line on standard error."""

from __future__ import annotations


class OcilintError(Exception):
    """An error the user can act on. `str()` is the whole message, without a traceback."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        # Always one line: messages may quote input or library errors that contain newlines.
        return " ".join(f"{where}{self.message}".split())


class UsageError(OcilintError):
    """Bad command-line arguments."""


class ConfigError(OcilintError):
    """A configuration file that cannot be used."""


class InputError(OcilintError):
    """A file or reference that cannot be read or is not what ocilint can check."""


class PluginError(OcilintError):
    """A plugin that cannot be loaded or breaks the plugin contract."""
