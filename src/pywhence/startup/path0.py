"""``sys.path[0]``: the entry CPython inserts for the program it runs.

``pymain_run_python()`` (``Modules/main.c``) decides it once site has run:

* a script path that a path hook accepts -- a directory, or a zip archive (recognised by
  its content, not its name) -- is itself ``sys.path[0]``, whatever ``-I``/``-P`` say,
  and ``__main__`` is imported from it;
* otherwise, unless ``safe_path`` (3.11+: ``-P``, ``PYTHONSAFEPATH``, ``-I``; gh-57684)
  or, before 3.11, ``isolated`` (``-I``; bpo-16499) forbids it,
  ``_PyPathConfig_ComputeSysPath0()`` (``Python/pathconfig.c``) gives: for a script, the
  directory of the script after one ``readlink()`` and ``realpath(3)``; for ``-m`` the
  working directory; for ``-c``, ``-`` and the interactive prompt ``''``.

From 3.9 the script path is made absolute first (bpo-20443), by plain joining to the
working directory, so messages and directory entries show ``/cwd/./x`` unnormalised.
"""

from __future__ import annotations

import errno

from ..disk.fs import FileSystem, Kind
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .initconfig import Config
from .result import Entry, Origin
from .site import zip_names

__all__ = ["compute_path0", "compute_sys_path0"]

STAGE = "path0"

_STRERROR = {
    errno.ENOENT: "No such file or directory",
    errno.ENOTDIR: "Not a directory",
    errno.ELOOP: "Too many levels of symbolic links",
    errno.EACCES: "Permission denied",
    errno.EISDIR: "Is a directory",
}


def _abs_join(cwd: str, path: str, sep: str) -> str:
    """``_Py_abspath()``: the working directory and *path* joined, nothing normalised."""
    if path.startswith(sep):
        return path
    return cwd + path if cwd.endswith(sep) else cwd + sep + path


def compute_sys_path0(fs: FileSystem, cwd: str, argv0: str, mode: str) -> str:
    """``_PyPathConfig_ComputeSysPath0()`` on POSIX for ``argv[0]`` *argv0*.

    *mode* is ``"module"`` (``-m``: the working directory), ``"command"`` (``-c``:
    ``''``) or anything else, where *argv0* is treated as a script path (``-`` and the
    empty string of the interactive prompt included: they become ``''`` unless a file of
    that name resolves).
    """
    p = fs.path
    if mode == "module":
        return cwd
    if mode == "command":
        return ""
    if fs.flavour == "nt":
        return _sys_path0_nt(fs, cwd, argv0)
    path0 = argv0

    def on_disk(path: str) -> str:
        return path if p.isabs(path) else p.join(cwd, path)

    # One readlink() of the path itself: only its last component is looked at.
    try:
        link = fs.readlink(on_disk(path0)) if path0 else None
    except OSError:
        link = None
    if link:
        if link.startswith("/"):
            path0 = link
        elif "/" not in link:
            pass  # a link without a directory part leaves the path as it was
        else:
            q = path0.rfind("/")
            path0 = link if q < 0 else path0[: q + 1] + link
    # realpath(3); on failure the string is kept as it is.
    if path0:
        try:
            path0 = fs.resolve(on_disk(path0))
        except OSError:
            pass
    q = path0.rfind("/")
    if q < 0:
        return ""
    n = q + 1
    if n > 1:
        n -= 1  # drop the trailing separator, but keep '/' itself
    return path0[:n]


def _sys_path0_nt(fs: FileSystem, cwd: str, argv0: str) -> str:
    """The Windows branch: GetFullPathNameW() (no symlink is read), then everything up
    to the last ``\\`` or ``/``, keeping the separator after a drive (``C:\\``).

    Follows ``Python/pathconfig.c``; not yet compared with a Windows interpreter.
    """
    p = fs.path
    path0 = str(p.normpath(p.join(cwd, argv0))) if argv0 else argv0
    q = max(path0.rfind("\\"), path0.rfind("/"))
    if q < 0:
        return ""
    n = q + 1
    if n > 1 and path0[q - 1] != ":":
        n -= 1
    return path0[:n]


def _exists(fs: FileSystem, cwd: str, path: str) -> bool:
    """Whether *path* names something on disk, as the exists column says of every other
    entry: relative to the working directory, and ``''`` (the working directory at
    import time) is the working directory itself."""
    at = cwd if not path else (path if fs.path.isabs(path) else fs.path.join(cwd, path))
    try:
        return fs.exists(at)
    except OSError:
        return False


def _has_main(fs: FileSystem, path: str, kind: str) -> bool:
    p = fs.path
    if kind == "dir":
        try:
            names = fs.list_dir(path)
        except OSError:
            return False
        for name in names:
            is_main = name in ("__main__.py", "__main__.pyc") or (
                name.startswith("__main__.") and name.endswith(".so"))
            if is_main and fs.is_file(p.join(path, name)):
                return True
        return fs.is_file(p.join(path, "__main__", "__init__.py"))
    members = zip_names(fs, path) or set()
    return bool(members & {"__main__.py", "__main__.pyc", "__main__/__init__.py",
                         "__main__/__init__.pyc"})


