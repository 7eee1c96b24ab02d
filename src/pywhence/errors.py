"""The exceptions pywhence raises: one base, narrow subclasses that carry the culprit."""

from __future__ import annotations

__all__ = [
    "InterpreterNotFound",
    "PywhenceError",
    "RootEscapeError",
    "UsageError",
    "WorldError",
]


class PywhenceError(Exception):
    """Base of every error pywhence raises on purpose.

    ``str(error)`` is a single line that names the culprit (a path, a key, a flag), so
    the CLI can print it as is.
    """

    def __init__(self, message: str, culprit: str | None = None) -> None:
        super().__init__(message)
        self.culprit = culprit


class UsageError(PywhenceError):
    """The caller asked for something that does not make sense (CLI exit code 2)."""


class InterpreterNotFound(PywhenceError):
    """The --python target is missing, not executable, or not a CPython we can read."""

    #: The interpreter to pass instead, when the culprit names one (a console script's
    #: ``#!`` line): the CLI turns it into a ready command.
    python_hint: str | None = None


class WorldError(PywhenceError):
    """A world file (or its contents) is malformed."""


class RootEscapeError(PywhenceError):
    """A path under --root tried to leave the root (through ``..`` or a symlink)."""
