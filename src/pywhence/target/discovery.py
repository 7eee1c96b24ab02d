"""Static discovery: the target's facts read from disk, never by running it.

:func:`discover_invocation` turns what the caller typed (``--python``, the arguments, an
environment, a working directory, an optional ``--root``) into the three inputs of the
model: the :class:`~pywhence.interpreter.Interpreter` (version, platform, build
constants), the :class:`~pywhence.config.Invocation` and the
:class:`~pywhence.fs.FileSystem` to read through.

Discovery only *reports* what the build was compiled with; it never decides prefixes.
A relocated copy of an install keeps its original ``PREFIX``: finding the real prefix
is the path-configuration stage's job, exactly as it is getpath's.

Facts and their sources, most trusted first (every fact records its source in
:attr:`Interpreter.provenance`):

* the binary: resolved through the filesystem; its ELF headers give the libpython it
  loads (``DT_NEEDED`` through ``DT_RPATH``/``LD_LIBRARY_PATH``/``DT_RUNPATH``/default
  directories), hence ``shared`` and ``library``;
* the version: the exported ``Py_Version`` constant (``PY_VERSION_HEX``, exported since
  3.11, bpo-43931) of the ELF that holds the runtime; else the ``PY_VERSION`` literal
  that the compiler placed just before ``"%.80s (%.80s) %.80s"`` (``Py_GetVersion``'s
  format) -- absent when the linker merged it into the tail of the ``PREFIX`` string,
  as in pyenv's builds; else ``pyvenv.cfg``'s ``version``/``version_info``; else
  ``include/pythonX.Y/patchlevel.h``; else a pyenv-style ``versions/X.Y.Z`` directory;
* the build constants: ``_sysconfigdata_*.py`` in the stdlib (read with :mod:`ast`,
  never imported), else ``build-details.json`` (PEP 739, 3.14+);
* the site flavour: Debian's patched ``site.py`` mentions ``dist-packages``.

Nothing here starts a process; ``--probe`` (:mod:`pywhence.probe`) is the only way a
target is ever run, and only when asked.
"""

from __future__ import annotations

import ast
import errno
import json
import mmap
import os
import re
import struct
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..disk.fs import FileSystem, Kind, LocalFS, RootedFS
from ..errors import InterpreterNotFound
from ..invocation import Invocation
from .interpreter import Build, Interpreter, Platform, SiteFlavour, Version

__all__ = [
    "MAX_VERSION",
    "MIN_VERSION",
    "Facts",
    "clear_caches",
    "discover_interpreter",
    "discover_invocation",
    "find_on_path",
]

#: The oldest and newest series pywhence models.
MIN_VERSION = (3, 8)
MAX_VERSION = (3, 14)

#: glibc's ``execvp`` search path when PATH is unset (``confstr(_CS_PATH)``).
_DEFAULT_PATH = "/bin:/usr/bin"

_T = TypeVar("_T")


# ---------------------------------------------------------------------------------------
# Partial facts: what discovery learned, with None for what it could not
# ---------------------------------------------------------------------------------------


@dataclass
class Facts:
    """Facts as discovery gathers them; ``None`` means not found (a probe may fill it)."""

    major: int | None = None
    minor: int | None = None
    micro: int | None = None
    platform: Platform = "linux"
    prefix: str | None = None
    exec_prefix: str | None = None
    platlibdir: str | None = None
    vpath: str | None = None
    abi_thread: str | None = None
    pythonpath: str | None = None
    shared: bool | None = None
    multiarch: str | None = None
    site_flavour: SiteFlavour | None = None
    library: str | None = None
    executable: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)

    def put(self, name: str, value: Any, source: str) -> None:
        """Set *name* to *value* from *source* unless a more trusted source already did."""
        if value is None or getattr(self, name) is not None:
            return
        setattr(self, name, value)
        self.provenance.setdefault(name, source)

    @property
    def xy(self) -> tuple[int, int] | None:
        if self.major is None or self.minor is None:
            return None
        return (self.major, self.minor)

    def missing(self) -> list[str]:
        """The facts a probe could supply."""
        names = ["major", "minor", "micro", "prefix", "exec_prefix", "platlibdir", "vpath",
                 "abi_thread", "pythonpath", "shared", "multiarch", "site_flavour"]
        return [n for n in names if getattr(self, n) is None]


# ---------------------------------------------------------------------------------------
# Host access for fast reads (mmap) and cache keys
# ---------------------------------------------------------------------------------------


def _host_path(fs: FileSystem, real: str) -> str | None:
    """Where the resolved target path *real* lives on this host, if it lives anywhere."""
    if isinstance(fs, _Recorder):
        fs = fs.inner
    if isinstance(fs, RootedFS):
        return fs.host_path(real)
    if isinstance(fs, LocalFS):
        return real
    return None


def _stat_key(fs: FileSystem, real: str) -> tuple[str, int, int] | None:
    host = _host_path(fs, real)
    if host is None:
        return None
    try:
        st = os.stat(host)
    except OSError:
        return None
    return (host, st.st_mtime_ns, st.st_size)


_FILE_CACHE: dict[tuple[str, tuple[str, int, int]], Any] = {}
_FACTS_CACHE: dict[tuple[str, str], tuple[Facts, tuple[tuple[str, Any], ...]]] = {}


def clear_caches() -> None:
    """Forget every in-process cached fact (tests, long-running hosts)."""
    _FILE_CACHE.clear()
    _FACTS_CACHE.clear()


class _Recorder(FileSystem):
    """A view that remembers every path it was asked about.

    Discovery's answer depends on those paths only; re-checking their ``stat`` is
    enough to reuse the answer (a warm call costs a few dozen stats, no reads).
    """

    def __init__(self, inner: FileSystem) -> None:
        self.inner = inner
        self.flavour = inner.flavour
        self.seen: dict[str, None] = {}

    def _see(self, path: str) -> None:
        self.seen[path] = None

    def lstat(self, path: str) -> Kind | None:
        self._see(path)
        return self.inner.lstat(path)

    def readlink(self, path: str) -> str:
        self._see(path)
        return self.inner.readlink(path)

    def resolve(self, path: str) -> str:
        self._see(path)
        return self.inner.resolve(path)

    def kind(self, path: str) -> Kind | None:
        self._see(path)
        return self.inner.kind(path)

    def is_xfile(self, path: str) -> bool:
        self._see(path)
        return self.inner.is_xfile(path)

    def read_bytes(self, path: str, limit: int | None = None) -> bytes:
        self._see(path)
        return self.inner.read_bytes(path, limit)

    def list_dir(self, path: str) -> list[str]:
        self._see(path)
        return self.inner.list_dir(path)


