"""The filesystem the model reads through, and never bypasses.

Three views of a disk share one small protocol:

* :class:`LocalFS` -- the real disk of this machine;
* :class:`RootedFS` -- a folder seen as ``/`` (an unpacked image or a chroot): absolute
  symlinks resolve inside the root and ``..`` stops at it, exactly as inside a chroot,
  so nothing outside the root is ever opened;
* :class:`MemoryFS` -- an imagined machine held in dictionaries (world files).

Paths given to and returned by a filesystem are always *target* paths, in the target's
flavour (``posix`` or ``nt``), never host paths.  The model gets its path arithmetic from
:attr:`FileSystem.path` (``posixpath`` or ``ntpath``, both importable on every host), so a
Windows world is computed the same way on Linux.

Besides the primitives, this module holds the three symlink-resolution rules that
CPython uses at different moments of startup (they differ, and the differences show):

* :func:`readlink_chain` -- getpath's ``realpath`` helper on POSIX (3.11+) and the old
  getpath.c ``resolve_symlinks`` (3.8-3.10): only the *last* component is resolved,
  repeatedly, relative targets joined to the link's directory;
* :func:`realpath_strict` -- the C library's ``realpath(3)``: every component resolved,
  failure when anything is missing or loops (used for ``sys.path[0]`` of a script);
* :func:`realpath_lax` -- ``os.path.realpath`` (non-strict), as Python code in the target
  (site.py, runpy) would compute it.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat

from .._memo import forget_with
from ..errors import RootEscapeError, WorldError
from .fileio import read_host, special_error
from .ownership import LocalOwnership, MemoOwnership, MemoryOwnership, Ownership, RootedOwnership

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from types import ModuleType
    from typing import Any, Literal

__all__ = ["MAXSYMLINKS", "FileSystem", "Kind", "LocalFS", "MemoFS", "MemoryFS", "RootedFS",
           "readlink_chain", "realpath_lax", "realpath_strict"]

if TYPE_CHECKING:
    Kind = Literal["file", "dir", "link", "other"]
    Flavour = Literal["posix", "nt"]
else:
    Kind = Flavour = str  # Literals for type checkers; typing is not imported

#: Linux's limit on symlinks followed while resolving one path (also getpath's, 3.11+).
MAXSYMLINKS = 40


class FileSystem(Ownership):
    """The protocol every view implements.

    Subclasses provide the primitives (:meth:`lstat`, :meth:`readlink`,
    :meth:`_read_resolved`, :meth:`_list_resolved`, :meth:`_is_exec_resolved`) on *target*
    paths; the following methods (``is_file``, ``is_dir``, ...) follow symlinks like the
    corresponding ``os.path`` functions would on the target.  :meth:`owner` (permission
    bits, uid, gid) comes from :class:`~pywhence.disk.ownership.Ownership`.
    """

    flavour: Flavour = "posix"

    # -- flavour ------------------------------------------------------------------------
    @property
    def path(self) -> ModuleType:
        """``posixpath`` or ``ntpath``: path arithmetic in the target's flavour."""
        if self.flavour == "nt":
            import ntpath  # only for a Windows target

            return ntpath
        return posixpath

    @property
    def sep(self) -> str:
        return "\\" if self.flavour == "nt" else "/"

    @property
    def pathsep(self) -> str:
        return ";" if self.flavour == "nt" else ":"

    # -- primitives ------------------------------------------------------------------------
    # Views implement these on *clean* paths: absolute, no '.' or '..', and no symlink in
    # any directory on the way.  :meth:`lstat` and :meth:`readlink` bring any path there.
    def _lstat_clean(self, path: str) -> Kind | None:
        return None

    def _readlink_clean(self, path: str) -> str:
        raise OSError(errno.EINVAL, "Invalid argument", path)

    def _clean(self, path: str) -> str | None:
        """*path* with its directories resolved (the last component kept), or None."""
        p = self.path
        if not p.isabs(path):
            return None
        anchor, parts = _split_parts(self, path)
        if not parts:
            return anchor
        if parts[-1] == "..":
            try:
                return realpath_strict(self, path)
            except OSError:
                return None
        parent = p.join(anchor, *parts[:-1])
        if len(parts) > 1:
            try:
                parent = realpath_strict(self, parent)
            except OSError:
                return None
            if self._lstat_clean(parent) != "dir":
                return None
        clean: str = p.join(parent, parts[-1])
        return clean

    def lstat(self, path: str) -> Kind | None:
        """What *path* itself is (a symlink is not followed), or None if it does not exist."""
        clean = self._clean(path)
        return None if clean is None else self._lstat_clean(clean)

    def readlink(self, path: str) -> str:
        """The target of symlink *path*, as stored; OSError if it is not a symlink."""
        clean = self._clean(path)
        if clean is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        return self._readlink_clean(clean)

    def _read_resolved(self, path: str, limit: int | None) -> bytes:
        raise OSError(errno.ENOSYS, "read is not provided", path)

    def _list_resolved(self, path: str) -> list[str]:
        raise OSError(errno.ENOSYS, "listdir is not provided", path)

    def _is_exec_resolved(self, path: str) -> bool:
        return False

    # -- derived, following symlinks ---------------------------------------------------
    def resolve(self, path: str) -> str:
        """*path* with every symlink resolved (like realpath(3)); OSError if missing/looping."""
        return realpath_strict(self, path)

    def kind(self, path: str) -> Kind | None:
        """What *path* is once symlinks are followed; None if missing or dangling."""
        k = self.lstat(path)
        if k != "link":
            return k
        try:
            return self.lstat(self.resolve(path))
        except OSError:
            return None

    def exists(self, path: str) -> bool:
        return self.kind(path) is not None

    def is_file(self, path: str) -> bool:
        return self.kind(path) == "file"

    def is_dir(self, path: str) -> bool:
        return self.kind(path) == "dir"

    def is_link(self, path: str) -> bool:
        return self.lstat(path) == "link"

    def is_xfile(self, path: str) -> bool:
        """A regular file with an execute bit (POSIX); on Windows a file named ``*.exe``.

        The Windows rule is getpath's own (``isxfile`` compares the last four characters
        with ``.exe``, ignoring case).
        """
        if self.flavour == "nt":
            return path[-4:].lower() == ".exe" and self.is_file(path)
        try:
            real = self.resolve(path)
        except OSError:
            return False
        if self.lstat(real) != "file":
            return False
        return self._is_exec_resolved(real)

    def read_bytes(self, path: str, limit: int | None = None) -> bytes:
        """The file's bytes (at most *limit*); raises what ``open()`` would on the target --
        resolve()'s FileNotFoundError, NotADirectoryError (getpath 3.11+ does not catch it)
        or ELOOP -- and, for a FIFO or a device, fileio.NotRegularFileError."""
        real = self.resolve(path)
        k = self.lstat(real)
        if k == "dir":
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        if k is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        return self._read_resolved(real, limit)

    def list_dir(self, path: str) -> list[str]:
        """Names in directory *path*, in the order the target's os.listdir gives them."""
        try:
            real = self.resolve(path)
        except OSError:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path) from None
        if self.lstat(real) != "dir":
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", path)
        return self._list_resolved(real)


