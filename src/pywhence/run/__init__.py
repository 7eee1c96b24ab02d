"""Run a script, directory or zipfile like :func:`runpy.run_path`, only better.

:func:`run_path` has the signature and observable behaviour of the running
interpreter's ``runpy.run_path`` (3.9 to 3.13): the same code runs with the
same globals, and the same temporary changes to ``sys.path``, ``sys.argv[0]``
and ``sys.modules`` are undone on return, on an exception and on
``SystemExit``.  It differs on purpose in these ways:

* ``__main__`` of a directory or zipfile is looked up only inside that
  directory or zipfile.  ``runpy`` searches all of ``sys.path`` (with the
  path put first), so a directory without ``__main__.py`` can run some other
  ``__main__`` found further on, or recurse forever (CPython gh-75221).
  Here that is a :class:`MainNotFoundError`, an :class:`ImportError`.
* ``keep_module=True`` leaves the module in ``sys.modules`` after the call,
  so that classes the script defines can be pickled and
  :func:`typing.get_type_hints` can resolve their annotations.
* ``cache=True`` compiles a source script once and reuses the bytecode while
  the source is unchanged, with the import system's rules and places
  (PEP 3147, PEP 552, ``sys.pycache_prefix``).
* Concurrent calls from several threads restore ``sys.argv``, ``sys.path``
  and ``sys.modules`` correctly whatever order they return in; ``runpy``'s
  save-and-restore leaves another call's values behind when two calls
  overlap.  Script bodies still run concurrently (see :func:`run_path`).
* Input that cannot be run raises the exception type ``runpy`` raises for it
  or a subclass of it with a message that names the path (the subclasses all
  derive from :class:`RunPathError` as well).

:func:`run_main` is the ``pywhence run`` command: it runs a path the way
``python PATH ARGS...`` does.

This module only uses the standard library and imports nothing else from
``pywhence``, so it can be imported cheaply and on its own (the conformance
tests run CPython's own ``test_runpy`` against it in other interpreters).
"""

from __future__ import annotations

import _imp
import importlib.util
import io
import marshal
import os
import stat
import sys
import threading
from collections.abc import Mapping, Sequence
from importlib.machinery import (
    ModuleSpec,
    PathFinder,
    SourceFileLoader,
    SourcelessFileLoader,
)
from types import CodeType, ModuleType, TracebackType
from typing import Any, Callable, Union, cast

__all__ = [
    "BadBytecodeError",
    "BadMagicNumberError",
    "CorruptZipError",
    "InvalidScriptError",
    "MainLoadError",
    "MainNotFoundError",
    "RunPathError",
    "clear_cache",
    "run_main",
    "run_path",
]

PathArg = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
"""What :func:`run_path` accepts as a path, like ``runpy.run_path``."""

_DEFAULT_RUN_NAME = "<run_path>"

# runpy.run_path only started decoding a bytes or path-like argument before
# using it as __file__ and sys.argv[0] in 3.13 (CPython gh-99437); on 3.9 to
# 3.12 the object passed in is used as it is for a script file.
_DECODE_SCRIPT_PATH = sys.version_info >= (3, 13)

# The __main__ module of ``python PATH`` starts with an empty __annotations__
# on these versions (PEP 649 removes it in 3.14).
_MAIN_HAS_ANNOTATIONS = sys.version_info < (3, 14)

_MAGIC = importlib.util.MAGIC_NUMBER
_EOCD = b"PK\x05\x06"  # zip end of central directory record
_LOCAL_HEADER = b"PK\x03\x04"  # zip local file header
# zipimport looks for the end of central directory record in the last
# 22 + 65535 bytes (the record plus the longest archive comment).
_ZIP_TAIL = 22 + 0xFFFF
# Larger files are checked for a zip record by reading only their tail.
_READ_WHOLE_LIMIT = 1 << 20

_MISSING: Any = object()  # "there was nothing there": sys.modules/argv slot

_THIS_GLOBALS = globals()

# Points the co_filename of a code object and the code nested in it at a new
# path, as importlib does for bytecode found for a source under another name.
_fix_co_filename: Callable[[CodeType, str], None] = getattr(_imp, "_fix_co_filename")  # noqa: B009


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


# --------------------------------------------------------------------------
# Finding what to run


