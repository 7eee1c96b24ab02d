"""Who owns a path, and with which permission bits: ``stat(2)``'s ``st_mode``,
``st_uid`` and ``st_gid`` as each filesystem view reports them (issue 10).

:meth:`Ownership.owner` is the part of the :class:`~pywhence.disk.fs.FileSystem`
protocol that answers it: ``(mode, uid, gid)`` of a path **with every symlink followed**
(``os.stat`` semantics), or None when the path does not exist, is a dangling link, or
its owner is unknown (a world that does not say).  ``mode`` is the permission part only
(``stat.S_IMODE``: the ``rwx`` bits, setuid, setgid and sticky); :meth:`kind` already
says what the path is.  Following symlinks is what matters for "who can change what is
imported": a directory's contents and a file's bytes belong to the object itself; who
could *replace* a symlink is a question about the directory that holds it, which the
audit asks as an ancestor (``pywhence.audit.writable``).

* :class:`LocalOwnership` -- ``os.stat`` of the path on this machine;
* :class:`RootedOwnership` -- the path resolved inside the root (chroot semantics), then
  ``os.lstat`` of its host path: a resolved path holds no symlink, and lstat never
  follows one planted since, so nothing outside the root is ever looked at;
* :class:`MemoryOwnership` -- a world's ``modes`` and ``owners`` keys (docs/worlds.md);
  a path that neither names has no known owner;
* :class:`MemoOwnership` -- one computation's view: each path is asked once.

The model stays a pure function of its inputs: only the views look at the disk.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    #: (permission bits, uid, gid)
    Owner = tuple[int, int, int]

__all__ = ["LocalOwnership", "MemoOwnership", "MemoryOwnership", "Ownership", "RootedOwnership",
           "parse_mode"]

#: What a world's file has when ``owners`` names it but ``modes`` does not.
_DEFAULT_FILE_MODE = 0o644
_DEFAULT_DIR_MODE = 0o755


class Ownership:
    """The ownership part of the FileSystem protocol (a base of every view)."""

    #: Provided by :class:`~pywhence.disk.fs.FileSystem` (every symlink resolved).
    resolve: Callable[[str], str]

    def owner(self, path: str) -> Owner | None:
        """``(mode, uid, gid)`` of *path*, symlinks followed; None if missing or unknown."""
        try:
            real = self.resolve(path)
        except (OSError, ValueError):
            return None
        return self._owner_resolved(real)

    def _owner_resolved(self, path: str) -> Owner | None:
        """The owner of *path*, which has no symlink left in it (views override)."""
        return None


def _of_stat(st: os.stat_result) -> Owner:
    return (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)


class LocalOwnership(Ownership):
    """This machine's disk: ``os.stat``."""

    def owner(self, path: str) -> Owner | None:
        try:
            return _of_stat(os.stat(path))
        except (OSError, ValueError):
            return None


class RootedOwnership(Ownership):
    """A folder seen as ``/``: resolved inside the root, then ``lstat`` of the host path."""

    #: Provided by :class:`~pywhence.disk.fs.RootedFS`.
    host_path: Callable[[str], str]

    def _owner_resolved(self, path: str) -> Owner | None:
        try:
            return _of_stat(os.lstat(self.host_path(path)))
        except (OSError, ValueError):
            return None


def parse_mode(value: object) -> int | None:
    """A world's mode: an octal string (``"0755"``, ``"2775"``, ``"0o777"``, ``"755"``) or
    an integer, at most ``0o7777``; None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        mode = value
    elif isinstance(value, str):
        text = value[2:] if value[:2] in ("0o", "0O") else value
        if not text or any(c not in "01234567" for c in text):
            return None
        mode = int(text, 8)
    else:
        return None
    return mode if 0 <= mode <= 0o7777 else None


class MemoryOwnership(Ownership):
    """A world: the permission bits of its ``modes`` key and the ``[uid, gid]`` of its
    ``owners`` key; a path named by one of them takes the other's default (``0o755`` for
    a directory or an executable, ``0o644`` for another file; uid and gid 0)."""

    #: Provided by :class:`~pywhence.disk.fs.MemoryFS`.
    _key: Callable[[str], str]
    _kinds: Mapping[str, str]
    _exec: set[str]

    def set_ownership(self, modes: Mapping[str, int], owners: Mapping[str, tuple[int, int]]) -> None:
        """State the owners and modes of paths the world holds (KeyError for a path it
        does not hold, ValueError for a symlink: the owner of its target is what counts)."""
        owned: dict[str, Owner] = {}
        paths: Iterable[str] = list(dict.fromkeys([*modes, *owners]))
        for path in paths:
            key = self._key(path)
            kind = self._kinds.get(key)
            if kind is None:
                raise KeyError(path)
            if kind == "link":
                raise ValueError(path)  # owner() follows links: its target's owner counts
            default = _DEFAULT_DIR_MODE if kind == "dir" or key in self._exec else _DEFAULT_FILE_MODE
            uid, gid = owners.get(path, (0, 0))
            owned[key] = (modes.get(path, default), uid, gid)
        self._owned = owned

    def _owner_resolved(self, path: str) -> Owner | None:
        owned: dict[str, Owner] = getattr(self, "_owned", {})
        return owned.get(self._key(path)) if owned else None


class MemoOwnership(Ownership):
    """One computation's view: the inner view's answer for each path, asked once."""

    def owner(self, path: str) -> Owner | None:
        memo: dict[str, Owner | None] | None = self.__dict__.get("_owner_memo")
        if memo is None:
            memo = self.__dict__["_owner_memo"] = {}
        if path not in memo:
            inner: Ownership = self.inner  # type: ignore[attr-defined]  # MemoFS's view
            memo[path] = inner.owner(path)
        return memo[path]

    def owners_asked(self) -> dict[str, Owner | None]:
        """Every path asked so far and its answer (to check later that it still holds)."""
        return dict(self.__dict__.get("_owner_memo") or {})
