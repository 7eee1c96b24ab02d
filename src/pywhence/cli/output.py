"""What every ``pywhence`` command shares on the way out: exit statuses, one-line errors.

The statuses are documented in :mod:`pywhence.cli` (and in ``--help`` and the README);
:func:`_write` never lets a path the output stream cannot encode crash the command
(undecodable file names arrive as surrogates).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

__all__ = ["EXIT_ERROR", "EXIT_FATAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "PROG"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_FATAL = 3
EXIT_INTERRUPTED = 130

PROG = "pywhence"


def _write(stream: IO[str] | None, text: str) -> None:
    """Write *text*, escaping what the stream's encoding cannot carry (undecodable
    file names arrive as surrogates; a path must never crash the output).

    A stream closed before pywhence started (``pywhence path >&-``) is None in
    ``sys``: that is a closed pipe (BrokenPipeError, exit status 1, no message).
    """
    if stream is None:
        raise BrokenPipeError(32, "the output stream was closed before pywhence started")
    try:
        stream.write(text)
    except UnicodeEncodeError:
        enc = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(enc, "backslashreplace").decode(enc, "replace"))
    stream.flush()


def _error(message: str) -> None:
    _note(f"{PROG}: error: {message}\n")


def _note(text: str) -> None:
    """Write *text* to stderr if it can be: a closed or broken stderr (``2>&-``) loses
    the message, never the exit status."""
    try:
        _write(sys.stderr, text)
    except (OSError, ValueError):
        pass