def _open_error(fs: FileSystem, path: str) -> int | None:
    """The errno ``fopen(path, "rb")`` fails with, or None if it would open."""
    try:
        real = fs.resolve(path)
    except FileNotFoundError:
        return errno.ENOENT
    except NotADirectoryError:
        return errno.ENOTDIR
    except OSError as exc:
        return exc.errno if exc.errno in _STRERROR else errno.ENOENT
    kind: Kind | None = fs.lstat(real)
    if kind is None:
        return errno.ENOENT
    return None


def compute_path0(
    target: Interpreter,
    config: Config,
    fs: FileSystem,
    sw: Behaviour,
    trace: Trace,
    executable: str | None = None,
) -> tuple[Entry | None, str | None]:
    """The entry inserted at ``sys.path[0]`` (or None) and a fatal message (or None).

    *executable* is ``sys.executable``, which runpy names when a directory or zip has no
    ``__main__``; the program name as typed is used when it is not given.
    """
    cl = config.cmdline
    if cl is None:
        trace.add(STAGE, "no command line", "an embedding application adds no sys.path[0]")
        return None, None
    mode = cl.run_mode
    if mode in ("help", "version"):
        trace.add(STAGE, "run mode", f"--{mode}: python exits before running anything")
        return None, None
    sep = fs.sep
    hidden_by = None
    if sw.safe_path and config.safe_path:
        hidden_by = "safe_path (-P, PYTHONSAFEPATH or -I)"
    elif sw.isolated_hides_path0 and config.isolated:
        hidden_by = "isolated mode (-I)"

    if mode == "script":
        assert cl.run_target is not None
        filename = cl.run_target
        if sw.run_filename_made_absolute:
            # _Py_abspath(): a plain join on POSIX, GetFullPathNameW() on Windows
            filename = (str(fs.path.normpath(fs.path.join(config.cwd, filename)))
                        if fs.flavour == "nt" else _abs_join(config.cwd, filename, sep))
        on_disk = filename if fs.path.isabs(filename) else fs.path.join(config.cwd, filename)
        kind = fs.kind(on_disk)
        importer = None
        if kind == "dir":
            importer = "dir"
        elif kind == "file" and zip_names(fs, on_disk) is not None:
            importer = "zip"
        if importer is not None:
            d = trace.add(STAGE, "main importer",
                          f"{filename!r} is a {'directory' if importer == 'dir' else 'zip archive'}: "
                          "it is sys.path[0] (whatever -I/-P say)", cl.run_target)
            entry = Entry(filename, Origin.PATH0,
                          "script directory" if importer == "dir" else "script zip archive",
                          exists=True, decision=d)
            fatal = None
            if not _has_main(fs, on_disk, importer):
                prog = executable if executable is not None else config.program_name
                fatal = f"{prog}: can't find '__main__' module in {filename!r}"
                trace.add(STAGE, "main importer", "no __main__ in it: exit status 1", filename)
            return entry, fatal
        fatal = None
        err = _open_error(fs, on_disk)
        if err is not None:
            fatal = (f"{config.program_name}: can't open file {filename!r}: "
                     f"[Errno {err}] {_STRERROR[err]}")
            trace.add(STAGE, "script", "cannot be opened: exit status 2", filename)
        if hidden_by is not None:
            trace.add(STAGE, "sys.path[0]", f"not added: {hidden_by}")
            return None, fatal
        path0 = compute_sys_path0(fs, config.cwd, filename, "script")
        d = trace.add(STAGE, "sys.path[0]", f"script directory: {path0!r}", filename)
        return Entry(path0, Origin.PATH0, "script directory",
                     exists=_exists(fs, config.cwd, path0), decision=d), fatal

    if hidden_by is not None:
        trace.add(STAGE, "sys.path[0]", f"not added: {hidden_by}")
        return None, None
    if mode == "module":
        d = trace.add(STAGE, "sys.path[0]", f"-m: the working directory {config.cwd}",
                      config.cwd)
        return Entry(config.cwd, Origin.PATH0, "cwd (-m)",
                     exists=_exists(fs, config.cwd, config.cwd), decision=d), None
    if mode == "command":
        d = trace.add(STAGE, "sys.path[0]", "-c: ''")
        return Entry("", Origin.PATH0, "'' (-c)", exists=_exists(fs, config.cwd, ""),
                     decision=d), None
    argv0 = "-" if mode == "stdin" else ""
    path0 = compute_sys_path0(fs, config.cwd, argv0, "script")
    label = "'' (stdin)" if mode == "stdin" else "'' (interactive)"
    if path0:
        label = f"directory of a file named {argv0!r} in the working directory"
    d = trace.add(STAGE, "sys.path[0]", f"{mode}: {path0!r}", argv0)
    return Entry(path0, Origin.PATH0, label, exists=_exists(fs, config.cwd, path0),
                 decision=d), None