class _Target:
    """The code to run for one call and the values runpy derives from it."""

    __slots__ = ("argv0", "code", "file", "from_pyc", "path_entry", "spec")

    def __init__(
        self,
        code: CodeType,
        spec: ModuleSpec | None,
        file: object,
        argv0: object,
        path_entry: str | None,
        from_pyc: bool,
    ) -> None:
        self.code = code
        self.spec = spec
        self.file = file
        self.argv0 = argv0
        self.path_entry = path_entry
        self.from_pyc = from_pyc


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
        self.hit: CodeType | None = None
        if cache:
            self._lookup_memory()

    def _lookup_memory(self) -> None:
        try:
            st = os.stat(self.abspath)
        except (OSError, ValueError):
            return
        entry = _MEMORY_CACHE.get((self.abspath, self.code_name))
        if (
            entry is None
            or not stat.S_ISREG(st.st_mode)
            or entry[0] != st.st_mtime_ns
            or entry[1] != st.st_size
        ):
            return
        if entry[2] is not None:
            # Validated against a checked hash-based pyc: the source must
            # still hash the same, whatever its mtime says (PEP 552).
            self._read()
            if self.data is None or importlib.util.source_hash(self.data) != entry[2]:
                return
        self.st = st
        self.hit = entry[3]
        self.maybe_zip = False  # it compiled as Python source

    def _read(self) -> None:
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
            self._read()
        return not self.maybe_zip

    def whole(self) -> bytes:
        """The file's content, or the error opening it (as runpy raises it)."""
        self._read()
        if self.data is None:
            if self.open_error is not None:
                raise self.open_error
            with io.open_code(self.abspath) as f:
                self.st = os.fstat(f.fileno())
                self.data = f.read()
        return self.data


def _get_importer(path: str, probe: _Probe) -> object | None:
    """``pkgutil.get_importer``: the path entry finder for *path*, if any.

    The finder is cached in ``sys.path_importer_cache`` like pkgutil does,
    but a file that cannot be a zip archive is not offered to zipimport.
    """
    cache = sys.path_importer_cache
    try:
        importer: Any = cache[path]
    except KeyError:
        importer = None
        zipimport = sys.modules.get("zipimport")
        zip_hook = getattr(zipimport, "zipimporter", None)
        for hook in sys.path_hooks:
            if hook is zip_hook and probe.cannot_be_zip():
                continue
            try:
                importer = hook(path)
            except ImportError as exc:
                if hook is zip_hook:
                    probe.zip_error = str(exc)
                continue
            cache.setdefault(path, importer)
            break
    # runpy before 3.13 also treats the legacy imp.NullImporter as "none".
    kind = type(importer)
    if kind.__module__ == "imp" and kind.__name__ == "NullImporter":
        return None
    found: object | None = importer
    return found


def _locate(path_name: PathArg, cache: bool) -> _Target:
    """Find the code *path_name* names, like ``runpy.run_path`` does."""
    decoded = os.fsdecode(path_name)
    fname: PathArg = decoded if _DECODE_SCRIPT_PATH else path_name
    # co_filename is os.fsdecode(fname) either way.
    probe = _Probe(decoded, decoded, cache)
    if _get_importer(decoded, probe) is None:
        code, from_pyc = _code_from_file(probe, fname)
        return _Target(code, None, fname, fname, None, from_pyc)
    spec, code = _main_from_entry(decoded, cache)
    # runpy before 3.13 put the undecoded object on sys.path, where the
    # import system ignores it, so it never ran a bytes or path-like
    # directory or zipfile (CPython gh-99437); the decoded str is used here.
    return _Target(code, spec, spec.origin, decoded, decoded, False)


