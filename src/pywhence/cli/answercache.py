"""Answers of ``pywhence path``, ``which`` and ``modules`` kept between runs, given again
only when provably the same.

A command is a new process: it pays for starting Python and importing the model before
it computes anything, which costs more than spawning the target it describes.  So the
printed answer of a plain ``pywhence path``, ``which`` or ``modules`` run is kept, in
``$XDG_CACHE_HOME/pywhence/answers`` (or ``~/.cache/pywhence/answers``), with everything it
was computed from:

* the whole command line, the whole environment, the working directory, the user and
  group ids, the interpreter running pywhence, and what the output stream is (a
  terminal or not, its encoding and width): these make up the key, compared in full;
* every question the model asked the disk and the answer it got
  (:mod:`pywhence.disk.answers`), every file discovery and the binary readers read (by
  inode, device, mtime, size and mode), the password database, and pywhence's own
  source files: these are checked again before the answer is given.

When every check gives the same answer the computation cannot differ, and the kept
output is written instead; anything else (a missing, foreign or unreadable entry, any
change) is a miss, and the model runs as usual.  ``--root``, ``--world``, ``--probe``, a
``--python`` looked up on PATH, and the ``-m``/script run modes (whose run target comes
from the import system) are never kept; ``PYWHENCE_NO_CACHE=1`` turns the whole thing
off.
"""

from __future__ import annotations

import os
import sys

from .._diskcache import signature as _signature

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import IO, Any

__all__ = ["cacheable", "record", "replay"]

#: Bumped whenever what an entry holds changes meaning.
_FORMAT = 1
_MAX_ENTRY = 16 << 20
_MAX_ENTRIES = 256
DISABLE_VARIABLE = "PYWHENCE_NO_CACHE"


def cacheable(ns: Any) -> bool:
    """Whether this ``path`` command line may be answered from the cache at all."""
    if os.environ.get(DISABLE_VARIABLE):
        return False
    if ns.root is not None or ns.world is not None or ns.probe:
        return False
    python = ns.python
    return python is None or "/" in python


def _folder() -> str:
    from .._diskcache import cache_dir

    return os.path.join(cache_dir(), "answers")


def _stream_facts(stream: Any) -> tuple[Any, ...]:
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError):
        tty = False
    width = None
    if tty:
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            width = None
    return (tty, getattr(stream, "encoding", None), width)


def _key(argv: list[str]) -> tuple[Any, ...]:
    return (
        _FORMAT, tuple(argv), os.getcwd(), tuple(sorted(os.environ.items())),
        os.getuid(), os.geteuid(), os.getgid(), os.getegid(), sys.executable, sys.version,
        _stream_facts(sys.stdout), _stream_facts(sys.stderr),
    )


def _entry_path(key: tuple[Any, ...]) -> str:
    """The entry's file: named by a checksum of the key's ``repr`` (canonical for these
    plain values; ``marshal`` output is not: it depends on shared references).  The key
    itself is stored in the entry and compared in full, so a clash is only a miss."""
    from .._diskcache import checksum

    return os.path.join(_folder(), checksum(repr(key).encode("utf-8", "surrogateescape")) + ".answer")


def _load(path: str) -> Any:
    """The entry at *path*, if it is a regular file of this user's that nobody else can
    write; else None."""
    import marshal
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid()
                or st.st_mode & 0o022 or st.st_size > _MAX_ENTRY):
            return None
        data = b""
        while len(data) < st.st_size:
            chunk = os.read(fd, st.st_size - len(data))
            if not chunk:
                break
            data += chunk
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


def replay(argv: list[str], write: Callable[[IO[str], str], None]) -> int | None:
    """Write the kept answer of *argv* and return its exit status, or None (a miss)."""
    key = _key(argv)
    entry = _load(_entry_path(key))
    if not (isinstance(entry, tuple) and len(entry) == 6 and entry[0] == _FORMAT
            and entry[1] == key):
        return None
    _, _, signatures, answers, (out, err), code = entry
    for path, sig in signatures:
        if _signature(path) != sig:
            return None
    from ..disk.answers import still_hold
    from ..disk.fs import LocalFS

    local = LocalFS()
    for exported in answers:
        if not still_hold(exported, local):
            return None
    if out:
        write(sys.stdout, out)
    if err:
        write(sys.stderr, err)
    result: int = code
    return result


class Tee:
    """A text stream that passes everything on and keeps a copy (what was printed)."""

    def __init__(self, inner: IO[str]) -> None:
        self.inner = inner
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.inner.write(text)

    def __getattr__(self, name: str) -> Any:  # isatty, encoding, fileno, flush ...
        return getattr(self.inner, name)


def record(argv: list[str], out: Tee, err: Tee, code: int, views: Sequence[Any] = ()) -> None:
    """Keep the answer just printed, if everything it came from can be checked again
    (the startup's disk answers, and those of *views*: the import system's)."""
    try:
        entry = _gather(argv, "".join(out.parts), "".join(err.parts), code, views)
    except (TypeError, ValueError):
        return  # an answer this cache cannot vouch for: simply not kept
    if entry is None:
        return
    import marshal

    from ..disk.fileio import write_atomic

    path = _entry_path(entry[1])
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        names = os.listdir(folder)
        if len(names) >= _MAX_ENTRIES:  # bounded: forget the oldest half
            names.sort(key=lambda n: _signature(os.path.join(folder, n)) or 0)
            for n in names[: len(names) // 2]:
                os.unlink(os.path.join(folder, n))
        write_atomic(path, marshal.dumps(entry))
        os.chmod(path, 0o600)
    except OSError:
        pass  # a cache that cannot be written is no cache; the answer was printed


def _gather(argv: list[str], out: str, err: str, code: int,
            views: Sequence[Any]) -> tuple[Any, ...] | None:
    """The entry for the computation this process just did, or None when some input
    of it is not one this cache checks."""
    modules = sys.modules
    lifecycle = modules.get("pywhence.startup.pylifecycle")
    if lifecycle is None or code != 0:
        return None
    remembered = lifecycle._REMEMBERED
    if len(remembered) != 1:
        return None
    for _seen, _memo, startup in remembered.values():
        if startup.fatal or startup.flags.get("run_mode") in ("module", "script"):
            return None
    from ..disk.answers import export

    answers = tuple(export(memo) for memo in (
        *(memo for _seen, memo, _startup in remembered.values()), *views))
    paths: set[str] = {"/etc/passwd"}
    discovery = modules.get("pywhence.target.discovery")
    if discovery is not None:
        for _facts, sigs in discovery._FACTS_CACHE.values():
            paths.update(p for p, _ in sigs)
    filecache = modules.get("pywhence.target.filecache")
    if filecache is not None:
        paths.update(key[0] for _kind, key in filecache._FILE_CACHE)
    for name, module in list(modules.items()):
        source = getattr(module, "__file__", None)
        if name.split(".")[0] == "pywhence" and source:
            paths.add(source)
    signatures = tuple((p, _signature(p)) for p in sorted(paths))
    return (_FORMAT, _key(argv), signatures, answers, (out, err), code)
