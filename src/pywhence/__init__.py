"""pywhence: where Python's modules come from, and what gets run.

* :func:`compute` -- CPython's startup state (``sys.path``, ``sys.prefix`` and friends)
  for an interpreter, a command line, an environment and a disk, computed without
  running Python, with the origin of every ``sys.path`` entry.
* :func:`load_world` / :func:`compute_world` -- the same for an imagined machine
  described in a JSON world file.
* :func:`run_path` -- :func:`runpy.run_path`, faithful, faster and safer.
* :func:`audit` / :func:`scan` -- what runs at startup and who could change what is
  imported, for one interpreter or every interpreter of an image (docs/audit.md).

Importing this package is cheap: the model is imported on first use.
"""

from __future__ import annotations

import os
import sys

from .errors import InterpreterNotFound, PywhenceError, RootEscapeError, UsageError, WorldError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from .audit.result import Report, ScanReport
    from .disk.world import World
    from .imports.result import Listing, Resolution, Which
    from .imports.runpy import RunTarget
    from .run import RunPathError, run_path
    from .startup.result import Startup

__all__ = [
    "InterpreterNotFound",
    "PywhenceError",
    "RootEscapeError",
    "RunPathError",
    "UsageError",
    "WorldError",
    "audit",
    "audit_world",
    "clear_caches",
    "compute",
    "compute_world",
    "find_spec",
    "find_spec_world",
    "load_world",
    "modules",
    "modules_world",
    "run_path",
    "run_target",
    "scan",
    "snapshot",
    "which",
    "which_world",
]

__version__ = "0.1.0"


def compute(
    python: str | os.PathLike[str] | None = None,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    probe: bool = False,
    user: str | None = None,
) -> Startup:
    """CPython's startup state for ``python ARGS...``, without running it.

    *python* is the target interpreter: a path, or a bare name looked up on the PATH of
    *env* (as a shell would); the default is the interpreter running this code.  *args*
    is the interpreter's own command line after the program name (``["-I", "-m",
    "http.server"]``).  *env* defaults to this process's environment, *cwd* to its
    working directory.  With *root*, every path (including *python* and *cwd*) is read
    inside that folder as if it were ``/``.  *probe* allows one run of the target to
    learn what cannot be read from disk (cached); it is never the default.  *user* (a
    name or a uid) is whom the interpreter runs as, looked up in the password database of
    the disk read (``/etc/passwd`` inside *root*): its ids decide the user site and who
    counts as another user; an inherited HOME is dropped for it (*env* given is kept).
    """
    from .startup.pylifecycle import compute_startup_remembered

    return compute_startup_remembered(*_inputs(python, args, env, cwd, root, probe, user))


def clear_caches() -> None:
    """Forget everything pywhence remembers: remembered results, what it read from
    binaries and directory listings, behaviour switches per version.  The next
    :func:`compute` starts from nothing, as the first one in a new process does.
    (Nothing is ever needed for correctness: every remembered answer is re-checked
    against the disk and the environment before it is used.)"""
    from ._memo import clear_all

    clear_all()


def snapshot(
    python: str | os.PathLike[str] | None = None,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    *,
    probe: bool = False,
    audit: bool = False,
) -> dict[str, Any]:
    """The world of this machine for ``python ARGS...``, as a JSON-ready dict.

    It holds only what the model read (the files, directories, symlinks and environment
    variables consulted), so it can be attached to a bug report; replaying it with
    :func:`compute_world` gives the same answer as :func:`compute` here.  With *audit*,
    what :func:`audit` reads too -- the owners and modes it asks about among them --
    so that :func:`audit_world` of the snapshot gives the same report.
    """
    from ._record import replace
    from .disk.snapshot import RecordingEnv, RecordingFS, world_dict
    from .startup.pylifecycle import compute_startup

    target, inv, _ = _inputs(python, args, env, cwd, None, probe)
    renv = RecordingEnv(inv.env)
    rfs = RecordingFS()
    startup = compute_startup(target, replace(inv, env=renv), rfs)
    if audit:
        from .audit import audit_startup

        audit_startup(target, replace(inv, env=renv), rfs, startup)
    return world_dict(target, inv, rfs, renv)


def load_world(path: str | os.PathLike[str]) -> World:
    """Read and validate a world file (see docs/worlds.md)."""
    from .disk.world import load_world as _load

    return _load(os.fspath(path))


