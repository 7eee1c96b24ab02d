"""A script file read once and turned into code: Lib/runpy.py's ``_get_code_from_file``.

``runpy`` opens a plain file twice (``pkgutil.read_code`` looks for this interpreter's
magic number, then the file is compiled as source) after every path hook, zipimport
included, was asked whether it is a directory or an archive.  :class:`_Probe` reads it
once and serves all of these; :func:`_unmarshal` is ``pkgutil.read_code`` for a
``.pyc``; :func:`_compile` compiles source with its own ``__future__`` flags only; a
file that is not Python at all gets a clear :class:`~.errors.RunPathError` instead of
runpy's bare :class:`SyntaxError` or :class:`ValueError` (:func:`_diagnose`).
"""

from __future__ import annotations

import importlib.util
import io
import marshal
import os
import stat
import sys
from types import CodeType
from typing import Union

from .errors import (
    BadBytecodeError,
    BadMagicNumberError,
    CorruptZipError,
    InvalidScriptError,
    RunPathError,
)

PathArg = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
"""What :func:`run_path` accepts as a path, like ``runpy.run_path``."""

_MAGIC = importlib.util.MAGIC_NUMBER
#: compile() takes the module's name from 3.15 (runpy passes run_name).
_COMPILE_TAKES_MODULE = sys.version_info >= (3, 15)
_EOCD = b"PK\x05\x06"  # zip end of central directory record
_LOCAL_HEADER = b"PK\x03\x04"  # zip local file header
# zipimport looks for the end of central directory record in the last
# 22 + 65535 bytes (the record plus the longest archive comment).
_ZIP_TAIL = 22 + 0xFFFF
# Larger files are checked for a zip record by reading only their tail.
_READ_WHOLE_LIMIT = 1 << 20


class _Probe:
    """What one call learns about the path as a plain file, each fact once.

    ``runpy`` asks every path hook (``pkgutil.get_importer``) whether the
    path is a directory or an archive, then opens the file twice: once to
    look for a magic number and once to compile it.  The zipimport hook opens
    and reads the file as well.  Reading the file once here serves all of
    these, and lets the zipimport hook be skipped when the file cannot be a
    zip archive (it has no end of central directory record), which is most
    of the per-call cost of running an empty script.
    """

    __slots__ = (
        "abspath",
        "cache",
        "code_name",
        "data",
        "display",
        "hit",
        "maybe_zip",
        "open_error",
        "st",
        "zip_error",
    )

    def __init__(self, display: str, code_name: str, cache: bool) -> None:
        self.display = display  # the path as given, decoded, for messages
        self.abspath = os.path.abspath(display)
        self.code_name = code_name  # co_filename of the compiled code
        self.cache = cache
        self.data: bytes | None = None
        self.st: os.stat_result | None = None
        self.maybe_zip = True
        self.open_error: OSError | None = None
        self.zip_error: str | None = None
        # The code kept in memory for an unchanged file (cache._recall sets it).
        self.hit: CodeType | None = None

    def read(self) -> None:
        """Read the file once (or only its tail when big and maybe a zip)."""
        if self.data is not None or self.open_error is not None:
            return
        try:
            with io.open_code(self.abspath) as f:
                st = os.fstat(f.fileno())
                self.st = st
                if stat.S_ISREG(st.st_mode) and st.st_size > _READ_WHOLE_LIMIT:
                    f.seek(st.st_size - _ZIP_TAIL)
                    if _EOCD in f.read():
                        return  # zipimport decides; read it all if it declines
                    f.seek(0)
                    self.maybe_zip = False
                    self.data = f.read()
                    return
                data = f.read()
        except IsADirectoryError:
            self.maybe_zip = False  # zipimport only takes regular files
            self.st = None
            return
        except OSError as exc:
            # A path inside a zip archive ("app.zip/sub") does not exist as a
            # file; zipimport still has to be asked about it.
            self.open_error = exc
            return
        self.data = data
        self.maybe_zip = stat.S_ISREG(st.st_mode) and _EOCD in data[-_ZIP_TAIL:]

    def cannot_be_zip(self) -> bool:
        """True if the zipimport path hook is certain to reject the path."""
        if self.hit is None:
            self.read()
        return not self.maybe_zip

    def whole(self) -> bytes:
        """The file's content, or the error opening it (as runpy raises it)."""
        self.read()
        if self.data is None:
            if self.open_error is not None:
                raise self.open_error
            with io.open_code(self.abspath) as f:
                self.st = os.fstat(f.fileno())
                self.data = f.read()
        return self.data