def _signature(path: str) -> Any:
    """What must stay the same for a cached answer about *path* to hold (host paths)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return exc.errno
    except ValueError:
        return None
    return (st.st_ino, st.st_dev, st.st_mtime_ns, st.st_size, st.st_mode)


def _signatures(paths: Iterable[str]) -> tuple[tuple[str, Any], ...]:
    return tuple((p, _signature(p)) for p in paths)


def _memo(kind: str, fs: FileSystem, real: str, compute: Callable[[], _T]) -> _T:
    """*compute()*, cached per file identity (host realpath, mtime, size)."""
    if isinstance(fs, _Recorder):
        fs._see(real)
    key = _stat_key(fs, real)
    if key is None:
        return compute()
    ck = (kind, key)
    if ck in _FILE_CACHE:
        return _FILE_CACHE[ck]  # type: ignore[no-any-return]
    value = compute()
    _FILE_CACHE[ck] = value
    return value


@contextmanager
def _open_blob(fs: FileSystem, real: str) -> Iterator[bytes | mmap.mmap]:
    """The bytes of a file, memory-mapped when it is on this host (binaries are large)."""
    host = _host_path(fs, real)
    if host is None:
        yield fs.read_bytes(real)
        return
    with open(host, "rb") as f:
        try:
            m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # empty file
            yield b""
            return
        try:
            yield m
        finally:
            m.close()


def _read_text(fs: FileSystem, path: str) -> str | None:
    try:
        return fs.read_bytes(path).decode("utf-8", "surrogateescape")
    except OSError:
        return None


# ---------------------------------------------------------------------------------------
# ELF: dynamic section, exported symbols, .rodata
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElfFacts:
    """What one ELF file says about CPython, read from its headers and .rodata."""

    needed: tuple[str, ...] = ()
    rpath: tuple[str, ...] = ()
    runpath: tuple[str, ...] = ()
    #: ``Py_Version`` (PY_VERSION_HEX), exported from 3.11 on.
    hexversion: int | None = None
    #: The ``PY_VERSION`` literal next to Py_GetVersion's format, when not tail-merged.
    version_literal: str | None = None
    #: Whether the file holds a Python runtime (exports ``Py_BytesMain``/``Py_Main`` or
    #: has Py_GetVersion's format string); None when it cannot tell (no sections).
    has_runtime: bool | None = None
    #: ``(offset, size)`` of .rodata in the file.
    rodata: tuple[int, int] | None = None


_SHT_DYNAMIC = 6
_SHT_DYNSYM = 11
_DT_NEEDED, _DT_RPATH, _DT_RUNPATH = 1, 15, 29
_VERSION_FMT = b"%.80s (%.80s) %.80s\x00"
_VERSION_BEFORE_FMT = re.compile(
    rb"\x00(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?\+?)\x00(?:[^\x00]{0,200}\x00){0,2}"
    + re.escape(_VERSION_FMT)
)


def _cstr(buf: bytes | mmap.mmap, start: int, end: int) -> str:
    stop = buf.find(b"\x00", start, end)
    return bytes(buf[start : stop if stop >= 0 else end]).decode("utf-8", "surrogateescape")


def read_elf(buf: bytes | mmap.mmap) -> ElfFacts | None:
    """Parse the few ELF structures discovery needs; None if *buf* is not ELF.

    Uses section headers (present in every distributed CPython, stripped or not); a
    binary without them yields empty facts rather than an error.
    """
    if len(buf) < 64 or buf[:4] != b"\x7fELF":
        return None
    is64 = buf[4] == 2
    end = "<" if buf[5] == 1 else ">"
    try:
        if is64:
            shoff, = struct.unpack_from(end + "Q", buf, 0x28)
            shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", buf, 0x3A)
            sh_fmt = end + "IIQQQQIIQQ"
        else:
            shoff, = struct.unpack_from(end + "I", buf, 0x20)
            shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", buf, 0x2E)
            sh_fmt = end + "IIIIIIIIII"
        sections = []
        for i in range(shnum):
            name, typ, _fl, addr, off, size, link, _inf, _al, entsize = struct.unpack_from(
                sh_fmt, buf, shoff + i * shentsize
            )
            sections.append((name, typ, addr, off, size, link, entsize))
    except struct.error:
        return ElfFacts()
    if not sections:
        return ElfFacts()
    has_runtime = False

    def name_of(sec: tuple[int, ...]) -> str:
        if shstrndx >= len(sections):
            return ""
        base = sections[shstrndx][3]
        return _cstr(buf, base + sec[0], base + sections[shstrndx][4])

    needed: list[str] = []
    rpath: list[str] = []
    runpath: list[str] = []
    hexversion: int | None = None
    literal: str | None = None
    rodata: tuple[int, int] | None = None
    for sec in sections:
        _n, typ, addr, off, size, link, entsize = sec
        if typ == _SHT_DYNAMIC and link < len(sections):
            str_off, str_size = sections[link][3], sections[link][4]
            fmt = end + ("qQ" if is64 else "iI")
            step = struct.calcsize(fmt)
            for pos in range(off, off + size - step + 1, step):
                tag, val = struct.unpack_from(fmt, buf, pos)
                if tag == 0:
                    break
                if tag in (_DT_NEEDED, _DT_RPATH, _DT_RUNPATH):
                    text = _cstr(buf, str_off + val, str_off + str_size)
                    if tag == _DT_NEEDED:
                        needed.append(text)
                    else:
                        (rpath if tag == _DT_RPATH else runpath).extend(text.split(":"))
        elif typ == _SHT_DYNSYM and link < len(sections) and entsize:
            hexversion = _py_version_symbol(buf, sections, sec, end, is64)
            s_off, s_size = sections[link][3], sections[link][4]
            has_runtime = has_runtime or any(
                buf.find(sym, s_off, s_off + s_size) >= 0
                for sym in (b"\x00Py_BytesMain\x00", b"\x00Py_Main\x00")
            )
    for sec in sections:
        if name_of(sec) == ".rodata":
            _n, _t, _a, off, size, _l, _e = sec
            rodata = (off, size)
            # with Py_Version known (3.11+), the literal adds nothing: skip the scan
            at = -1 if hexversion is not None else buf.find(_VERSION_FMT, off, off + size)
            if at >= 0:
                has_runtime = True
                m = _VERSION_BEFORE_FMT.search(buf, max(off, at - 512), at + len(_VERSION_FMT))
                if m:
                    literal = m.group(1).decode("ascii")
            break
    return ElfFacts(tuple(needed), tuple(rpath), tuple(runpath), hexversion, literal,
                    has_runtime or hexversion is not None, rodata)


def _py_version_symbol(
    buf: bytes | mmap.mmap,
    sections: list[tuple[int, int, int, int, int, int, int]],
    dynsym: tuple[int, int, int, int, int, int, int],
    end: str,
    is64: bool,
) -> int | None:
    """The value of the exported ``Py_Version`` constant (bpo-43931, 3.11+)."""
    _n, _t, _a, sym_off, sym_size, link, entsize = dynsym
    str_off, str_size = sections[link][3], sections[link][4]
    at = buf.find(b"\x00Py_Version\x00", str_off, str_off + str_size)
    if at < 0:
        return None
    name_index = struct.pack(end + "I", at + 1 - str_off)
    pos = sym_off
    while True:
        pos = buf.find(name_index, pos, sym_off + sym_size)
        if pos < 0:
            return None
        if (pos - sym_off) % entsize == 0:
            break
        pos += 1
    if is64:
        _name, _info, _other, shndx, value, _size = struct.unpack_from(end + "IBBHQQ", buf, pos)
    else:
        _name, value, _size, _info, _other, shndx = struct.unpack_from(end + "IIIBBH", buf, pos)
    if not 0 < shndx < len(sections):
        return None
    _sn, _st, s_addr, s_off, s_size, _sl, _se = sections[shndx]
    where = s_off + value - s_addr
    width = 8 if is64 else 4
    if not s_off <= where <= s_off + s_size - width:
        return None
    number: int = struct.unpack_from(end + ("Q" if is64 else "I"), buf, where)[0]
    return number


def _elf_facts(fs: FileSystem, real: str) -> ElfFacts | None:
    def compute() -> ElfFacts | None:
        try:
            with _open_blob(fs, real) as buf:
                return read_elf(buf)
        except OSError:
            return None

    return _memo("elf", fs, real, compute)


def _contains(fs: FileSystem, real: str, needle: bytes) -> bool | None:
    """Whether the file holds *needle* (memory-mapped search, cached per file)."""

    def compute() -> bool | None:
        try:
            with _open_blob(fs, real) as buf:
                return buf.find(needle) >= 0
        except OSError:
            return None

    return _memo(f"contains:{needle!r}", fs, real, compute)


def _hex_to_version(number: int) -> tuple[int, int, int]:
    return (number >> 24) & 0xFF, (number >> 16) & 0xFF, (number >> 8) & 0xFF


# ---------------------------------------------------------------------------------------
# The dynamic loader, as far as the record needs it
# ---------------------------------------------------------------------------------------


def _ld_so_conf_dirs(fs: FileSystem) -> list[str]:
    """Directories listed in /etc/ld.so.conf(.d), in the order ldconfig caches them."""
    out: list[str] = []

    def read(path: str, depth: int) -> None:
        text = _read_text(fs, path)
        if text is None or depth > 4:
            return
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("include "):
                pattern = line[len("include "):].strip()
                d, pat = fs.path.split(pattern)
                try:
                    names = sorted(fs.list_dir(d))
                except OSError:
                    continue
                import fnmatch

                for n in names:
                    if fnmatch.fnmatch(n, pat):
                        read(fs.path.join(d, n), depth + 1)
            elif line.startswith("/"):
                out.append(line)

    read("/etc/ld.so.conf", 0)
    return out


def _find_library(
    fs: FileSystem, soname: str, binary_real: str, elf: ElfFacts, env: Mapping[str, str]
) -> tuple[str, str] | None:
    """Where the loader finds *soname* for *binary_real*: ``(path, how)`` (ld.so(8) order)."""
    p = fs.path
    origin = p.dirname(binary_real)

    def expand(entry: str) -> str:
        for token in ("$ORIGIN", "${ORIGIN}"):
            entry = entry.replace(token, origin)
        return entry

    def searches() -> Iterator[tuple[str, list[str]]]:
        if elf.rpath and not elf.runpath:
            yield "DT_RPATH", [expand(e) for e in elf.rpath]
        ld_path = env.get("LD_LIBRARY_PATH")
        if ld_path:
            yield "LD_LIBRARY_PATH", [e or "." for e in re.split("[:;]", ld_path)]
        if elf.runpath:
            yield "DT_RUNPATH", [expand(e) for e in elf.runpath]
        # ldconfig's cache holds what ld.so.conf lists, then the trusted directories
        # (read only when needed: most CPython builds carry a DT_RUNPATH)
        yield "ld.so.conf and default directories", [
            *_ld_so_conf_dirs(fs), "/lib64", "/usr/lib64", "/lib", "/usr/lib"
        ]

    for how, dirs in searches():
        for d in dirs:
            if not d:
                continue
            cand = p.join(d, soname)
            if fs.is_file(cand):
                return cand, how
    return None


# ---------------------------------------------------------------------------------------
# sysconfigdata, build-details.json, pyvenv.cfg, patchlevel.h
# ---------------------------------------------------------------------------------------

_SYSCONFIG_KEYS = (
    "prefix", "exec_prefix", "PLATLIBDIR", "VPATH", "Py_ENABLE_SHARED", "MULTIARCH",
    "ABIFLAGS", "Py_GIL_DISABLED", "PYTHONPATH", "VERSION",
)
_NEXT_KEY = re.compile(r",\s*\n\s*['\"][A-Za-z0-9_]+['\"]\s*:|,?\s*\}")


def parse_sysconfigdata(text: str) -> dict[str, Any]:
    """The few ``build_time_vars`` discovery needs, read with :mod:`ast`, never executed.

    Each value is located by its key and evaluated with :func:`ast.literal_eval`; if the
    file is laid out in a way that defeats this, the whole module is parsed with
    :func:`ast.parse` instead (slower: ~4 ms for a 40 kB file).
    """
    out: dict[str, Any] = {}
    try:
        for key in _SYSCONFIG_KEYS:
            for quote in ("'", '"'):
                at = text.find(f"{quote}{key}{quote}:")
                if at >= 0:
                    break
            else:
                continue
            start = text.index(":", at) + 1
            m = _NEXT_KEY.search(text, start)
            if m is None:
                raise ValueError(key)
            out[key] = _literal(text[start : m.start()].strip())
        return out
    except (ValueError, SyntaxError):
        pass
    return _parse_sysconfigdata_ast(text)


_SIMPLE_STR = re.compile(r"'([^'\\\n]*)'|\"([^\"\\\n]*)\"")


def _literal(text: str) -> Any:
    """A literal's value: the common plain forms directly, anything else via ast."""
    m = _SIMPLE_STR.fullmatch(text)
    if m:
        return m.group(1) if m.group(1) is not None else m.group(2)
    if text.isdigit():
        return int(text)
    return ast.literal_eval(text)


