"""The errors of :func:`run_path` for a path that cannot be run (Lib/runpy.py's inputs).

``runpy.run_path`` lets whatever its steps raise escape: an :class:`ImportError` from
the ``__main__`` lookup (after searching all of ``sys.path``, CPython gh-75221), a
:class:`SyntaxError` or :class:`ValueError` from compiling a file that is not Python,
:mod:`marshal`'s errors for a damaged ``.pyc``.  Each class here derives from the type
runpy raises for the same input *and* from :class:`RunPathError`, and its message names
the path, so ``except`` clauses written for runpy keep working.
"""

from __future__ import annotations

__all__ = [
    "BadBytecodeError",
    "BadMagicNumberError",
    "CorruptZipError",
    "InvalidScriptError",
    "MainLoadError",
    "MainNotFoundError",
    "RunPathError",
]


class RunPathError(Exception):
    """Base of the errors raised for a path that cannot be run.

    Every subclass also derives from the exception type ``runpy.run_path``
    raises for the same input, so ``except ImportError`` or ``except
    SyntaxError`` written for ``runpy`` still catches it.  ``path`` is the
    path concerned.
    """

    path: str | None


class MainNotFoundError(RunPathError, ImportError):
    """A directory or zipfile has no runnable ``__main__`` module.

    ``runpy`` raises a plain :class:`ImportError` with the same message, but
    only after searching the whole of ``sys.path`` (CPython gh-75221).
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        ImportError.__init__(self, message, name="__main__", path=path)


class MainLoadError(RunPathError, ImportError):
    """The loader of a directory's or zipfile's ``__main__`` failed.

    ``runpy`` reports these as "can't find '__main__' module" when the
    loader's message happens to mention ``__main__`` (for example a stale
    ``__main__.pyc`` with a bad magic number), which hides the real problem.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        ImportError.__init__(self, message, name="__main__", path=path)


class InvalidScriptError(RunPathError, SyntaxError, ValueError):
    """A file is neither Python source nor bytecode of this interpreter.

    ``runpy`` compiles such a file as source and so raises
    :class:`SyntaxError` or :class:`ValueError` (null bytes are a
    ``ValueError`` on older versions and a ``SyntaxError`` on newer ones),
    with a message that does not say which file.  This class is both, so either
    ``except`` clause written for ``runpy`` catches it.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        SyntaxError.__init__(self, message)
        self.path = path

    def __str__(self) -> str:
        return str(self.msg)


class BadMagicNumberError(InvalidScriptError):
    """A ``.pyc`` file was written by another Python version."""


class CorruptZipError(InvalidScriptError):
    """A file looks like a zip archive but zipimport cannot read it."""


class BadBytecodeError(RunPathError, ValueError, EOFError, TypeError):
    """A ``.pyc`` file with this interpreter's magic number holds no code.

    ``runpy`` lets :mod:`marshal`'s :class:`EOFError` or :class:`ValueError`
    escape for a truncated or damaged file, or fails in ``exec`` with a
    :class:`TypeError` when the data is not a code object.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        ValueError.__init__(self, message)
        self.path = path
