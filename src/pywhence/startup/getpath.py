"""Path configuration: what CPython's getpath computes, computed without running it.

The entry point, :func:`compute_path_config`, chooses one of three algorithms by the
``getpath_py`` switch (bpo-45582) and the target's platform, each in a module named
after the CPython file it reproduces:

* :mod:`~pywhence.startup.getpath_py` (with :mod:`~pywhence.startup.getpath_py_executable`)
  -- 3.11 and later, ``Modules/getpath.py`` (frozen Python run over C helpers from
  ``Modules/getpath.c``), every platform.  Steps 1-12 follow its order.
* :mod:`~pywhence.startup.getpath_c` -- 3.8 to 3.10 on Linux and macOS, the C algorithm
  of ``Modules/getpath.c``.
* :mod:`~pywhence.startup.getpathp` -- 3.8 to 3.10 on Windows, ``PC/getpathp.c``;
  modelled from source, not verified against a real interpreter (the trace says so).

Their shared inputs and primitives are in :mod:`~pywhence.startup.getpath_common`.
Here, too, is what CPython does right after getpath: import ``encodings``, which is
fatal when no entry of the module search path provides it.

Every version difference is a named :class:`~pywhence.target.behaviour.Behaviour`
switch; every platform deviation is labelled ``QUIRK:``.  For 3.11+ the ``posix``,
``darwin`` and ``nt`` branches are checked against CPython's own frozen getpath
(tests/oracle); ``darwin``'s and ``nt``'s OS inputs (``_NSGetExecutablePath`` /
``GetModuleFileNameW``, the loaded library, the registry) come from
:class:`~pywhence.invocation.Invocation` (see docs/pathconfig.md).
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .getpath_common import _STAGE, _gather, _GetpathFailed, _Inputs
from .initconfig import Config
from .result import PathConfig
from .special_files import StartupHangs

__all__ = ["compute_path_config"]


# ---------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------


def compute_path_config(
    target: Interpreter, config: Config, fs: FileSystem, sw: Behaviour, trace: Trace,
    *, then_fatal: str | None = None,
) -> PathConfig:
    """CPython's path configuration for *target* started with *config* on *fs*.

    The result holds what ``sys`` shows once getpath is done (before site.py), the
    module search path with the origin of every entry, the warnings getpath prints, and
    ``fatal`` when CPython would stop (getpath failed or would hang on a FIFO, or no
    entry provides the ``encodings`` package).  *then_fatal*: the error CPython's
    ``config_init_import`` raises right after a getpath that succeeded, before
    ``encodings`` is imported (a bad ``-X frozen_modules``).
    """
    inp = _gather(target, config)
    try:
        if sw.getpath_py:
            trace.add(_STAGE, "algorithm", "Modules/getpath.py (3.11+)", f"version {target.version}")
            from .getpath_py import _GetpathPy  # each algorithm is loaded when chosen

            try:
                pc = _GetpathPy(target, config, fs, sw, trace, inp).run()
            except _GetpathFailed as exc:
                return _failed(config, inp, str(exc), trace)
        else:
            trace.add(_STAGE, "algorithm", "Modules/getpath.c (3.8-3.10)", f"version {target.version}")
            if inp.os_name == "nt":
                trace.add(_STAGE, "algorithm", "PC/getpathp.c (Windows, 3.8-3.10)",
                          "modelled from source, not verified against a real interpreter")
                from .getpathp import _GetpathNT

                pc = _GetpathNT(target, config, fs, sw, trace, inp).run()
            else:
                from .getpath_c import _GetpathC

                pc = _GetpathC(target, config, fs, sw, trace, inp).run()
    except StartupHangs as exc:
        # a FIFO as pyvenv.cfg or ._pth: getpath's fopen() never returns
        return _failed(config, inp, "", trace, fatal=str(exc))
    if then_fatal is not None and not pc.fatal:
        trace.add(_STAGE, "config_init_import", then_fatal.splitlines()[0])
        from .._record import replace

        return replace(pc, fatal=then_fatal)
    return _check_stdlib(pc, fs, sw, trace, inp)


def _failed(config: Config, inp: _Inputs, message: str, trace: Trace,
            fatal: str | None = None) -> PathConfig:
    fatal = fatal or (
        "Fatal Python error: error evaluating path\n"
        f"Python runtime state: core initialized\n{message}"
    )
    trace.add(_STAGE, "getpath failed", fatal, message)
    return PathConfig(
        executable="", base_executable="", prefix="", exec_prefix="", base_prefix="",
        base_exec_prefix="", stdlib_dir="", program_name=inp.program_name,
        isolated=config.isolated, use_environment=config.use_environment,
        site_import=config.site_import, safe_path=config.safe_path, fatal=fatal,
    )


# ---------------------------------------------------------------------------------------
# Can the stdlib be imported?  (CPython imports 'encodings' right after getpath)
# ---------------------------------------------------------------------------------------


def _check_stdlib(pc: PathConfig, fs: FileSystem, sw: Behaviour, trace: Trace, inp: _Inputs) -> PathConfig:
    if pc.fatal:
        return pc
    p = fs.path
    for e in pc.module_search_paths:
        where = e.path if e.path and p.isabs(e.path) else p.join(inp.cwd, e.path)
        if fs.is_dir(where):
            pkg = p.join(where, "encodings")
            if fs.is_file(p.join(pkg, "__init__.py")) or fs.is_file(p.join(pkg, "__init__.pyc")):
                trace.add(_STAGE, "stdlib importable", f"'encodings' found in {e.path}", e.path)
                return pc
        elif fs.is_file(where) and _zip_has_encodings(fs, where):
            trace.add(_STAGE, "stdlib importable", f"'encodings' found in zip {e.path}", e.path)
            return pc
    if sw.encodings_fatal_in_init_interp:
        head = "Fatal Python error: Failed to import encodings module"
    else:
        head = ("Fatal Python error: init_fs_encoding: failed to get the Python codec of the "
                "filesystem encoding")
    fatal = f"{head}\nPython runtime state: core initialized\nModuleNotFoundError: No module named 'encodings'"
    trace.add(_STAGE, "stdlib missing", "no module search path entry provides 'encodings'",
              *[e.path for e in pc.module_search_paths])
    from .._record import replace

    return replace(pc, fatal=fatal)


def _zip_has_encodings(fs: FileSystem, path: str) -> bool:
    import io
    import zipfile  # only when a zip is on the module search path

    try:
        data = fs.read_bytes(path)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return bool({"encodings/__init__.py", "encodings/__init__.pyc"} & names)