def _parse_sysconfigdata_ast(text: str) -> dict[str, Any]:
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "build_time_vars" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, dict):
                return {k: value[k] for k in _SYSCONFIG_KEYS if k in value}
    return {}


def _sysconfigdata_files(fs: FileSystem, stdlib: str, suffix_t: bool) -> list[str]:
    """Candidate ``_sysconfigdata_*.py`` files, the name CPython would pick first.

    sysconfig imports ``_sysconfigdata_{abiflags}_{sys.platform}_{multiarch}``; Debian
    also installs a ``_sysconfigdata_{abiflags}_{multiarch}`` file (the same data).
    """
    p = fs.path
    found: list[str] = []
    for d in (stdlib, p.join(stdlib, "lib-dynload")):
        try:
            names = fs.list_dir(d)
        except OSError:
            continue
        cands = sorted(n for n in names if n.startswith("_sysconfigdata_") and n.endswith(".py"))

        def rank(n: str) -> tuple[int, int, str]:
            abiflags = n[len("_sysconfigdata_"):].split("_", 1)[0]
            return (
                0 if "_linux_" in n or "_darwin" in n else 1,
                0 if ("t" in abiflags) == suffix_t else 1,
                n,
            )

        found += [p.join(d, n) for n in sorted(cands, key=rank)]
    return found