def _main_from_entry(entry: str, cache: bool) -> tuple[ModuleSpec, CodeType]:
    """Find ``__main__`` in the directory or zipfile *entry*, and only there.

    ``runpy`` calls ``importlib.util.find_spec("__main__")`` with *entry*
    put first on ``sys.path``, so the meta path and every other ``sys.path``
    entry are searched too (CPython gh-75221).  ``PathFinder.find_spec``
    with ``[entry]`` asks only the path entry finder of *entry*, through
    ``sys.path_hooks`` and ``sys.path_importer_cache`` as the import system
    does; ``sys.modules["__main__"]`` is not consulted, so unlike runpy there
    is no need to move it out of the way.
    """
    try:
        spec = PathFinder.find_spec("__main__", [entry])
    except (ImportError, AttributeError, TypeError, ValueError) as exc:
        # runpy reports these as ImportError too (a broken or legacy finder).
        raise MainLoadError(
            f"can't load '__main__' module from {entry!r}: "
            f"error while finding it ({type(exc).__name__}: {exc})",
            path=entry,
        ) from exc
    if spec is None:
        raise MainNotFoundError(f"can't find '__main__' module in {entry!r}", path=entry)
    if spec.submodule_search_locations is not None:
        raise MainNotFoundError(
            f"can't find '__main__' module in {entry!r} "
            "(__main__ there is a package, which cannot be run)",
            path=entry,
        )
    loader = spec.loader
    get_code = getattr(loader, "get_code", None)
    if get_code is None:
        raise MainNotFoundError(
            f"can't find '__main__' module in {entry!r} (its loader provides no code)",
            path=entry,
        )
    code: object
    try:
        if cache and type(loader) is SourceFileLoader and spec.origin:
            origin = spec.origin
            code = _code_from_file(_Probe(origin, origin, True), origin)[0]
        elif cache and spec.origin and isinstance(getattr(loader, "archive", None), str):
            code = _zip_code_cached(spec.origin, getattr(loader, "archive", ""), get_code)
        else:
            code = get_code("__main__")
    except ImportError as exc:
        # runpy turns this into "can't find '__main__' module" whenever the
        # loader's message mentions __main__, hiding e.g. a bad magic number.
        raise MainLoadError(
            f"can't load '__main__' module from {entry!r}: {exc}", path=entry
        ) from exc
    if not isinstance(code, CodeType):
        raise MainNotFoundError(
            f"can't find '__main__' module in {entry!r} (no code object available)",
            path=entry,
        )
    return spec, code


def _zip_code_cached(origin: str, archive: str, get_code: Any) -> object:
    """zipimport's code for *origin*, kept in memory while the archive is unchanged."""
    try:
        st = os.stat(archive)
    except OSError:
        return get_code("__main__")
    key = (origin, origin)
    entry = _MEMORY_CACHE.get(key)
    if entry is not None and entry[0] == st.st_mtime_ns and entry[1] == st.st_size:
        return entry[3]
    code = get_code("__main__")
    if isinstance(code, CodeType):
        _MEMORY_CACHE[key] = (st.st_mtime_ns, st.st_size, None, code)
    return code


def _code_from_file(probe: _Probe, fname: PathArg) -> tuple[CodeType, bool]:
    """The code of a script file; True with it if it was a ``.pyc``.

    Like runpy, a file is bytecode when it starts with this interpreter's
    magic number, whatever its name, and source otherwise.  The whole file
    is read at once and unmarshalled from memory.
    """
    if probe.hit is not None:
        return probe.hit, False
    data = probe.whole()
    if data[:4] == _MAGIC:
        return _unmarshal(data, probe.display), True
    if probe.cache:
        return _cached_compile(probe, data, fname), False
    return _compile(data, fname, probe), False


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


def _compile(data: bytes, fname: PathArg, probe: _Probe) -> CodeType:
    """Compile source with its own ``__future__`` flags only.

    ``dont_inherit=True`` matters: this module uses ``from __future__ import
    annotations``, which would otherwise leak into every script it runs.
    A PEP 263 coding cookie is honoured because the bytes are compiled.
    """
    try:
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


# --------------------------------------------------------------------------
# cache=True: bytecode on disk where imports keep it, and in memory

# (abspath, co_filename) -> (st_mtime_ns, st_size, source hash to re-check
# or None, code).  One entry per script and name it was run under.
_MEMORY_CACHE: dict[tuple[str, str], tuple[int, int, bytes | None, CodeType]] = {}


def clear_cache() -> None:
    """Forget the compiled scripts ``cache=True`` keeps in memory.

    Bytecode files written next to the scripts are left alone; they are
    checked against their source on every use, as imports do.
    """
    _MEMORY_CACHE.clear()


def _writes_disabled() -> bool:
    # sys.dont_write_bytecode is set from -B or PYTHONDONTWRITEBYTECODE at
    # startup; the variable is also honoured when set later.
    return bool(sys.dont_write_bytecode or os.environ.get("PYTHONDONTWRITEBYTECODE"))


