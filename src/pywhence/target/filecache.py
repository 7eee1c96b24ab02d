"""What discovery read from each file, remembered per file identity.

Discovery reads the same few large files again and again (the binary, its libpython,
``_sysconfigdata_*.py``): each answer is cached under the file's host realpath,
``st_mtime_ns`` and ``st_size``, and a file on this host is memory-mapped rather than
read (binaries are large).  :class:`Recorder` remembers every path discovery asked
about, so a whole discovery can be reused while those paths keep their ``stat``.  The
scans of one binary's bytes that discovery needs (its ELF facts, a string in its
``.rodata``) are cached here too; the parsing itself is :mod:`.elf`'s.

Only targets on a real disk (:class:`~pywhence.disk.fs.LocalFS`,
:class:`~pywhence.disk.fs.RootedFS`) are cached; any other view is read each time.
"""

from __future__ import annotations

import errno
import mmap
import os

from .._diskcache import signature
from .._memo import forget_with
from ..disk.fileio import open_host
from ..disk.fs import FileSystem, Kind, LocalFS, RootedFS
from .elf import ElfFacts, binary_damage, read_elf

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from typing import TypeVar

    _T = TypeVar("_T")
    from collections.abc import Callable, Iterable
    from typing import Any

__all__ = [
    "Recorder",
    "abs_strings",
    "binary_damage_of",
    "clear_file_cache",
    "contains",
    "elf_facts",
    "holds_string",
    "memo",
    "open_blob",
    "read_text",
    "signature",
    "signatures",
]



# ---------------------------------------------------------------------------------------
# Host access for fast reads (mmap) and cache keys
# ---------------------------------------------------------------------------------------


def _host_path(fs: FileSystem, real: str) -> str | None:
    """Where the resolved target path *real* lives on this host, if it lives anywhere."""
    from ..disk.fs import MemoFS

    while isinstance(fs, (Recorder, MemoFS)):  # a view over the disk answers as the disk
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
forget_with(_FILE_CACHE.clear)


def clear_file_cache() -> None:
    """Forget every per-file answer (part of :func:`.discovery.clear_caches`)."""
    _FILE_CACHE.clear()


class Recorder(FileSystem):
    """A view that remembers every path it was asked about.

    Discovery's answer depends on those paths only; re-checking their ``stat`` is
    enough to reuse the answer (a warm call costs a few dozen stats, no reads).
    """

    def __init__(self, inner: FileSystem) -> None:
        self.inner = inner
        self.flavour = inner.flavour
        self.seen: dict[str, None] = {}
        #: signatures already taken of some seen paths (a remembered part's, just checked)
        self.known: dict[str, Any] = {}

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


def still_same(path: str, sig: Any) -> bool:
    """Whether *path* still has signature *sig*; a path that was missing is checked with
    ``access()``, which answers "still missing" without raising (any errno of a missing
    path is the same answer to discovery)."""
    if sig == errno.ENOENT:
        try:
            return not os.access(path, os.F_OK)
        except ValueError:
            pass
    same: bool = signature(path) == sig
    return same


def signatures(paths: Iterable[str], known: dict[str, Any] | None = None
               ) -> tuple[tuple[str, Any], ...]:
    """Each of *paths* with its signature, taken now unless *known* has it."""
    if not known:
        return tuple((p, signature(p)) for p in paths)
    return tuple((p, known[p] if p in known else signature(p)) for p in paths)


def memo(kind: str, fs: FileSystem, real: str, compute: Callable[[], _T]) -> _T:
    """*compute()*, cached per file identity (host realpath, mtime, size)."""
    if isinstance(fs, Recorder):
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


