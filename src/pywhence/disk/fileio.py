"""The one place pywhence opens a host file: open(2), fstat(2) and read(2), made safe
for a disk it does not trust, and the atomic write of every file it produces.

CPython opens its startup files with a plain blocking ``open()`` (``_Py_wfopen`` in
``Python/fileutils.c`` for getpath, ``io.open_code`` in ``Lib/site.py``) and reads them
to the end.  On a hostile disk that is a trap: a FIFO makes ``open()`` wait for a writer
forever, ``/dev/zero`` never reaches the end of file, a terminal waits for input.
pywhence must predict those outcomes, never live them, so every view of a disk
(:class:`~pywhence.disk.fs.LocalFS`, :class:`~pywhence.disk.fs.RootedFS`, the snapshot
recorder, the memory maps of binaries) reads through :func:`read_host` /
:func:`open_host`:

* the path is ``stat``-ed first (``lstat`` where the view resolves symlinks itself) and
  anything that is not a regular file is refused without being opened -- opening a
  device can have effects of its own (a watchdog, a tape);
* the open is ``O_NONBLOCK | O_NOCTTY | O_CLOEXEC`` (``O_NOFOLLOW`` where links are the
  view's business), and ``fstat`` on the descriptor checks once more that it is a
  regular file, so a file swapped for a FIFO between the two calls cannot block;
* a read without a limit stops at :data:`MAX_READ` bytes (:class:`FileTooLargeError`):
  a sparse 50 GB ``.pth`` costs no disk space and would cost all the memory.

A refusal is a :class:`NotRegularFileError` (an ``OSError``, so every caller that
copes with an unreadable file copes with it) whose one-line ``strerror`` says what the
file is and what reading it would do (:attr:`~NotRegularFileError.blocks`,
:attr:`~NotRegularFileError.endless`); the startup stages turn that into CPython's
outcome (:mod:`pywhence.startup.special_files`).  ``/dev/null`` (character device 1:3)
reads as empty without being opened, as it does for CPython.  The same descriptions
are the ``specials`` of a world file (docs/worlds.md), so a snapshot of a hostile
disk replays to the same prediction.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False

__all__ = [
    "MAX_READ",
    "FileTooLargeError",
    "NotRegularFileError",
    "open_host",
    "read_host",
    "special_error",
    "special_of",
    "valid_special",
    "write_atomic",
]

#: The most pywhence reads of one file when the reader sets no limit: 2.5 times the
#: 100 MB ``.pth`` file the CLI tests read faithfully.
MAX_READ = 256 * 1024 * 1024

#: Linux's memory devices (major 1, ``drivers/char/mem.c``): (name, what a read gives).
_MEMORY_DEVICES = {
    3: ("/dev/null", "empty"),
    5: ("/dev/zero", "zeros"),
    7: ("/dev/full", "zeros"),
    8: ("/dev/random", "random"),
    9: ("/dev/urandom", "random"),
}
#: Terminal majors (Documentation/admin-guide/devices.txt): a read waits for input.
_TTY_MAJORS = frozenset({4, 5, *range(136, 144)})


class NotRegularFileError(OSError):
    """*path* is a FIFO, a socket or a device: pywhence does not read it.

    ``strerror`` is the one-line reason.  :attr:`blocks`: CPython's blocking
    ``open()``/``read()`` would wait forever (a FIFO without a writer, a terminal);
    :attr:`endless`: a read never reaches the end of file (``"zeros"`` for
    ``/dev/zero``/``/dev/full``, ``"random"`` for ``/dev/[u]random``; ``""`` when the
    read ends or its content is unknown).  :attr:`spec` is the world-file spelling.
    """

    def __init__(self, code: int, reason: str, path: str, spec: str, *,
                 blocks: bool = False, endless: str = "") -> None:
        super().__init__(code, reason, path)
        self.spec = spec
        self.blocks = blocks
        self.endless = endless


class FileTooLargeError(OSError):
    """A file bigger than the reader's bound (:data:`MAX_READ` when it names none)."""

    def __init__(self, path: str, size: int, bound: int) -> None:
        super().__init__(errno.EFBIG, f"larger than the {bound} bytes pywhence reads of one file "
                         f"({size} bytes)", path)
        self.size = size
        self.bound = bound


# ---------------------------------------------------------------------------------------
# What a file that is not regular is, and what reading it does
# ---------------------------------------------------------------------------------------


def special_of(mode: int, rdev: int = 0) -> str | None:
    """The world-file spelling of a non-regular file: ``fifo``, ``socket``,
    ``char MAJOR:MINOR``, ``block MAJOR:MINOR``; None for a file, directory or link."""
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return f"char {os.major(rdev)}:{os.minor(rdev)}"
    if stat.S_ISBLK(mode):
        return f"block {os.major(rdev)}:{os.minor(rdev)}"
    return None


def valid_special(spec: object) -> bool:
    """Whether *spec* is a spelling :func:`special_of` produces (world validation)."""
    if spec in ("fifo", "socket"):
        return True
    if not isinstance(spec, str):
        return False
    kind, _, numbers = spec.partition(" ")
    major, colon, minor = numbers.partition(":")
    return kind in ("char", "block") and bool(colon) and major.isdigit() and minor.isdigit()


