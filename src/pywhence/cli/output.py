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


def _write(stream: IO[str], text: str) -> None:
    """Write *text*, escaping what the stream's encoding cannot carry (undecodable
    file names arrive as surrogates; a path must never crash the output)."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        enc = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(enc, "backslashreplace").decode(enc, "replace"))
    stream.flush()


def _error(message: str) -> None:
    _write(sys.stderr, f"{PROG}: error: {message}\n")
