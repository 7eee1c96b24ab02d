"""``cache=True``: bytecode reused like imports reuse it (importlib's SourceLoader).

What ``SourceLoader.get_code`` in Lib/importlib/_bootstrap_external.py does for a
module, done for a script: the bytecode file is where ``importlib.util.cache_from_source``
puts it (PEP 3147 ``__pycache__``, ``sys.pycache_prefix``, ``-O``), it is valid under the
import system's rules (source mtime and size, or a PEP 552 source hash per
``--check-hash-based-pycs``), it is written atomically unless writing bytecode is
disabled, and ``_imp._fix_co_filename`` renames code found under another path.  Compiled
code is also kept in memory, keyed by path, mtime and size, until :func:`clear_cache`.
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
from types import CodeType
from typing import Any, Callable

from .script import _MAGIC, PathArg, _compile, _Probe

__all__ = ["clear_cache"]

# Points the co_filename of a code object and the code nested in it at a new
# path, as importlib does for bytecode found for a source under another name.
_fix_co_filename: Callable[[CodeType, str], None] = getattr(_imp, "_fix_co_filename")  # noqa: B009

# (abspath, co_filename) -> (st_mtime_ns, st_size, source hash to re-check
# or None, code).  One entry per script and name it was run under.
_MEMORY_CACHE: dict[tuple[str, str], tuple[int, int, bytes | None, CodeType]] = {}


def clear_cache() -> None:
    """Forget the compiled scripts ``cache=True`` keeps in memory.

    Bytecode files written next to the scripts are left alone; they are
    checked against their source on every use, as imports do.
    """
    _MEMORY_CACHE.clear()


def _recall(probe: _Probe) -> None:
    """Give *probe* the code kept in memory for its file, if the file is unchanged.

    Called once for a new probe of a ``cache=True`` call, before anything else reads
    the file: a hit spares reading and compiling it.
    """
    try:
        st = os.stat(probe.abspath)
    except (OSError, ValueError):
        return
    entry = _MEMORY_CACHE.get((probe.abspath, probe.code_name))
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
        probe.read()
        if probe.data is None or importlib.util.source_hash(probe.data) != entry[2]:
            return
    probe.st = st
    probe.hit = entry[3]
    probe.maybe_zip = False  # it compiled as Python source


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


def _writes_disabled() -> bool:
    # sys.dont_write_bytecode is set from -B or PYTHONDONTWRITEBYTECODE at
    # startup; the variable is also honoured when set later.
    return bool(sys.dont_write_bytecode or os.environ.get("PYTHONDONTWRITEBYTECODE"))


def _cached_compile(probe: _Probe, data: bytes, fname: PathArg, module: str | None = None) -> CodeType:
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
        return _compile(data, fname, probe, module)
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
        code = _compile(data, fname, probe, module)
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