def _sysconfig_vars(fs: FileSystem, path: str) -> dict[str, Any] | None:
    try:
        real = fs.resolve(path)
    except OSError:
        return None

    def compute() -> dict[str, Any] | None:
        text = _read_text(fs, real)
        if text is None:
            return None
        try:
            return parse_sysconfigdata(text)
        except (ValueError, SyntaxError, RecursionError):
            return None

    return _memo("sysconfigdata", fs, real, compute)


def parse_pyvenv_cfg(text: str) -> dict[str, str]:
    """``key = value`` lines as getpath reads them (keys stripped; first ``=`` splits)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().lower()
        if key and key not in out:
            out[key] = value.strip()
    return out


_PATCHLEVEL = re.compile(r'#define\s+PY_VERSION\s+"(\d+)\.(\d+)\.(\d+)')
_PYENV_DIR = re.compile(r"/versions/(\d+)\.(\d+)\.(\d+)(t?)(?:/|$)")
_VERSION_TEXT = re.compile(r"\s*(\d+)\.(\d+)(?:\.(\d+))?")
_STDLIB_NAME = re.compile(r"python(\d+)\.(\d+)(t?)$")
_BIN_NAME = re.compile(r"python(\d+)\.(\d+)(t?)(?:d|m|dm)?$")
_LIB_NAME = re.compile(r"libpython(\d+)\.(\d+)(t?)(?:d|m|dm)?\.so")


# ---------------------------------------------------------------------------------------
# Locating the target
# ---------------------------------------------------------------------------------------


def find_on_path(fs: FileSystem, name: str, path_value: str | None, cwd: str) -> str | None:
    """The first ``PATH`` entry holding an executable regular file *name* (as execvp)."""
    p = fs.path
    search = path_value if path_value is not None else _DEFAULT_PATH
    for entry in search.split(fs.pathsep):
        d = entry or "."
        cand: str = p.join(d, name)
        if not p.isabs(cand):
            cand = p.normpath(p.join(cwd, cand))
        if fs.is_xfile(cand):
            return cand
    return None


def _fail(message: str, culprit: str) -> InterpreterNotFound:
    return InterpreterNotFound(message, culprit)


def _check_executable(fs: FileSystem, path: str, shown: str) -> str:
    """*path* resolved, or a one-line InterpreterNotFound saying what is wrong with it."""
    kind = fs.lstat(path)
    if kind is None:
        # a missing directory on the way may itself be a dangling link: say so plainly
        raise _fail(f"python interpreter {shown!r} does not exist", shown)
    if kind == "link":
        try:
            real = fs.resolve(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _fail(f"python interpreter {shown!r} is a symlink loop", shown) from None
            try:
                target = fs.readlink(path)
            except OSError:
                target = "?"
            raise _fail(
                f"python interpreter {shown!r} is a broken symlink (to {target!r}, which does not exist)",
                shown,
            ) from None
    else:
        try:
            real = fs.resolve(path)
        except OSError as exc:
            what = "a symlink loop" if exc.errno == errno.ELOOP else "unreachable"
            raise _fail(f"python interpreter {shown!r} is {what}", shown) from None
    real_kind = fs.lstat(real)
    if real_kind == "dir":
        raise _fail(f"python interpreter {shown!r} is a directory, not a program", shown)
    if real_kind != "file":
        raise _fail(f"python interpreter {shown!r} is not a regular file", shown)
    if not fs.is_xfile(path):
        raise _fail(f"python interpreter {shown!r} is not executable (no execute permission)", shown)
    return real


def _refuse_script(fs: FileSystem, real: str, shown: str) -> None:
    try:
        head = fs.read_bytes(real, 512)
    except OSError as exc:
        raise _fail(f"python interpreter {shown!r} cannot be read: {exc.strerror or exc}", shown) from None
    if head.startswith(b"#!"):
        text = head.decode("utf-8", "replace")
        name = fs.path.basename(shown)
        if "pyenv" in text or "/shims/" in shown:
            raise _fail(
                f"python interpreter {shown!r} is a pyenv shim (a shell script), not CPython;"
                f" pass the real interpreter, e.g. --python \"$(pyenv which {name})\"",
                shown,
            )
        line = text.splitlines()[0] if text else "#!"
        raise _fail(
            f"python interpreter {shown!r} is a wrapper script ({line[:60]}), not CPython;"
            " pass the real interpreter's path",
            shown,
        )


def _platform_of(head: bytes) -> Platform | None:
    if head[:4] == b"\x7fELF":
        return "linux"
    if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe",
                    b"\xfe\xed\xfa\xcf", b"\xfe\xed\xfa\xce"):
        return "darwin"
    if head[:2] == b"MZ":
        return "win32"
    return None


# ---------------------------------------------------------------------------------------
# Gathering facts
# ---------------------------------------------------------------------------------------


def _set_xy(facts: Facts, major: int, minor: int, micro: int | None, source: str) -> None:
    if facts.xy is None:
        facts.put("major", major, source)
        facts.put("minor", minor, source)
    if facts.xy == (major, minor) and micro is not None:
        facts.put("micro", micro, source)


def _stdlib_candidates(
    fs: FileSystem,
    bindirs: list[str],
    xy: tuple[int, int] | None,
    thread: str | None,
    *,
    depth: int,
) -> Iterator[str]:
    """``<prefix>/lib*/pythonX.Y[t]`` directories holding ``os.py``, nearest first.

    getpath looks for the ``os.py`` landmark in the ancestors of the executable's
    directory; the build's PLATLIBDIR is not known yet, so ``lib`` and ``lib64`` are
    both tried.  With an unknown X.Y, a ``lib`` holding a single ``pythonX.Y`` counts.
    """
    p = fs.path
    seen: set[str] = set()
    for bindir in bindirs:
        d = bindir
        for _ in range(depth):
            parent = p.dirname(d)
            for libdir in ("lib", "lib64"):
                base = p.join(parent, libdir)
                if base in seen:
                    continue
                seen.add(base)
                if xy is not None:
                    for t in ([thread] if thread is not None else ["", "t"]):
                        cand: str = p.join(base, f"python{xy[0]}.{xy[1]}{t}")
                        if fs.is_file(p.join(cand, "os.py")):
                            yield cand
                    continue
                try:
                    names = fs.list_dir(base)
                except OSError:
                    continue
                hits = sorted(
                    n for n in names
                    if _STDLIB_NAME.match(n) and fs.is_file(p.join(base, n, "os.py"))
                )
                if len(hits) == 1:
                    yield str(p.join(base, hits[0]))
            if parent == d:
                break
            d = parent


def _build_tree_candidates(fs: FileSystem, real: str) -> list[str]:
    """Where a program in a build tree keeps its sysconfigdata: the directory its
    pybuilddir.txt names, then the tree's Lib/ (getpath's own build-tree markers)."""
    p = fs.path
    here = p.dirname(real)
    found: list[str] = []
    try:
        first = fs.read_bytes(p.join(here, "pybuilddir.txt"), 4096).decode("utf-8", "replace")
    except OSError:
        first = None
    if first is not None and first.strip():
        found.append(p.normpath(p.join(here, first.splitlines()[0].strip())))
    if first is not None or fs.is_file(p.join(here, "Modules", "Setup.local")):
        found.append(p.join(here, "Lib"))
    return found


def _sysconfigdata_in(
    fs: FileSystem, stdlib: str, xy: tuple[int, int] | None
) -> tuple[str, dict[str, Any]] | None:
    """The sysconfigdata file of *stdlib* and its vars (of series *xy*, when known)."""
    thread = fs.path.basename(stdlib).endswith("t")
    for sc in _sysconfigdata_files(fs, stdlib, thread):
        cv = _sysconfig_vars(fs, sc)
        if not cv:
            continue
        vm = _VERSION_TEXT.match(str(cv.get("VERSION", "")))
        if vm and xy is not None and (int(vm.group(1)), int(vm.group(2))) != xy:
            continue  # a stray file from another series
        return sc, cv
    return None


def _holds_string(fs: FileSystem, real: str, span: tuple[int, int], text: object) -> bool:
    """Whether NUL-terminated *text* is in the file's .rodata (cached per file and text)."""
    if not isinstance(text, str) or not text:
        return False
    needle = b"\x00" + text.encode("utf-8", "surrogateescape") + b"\x00"

    def compute() -> bool:
        try:
            with _open_blob(fs, real) as buf:
                return buf.find(needle, span[0], span[0] + span[1]) >= 0
        except OSError:
            return False

    return _memo(f"holds:{text}", fs, real, compute)