class open_blob:
    """The bytes of a file, memory-mapped when it is on this host (binaries are large).

    Only a regular file is mapped (disk/fileio.py's :func:`~pywhence.disk.fileio.open_host`:
    a FIFO or a device named as a libpython raises ``NotRegularFileError`` unopened).
    A plain context manager rather than ``contextlib.contextmanager``: contextlib is
    not worth its import on the hot path.
    """

    __slots__ = ("_map", "fs", "real")

    def __init__(self, fs: FileSystem, real: str) -> None:
        self.fs = fs
        self.real = real
        self._map: mmap.mmap | None = None

    def __enter__(self) -> bytes | mmap.mmap:
        host = _host_path(self.fs, self.real)
        if host is None:
            return self.fs.read_bytes(self.real)
        inner = self.fs
        while hasattr(inner, "inner"):  # a recording or remembering view over a disk
            inner = inner.inner
        # under --root the path is resolved inside the root: a link there now is a race
        fd = open_host(host, follow=not isinstance(inner, RootedFS))
        try:
            self._map = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        except ValueError:  # empty file
            return b""
        finally:
            os.close(fd)  # the map holds its own descriptor
        return self._map

    def __exit__(self, *exc: object) -> None:
        if self._map is not None:
            self._map.close()


#: Discovery's text files (``_sysconfigdata_*.py`` ~50 kB, ``site.py``, ``patchlevel.h``,
#: ``build-details.json``, ``pyvenv.cfg``) are small: one larger than this is no build's,
#: and is not read (CPython's startup reads none of them but pyvenv.cfg, modelled apart).
TEXT_BOUND = 16 * 1024 * 1024


def read_text(fs: FileSystem, path: str, bound: int = TEXT_BOUND) -> str | None:
    """The text of a small file, or None: missing, unreadable, not a regular file (a FIFO,
    a device) or larger than *bound*."""
    try:
        data = fs.read_bytes(path, bound + 1)
    except OSError:
        return None
    if len(data) > bound:
        return None
    return data.decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------------------
# What one binary holds, cached per file
# ---------------------------------------------------------------------------------------


def elf_facts(fs: FileSystem, real: str) -> ElfFacts | None:
    """:func:`.elf.read_elf` of the file at resolved path *real* (None: unreadable or not ELF)."""

    def compute() -> ElfFacts | None:
        try:
            with open_blob(fs, real) as buf:
                return read_elf(buf)
        except OSError:
            return None

    return memo("elf", fs, real, compute)


def binary_damage_of(fs: FileSystem, real: str) -> str | None:
    """:func:`.elf.binary_damage` of the file at *real* (cached per file), or why it
    cannot be read at all."""

    def compute() -> str | None:
        try:
            with open_blob(fs, real) as buf:
                return binary_damage(buf)
        except OSError as exc:
            return f"it cannot be read: {exc.strerror or exc}"

    return memo("damage", fs, real, compute)


def contains(fs: FileSystem, real: str, needle: bytes) -> bool | None:
    """Whether the file holds *needle* (memory-mapped search, cached per file)."""

    def compute() -> bool | None:
        try:
            with open_blob(fs, real) as buf:
                return buf.find(needle) >= 0
        except OSError:
            return None

    return memo(f"contains:{needle!r}", fs, real, compute)


def holds_string(fs: FileSystem, real: str, span: tuple[int, int], text: object) -> bool:
    """Whether NUL-terminated *text* is in the file's .rodata (cached per file and text)."""
    if not isinstance(text, str) or not text:
        return False
    needle = b"\x00" + text.encode("utf-8", "surrogateescape") + b"\x00"

    def compute() -> bool:
        try:
            with open_blob(fs, real) as buf:
                return buf.find(needle, span[0], span[0] + span[1]) >= 0
        except OSError:
            return False

    return memo(f"holds:{text}", fs, real, compute)




def abs_strings(fs: FileSystem, real: str, span: tuple[int, int]) -> tuple[str, ...]:
    """Absolute-path-looking strings in the runtime's .rodata that are directories."""

    def compute() -> tuple[str, ...]:
        out: list[str] = []
        try:
            with open_blob(fs, real) as buf:
                for m in _abs_string().finditer(buf, span[0], span[0] + span[1]):
                    text = m.group(0).decode("ascii").rstrip("/")
                    if text and "%" not in text and text not in out:
                        out.append(text)
        except OSError:
            return ()
        return tuple(out)

    found = memo("abs-strings", fs, real, compute)
    return tuple(d for d in found if fs.is_dir(d))


def _abs_string() -> re.Pattern[bytes]:
    """An absolute path among a binary's NUL-separated strings (compiled on first use)."""
    import re

    return re.compile(rb"(?<=\x00)/[\x21-\x7e]{1,254}(?=\x00)")