# ---------------------------------------------------------------------------------------
# Symlink resolution rules (shared by every view)
# ---------------------------------------------------------------------------------------


def readlink_chain(fs: FileSystem, path: str, *, normalize: bool = True) -> str:
    """Resolve only the last component of *path*, repeatedly, as getpath does.

    A relative target is joined to the directory of the link; with *normalize* (3.11+)
    the join is lexically normalised (``..`` collapsed), without it (3.8-3.10
    ``resolve_symlinks``) it is kept as joined.  Raises OSError after
    :data:`MAXSYMLINKS` links.  A path that is not a link (or does not exist) is returned
    unchanged.
    """
    p = fs.path
    count = 0
    while True:
        try:
            target = fs.readlink(path)
        except OSError:
            return path
        if p.isabs(target):
            path = target
        else:
            path = p.join(p.dirname(path), target)
            if normalize:
                path = p.normpath(path)
        count += 1
        if count >= MAXSYMLINKS:
            raise OSError(errno.ELOOP, "maximum number of symbolic links reached", path)


def realpath_strict(fs: FileSystem, path: str) -> str:
    """``realpath(3)``: an absolute path with no symlink, ``.`` or ``..``; OSError otherwise.

    *path* must be absolute.  Every component must exist (FileNotFoundError), every
    non-final one be a directory (NotADirectoryError), and no more than
    :data:`MAXSYMLINKS` links be followed (OSError ELOOP).
    """
    return _walk(fs, path, strict=True)