#: Directories a runtime names for other reasons than its PREFIX.
_NOT_A_PREFIX = ("/proc", "/dev", "/sys", "/run", "/tmp")

_ABS_STRING = re.compile(rb"(?<=\x00)/[\x21-\x7e]{1,254}(?=\x00)")


def _abs_strings(fs: FileSystem, real: str, span: tuple[int, int]) -> tuple[str, ...]:
    """Absolute-path-looking strings in the runtime's .rodata that are directories."""

    def compute() -> tuple[str, ...]:
        out: list[str] = []
        try:
            with _open_blob(fs, real) as buf:
                for m in _ABS_STRING.finditer(buf, span[0], span[0] + span[1]):
                    text = m.group(0).decode("ascii").rstrip("/")
                    if text and "%" not in text and text not in out:
                        out.append(text)
        except OSError:
            return ()
        return tuple(out)

    found = _memo("abs-strings", fs, real, compute)
    return tuple(d for d in found if fs.is_dir(d))


def discover_interpreter(
    fs: FileSystem, executable: str, env: Mapping[str, str], *, shown: str | None = None
) -> Facts:
    """The static facts of the interpreter at absolute target path *executable*.

    *executable* is argv[0] made absolute (not resolved): getpath looks for
    ``pyvenv.cfg`` beside it, before resolving symlinks.  On the local disk the answer
    is cached in-process and reused while every path consulted keeps its ``stat``.
    A fresh :class:`Facts` is returned each time (callers may fill it in).
    """
    if not isinstance(fs, LocalFS):
        return _discover(fs, executable, env, shown or executable)
    key = (executable, env.get("LD_LIBRARY_PATH") or "")
    hit = _FACTS_CACHE.get(key)
    if hit is not None:
        facts, sigs = hit
        if all(_signature(path) == sig for path, sig in sigs):
            return replace(facts, provenance=dict(facts.provenance))
    rec = _Recorder(fs)
    facts = _discover(rec, executable, env, shown or executable)
    _FACTS_CACHE[key] = (facts, _signatures(rec.seen))
    return replace(facts, provenance=dict(facts.provenance))