def _cached_compile(probe: _Probe, data: bytes, fname: PathArg) -> CodeType:
    """Compiled code for a source file, reusing bytecode like imports do.

    The bytecode file is the one ``importlib.util.cache_from_source`` names
    (so ``sys.pycache_prefix`` and ``-O`` are honoured) and it is valid under
    the import system's rules: matching source mtime and size for a
    timestamp pyc; for a hash-based pyc (PEP 552) a matching source hash when
    it is a checked one, per ``--check-hash-based-pycs``.  A fresh pyc is
    written the way the existing one was (timestamp by default), atomically,
    unless writing bytecode is disabled.  Either way the code is also kept
    in memory, keyed by path, mtime and size.
    """
    st = probe.st if probe.st is not None else os.stat(probe.abspath)
    if not stat.S_ISREG(st.st_mode):
        # A pipe or device (/dev/stdin) has no stable content to key on, and
        # its "__pycache__" would be in /dev.
        return _compile(data, fname, probe)
    name = probe.code_name
    try:
        pyc_path: str | None = importlib.util.cache_from_source(probe.abspath)
    except (NotImplementedError, ValueError):
        pyc_path = None  # sys.implementation.cache_tag is None
    check = _imp.check_hash_based_pycs
    hash_kind: bool | None = None  # None: timestamp; else check_source flag
    code: CodeType | None = None
    if pyc_path is not None:
        try:
            with io.open_code(pyc_path) as f:
                pyc = f.read()
        except OSError:
            pyc = b""
        code, hash_kind = _load_pyc(pyc, st, data, check)
    if code is None:
        code = _compile(data, fname, probe)
        if pyc_path is not None and not _writes_disabled():
            _write_pyc(pyc_path, code, st, data, hash_kind)
    elif code.co_filename != name:
        # As importlib does for a pyc found under another path.
        _fix_co_filename(code, name)
    recheck: bytes | None = None
    if hash_kind is not None and check != "never" and (hash_kind or check == "always"):
        recheck = importlib.util.source_hash(data)
    _MEMORY_CACHE[(probe.abspath, name)] = (st.st_mtime_ns, st.st_size, recheck, code)
    return code


def _load_pyc(
    pyc: bytes, st: os.stat_result, source: bytes, check: str
) -> tuple[CodeType | None, bool | None]:
    """Code from a cached pyc if it is valid for *source* (PEP 552 rules).

    Returns the code (None when stale or unreadable) and the pyc's kind:
    None for a timestamp pyc, else whether it is a checked hash-based one.
    """
    if len(pyc) < 16 or pyc[:4] != _MAGIC:
        return None, None
    flags = int.from_bytes(pyc[4:8], "little")
    if flags & ~0b11:
        return None, None
    kind: bool | None = None
    if flags & 0b01:
        kind = bool(flags & 0b10)
        checked = check != "never" and (kind or check == "always")
        if checked and pyc[8:16] != importlib.util.source_hash(source):
            return None, kind
    else:
        if int.from_bytes(pyc[8:12], "little") != int(st.st_mtime) & 0xFFFFFFFF:
            return None, kind
        if int.from_bytes(pyc[12:16], "little") != st.st_size & 0xFFFFFFFF:
            return None, kind
    try:
        code = marshal.loads(memoryview(pyc)[16:])
    except (EOFError, ValueError, TypeError):
        return None, kind  # a damaged cache file is rewritten, not fatal
    if not isinstance(code, CodeType):
        return None, kind
    return code, kind