def realpath_lax(fs: FileSystem, path: str) -> str:
    """``os.path.realpath(path)`` (non-strict) for an absolute *path* on the target.

    Missing components are kept as given; a symlink loop stops resolution there, as
    posixpath.realpath does.
    """
    return _walk(fs, path, strict=False)


def _split_parts(fs: FileSystem, path: str) -> tuple[str, list[str]]:
    p = fs.path
    drive, rest = p.splitdrive(path)
    anchor = drive + fs.sep if p.isabs(path) else drive
    seps = "\\/" if fs.flavour == "nt" else "/"
    parts = [c for c in _split_any(rest, seps) if c and c != "."]
    return anchor, parts


def _split_any(text: str, seps: str) -> list[str]:
    if len(seps) > 1:
        text = text.replace(seps[1], seps[0])
    return text.split(seps[0])


def _walk(fs: FileSystem, path: str, *, strict: bool) -> str:
    p = fs.path
    if not p.isabs(path):
        raise OSError(errno.EINVAL, "path must be absolute", path)
    anchor, pending = _split_parts(fs, path)
    pending.reverse()  # a stack: next component on top
    resolved = anchor
    links = 0
    while pending:
        name = pending.pop()
        if name == "..":
            parent = p.dirname(resolved)
            resolved = parent if parent else resolved
            continue
        candidate = p.join(resolved, name)
        kind = fs._lstat_clean(candidate)
        if kind == "link":
            links += 1
            if links > MAXSYMLINKS:
                if strict:
                    raise OSError(errno.ELOOP, "Too many levels of symbolic links", path)
                # posixpath.realpath keeps the rest of the path as given on a loop
                rest = [candidate, *reversed(pending)]
                kept: str = p.join(*rest)
                return kept
            target = fs._readlink_clean(candidate)
            t_anchor, t_parts = _split_parts(fs, target)
            if p.isabs(target):
                resolved = t_anchor
            pending.extend(reversed(t_parts))
            continue
        if strict and kind is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        if strict and pending and kind != "dir":
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", path)
        # lax (posixpath.realpath): what is missing is kept, and '..' stays lexical
        resolved = candidate
    return resolved


# ---------------------------------------------------------------------------------------
# The real disk
# ---------------------------------------------------------------------------------------


def _kind_of_mode(mode: int) -> Kind:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "other"


_native_realpath: Callable[..., str] = os.path.realpath  # strict= (3.10+): not in 3.9's stubs
#: path -> ((st_dev, st_ino, st_mtime_ns, st_ctime_ns), names): LocalFS.list_dir's memory.
_LISTDIR_CACHE: dict[str, tuple[tuple[int, int, int, int], tuple[str, ...]]] = {}
_LISTDIR_CACHE_SIZE = 4096
forget_with(_LISTDIR_CACHE.clear)