def _discover(fs: FileSystem, executable: str, env: Mapping[str, str], shown: str) -> Facts:
    p = fs.path
    real = _check_executable(fs, executable, shown)
    _refuse_script(fs, real, shown)
    facts = Facts(executable=real)
    head = fs.read_bytes(real, 64)
    platform = _platform_of(head)
    if platform is None:
        raise _fail(f"python interpreter {shown!r} is not a program CPython builds (unknown file format)", shown)
    facts.platform = platform
    facts.provenance["platform"] = f"file format of {real}"

    # -- a virtual environment: pyvenv.cfg beside the program or one level up --------
    venv_home: str | None = None
    venv_version: tuple[int, int, int | None] | None = None
    program = p.normpath(executable)  # getpath's abspath(): lexical
    for cfg_dir in (p.dirname(program), p.dirname(p.dirname(program))):
        cfg_path = p.join(cfg_dir, "pyvenv.cfg")
        if not fs.is_file(cfg_path):
            continue
        cfg = parse_pyvenv_cfg(_read_text(fs, cfg_path) or "")
        src = f"pyvenv.cfg at {cfg_path}"
        venv_home = cfg.get("home") or None
        if venv_home:
            facts.provenance["venv home"] = src
        for key in ("version_info", "version"):
            m = _VERSION_TEXT.match(cfg.get(key, ""))
            if m:
                facts.provenance["venv version"] = f"{key} = {m.group(0).strip()} in {src}"
                venv_version = (int(m.group(1)), int(m.group(2)),
                                int(m.group(3)) if m.group(3) else None)
                break
        break

    # -- the binary's ELF: the libpython it loads, the version it embeds --------------
    elf = _elf_facts(fs, real) if platform == "linux" else None
    runtime_elf = elf
    runtime_file = real
    libpython = next((n for n in (elf.needed if elf else ()) if n.startswith("libpython")), None)
    if elf is not None:
        if libpython is not None:
            facts.put("shared", True, f"DT_NEEDED {libpython} of {real}")
            m = _LIB_NAME.match(libpython)
            if m:
                _set_xy(facts, int(m.group(1)), int(m.group(2)), None, f"DT_NEEDED {libpython} of {real}")
                facts.put("abi_thread", m.group(3) or None, f"DT_NEEDED {libpython} of {real}")
        else:
            facts.put("shared", False, f"no libpython in DT_NEEDED of {real} (statically linked)")
    name_m = _BIN_NAME.match(p.basename(real))

    def take_elf_version(e: ElfFacts, where: str) -> None:
        if e.hexversion is not None:
            ma, mi, mc = _hex_to_version(e.hexversion)
            _set_xy(facts, ma, mi, mc, f"Py_Version symbol (0x{e.hexversion:08x}) in {where}")
        if e.version_literal is not None:
            vm = _VERSION_TEXT.match(e.version_literal)
            if vm:
                _set_xy(facts, int(vm.group(1)), int(vm.group(2)), int(vm.group(3)),
                        f"PY_VERSION literal {e.version_literal!r} in ELF strings of {where}")

    if elf is not None and libpython is None:
        if elf.has_runtime is False:
            # a program near a stdlib is not thereby Python (/bin/ls next to /usr/lib/python3.X)
            raise _fail(
                f"python interpreter {shown!r} is not a CPython: no Python runtime in it"
                " and no libpython among the libraries it loads",
                shown,
            )
        take_elf_version(elf, real)
    if name_m:
        _set_xy(facts, int(name_m.group(1)), int(name_m.group(2)), None, f"program name {real}")
    if venv_version is not None:
        _set_xy(facts, venv_version[0], venv_version[1], None, facts.provenance["venv version"])

    # -- libpython: where the loader finds it, and the version it embeds ---------------
    if elf is not None and libpython is not None:
        found = _find_library(fs, libpython, real, elf, env)
        if found is not None:
            lib_path, how = found
            facts.put("library", lib_path, f"{libpython} found through {how} of {real}")
            try:
                runtime_file = fs.resolve(lib_path)
            except OSError:
                runtime_file = lib_path
            runtime_elf = _elf_facts(fs, runtime_file)
            if runtime_elf is not None:
                take_elf_version(runtime_elf, runtime_file)

    # -- the stdlib and its sysconfigdata ----------------------------------------------
    bindirs = []
    if venv_home:
        bindirs.append(venv_home if p.isabs(venv_home) else p.join(p.dirname(program), venv_home))
    bindirs.append(p.dirname(real))
    if facts.library is not None:
        # a launcher copied away from its install still loads the install's libpython
        # (absolute DT_RUNPATH): its prefix is beside that library's directory
        bindirs.append(p.join(p.dirname(p.dirname(runtime_file)), "bin"))
    stdlib: str | None = None
    first_stdlib: str | None = None
    hit: tuple[str, dict[str, Any]] | None = None
    unverified: tuple[str, tuple[str, dict[str, Any]]] | None = None
    span = runtime_elf.rodata if runtime_elf is not None else None
    for cand in (*_build_tree_candidates(fs, real),
                 *_stdlib_candidates(fs, bindirs, facts.xy, facts.abi_thread, depth=4)):
        first_stdlib = first_stdlib or cand
        found_here = _sysconfigdata_in(fs, cand, facts.xy)
        if found_here is not None and unverified is None:
            unverified = (cand, found_here)
        # the install must be this build's: its PREFIX is a string in the runtime (a
        # venv's home or an ancestor directory can lead to another install)
        if found_here is not None and (
            span is None
            or _holds_string(fs, runtime_file, span, found_here[1].get("prefix"))
        ):
            stdlib, hit = cand, found_here
            break
    if hit is None and runtime_elf is not None and runtime_elf.rodata is not None:
        # Nothing near the program: CPython then falls back to the build's PREFIX, a
        # string in the runtime.  Try the absolute paths the runtime holds, keeping
        # only an install whose own sysconfigdata names that very path as its prefix.
        for prefix in _abs_strings(fs, runtime_file, runtime_elf.rodata):
            for cand in _stdlib_candidates(
                fs, [p.join(prefix, "bin")], facts.xy, facts.abi_thread, depth=1
            ):
                found_here = _sysconfigdata_in(fs, cand, facts.xy)
                if found_here is not None and prefix in (
                    found_here[1].get("prefix"), found_here[1].get("exec_prefix")
                ):
                    stdlib, hit = cand, found_here
                    facts.provenance["stdlib"] = (
                        f"{cand}: the build PREFIX {prefix!r} found in {runtime_file}"
                    )
                    break
            if hit is not None:
                break
    if hit is None and unverified is not None:
        # a linker may merge the PREFIX string into a longer one's tail: when no
        # install could be verified, the nearest one with sysconfigdata is taken
        stdlib, hit = unverified
        facts.provenance["stdlib"] = f"{stdlib} (its PREFIX not found in {runtime_file})"
    if hit is None and span is not None:
        # No install of this build on the disk: its PREFIX is still compiled into the
        # runtime.  When the runtime's strings name exactly one real directory (besides
        # pseudo-filesystems and the root), that is it (Debian: "/usr"; pyenv: its
        # version folder).  Measured with a relocated Debian 3.14.10 copied alone.
        named = [d for d in _abs_strings(fs, runtime_file, span)
                 if d not in ("/", "/.") and not d.startswith(_NOT_A_PREFIX)]
        if len(named) == 1:
            src = f"the one directory named in {runtime_file} (no install of the build found)"
            facts.put("prefix", named[0], src)
            facts.put("exec_prefix", named[0], src)
    if stdlib is None:
        stdlib = first_stdlib
    if stdlib is not None:
        sm = _STDLIB_NAME.search(p.basename(stdlib))
        if sm:
            _set_xy(facts, int(sm.group(1)), int(sm.group(2)), None, f"stdlib directory {stdlib}")
            facts.put("abi_thread", sm.group(3), f"stdlib directory {stdlib}")
        facts.provenance.setdefault("stdlib", stdlib)

    if hit is not None:
        sc, cv = hit
        src = f"{sc} (build_time_vars)"
        vm = _VERSION_TEXT.match(str(cv.get("VERSION", "")))
        if vm:
            _set_xy(facts, int(vm.group(1)), int(vm.group(2)), None, src)
        facts.put("prefix", cv.get("prefix"), src)
        facts.put("exec_prefix", cv.get("exec_prefix"), src)
        if "PLATLIBDIR" in cv:
            facts.put("platlibdir", cv["PLATLIBDIR"], src)
        elif facts.xy is not None and facts.xy < (3, 9):
            facts.put("platlibdir", "lib", f"{src}: no PLATLIBDIR before 3.9 (bpo-1294959)")
        if "VPATH" in cv:
            facts.put("vpath", cv["VPATH"], src)
        else:
            # configure drops the Makefile's VPATH line for an in-tree build
            # (srcdir "."), so getpath.c's -DVPATH='"$(VPATH)"' is empty
            facts.put("vpath", "", f"{src}: no VPATH, an in-tree build")
        facts.put("pythonpath", cv.get("PYTHONPATH"), src)
        facts.put("multiarch", cv.get("MULTIARCH"), src)
        if "Py_GIL_DISABLED" in cv:
            facts.put("abi_thread", "t" if cv["Py_GIL_DISABLED"] else "", src)
        elif "ABIFLAGS" in cv:
            facts.put("abi_thread", "t" if "t" in str(cv["ABIFLAGS"]) else "", src)
        if "Py_ENABLE_SHARED" in cv:
            facts.put("shared", bool(cv["Py_ENABLE_SHARED"]), src)
    if stdlib is not None:
        _build_details(fs, stdlib, facts)
        site_text = _read_text(fs, p.join(stdlib, "site.py"))
        if site_text is not None:
            debian = "dist-packages" in site_text
            facts.put("site_flavour", "debian" if debian else "cpython",
                      f"{p.join(stdlib, 'site.py')} {'mentions' if debian else 'has no'} dist-packages")

    if facts.site_flavour is None and facts.xy is not None and facts.xy >= (3, 11):
        # 3.11+ runs a frozen copy of site.py compiled into the runtime (bpo-45020);
        # with no site.py on disk, its marshalled constants still name dist-packages.
        in_binary = _contains(fs, runtime_file, b"dist-packages")
        if in_binary is not None:
            facts.put("site_flavour", "debian" if in_binary else "cpython",
                      f"frozen site module in {runtime_file} "
                      f"{'mentions' if in_binary else 'has no'} dist-packages")

    # -- weaker sources for the micro version ---------------------------------------------
    if venv_version is not None:
        _set_xy(facts, *venv_version, facts.provenance["venv version"])
    if facts.micro is None and stdlib is not None and facts.xy is not None:
        prefix_dir = p.dirname(p.dirname(stdlib))
        for t in (facts.abi_thread or "", ""):
            ph = p.join(prefix_dir, "include", f"python{facts.xy[0]}.{facts.xy[1]}{t}", "patchlevel.h")
            text = _read_text(fs, ph)
            pm = _PATCHLEVEL.search(text or "")
            if pm:
                _set_xy(facts, int(pm.group(1)), int(pm.group(2)), int(pm.group(3)), f"PY_VERSION in {ph}")
                break
    if facts.micro is None:
        dm = _PYENV_DIR.search(real)
        if dm:
            _set_xy(facts, int(dm.group(1)), int(dm.group(2)), int(dm.group(3)),
                    f"pyenv-style directory name in {real}")
    return facts