def _unmarshal(data: bytes, display: str) -> CodeType:
    # runpy (pkgutil.read_code) skips the 12 header bytes after the magic
    # number without checking them: a .pyc given explicitly always runs.
    try:
        code = marshal.loads(memoryview(data)[16:])
    except (EOFError, ValueError, TypeError) as exc:
        raise BadBytecodeError(
            f"{display!r} is a .pyc file for this Python but its code cannot be loaded: {exc}",
            path=display,
        ) from exc
    if not isinstance(code, CodeType):
        raise BadBytecodeError(
            f"{display!r} is a .pyc file for this Python but holds a "
            f"{type(code).__name__}, not a code object",
            path=display,
        )
    return code


def _compile(data: bytes, fname: PathArg, probe: _Probe, module: str | None = None) -> CodeType:
    """Compile source with its own ``__future__`` flags only.

    ``dont_inherit=True`` matters: this module uses ``from __future__ import
    annotations``, which would otherwise leak into every script it runs.
    A PEP 263 coding cookie is honoured because the bytes are compiled.
    From 3.15 the code is compiled as module *module* (``compile(...,
    module=)``, as 3.15's runpy does: warnings filters match that name).
    """
    try:
        if module is not None and _COMPILE_TAKES_MODULE:
            code: CodeType = compile(data, fname, "exec", dont_inherit=True,  # type: ignore[call-overload]
                                     module=module)
            return code
        return compile(data, fname, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        better = _diagnose(data, probe)
        if better is not None:
            raise better from exc
        raise


def _diagnose(data: bytes, probe: _Probe) -> RunPathError | None:
    """A clearer error for a file that failed to compile, if it is not Python.

    Only a file that cannot be source at all (null bytes, undecodable, or a
    zip local header at its start) is diagnosed, so that a genuine syntax
    error keeps its :class:`SyntaxError` with line and offset.
    """
    path = probe.display
    null = b"\0" in data
    problem = None if null else _decoding_problem(data)
    if null and len(data) >= 16 and data[2:4] == b"\r\n":
        return BadMagicNumberError(_bad_magic_message(path, data[:4]), path=path)
    binary = null or problem is not None
    if data.startswith(_LOCAL_HEADER) or (binary and _EOCD in data[-_ZIP_TAIL:]):
        reason = probe.zip_error or "no end of central directory record"
        return CorruptZipError(
            f"{path!r} looks like a zip archive but cannot be read as one ({reason})",
            path=path,
        )
    if null:
        return InvalidScriptError(
            f"{path!r} is neither Python source nor a .pyc file: it contains null bytes",
            path=path,
        )
    if problem is not None:
        return InvalidScriptError(f"{path!r} is not Python source: {problem}", path=path)
    return None


def _decoding_problem(data: bytes) -> str | None:
    """Why *data* cannot be decoded as PEP 263 source, if it cannot."""
    import codecs
    import re

    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
        for line in data.split(b"\n", 2)[:2]:
            match = re.match(rb"[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", line)
            if match:
                encoding = match.group(1).decode("latin-1")
                break
            if not re.match(rb"[ \t\f]*(?:#|\r?$)", line):
                break
    try:
        data.decode(encoding)
    except LookupError:
        return None  # a bad cookie: compile's SyntaxError says so
    except UnicodeDecodeError as exc:
        lineno = data.count(b"\n", 0, exc.start) + 1
        return f"line {lineno}: {exc} (see PEP 263 for declaring an encoding)"
    return None


_MAGIC_RANGES = (
    (3360, 3379, "3.6"),
    (3390, 3394, "3.7"),
    (3400, 3413, "3.8"),
    (3420, 3425, "3.9"),
    (3430, 3439, "3.10"),
    (3450, 3495, "3.11"),
    (3500, 3531, "3.12"),
    (3550, 3571, "3.13"),
)


def _bad_magic_message(path: str, magic: bytes) -> str:
    number = int.from_bytes(magic[:2], "little")
    writer = "another Python version"
    if number == 62211:
        writer = "Python 2.7"
    for low, high, version in _MAGIC_RANGES:
        if low <= number <= high:
            writer = f"Python {version}"
            break
    mine = int.from_bytes(_MAGIC[:2], "little")
    this = "{}.{}".format(*sys.version_info[:2])
    if writer == f"Python {this}":
        writer = f"a pre-release of Python {this}"
    return (
        f"{path!r} is bytecode compiled by {writer} (magic number {number}), "
        f"not by this Python {this} (magic number {mine}); "
        "run it with that version or run its source"
    )