def compute_world(world: World | dict[str, Any] | str | os.PathLike[str]) -> Startup:
    """The startup state of a world: a :class:`~pywhence.world.World`, a parsed world
    document (a dict, as :func:`snapshot` returns), or a file path."""
    from .startup.pylifecycle import compute_startup

    w = _world(world)
    return compute_startup(w.interpreter, w.invocation, w.fs)


def _inputs(python: str | os.PathLike[str] | None, args: Sequence[str],
            env: Mapping[str, str] | None, cwd: str | os.PathLike[str] | None,
            root: str | os.PathLike[str] | None, probe: bool, user: str | None = None) -> Any:
    from .target.discovery import discover_invocation

    if env is None:
        env = dict(os.environ)
        if user is not None:
            # this process's HOME is its own user's: the target's user gets its own home
            # from the password database, as CPython does when HOME is unset
            env.pop("HOME", None)
    return discover_invocation(
        python=None if python is None else os.fspath(python),
        args=tuple(args),
        env=dict(env),
        cwd=os.getcwd() if cwd is None else os.fspath(cwd),
        root=None if root is None else os.fspath(root),
        probe=probe,
        user=None if user is None else str(user),
    )


def _world(world: World | dict[str, Any] | str | os.PathLike[str]) -> World:
    from .disk.world import World as _World
    from .disk.world import world_from_dict

    if isinstance(world, dict):
        return world_from_dict(world)
    return world if isinstance(world, _World) else load_world(world)


def which(
    names: Sequence[str],
    python: str | os.PathLike[str] | None = None,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    probe: bool = False,
    explain: bool = False,
    user: str | None = None,
) -> Which:
    """:func:`find_spec` for several *names* under one startup (``pywhence which``)."""
    return _which(_inputs(python, args, env, cwd, root, probe, user), names, explain=explain)


def _which(inputs: Any, names: Sequence[str], *, explain: bool = False,
           views: list[Any] | None = None) -> Which:
    """:func:`which` over discovered *inputs*; the import system's view of the disk (a
    :class:`~pywhence.disk.fs.MemoFS`, holding every answer it got) is added to *views*."""
    from .imports import answer
    from .startup.pylifecycle import compute_startup_remembered

    target, inv, fs = inputs
    startup = compute_startup_remembered(target, inv, fs)
    return answer(target, startup, inv, _view(fs, views), tuple(names), explain=explain)


def _view(fs: Any, views: list[Any] | None) -> Any:
    if views is None:
        return fs
    from .disk.fs import MemoFS

    view = MemoFS(fs)
    views.append(view)
    return view


def find_spec(
    name: str,
    python: str | os.PathLike[str] | None = None,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    probe: bool = False,
    explain: bool = False,
    user: str | None = None,
) -> Resolution:
    """What ``importlib.util.find_spec(name)`` returns as the first statement of the
    program ``python ARGS...`` runs, and why, without running it (the arguments are
    :func:`compute`'s): the spec's fields, or the exception it raises, the kind and the
    ``sys.path`` entry that supplied it, every candidate considered, what it shadows,
    and whether the answer is certain."""
    return which([name], python, args, env, cwd, root, probe=probe, explain=explain,
                 user=user).modules[0]


def which_world(world: World | dict[str, Any] | str | os.PathLike[str], names: Sequence[str],
                *, explain: bool = False) -> Which:
    """:func:`which` for a world (a :class:`~pywhence.disk.world.World`, a dict or a file)."""
    from .imports import answer
    from .startup.pylifecycle import compute_startup

    w = _world(world)
    startup = compute_startup(w.interpreter, w.invocation, w.fs)
    return answer(w.interpreter, startup, w.invocation, w.fs, tuple(names), explain=explain)


def find_spec_world(world: World | dict[str, Any] | str | os.PathLike[str], name: str,
                    *, explain: bool = False) -> Resolution:
    """:func:`find_spec` for a world."""
    return which_world(world, [name], explain=explain).modules[0]