def _build_details(fs: FileSystem, stdlib: str, facts: Facts) -> None:
    """PEP 739's ``build-details.json`` (3.14+): version and base prefix, if still missing."""
    path = fs.path.join(stdlib, "build-details.json")
    text = _read_text(fs, path)
    if text is None:
        return
    try:
        data = json.loads(text)
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    src = f"{path} (PEP 739)"
    impl = data.get("implementation") or {}
    ver = impl.get("version") if isinstance(impl, dict) else None
    lang = data.get("language") or {}
    if not isinstance(ver, dict) and isinstance(lang, dict):
        ver = lang.get("version_info")
    if isinstance(ver, dict) and isinstance(ver.get("major"), int) and isinstance(ver.get("minor"), int):
        micro = ver.get("micro")
        _set_xy(facts, ver["major"], ver["minor"], micro if isinstance(micro, int) else None, src)
    base = data.get("base_prefix")
    if isinstance(base, str) and fs.path.isabs(base):
        facts.put("prefix", base, src)
    abi = data.get("abi") or {}
    flags = abi.get("flags") if isinstance(abi, dict) else None
    if isinstance(flags, list):
        facts.put("abi_thread", "t" if "t" in flags else "", src)


def _to_interpreter(facts: Facts, shown: str) -> Interpreter:
    xy = facts.xy
    if xy is None:
        raise _fail(
            f"python interpreter {shown!r} is not a CPython pywhence can read (no version found;"
            " --probe would run it to ask)",
            shown,
        )
    if xy < MIN_VERSION or xy > MAX_VERSION:
        lo, hi = MIN_VERSION, MAX_VERSION
        raise _fail(
            f"python interpreter {shown!r} is Python {xy[0]}.{xy[1]}; pywhence models "
            f"{lo[0]}.{lo[1]}\u2013{hi[0]}.{hi[1]}",
            shown,
        )
    prefix = facts.prefix if facts.prefix is not None else "/usr/local"
    build = Build(
        prefix=prefix,
        exec_prefix=facts.exec_prefix if facts.exec_prefix is not None else "",
        platlibdir=facts.platlibdir if facts.platlibdir is not None else "lib",
        vpath=facts.vpath or "",
        abi_thread=facts.abi_thread or "",
        pythonpath=facts.pythonpath or "",
        shared=facts.shared,
        multiarch=facts.multiarch or "",
    )
    prov = dict(facts.provenance)
    if "major" in prov:
        prov.setdefault("version", prov.pop("major"))
        prov.pop("minor", None)
    if "micro" in prov:
        prov["version micro"] = prov.pop("micro")
    for name in ("prefix", "exec_prefix", "platlibdir"):
        if getattr(facts, name) is None:
            prov[name] = "not found on disk; CPython's default assumed"
    return Interpreter(
        version=Version(xy[0], xy[1], facts.micro),
        platform=facts.platform,
        build=build,
        executable=facts.executable,
        library=facts.library,
        site_flavour=facts.site_flavour or "cpython",
        provenance=tuple(prov.items()),
    )