class LocalFS(LocalOwnership, FileSystem):
    """The disk of the machine pywhence runs on (POSIX hosts: flavour ``posix``)."""

    def __init__(self) -> None:
        self.flavour = "nt" if os.name == "nt" else "posix"

    def lstat(self, path: str) -> Kind | None:
        try:
            return _kind_of_mode(os.lstat(path).st_mode)
        except (OSError, ValueError):
            return None

    def readlink(self, path: str) -> str:
        return os.readlink(path)

    _lstat_clean = lstat
    _readlink_clean = readlink

    def resolve(self, path: str) -> str:
        # The native resolver is much faster; its strict form exists from 3.10 on.
        try:
            resolved: str = _native_realpath(path, strict=True)
            return resolved
        except TypeError:
            return realpath_strict(self, path)
        except ValueError:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path) from None

    def kind(self, path: str) -> Kind | None:
        try:
            return _kind_of_mode(os.stat(path).st_mode)
        except (OSError, ValueError):
            return None

    def is_xfile(self, path: str) -> bool:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return False
        return stat.S_ISREG(st.st_mode) and bool(st.st_mode & 0o111)

    _is_exec_resolved = is_xfile

    def read_bytes(self, path: str, limit: int | None = None) -> bytes:
        # never a FIFO or a device, never unbounded (disk/fileio.py)
        return read_host(path, limit)

    _read_resolved = read_bytes

    def list_dir(self, path: str) -> list[str]:
        """``os.listdir(path)``, remembered while the directory's mtime is unchanged.

        Adding, removing or renaming an entry updates the directory's mtime, so the
        names are always current; the cache saves re-reading large directories (the
        stdlib) on every computation.  It is bounded and per process.
        """
        st = os.stat(path)
        if not stat.S_ISDIR(st.st_mode):
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", path)
        key = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
        hit = _LISTDIR_CACHE.get(path)
        if hit is not None and hit[0] == key:
            return list(hit[1])
        names = os.listdir(path)
        if len(_LISTDIR_CACHE) >= _LISTDIR_CACHE_SIZE:
            _LISTDIR_CACHE.clear()
        _LISTDIR_CACHE[path] = (key, tuple(names))
        return names

    _list_resolved = list_dir


# ---------------------------------------------------------------------------------------
# A folder seen as the root of a machine
# ---------------------------------------------------------------------------------------


class RootedFS(RootedOwnership, FileSystem):
    """A host folder seen as ``/`` of a POSIX target, with chroot semantics.

    Every target path is resolved component by component inside the root: an absolute
    symlink target restarts at the root, ``..`` never climbs above it.  The host path
    that is finally opened is therefore always inside *root*; :meth:`host_path` checks
    that once more before any open, and raises :class:`RootEscapeError` otherwise.
    """

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        if not os.path.isdir(self.root):
            raise RootEscapeError(f"--root {root!r} is not a directory", root)
        self.flavour = "posix"

    def host_path(self, target_path: str) -> str:
        """Where target path (with no symlink left in its directories) lives on the host."""
        norm = posixpath.normpath("/" + target_path.lstrip("/"))
        host = self.root + ("" if norm == "/" else norm)
        if not (host == self.root or host.startswith(self.root + os.sep)):
            raise RootEscapeError(f"path {target_path!r} escapes --root {self.root}", target_path)
        return host

    def _lstat_clean(self, path: str) -> Kind | None:
        try:
            return _kind_of_mode(os.lstat(self.host_path(path)).st_mode)
        except (OSError, ValueError):
            return None

    def _readlink_clean(self, path: str) -> str:
        return os.readlink(self.host_path(path))

    def _read_resolved(self, path: str, limit: int | None) -> bytes:
        # the path is resolved inside the root: a link in its place now is a race
        return read_host(self.host_path(path), limit, follow=False)

    def _list_resolved(self, path: str) -> list[str]:
        return os.listdir(self.host_path(path))

    def _is_exec_resolved(self, path: str) -> bool:
        try:
            return bool(os.stat(self.host_path(path)).st_mode & 0o111)
        except OSError:
            return False


# ---------------------------------------------------------------------------------------
# An imagined machine
# ---------------------------------------------------------------------------------------