def run_target(
    python: str | os.PathLike[str] | None = None,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    probe: bool = False,
    user: str | None = None,
) -> RunTarget | None:
    """What ``python ARGS...`` runs when ARGS say ``-m NAME`` or name a directory or zip
    script: the module (a package's ``__main__``) and its spec, or runpy's own error
    message (``No module named NAME``, exit status 1 at run time).  None for another
    run mode, or when the interpreter would not start."""
    from .imports import main_target
    from .startup.pylifecycle import compute_startup_remembered

    target, inv, fs = _inputs(python, args, env, cwd, root, probe, user)
    startup = compute_startup_remembered(target, inv, fs)
    found: RunTarget | None = main_target(target, startup, inv, fs)
    return found


def modules(
    python: str | os.PathLike[str] | None = None,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    shadowed: bool = False,
    probe: bool = False,
    user: str | None = None,
) -> Listing:
    """Every importable top-level name for ``python ARGS...`` and what supplies it
    (``help('modules')`` without importing anything); with *shadowed*, only the names
    that more than one place provides."""
    return _modules(_inputs(python, args, env, cwd, root, probe, user), shadowed=shadowed)


def _modules(inputs: Any, *, shadowed: bool = False, views: list[Any] | None = None) -> Listing:
    """:func:`modules` over discovered *inputs*, with the import system's view added to
    *views* (see :func:`_which`)."""
    from .imports.modules import list_modules
    from .startup.pylifecycle import compute_startup_remembered

    target, inv, fs = inputs
    startup = compute_startup_remembered(target, inv, fs)
    return list_modules(target, startup, inv, _view(fs, views), shadowed=shadowed)


def modules_world(world: World | dict[str, Any] | str | os.PathLike[str], *,
                  shadowed: bool = False) -> Listing:
    """:func:`modules` for a world."""
    from .imports.modules import list_modules
    from .startup.pylifecycle import compute_startup

    w = _world(world)
    startup = compute_startup(w.interpreter, w.invocation, w.fs)
    return list_modules(w.interpreter, startup, w.invocation, w.fs, shadowed=shadowed)


def audit(
    python: str | os.PathLike[str] | None = None,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    probe: bool = False,
    user: str | None = None,
) -> Report:
    """What runs at startup of ``python ARGS...`` and who could change what it imports
    (``pywhence audit``; the arguments are :func:`compute`'s): the startup code in the
    order CPython runs it, the findings with their rule ids and fixes, and the owner and
    mode of every ``sys.path`` entry (see docs/audit.md)."""
    from .audit import audit_startup_remembered
    from .startup.pylifecycle import compute_startup_remembered

    target, inv, fs = _inputs(python, args, env, cwd, root, probe, user)
    startup = compute_startup_remembered(target, inv, fs)
    return audit_startup_remembered(target, inv, fs, startup)


def audit_world(world: World | dict[str, Any] | str | os.PathLike[str]) -> Report:
    """:func:`audit` for a world (owners and modes from its ``modes``/``owners`` keys)."""
    from .audit import audit_startup
    from .startup.pylifecycle import compute_startup

    w = _world(world)
    startup = compute_startup(w.interpreter, w.invocation, w.fs)
    return audit_startup(w.interpreter, w.invocation, w.fs, startup)


def scan(root: str | os.PathLike[str], *, progress: Any = None,
         user: str | None = None) -> ScanReport:
    """Every interpreter of the unpacked image or directory tree *root* (Debian, pyenv,
    conda, Homebrew and python.org layouts, venvs by their ``pyvenv.cfg``), each audited
    with ``--root`` semantics: nothing outside *root* is opened.  *progress*, if given,
    is called as ``progress(done, total, executable)``.  Each is audited as run by root,
    or by *user* (a name or uid of the image's ``/etc/passwd``: a container's ``USER``)."""
    from .audit.scan import scan_root

    return scan_root(os.fspath(root), progress=progress, user=user)


def __getattr__(name: str) -> Any:
    # run_path and its errors live in a stdlib-only module, imported on first use.
    if name in ("run_path", "RunPathError"):
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module 'pywhence' has no attribute {name!r}")


def __dir__() -> list[str]:
    return list(__all__)


class _Package(type(sys)):  # type: ignore[misc]
    """The type of this package's module object: ``pywhence.audit`` stays the function
    :func:`audit` after the subpackage of the same name (``pywhence/audit/``) is loaded --
    the import system sets a parent's attribute to each submodule it loads.  The
    subpackage's modules are imported by their full names (``from pywhence.audit.rules
    import RULES``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "audit" and isinstance(value, type(sys)):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
