"""Snapshots: recording what the model reads on a real machine, and writing it as a world.

The model is run once on the live machine through a :class:`RecordingFS` and a
:class:`RecordingEnv`, which note every path queried and every variable looked up.  The
snapshot then describes exactly those paths (with the symlinks met on the way, the
contents of the files that were read, the names of the directories that were listed)
and those variables, nothing else.  Replaying it with ``--world`` runs the same model
over the same answers, so it gives the same result as the live machine.
"""

from __future__ import annotations

import os
import stat

from ..invocation import Invocation, RecordingEnv
from ..target.interpreter import Interpreter
from .fileio import read_host, special_of
from .fs import FileSystem, Kind, LocalFS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["RecordingEnv", "RecordingFS", "world_dict"]


class RecordingFS(FileSystem):
    """The real disk (LocalFS), remembering every path asked about and how."""

    def __init__(self, inner: LocalFS | None = None) -> None:
        self.inner = inner or LocalFS()
        self.flavour = self.inner.flavour
        self.queried: set[str] = set()
        self.read: set[str] = set()
        self.listed: set[str] = set()
        #: Paths whose owner was asked (disk/ownership.py), symlinks resolved.
        self.owned: set[str] = set()

    def _note(self, path: str) -> None:
        if os.path.isabs(path):
            self.queried.add(path)

    def lstat(self, path: str) -> Kind | None:
        self._note(path)
        return self.inner.lstat(path)

    _lstat_clean = lstat

    def readlink(self, path: str) -> str:
        self._note(path)
        return self.inner.readlink(path)

    _readlink_clean = readlink

    def resolve(self, path: str) -> str:
        self._note(path)
        return self.inner.resolve(path)

    def kind(self, path: str) -> Kind | None:
        self._note(path)
        return self.inner.kind(path)

    def is_xfile(self, path: str) -> bool:
        self._note(path)
        return self.inner.is_xfile(path)

    def read_bytes(self, path: str, limit: int | None = None) -> bytes:
        self._note(path)
        self.read.add(path)
        return self.inner.read_bytes(path, limit)

    def list_dir(self, path: str) -> list[str]:
        self._note(path)
        self.listed.add(path)
        names = self.inner.list_dir(path)
        for name in names:
            self._note(os.path.join(path, name))
        return names

    def owner(self, path: str) -> tuple[int, int, int] | None:
        self._note(path)
        answer = self.inner.owner(path)
        if answer is not None:
            self.owned.add(self._real(path))
        return answer

    # -- turning the record into world entries -------------------------------------------
    def describe(self) -> dict[str, Any]:
        """``files``, ``dirs``, ``symlinks``, ``executables`` (and ``specials``: FIFOs,
        sockets and devices, never opened) for the paths recorded."""
        files: dict[str, str | dict[str, str]] = {}
        specials: dict[str, str] = {}
        dirs: set[str] = set()
        links: dict[str, str] = {}
        execs: set[str] = set()
        seen: set[str] = set()
        read_real = {self._real(p) for p in self.read}

        def visit(path: str, depth: int = 0) -> None:
            if path in seen or depth > 40:
                return
            seen.add(path)
            # every directory on the way, and any symlink there; an entry is described
            # at its place with no symlink in its directories (where the world keeps it)
            parent = os.path.dirname(path)
            if parent != path:
                visit(parent, depth + 1)
                real_parent = os.path.realpath(parent)
                if real_parent != parent:
                    visit(os.path.join(real_parent, os.path.basename(path)), depth + 1)
                    return
            try:
                st = os.lstat(path)
            except (OSError, ValueError):
                return
            if stat.S_ISLNK(st.st_mode):
                target = os.readlink(path)
                links[path] = target
                nxt = target if os.path.isabs(target) else os.path.join(parent, target)
                visit(os.path.normpath(nxt), depth + 1)
            elif stat.S_ISDIR(st.st_mode):
                dirs.add(path)
            elif stat.S_ISREG(st.st_mode):
                if path in read_real:
                    try:
                        # the one safe reader: a file swapped for a FIFO does not block
                        files[path] = _as_world_text(read_host(path, follow=False))
                    except OSError:
                        files[path] = ""
                else:
                    files[path] = ""
                if st.st_mode & 0o111:
                    execs.add(path)
            else:
                spec = special_of(st.st_mode, st.st_rdev)
                if spec is not None:
                    specials[path] = spec

        for path in sorted(self.owned):
            visit(path)
        for path in sorted(self.queried):
            parts = path.split(os.sep)
            if ".." in parts:
                # what lies before each '..' matters (it may be a symlink), then the result
                for i, part in enumerate(parts):
                    if part == ".." and i > 1:
                        visit(os.sep.join(parts[:i]))
                visit(os.path.realpath(path))
            else:
                visit(os.path.normpath(path))
        # nested directories are implied by files; keep only leaves
        implied = {os.path.dirname(p) for p in [*files, *links, *dirs, *specials]}
        described: dict[str, Any] = {
            "files": dict(sorted(files.items())),
            "dirs": sorted(d for d in dirs if d not in implied and d != "/"),
            "symlinks": dict(sorted(links.items())),
            "executables": sorted(execs),
        }
        if specials:
            described["specials"] = dict(sorted(specials.items()))
        described.update(_ownership(self.owned))
        return described

    def _real(self, path: str) -> str:
        try:
            return os.path.realpath(path)
        except (OSError, ValueError):
            return path


def world_dict(target: Interpreter, inv: Invocation, fs: RecordingFS, env: RecordingEnv) -> dict[str, Any]:
    """A world document for one recorded computation (see docs/worlds.md)."""
    b = target.build
    build: dict[str, Any] = {
        "prefix": b.prefix,
        "exec_prefix": b.exec_prefix,
        "platlibdir": b.platlibdir,
        "vpath": b.vpath,
        "abi_thread": b.abi_thread,
        "abiflags": b.abiflags,
        "extension_suffixes": list(b.extension_suffixes) or None,
        "pythonpath": b.pythonpath,
        "framework": b.framework,
        "debug_ext": b.debug_ext,
        "pywinver": b.pywinver,
        "exe_suffix": b.exe_suffix,
        "shared": b.shared,
        "multiarch": b.multiarch,
    }
    doc: dict[str, Any] = {
        "comment": "pywhence snapshot: only what the model read on the live machine",
        "platform": target.platform,
        "version": str(target.version),
        "build": build,
        "site_flavour": target.site_flavour,
        "argv": list(inv.argv),
        "executable": inv.real_executable,
        "library": inv.library,
        "env": env.used(),
        "cwd": inv.cwd,
        "uid": inv.uid,
        "euid": inv.euid,
        "gid": inv.gid,
        "egid": inv.egid,
        "passwd_home": inv.passwd_home,
    }
    doc.update(fs.describe())
    return doc


def _ownership(paths: set[str]) -> dict[str, Any]:
    """The ``modes`` and ``owners`` world keys for *paths* (each without a symlink)."""
    modes: dict[str, str] = {}
    owners: dict[str, list[int]] = {}
    for path in sorted(paths):
        try:
            st = os.lstat(path)
        except (OSError, ValueError):
            continue
        modes[path] = f"{stat.S_IMODE(st.st_mode):04o}"
        owners[path] = [st.st_uid, st.st_gid]
    return {"modes": modes, "owners": owners} if modes else {}


def _as_world_text(data: bytes) -> str | dict[str, str]:
    """Text as it is; bytes that are not UTF-8 (a zip, a Latin-1 .pth) as base64."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        import base64

        return {"base64": base64.b64encode(data).decode("ascii")}