class MemoryFS(MemoryOwnership, FileSystem):
    """A machine described by dictionaries (a world's ``files``, ``dirs``, ``symlinks``...).

    On an ``nt`` target, look-ups ignore case and accept both separators, while names
    keep the case they were given in (as NTFS does).  Parents of every entry exist
    implicitly as directories.
    """

    def __init__(
        self,
        flavour: Flavour = "posix",
        files: Mapping[str, str | bytes] | None = None,
        dirs: Iterable[str] = (),
        symlinks: Mapping[str, str] | None = None,
        executables: Iterable[str] = (),
        specials: Mapping[str, str] | None = None,
    ) -> None:
        self.flavour = flavour
        self._files: dict[str, bytes] = {}
        self._names: dict[str, str] = {}  # key -> path as given
        self._kinds: dict[str, Kind] = {}
        self._links: dict[str, str] = {}
        self._exec: set[str] = set()
        self._children: dict[str, dict[str, None]] = {}
        self._specials = {self._add(path, "other"): spec for path, spec in (specials or {}).items()}
        for d in dirs:
            self._add(d, "dir")
        for path, text in (files or {}).items():
            key = self._add(path, "file")
            self._files[key] = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
        for path, target in (symlinks or {}).items():
            key = self._add(path, "link")
            self._links[key] = target
        for path in executables:
            key = self._key(path)
            if self._kinds.get(key) is None:
                key = self._add(path, "file")
                self._files.setdefault(key, b"")
            self._exec.add(key)

    # keys: normalised absolute paths (case-folded on nt)
    def _key(self, path: str) -> str:
        p = self.path
        norm: str = p.normpath(path)
        if self.flavour == "nt":
            norm = norm.replace("/", "\\").lower()
            if len(norm) == 2 and norm[1] == ":":
                norm += "\\"
        return norm

    def _add(self, path: str, kind: Kind) -> str:
        p = self.path
        if not p.isabs(path):
            raise WorldError(f"world path {path!r} is not absolute for a {self.flavour} machine", path)
        key = self._key(path)
        old = self._kinds.get(key)
        if old is not None and old != kind and not (old == "dir" and kind == "dir"):
            raise WorldError(f"world path {path!r} is given both as {old} and as {kind}", path)
        self._kinds[key] = kind
        self._names.setdefault(key, p.normpath(path))
        self._children.setdefault(key, {}) if kind == "dir" else None
        # parents are directories
        child = key
        name_path = p.normpath(path)
        while True:
            parent = p.dirname(child)
            parent_name = p.dirname(name_path)
            if parent == child:
                break
            pk = self._kinds.get(parent)
            if pk is not None and pk != "dir":
                raise WorldError(f"world path {path!r} lies under {parent_name!r}, which is a {pk}", path)
            self._kinds[parent] = "dir"
            self._names.setdefault(parent, parent_name)
            self._children.setdefault(parent, {})[p.basename(name_path)] = None
            child, name_path = parent, parent_name
        return key

    def _lstat_clean(self, path: str) -> Kind | None:
        return self._kinds.get(self._key(path))

    def _readlink_clean(self, path: str) -> str:
        key = self._key(path)
        if key in self._links:
            return self._links[key]
        if key in self._kinds:
            raise OSError(errno.EINVAL, "Invalid argument", path)
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)

    def _read_resolved(self, path: str, limit: int | None) -> bytes:
        key = self._key(path)
        err = special_error(path, self._specials[key]) if key in self._specials else None
        if err is not None:
            raise err  # a FIFO, a socket or a device (a world's "specials")
        data = self._files.get(key, b"")
        return data if limit is None else data[:limit]

    def _list_resolved(self, path: str) -> list[str]:
        return list(self._children.get(self._key(path), {}))

    def _is_exec_resolved(self, path: str) -> bool:
        if self.flavour == "nt":
            return True
        return self._key(path) in self._exec


# ---------------------------------------------------------------------------------------
# One computation's view: every answer remembered
# ---------------------------------------------------------------------------------------