def special_error(path: str, spec: str) -> OSError | None:
    """What opening and reading the special file *spec* at *path* gives CPython, as the
    error pywhence raises instead; None for ``/dev/null`` (it reads as empty)."""
    if spec == "fifo":
        return NotRegularFileError(errno.EAGAIN, "a FIFO (named pipe): opening it for reading "
                                   "waits for a writer", path, spec, blocks=True)
    if spec == "socket":
        # open(2) on a socket fails with ENXIO: CPython meets exactly this error
        return OSError(errno.ENXIO, "No such device or address", path)
    kind, _, numbers = spec.partition(" ")
    major_text, _, minor_text = numbers.partition(":")
    major, minor = int(major_text or 0), int(minor_text or 0)
    what = f"the {'character' if kind == 'char' else 'block'} device {major}:{minor}"
    if kind == "char" and major == 1 and minor in _MEMORY_DEVICES:
        name, gives = _MEMORY_DEVICES[minor]
        if gives == "empty":
            return None
        return NotRegularFileError(errno.EFBIG, f"{what} ({name}): reading it never ends",
                                   path, spec, endless=gives)
    if kind == "char" and major in _TTY_MAJORS:
        return NotRegularFileError(errno.EAGAIN, f"{what} (a terminal): reading it waits for input",
                                   path, spec, blocks=True)
    return NotRegularFileError(errno.ENODEV, f"{what}: pywhence does not read devices", path, spec)


# ---------------------------------------------------------------------------------------
# Opening and reading
# ---------------------------------------------------------------------------------------

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _refuse(path: str, st: os.stat_result) -> OSError | None:
    """The error for a non-regular *st* (None: ``/dev/null``, read as empty)."""
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "Is a directory", path)
    if stat.S_ISLNK(mode):
        return OSError(errno.ELOOP, "Too many levels of symbolic links", path)
    spec = special_of(mode, st.st_rdev)
    if spec is None:
        return OSError(errno.EINVAL, "Invalid argument (not a regular file)", path)
    return special_error(path, spec)


def open_host(path: str, *, follow: bool = True, fifo: bool = False) -> int:
    """A read-only descriptor of the regular file at host path *path* (the caller closes
    it); :class:`NotRegularFileError` (or ``IsADirectoryError``) without opening anything
    else.  *follow*: the kernel resolves a final symlink (else ``O_NOFOLLOW``).  *fifo*:
    a FIFO or pipe is accepted too and read blocking (a file the user named, such as
    ``--world <(...)``)."""
    st = os.stat(path) if follow else os.lstat(path)
    if not stat.S_ISREG(st.st_mode) and not (fifo and stat.S_ISFIFO(st.st_mode)):
        raise _refuse(path, st) or _EmptyDevice(path)
    fd = os.open(path, _FLAGS | (0 if follow else _NOFOLLOW))
    try:
        st = os.fstat(fd)
        if fifo and stat.S_ISFIFO(st.st_mode):
            os.set_blocking(fd, True)
        elif not stat.S_ISREG(st.st_mode):  # swapped between stat and open
            raise _refuse(path, st) or _EmptyDevice(path)
    except BaseException:
        os.close(fd)
        raise
    return fd


class _EmptyDevice(NotRegularFileError):
    """``/dev/null``: read as empty by :func:`read_host`, refused as a binary to map."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.ENODEV, "the character device 1:3 (/dev/null): it reads as empty",
                         path, "char 1:3")


def read_host(path: str, limit: int | None = None, *, follow: bool = True,
              bound: int = MAX_READ, fifo: bool = False) -> bytes:
    """The bytes of the regular file at host path *path*: all of them (at most *bound*,
    else :class:`FileTooLargeError`), or the first *limit*.  Refuses what
    :func:`open_host` refuses; ``/dev/null`` reads as ``b""``."""
    try:
        fd = open_host(path, follow=follow, fifo=fifo)
    except _EmptyDevice:
        return b""
    try:
        want = limit if limit is not None else bound + 1
        try:
            size = os.fstat(fd).st_size
        except OSError:
            size = 0
        if limit is None and size > bound:
            raise FileTooLargeError(path, size, bound)
        chunks: list[bytes] = []
        got = 0
        # a regular file comes in one read of its size (plus one to see the end)
        step = max(min(want, size + 1), 65536)
        while got < want:
            chunk = os.read(fd, min(step, want - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if limit is None and len(data) > bound:
        raise FileTooLargeError(path, len(data), bound)
    return data


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def write_atomic(path: str, data: bytes) -> None:
    """Write *data* to *path* so that a reader sees the old file or the new one, never a
    part: a temporary file in the same directory, flushed and fsync-ed, then
    ``os.replace``-d over *path* (and the directory fsync-ed).  A failure (a full disk,
    a file-size limit) removes the temporary file and leaves *path* as it was.

    A symlink is written through (its target is replaced, the link kept).  A *path* that
    exists and is not a regular file (``/dev/stdout``, a FIFO) cannot be replaced: it is
    written in place, as any program would.
    """
    target = os.path.realpath(path)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "wb") as f:
            f.write(data)
        return
    folder = os.path.dirname(target) or "."
    tmp = os.path.join(folder, f".{os.path.basename(target)}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    # created like any new file (0o666 less the umask); an existing file keeps its mode
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            if st is not None:
                os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
