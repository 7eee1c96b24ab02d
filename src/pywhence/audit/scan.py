"""``pywhence scan ROOT``: every interpreter of an unpacked image or directory tree, each
audited with ``--root`` semantics, in one report.

The tree is walked through a :class:`~pywhence.disk.fs.RootedFS` only -- symlinks are
never followed out of ROOT, ``..`` stops at it, and a symlinked directory is not
descended (what it points to inside the image is walked at its own place) -- so nothing
outside ROOT is ever opened.  Interpreters are the executables named ``python3.X`` (with
ABI flags: ``python3.13t``, ``python3.15d``) in a ``bin`` directory, which covers the
layouts of Debian (``/usr/bin``), pyenv (``~/.pyenv/versions/*/bin``), conda
(``/opt/conda/bin``, ``envs/*/bin``), Homebrew (``Cellar/python@3.X/*/bin``,
``/home/linuxbrew/.linuxbrew/bin``), the python.org installers
(``Python.framework/Versions/3.X/bin``) and source builds (``/usr/local/bin``); one
binary reached by several names is audited once.  A ``bin`` directory beside (or
holding) a ``pyvenv.cfg`` is a venv, audited through its ``python``.

Each is audited as ``python -c pass`` run by root (or by ``--user``, a user of the
image's ``/etc/passwd``, whose home then comes from it) from ``/`` with ``PATH`` and
``HOME`` only: what the image holds, not one command line's ``sys.path[0]`` (the rules about the
command line are off; ``pywhence audit --root`` audits a given command line).  The walk
skips what holds no interpreter (``/proc``, ``/sys``, ``/dev``, ``/run``, the standard
library and site-packages trees, ``share``, ``include``, caches) and stops at a depth of
:data:`MAX_DEPTH`.
"""

from __future__ import annotations

from .result import ScannedInterpreter, ScanReport

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..disk.fs import RootedFS

__all__ = ["MAX_DEPTH", "find_interpreters", "scan_root"]

#: How deep below ROOT the walk goes (``/home/linuxbrew/.linuxbrew/Cellar/python@3.12/
#: 3.12.1/bin`` is 7 deep; venvs in projects sit deeper).
MAX_DEPTH = 10
#: Directories that never hold an interpreter, at any depth.
_SKIP = frozenset({
    "__pycache__", "node_modules", ".git", ".hg", ".svn", "site-packages", "dist-packages",
    "lib-dynload", "include", "share", "man", "locale", "doc", "pkgs", ".cache", "cache",
    "conda-meta", "terminfo", "zoneinfo", "firmware",
})
#: Top-level directories of a Linux image that hold no files of the image's own.
_SKIP_TOP = frozenset({"proc", "sys", "dev", "run"})
_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root"}


def _is_interpreter_name(name: str) -> bool:
    """``python3.X`` with optional ABI letters (``python3.13t``, ``python3.15d``)."""
    if not name.startswith("python3."):
        return False
    rest = name[len("python3."):]
    digits = len(rest) - len(rest.lstrip("0123456789"))
    tail = rest[digits:]
    return digits > 0 and (tail == "" or tail.isalpha())


def _is_library_dir(name: str, parent: str) -> bool:
    """A standard library (``lib/python3.12``) or the kernel's modules (``lib/modules``)."""
    if not parent.endswith(("/lib", "/lib64")):
        return False
    return name == "modules" or name.startswith("python") and "." in name


def find_interpreters(fs: RootedFS) -> list[tuple[str, str]]:
    """(executable as seen in the image, ``venv`` or ``""``) for every interpreter found,
    in walk order (breadth first, names sorted)."""
    p = fs.path
    found: list[tuple[str, str]] = []
    seen_real: set[str] = set()
    queue: list[tuple[str, int]] = [("/", 0)]
    while queue:
        directory, depth = queue.pop(0)
        try:
            names = sorted(fs.list_dir(directory))
        except OSError:
            continue
        if p.basename(directory) == "bin":
            _bin_dir(fs, directory, names, found, seen_real)
        if depth >= MAX_DEPTH:
            continue
        for name in names:
            if name in _SKIP or (depth == 0 and name in _SKIP_TOP) or \
                    _is_library_dir(name, directory):
                continue
            child = p.join(directory, name)
            if fs.lstat(child) == "dir":
                queue.append((child, depth + 1))
    return found


def _bin_dir(fs: RootedFS, directory: str, names: list[str], found: list[tuple[str, str]],
             seen_real: set[str]) -> None:
    p = fs.path
    home = p.dirname(directory)
    if fs.is_file(p.join(home, "pyvenv.cfg")) or fs.is_file(p.join(directory, "pyvenv.cfg")):
        for name in ["python", "python3", *(n for n in names if _is_interpreter_name(n))]:
            exe = p.join(directory, name)
            if name in names and fs.is_xfile(exe):
                found.append((exe, "venv"))
                return
        return
    for name in names:
        if not _is_interpreter_name(name):
            continue
        exe = p.join(directory, name)
        if not fs.is_xfile(exe):
            continue
        try:
            real = fs.resolve(exe)
        except OSError:
            continue
        if real in seen_real:
            continue
        seen_real.add(real)
        found.append((exe, ""))


def _kind(fs: RootedFS, exe: str, site_flavour: str | None) -> str:
    p = fs.path
    if "/.pyenv/versions/" in exe or "/pyenv/versions/" in exe:
        return "pyenv"
    if fs.is_dir(p.join(p.dirname(p.dirname(exe)), "conda-meta")):
        return "conda"
    if "/Cellar/" in exe or "/.linuxbrew/" in exe or exe.startswith("/opt/homebrew/"):
        return "homebrew"
    if "/Python.framework/Versions/" in exe:
        return "python.org"
    if site_flavour == "debian":
        return "debian"
    return "other"


def scan_root(root: str, *, progress: Callable[[int, int, str], None] | None = None,
              user: str | None = None) -> ScanReport:
    """Find and audit every interpreter under *root* (see the module doc), as root or
    as *user* of the image's ``/etc/passwd``."""
    from ..disk.fs import RootedFS
    from ..errors import PywhenceError
    from ..startup.pylifecycle import compute_startup
    from ..target.discovery import discover_invocation, user_ids
    from . import audit_startup

    fs = RootedFS(root)
    env = dict(_ENV)
    who = None
    if user is not None:
        uid, gid, home = user_ids(fs, user, fs.root)  # an unknown user: before any walk
        env.pop("HOME")  # the user's home comes from the image's password database
        who = {"name": user, "uid": uid, "gid": gid, "home": home}
    found = find_interpreters(fs)
    out: list[ScannedInterpreter] = []
    for n, (exe, venv) in enumerate(found):
        if progress is not None:
            progress(n, len(found), exe)
        try:
            target, inv, tfs = discover_invocation(exe, ("-c", "pass"), dict(env), "/", fs.root,
                                                   False, user)
        except PywhenceError as exc:
            out.append(ScannedInterpreter(exe, venv or _kind(fs, exe, None), None, None,
                                          error=str(exc)))
            continue
        startup = compute_startup(target, inv, tfs)
        report = audit_startup(target, inv, tfs, startup, image=True)
        kind = venv or _kind(fs, exe, target.site_flavour)
        out.append(ScannedInterpreter(exe, kind, str(target.version), report))
    if progress is not None:
        progress(len(found), len(found), "")
    return ScanReport(fs.root, tuple(out), who)