def _write_pyc(
    pyc_path: str, code: CodeType, st: os.stat_result, source: bytes, hash_kind: bool | None
) -> None:
    """Write a pyc atomically; an unwritable place is silently skipped."""
    if hash_kind is None:
        header = (
            _MAGIC
            + b"\0\0\0\0"
            + (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little")
            + (st.st_size & 0xFFFFFFFF).to_bytes(4, "little")
        )
    else:
        flags = 0b01 | (0b10 if hash_kind else 0)
        header = _MAGIC + flags.to_bytes(4, "little") + importlib.util.source_hash(source)
    try:
        payload = header + marshal.dumps(code)
    except ValueError:
        return
    # Like importlib, make the pyc writable by its owner so it can be
    # replaced later even when the source is read-only.
    mode = (st.st_mode | 0o200) & 0o666
    tmp = f"{pyc_path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        os.makedirs(os.path.dirname(pyc_path), exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    except OSError:
        return
    try:
        with open(fd, "wb") as f:
            f.write(payload)
        os.replace(tmp, pyc_path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


# --------------------------------------------------------------------------
# Temporary state, safe across threads

_state_lock = threading.RLock()


class _Overlay:
    """One running call's temporary entries in sys.argv, sys.modules, sys.path.

    ``saved_*`` is what to put back when the call ends.  runpy saves and
    restores around each call, which is right only if calls end in the
    reverse order they started: when two threads overlap and the first one
    ends first, it puts back the original while the second still runs, and
    the second then puts back the first one's value, which stays.  Here the
    running calls form a stack per slot; a call that ends while a later one
    is still running hands its saved value to the call above it instead of
    writing it, so the last call to end restores what was there before any.
    """

    __slots__ = ("argv0", "module", "path_entry", "run_name", "saved_argv0", "saved_module")

    def __init__(
        self, path_entry: str | None, argv0: object, run_name: str, module: ModuleType
    ) -> None:
        self.path_entry = path_entry
        self.argv0 = argv0
        self.run_name = run_name
        self.module = module
        self.saved_argv0: object = _MISSING
        self.saved_module: object = _MISSING


_argv_stack: list[_Overlay] = []
_module_stacks: dict[str, list[_Overlay]] = {}


def _set_argv0(value: object) -> None:
    argv = getattr(sys, "argv", None)
    if not isinstance(argv, list):
        return
    if value is _MISSING:
        if argv:
            del argv[0]
    elif argv:
        argv[0] = value
    else:
        argv.append(value)


def _enter(overlay: _Overlay) -> None:
    with _state_lock:
        if overlay.path_entry is not None:
            sys.path.insert(0, overlay.path_entry)
        argv = getattr(sys, "argv", None)
        overlay.saved_argv0 = argv[0] if isinstance(argv, list) and argv else _MISSING
        _set_argv0(overlay.argv0)
        _argv_stack.append(overlay)
        overlay.saved_module = sys.modules.get(overlay.run_name, _MISSING)
        sys.modules[overlay.run_name] = overlay.module
        _module_stacks.setdefault(overlay.run_name, []).append(overlay)


def _leave(overlay: _Overlay, keep_module: bool) -> None:
    with _state_lock:
        name = overlay.run_name
        stack = _module_stacks[name]
        index = next(i for i, o in enumerate(stack) if o is overlay)
        outgoing = overlay.module if keep_module else overlay.saved_module
        if index == len(stack) - 1:
            if outgoing is _MISSING:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = cast(ModuleType, outgoing)
        else:
            stack[index + 1].saved_module = outgoing
        del stack[index]
        if not stack:
            del _module_stacks[name]

        index = next(i for i, o in enumerate(_argv_stack) if o is overlay)
        if index == len(_argv_stack) - 1:
            _set_argv0(overlay.saved_argv0)
        else:
            _argv_stack[index + 1].saved_argv0 = overlay.saved_argv0
        del _argv_stack[index]

        entry = overlay.path_entry
        if entry is not None:
            # Remove the very object inserted, else (like runpy) an equal one.
            path = sys.path
            for i, item in enumerate(path):
                if item is entry:
                    del path[i]
                    break
            else:
                try:
                    path.remove(entry)
                except ValueError:
                    pass


# --------------------------------------------------------------------------
# The API


def run_path(
    path_name: PathArg,
    init_globals: Mapping[str, Any] | None = None,
    run_name: str | None = None,
    *,
    keep_module: bool = False,
    cache: bool = False,
) -> dict[str, Any]:
    """Execute the script, directory or zipfile at *path_name*.

    Behaves like the running interpreter's ``runpy.run_path`` and returns
    the resulting module globals, with these differences:

    * A directory or zipfile (any path a ``sys.path_hooks`` finder accepts)
      must contain ``__main__`` itself; no other ``sys.path`` entry is
      searched (CPython gh-75221).  Otherwise :class:`MainNotFoundError`.
    * A bytes or path-like directory or zipfile is decoded with
      :func:`os.fsdecode` on every version, as 3.13 does (gh-99437);
      runpy before 3.13 put the undecoded object on ``sys.path`` and mostly
      failed to find ``__main__``.  A script file keeps the running
      version's behaviour: before 3.13 the object passed in becomes
      ``__file__`` and ``sys.argv[0]`` as it is.
    * *keep_module*: on a normal return the module stays in
      ``sys.modules[run_name]``, replacing whatever was there (for
      ``"__main__"``, the real main module); the returned dict is that
      module's ``__dict__`` rather than a copy.  On an exception, including
      ``SystemExit``, the previous entry is restored as usual.
    * *cache*: a source script is compiled once; its bytecode is reused from
      memory and from the import system's ``__pycache__`` location while the
      source is unchanged (see :func:`_cached_compile`).  Globals are the
      same as without it (``__cached__`` stays None for a script file).
    * Clearer errors, all subclasses of the type runpy raises: see
      :class:`RunPathError`.

    Threads: the swaps of ``sys.argv[0]``, ``sys.modules[run_name]`` and
    ``sys.path`` happen under a module lock and are undone in any order
    (see :class:`_Overlay`), so once all calls have returned these are as
    they were before any started, apart from changes the scripts made
    themselves (which runpy leaves in place too).  Script bodies are not serialised: a
    script may start a thread that calls ``run_path`` and wait for it
    without deadlocking.  While calls overlap they share the process-wide
    state, so each one sees the ``sys.argv[0]`` and ``sys.modules[run_name]``
    of the latest call to start, and every running call's entry on
    ``sys.path``.
    """
    if run_name is None:
        run_name = _DEFAULT_RUN_NAME
    pkg_name = run_name.rpartition(".")[0]
    target = _locate(path_name, cache)
    spec = target.spec
    module = ModuleType(run_name)
    run_globals = module.__dict__
    if init_globals is not None:
        run_globals.update(init_globals)
    if spec is None:
        loader: object = None
        file: object = target.file
        cached: str | None = None
    else:
        loader = spec.loader
        file = spec.origin
        cached = spec.cached
    run_globals.update(
        __name__=run_name,
        __file__=file,
        __cached__=cached,
        __doc__=None,
        __loader__=loader,
        __package__=pkg_name,
        __spec__=spec,
    )
    overlay = _Overlay(target.path_entry, target.argv0, run_name, module)
    _enter(overlay)
    kept = False
    try:
        exec(target.code, run_globals)  # noqa: S102 - running the script is the point
        kept = keep_module
    finally:
        _leave(overlay, kept)
    if keep_module:
        return run_globals
    # Copy, as runpy does: the caller's dict must not change if the code
    # left running (threads, callbacks) keeps writing its globals.
    return run_globals.copy()


# --------------------------------------------------------------------------
# pywhence run PATH [ARGS...]

_USAGE = "usage: pywhence run [--cache] PATH [ARGS...]"
_HELP = f"""{_USAGE}

Run PATH as `python PATH ARGS...` would: a script, a .pyc file, or a
directory or zipfile containing __main__.py (looked up there only).

options (before PATH; everything after PATH goes to the script):
  --cache     reuse the script's bytecode while its source is unchanged
  -h, --help  show this help and exit
"""


def _error(message: str) -> None:
    stream = sys.stderr
    if stream is not None:
        stream.write(f"pywhence run: error: {message}\n")
        stream.flush()


def run_main(argv: Sequence[str]) -> int:
    """``pywhence run [--cache] PATH [ARGS...]``; returns the exit status.

    *argv* is what follows ``run`` on the command line.  PATH runs as
    ``python PATH ARGS...`` would run it: as ``__main__``, with
    ``sys.argv == [PATH, *ARGS]``; with ``sys.path[0]`` replaced by the
    script's directory (symlinks resolved, as CPython does), or by the
    directory or zipfile itself, made absolute; with ``__file__`` absolute
    (as CPython does since 3.9, bpo-20443) and ``__loader__`` set.
    ``__main__`` of a directory or zipfile is looked up there only
    (gh-75221).  Under ``-P``/``PYTHONSAFEPATH`` (3.11+) a script's
    directory is not added, as with python.

    The status is python's: 0, or the ``SystemExit`` code (None is 0, an int
    is itself, anything else is printed to stderr and gives 1); an uncaught
    exception is passed to ``sys.excepthook`` without pywhence's own frames
    and gives 1 (``KeyboardInterrupt`` gives 130, what a shell reports for
    python killed by SIGINT).  A syntax error in the script is shown the
    way python shows it.  A path that cannot be run is reported on one line,
    ``pywhence run: error: <message>``, with status 1; a usage error gives 2.

    Like python, this leaves ``sys.argv``, ``sys.path[0]`` and
    ``sys.modules["__main__"]`` set for the script when it returns, since
    its non-daemon threads and atexit handlers still run after that.
    """
    args = list(argv)
    cache = False
    while args and args[0].startswith("-") and args[0] != "-":
        option = args.pop(0)
        if option == "--":
            break
        if option == "--cache":
            cache = True
        elif option in ("-h", "--help"):
            sys.stdout.write(_HELP)
            return 0
        else:
            sys.stderr.write(_USAGE + "\n")
            _error(f"unrecognized option {option!r} (options go before PATH)")
            return 2
    if not args:
        sys.stderr.write(_USAGE + "\n")
        _error("missing PATH to run")
        return 2
    path, script_args = args[0], args[1:]

    try:
        # CPython makes the path absolute by joining it to the working
        # directory, without normalising it.
        full = path if os.path.isabs(path) else os.path.join(os.getcwd(), path)
        target = _locate(full, cache)
    except RunPathError as exc:
        _error(str(exc))
        return 1
    except SyntaxError as exc:
        # A real syntax error is shown as python shows it: no traceback.
        exc.__traceback__ = None
        _print_exception(exc)
        return 1
    except OSError as exc:
        # python's own wording; the path is the absolute one, as python's is.
        name = exc.filename if isinstance(exc.filename, str) else path
        if exc.strerror:
            _error(f"can't open file {name!r}: [Errno {exc.errno}] {exc.strerror}")
        else:
            _error(f"can't open file {name!r}: {exc}")
        return 1
    except Exception as exc:  # noqa: BLE001 - bad input must not give a traceback
        message = str(exc) or type(exc).__name__
        if path not in message:
            message = f"can't run {path!r}: {type(exc).__name__}: {message}"
        _error(message)
        return 1

    main = ModuleType("__main__")
    main_globals = main.__dict__
    spec = target.spec
    if _MAIN_HAS_ANNOTATIONS:
        main_globals["__annotations__"] = {}
    main_globals["__builtins__"] = sys.modules["builtins"]
    if spec is None:
        main_globals["__file__"] = full
        main_globals["__cached__"] = None
        loader_class = SourcelessFileLoader if target.from_pyc else SourceFileLoader
        main_globals["__loader__"] = loader_class("__main__", full)
    else:
        main_globals.update(
            __name__="__main__",
            __file__=spec.origin,
            __cached__=spec.cached,
            __doc__=None,
            __loader__=spec.loader,
            __package__=spec.parent,
            __spec__=spec,
        )

    sys.argv = [path, *script_args]
    if spec is not None:
        entry: str | None = full
    elif getattr(sys.flags, "safe_path", False):
        entry = None
    else:
        entry = os.path.dirname(os.path.realpath(full))
    if entry is not None:
        # Stand in for the entry python put first for pywhence's own launcher
        # (its script directory or, for -m, the working directory) unless
        # -P left none there.
        if sys.path and not getattr(sys.flags, "safe_path", False):
            sys.path[0] = entry
        else:
            sys.path.insert(0, entry)
    sys.modules["__main__"] = main

    try:
        exec(target.code, main_globals)  # noqa: S102 - running the script is the point
    except SystemExit as exc:
        return _exit_status(exc)
    except BaseException as exc:  # noqa: BLE001 - python reports every uncaught exception
        _print_exception(exc)
        return 130 if isinstance(exc, KeyboardInterrupt) else 1
    return 0


def _exit_status(exc: SystemExit) -> int:
    """The process status python gives for an uncaught ``SystemExit``."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return int(code)
    stream = sys.stderr
    if stream is not None:
        try:
            text = str(code)
        except Exception:  # noqa: BLE001 - a broken __str__ must not escape
            text = f"<unprintable {type(code).__name__} object>"
        stream.write(text + "\n")
        stream.flush()
    return 1


def _print_exception(exc: BaseException) -> None:
    """Report an uncaught exception as python does, minus our own frames."""
    tb: TracebackType | None = exc.__traceback__
    while tb is not None and tb.tb_frame.f_globals is _THIS_GLOBALS:
        tb = tb.tb_next
    exc.__traceback__ = tb
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = exc
    try:
        sys.excepthook(type(exc), exc, tb)
    except BaseException as hook_exc:  # noqa: BLE001 - python survives a broken hook too
        stream = sys.stderr
        if stream is not None:
            stream.write("Error in sys.excepthook:\n")
            sys.__excepthook__(type(hook_exc), hook_exc, hook_exc.__traceback__)
            stream.write("\nOriginal exception was:\n")
            sys.__excepthook__(type(exc), exc, tb)
