"""What CPython's startup does with a file that is no regular file, predicted unread.

getpath reads ``pyvenv.cfg``, ``._pth`` and ``pybuilddir.txt`` with a blocking
``_Py_wfopen`` + ``fread``/``fgets`` (``Modules/getpath.c``, ``Python/pathconfig.c``);
``Lib/site.py`` reads each ``.pth`` file with ``io.open_code``.  On a hostile disk those
files can be a FIFO, a device or a socket.  pywhence never opens them
(:mod:`pywhence.disk.fileio` refuses them with a ``NotRegularFileError`` that says what
a read would do); this module turns the refusal into what CPython would do:

* a FIFO (or a terminal): ``open()`` waits for a writer, startup never ends --
  :class:`StartupHangs`, which the orchestration reports as ``fatal``;
* ``/dev/zero`` and ``/dev/full`` (endless NUL bytes), ``/dev/[u]random``: getpath's
  ``readlines`` (3.11+) fills its 32 KiB buffer and fails with MemoryError, the old
  ``_Py_FindEnvConfigValue`` (3.8-3.10) stops at the first line longer than its buffer
  (there is no newline in zeros; random bytes hold newlines, so it reads forever), and
  site.py reading a ``.pth`` file never reaches its end: MemoryError kills ``import
  site`` (measured with 3.9.18 and 3.12.1 and a ``.pth`` linked to ``/dev/zero``);
* a socket: ``open()`` fails with ENXIO, exactly the OSError the view raises, so the
  usual rules apply (getpath fails, site ignores the ``.pth`` file);
* any other device: its content is not known here; it is taken as empty and a
  ``pywhence:`` warning says so.

A file larger than pywhence reads (``FileTooLargeError``) is read as its first lines
where CPython reads line by line (``pyvenv.cfg``), and reported where CPython would hold
it whole (a ``.pth`` file, 3.13+).
"""

from __future__ import annotations

from ..disk.fileio import FileTooLargeError, NotRegularFileError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..disk.fs import FileSystem

__all__ = ["StartupHangs", "getpath_read", "hang_message", "pth_outcome", "read_lines_prefix"]


class StartupHangs(Exception):
    """CPython would block forever at startup; ``str()`` is the prediction (one line)."""


def hang_message(reader: str, path: str, exc: NotRegularFileError) -> str:
    """The prediction for *reader* (``getpath``, ``site.py``) opening target path *path*."""
    return f"python hangs at startup (no error, no exit): {reader} opens {path}, {exc.strerror}"


def getpath_read(fs: FileSystem, path: str, limit: int | None, line_max: int) -> bytes:
    """``fs.read_bytes(path, limit)`` as getpath's ``fopen`` + ``fread``/``fgets`` meet it.

    *line_max* is the longest line the whole-file reader (``_Py_FindEnvConfigValue``)
    takes; it stops at the first longer one, so a prefix that long stands for an
    endless file of zeros.
    """
    try:
        return fs.read_bytes(path, limit)
    except NotRegularFileError as exc:
        if exc.blocks:
            raise StartupHangs(hang_message("getpath", path, exc)) from None
        if exc.endless == "zeros" or (exc.endless and limit is not None):
            # a bounded read of an endless device is full; its bytes matter no further
            # than the buffer's length (readlines: MemoryError at 32 KiB)
            return b"\0" * (limit if limit is not None else line_max + 1)
        if exc.endless:
            raise StartupHangs(
                f"python hangs at startup (no error, no exit): getpath reads {path}, "
                f"{exc.strerror} (random bytes hold newlines: every line fits its buffer)"
            ) from None
        return b""  # a device whose content is unknown: taken as empty
    except FileTooLargeError as exc:
        return read_lines_prefix(fs, path, exc)


def read_lines_prefix(fs: FileSystem, path: str, exc: FileTooLargeError | None = None) -> bytes:
    """The whole file, or, beyond what pywhence reads, its first lines (what a reader
    that goes line by line, as CPython's ``pyvenv.cfg`` readers do, sees first)."""
    if exc is None:
        try:
            return fs.read_bytes(path)
        except FileTooLargeError as too_large:
            exc = too_large
    data = fs.read_bytes(path, exc.bound)
    cut = data.rfind(b"\n")
    return data[:cut + 1] if cut >= 0 else data


def pth_outcome(path: str, exc: OSError, reads_whole: bool) -> tuple[str, str] | None:
    """What ``addpackage`` in site.py meets where pywhence could not read the ``.pth``
    file at target path *path*.

    ``("raises", line)``: ``import site`` fails with that exception (the caller makes
    it the fatal error); ``("warning", text)``: the file is taken as empty and *text*
    says why; None: CPython's own OSError, which site catches (the file is ignored).
    Raises :class:`StartupHangs` for a FIFO or a terminal.  *reads_whole*: site.py
    reads the file whole before splitting it (3.13+, gh-77102), else line by line in
    the locale encoding.
    """
    if isinstance(exc, NotRegularFileError):
        if exc.blocks:
            raise StartupHangs(hang_message("site.py", path, exc))
        if exc.endless == "zeros" or (exc.endless and reads_whole):
            return ("raises", "MemoryError")
        if exc.endless:
            line = ("UnicodeDecodeError (random bytes are no text in the locale encoding: "
                    f"{exc.strerror})")
            return ("raises", line)
        text = (f"pywhence: {path} is {exc.strerror}; site.py reads it as a .pth file, "
                "and it is taken as empty here")
        return ("warning", text)
    if isinstance(exc, FileTooLargeError):
        text = (f"pywhence: {path} is {exc.size} bytes, more than the {exc.bound} "
                "pywhence reads of one file: its lines are not modelled")
        return ("warning", text)
    return None