class MemoFS(MemoOwnership, FileSystem):
    """Another view, remembered for the length of one computation.

    CPython's startup asks about the same few paths many times (the stdlib directory,
    the zip landmark, site-packages); the disk is taken as unchanging for the few
    milliseconds a startup lasts, so each question reaches *inner* once.  Errors are
    remembered and raised again, so nothing differs from asking *inner* directly.
    """

    def __init__(self, inner: FileSystem) -> None:
        self.inner = inner
        self.flavour = inner.flavour
        self._memo: dict[tuple[str, str, int | None], object] = {}

    def _ask(self, what: str, path: str, limit: int | None = None) -> Any:
        key = (what, path, limit)
        memo = self._memo
        if key in memo:
            hit = memo[key]
        else:
            try:
                hit = _ASK[what](self.inner, path, limit)
            except OSError as exc:
                hit = _Raised(exc)
            memo[key] = hit
        if hit.__class__ is _Raised:
            raise hit.exc.with_traceback(None)  # type: ignore[attr-defined]
        return hit

    def still_answers(self, inner: FileSystem) -> bool:
        """Whether *inner* answers every question asked so far exactly as remembered."""
        local = isinstance(inner, LocalFS)
        missing: set[str] = set()  # paths seen still missing in this pass: asked once
        for (what, path, limit), answer in self._memo.items():
            if local and what in _MISSING_IS_ENOUGH and _was_missing(answer):
                # Still missing is the whole answer; access() says so without raising.
                if path in missing:
                    continue
                try:
                    if not os.access(path, os.F_OK):
                        missing.add(path)
                        continue
                except ValueError:
                    pass
                else:
                    return False
            try:
                now: object = _ASK[what](inner, path, limit)
            except OSError as exc:
                now = _Raised(exc)
            if isinstance(answer, _Raised):
                if not (isinstance(now, _Raised) and type(now.exc) is type(answer.exc)
                        and now.exc.errno == answer.exc.errno):
                    return False
            elif isinstance(now, _Raised) or now != answer:
                return False
        return True

    def lstat(self, path: str) -> Kind | None:
        return self._ask("lstat", path)  # type: ignore[no-any-return]

    def _lstat_clean(self, path: str) -> Kind | None:
        return self._ask("lstat_clean", path)  # type: ignore[no-any-return]

    def readlink(self, path: str) -> str:
        return self._ask("readlink", path)  # type: ignore[no-any-return]

    def _readlink_clean(self, path: str) -> str:
        return self._ask("readlink_clean", path)  # type: ignore[no-any-return]

    def resolve(self, path: str) -> str:
        return self._ask("resolve", path)  # type: ignore[no-any-return]

    def kind(self, path: str) -> Kind | None:
        return self._ask("kind", path)  # type: ignore[no-any-return]

    def is_file(self, path: str) -> bool:
        return self._ask("kind", path) == "file"  # type: ignore[no-any-return]

    def is_dir(self, path: str) -> bool:
        return self._ask("kind", path) == "dir"  # type: ignore[no-any-return]

    def is_xfile(self, path: str) -> bool:
        return self._ask("xfile", path)  # type: ignore[no-any-return]

    def read_bytes(self, path: str, limit: int | None = None) -> bytes:
        return self._ask("read", path, limit)  # type: ignore[no-any-return]

    def list_dir(self, path: str) -> list[str]:
        return list(self._ask("list", path))


class _Raised:
    __slots__ = ("exc",)

    def __init__(self, exc: OSError) -> None:
        self.exc = exc


#: How each kind of remembered question is asked again (MemoFS.still_answers).
_ASK: dict[str, Callable[[FileSystem, str, int | None], object]] = {
    "lstat": lambda fs, p, _: fs.lstat(p),
    "lstat_clean": lambda fs, p, _: fs._lstat_clean(p),
    "readlink": lambda fs, p, _: fs.readlink(p),
    "readlink_clean": lambda fs, p, _: fs._readlink_clean(p),
    "resolve": lambda fs, p, _: fs.resolve(p),
    "kind": lambda fs, p, _: fs.kind(p),
    "xfile": lambda fs, p, _: fs.is_xfile(p),
    "read": lambda fs, p, limit: fs.read_bytes(p, limit),
    "list": lambda fs, p, _: tuple(fs.list_dir(p)),
}


#: Questions whose "no such file" answer is fully re-checked by an existence test.
_MISSING_IS_ENOUGH = frozenset({"kind", "read", "xfile"})


def _was_missing(answer: object) -> bool:
    if answer is None or answer is False:
        return True
    return isinstance(answer, _Raised) and isinstance(answer.exc, FileNotFoundError)