# ---------------------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------------------


#: uid -> (signature of /etc/passwd, home directory): the password database read once.
_PASSWD_CACHE: dict[int, tuple[Any, str | None]] = {}


def _passwd_home(uid: int) -> str | None:
    """The home directory of *uid* in the password database (``~`` when HOME is unset).

    Remembered while /etc/passwd keeps its ``stat``; a database served by another NSS
    source (LDAP) is read again only when /etc/passwd changes.
    """
    sig = _signature("/etc/passwd")
    hit = _PASSWD_CACHE.get(uid)
    if hit is not None and hit[0] == sig:
        return hit[1]
    try:
        import pwd

        home: str | None = pwd.getpwuid(uid).pw_dir
    except (ImportError, KeyError):
        home = None
    _PASSWD_CACHE[uid] = (sig, home)
    return home


def discover_invocation(
    python: str | None,
    args: tuple[str, ...],
    env: dict[str, str],
    cwd: str,
    root: str | None,
    probe: bool,
) -> tuple[Interpreter, Invocation, FileSystem]:
    """The model's inputs for ``python ARGS...`` run in *cwd* with *env* (see module doc).

    *python*: None for the interpreter running pywhence; a path containing ``/`` is
    argv[0] as typed (relative to *cwd*); a bare name is looked up on *env*'s PATH the
    way ``execvp`` would, and is argv[0] as typed (CPython searches PATH itself).
    """
    fs: FileSystem = RootedFS(root) if root is not None else LocalFS()
    p = fs.path
    # A process's getcwd() is physical (the kernel holds no symlinks in it), and CPython
    # makes relative paths absolute with it: a symlinked cwd is resolved here.
    if p.isabs(cwd):
        try:
            cwd = fs.resolve(cwd)
        except OSError:
            pass
    if python is None:
        if root is not None:
            raise _fail("--root needs --python: the interpreter running pywhence is not inside the root", root)
        argv0 = sys.executable
        if not argv0:
            raise _fail("the interpreter running pywhence does not know its own path (sys.executable is empty)", "")
        executable = argv0
    elif fs.sep in python or (fs.flavour == "nt" and "/" in python):
        argv0 = python
        # joined, not normalised: the kernel resolves "link/.." physically
        executable = python if p.isabs(python) else p.join(cwd, python)
    else:
        argv0 = python
        path_value = env.get("PATH")
        found = find_on_path(fs, python, path_value, cwd)
        if found is None:
            shown_path = path_value if path_value is not None else f"{_DEFAULT_PATH} (PATH is unset)"
            raise _fail(f"python interpreter {python!r} not found on PATH={shown_path}", python)
        executable = found

    facts = discover_interpreter(fs, executable, env, shown=python or argv0)
    if probe:
        from .probe import fill_from_probe

        fill_from_probe(fs, facts, env)
    interp = _to_interpreter(facts, python or argv0)

    uid = euid = gid = egid = None
    passwd_home = None
    if root is None and hasattr(os, "getuid"):
        uid, euid, gid, egid = os.getuid(), os.geteuid(), os.getgid(), os.getegid()
        if not env.get("HOME"):
            passwd_home = _passwd_home(uid)
    real_executable = None
    if interp.platform != "linux":
        # macOS (_NSGetExecutablePath) and Windows (GetModuleFileNameW) ask the OS; the
        # OS reports the path the program was started from.
        real_executable = executable
    inv = Invocation(
        argv=(argv0, *args),
        env=env,
        cwd=cwd,
        real_executable=real_executable,
        library=None if interp.platform == "linux" else interp.library,
        uid=uid,
        euid=euid,
        gid=gid,
        egid=egid,
        passwd_home=passwd_home,
    )
    return interp, inv, fs
