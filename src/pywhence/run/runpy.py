"""Lib/runpy.py's ``run_path``: what a path names, the namespace it runs in.

A path is a script (source, or a ``.pyc`` by its magic number whatever its name) unless
a ``sys.path_hooks`` finder accepts it (``pkgutil.get_importer``): then it is a directory
or zipfile whose ``__main__`` runs -- looked up in that entry only, not along the whole
of ``sys.path`` as runpy does (CPython gh-75221).  The globals are runpy's
(``__name__``, ``__file__``, ``__cached__``, ``__loader__``, ``__package__``,
``__spec__``), bytes and path-like paths are decoded as 3.13 does (gh-99437), and the
temporary changes to ``sys`` go through :mod:`.state`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from types import CodeType, ModuleType
from typing import Any

from .cache import _cached_compile, _recall, _zip_code_cached
from .errors import MainLoadError, MainNotFoundError
from .script import _MAGIC, PathArg, _compile, _Probe, _unmarshal
from .state import _enter, _leave, _Overlay

__all__ = ["PathArg", "run_path"]

_DEFAULT_RUN_NAME = "<run_path>"

# runpy.run_path only started decoding a bytes or path-like argument before
# using it as __file__ and sys.argv[0] in 3.13 (CPython gh-99437); on 3.9 to
# 3.12 the object passed in is used as it is for a script file.
_DECODE_SCRIPT_PATH = sys.version_info >= (3, 13)
#: runpy's _run_code sets __cached__ in the globals before 3.15 only (3.15's runpy, and
#: its __main__, have none; measured with sid's 3.15.2 and its test_runpy).
_SETS_CACHED = sys.version_info < (3, 15)


class _Target:
    """The code to run for one call and the values runpy derives from it."""

    __slots__ = ("argv0", "code", "file", "from_pyc", "path_entry", "spec")

    def __init__(
        self,
        code: CodeType,
        spec: ModuleSpec | None,
        file: object,
        argv0: object,
        path_entry: str | None,
        from_pyc: bool,
    ) -> None:
        self.code = code
        self.spec = spec
        self.file = file
        self.argv0 = argv0
        self.path_entry = path_entry
        self.from_pyc = from_pyc


def _get_importer(path: str, probe: _Probe) -> object | None:
    """``pkgutil.get_importer``: the path entry finder for *path*, if any.

    The finder is cached in ``sys.path_importer_cache`` like pkgutil does,
    but a file that cannot be a zip archive is not offered to zipimport.
    """
    cache = sys.path_importer_cache
    try:
        importer: Any = cache[path]
    except KeyError:
        importer = None
        zipimport = sys.modules.get("zipimport")
        zip_hook = getattr(zipimport, "zipimporter", None)
        for hook in sys.path_hooks:
            if hook is zip_hook and probe.cannot_be_zip():
                continue
            try:
                importer = hook(path)
            except ImportError as exc:
                if hook is zip_hook:
                    probe.zip_error = str(exc)
                continue
            cache.setdefault(path, importer)
            break
    # runpy before 3.13 also treats the legacy imp.NullImporter as "none".
    kind = type(importer)
    if kind.__module__ == "imp" and kind.__name__ == "NullImporter":
        return None
    found: object | None = importer
    return found


def _locate(path_name: PathArg, cache: bool, run_name: str | None = None) -> _Target:
    """Find the code *path_name* names, like ``runpy.run_path`` does (a script compiled
    as module *run_name*, as 3.15's runpy does)."""
    decoded = os.fsdecode(path_name)
    fname: PathArg = decoded if _DECODE_SCRIPT_PATH else path_name
    # co_filename is os.fsdecode(fname) either way.
    probe = _Probe(decoded, decoded, cache)
    if cache:
        _recall(probe)
    if _get_importer(decoded, probe) is None:
        code, from_pyc = _code_from_file(probe, fname, run_name)
        return _Target(code, None, fname, fname, None, from_pyc)
    spec, code = _main_from_entry(decoded, cache)
    # runpy before 3.13 put the undecoded object on sys.path, where the
    # import system ignores it, so it never ran a bytes or path-like
    # directory or zipfile (CPython gh-99437); the decoded str is used here.
    return _Target(code, spec, spec.origin, decoded, decoded, False)


def _main_from_entry(entry: str, cache: bool) -> tuple[ModuleSpec, CodeType]:
    """Find ``__main__`` in the directory or zipfile *entry*, and only there.

    ``runpy`` calls ``importlib.util.find_spec("__main__")`` with *entry*
    put first on ``sys.path``, so the meta path and every other ``sys.path``
    entry are searched too (CPython gh-75221).  ``PathFinder.find_spec``
    with ``[entry]`` asks only the path entry finder of *entry*, through
    ``sys.path_hooks`` and ``sys.path_importer_cache`` as the import system
    does; ``sys.modules["__main__"]`` is not consulted, so unlike runpy there
    is no need to move it out of the way.
    """
    try:
        spec = PathFinder.find_spec("__main__", [entry])
    except (ImportError, AttributeError, TypeError, ValueError) as exc:
        # runpy reports these as ImportError too (a broken or legacy finder).
        raise MainLoadError(
            f"can't load '__main__' module from {entry!r}: "
            f"error while finding it ({type(exc).__name__}: {exc})",
            path=entry,
        ) from exc
    if spec is None:
        raise MainNotFoundError(f"can't find '__main__' module in {entry!r}", path=entry)
    if spec.submodule_search_locations is not None:
        raise MainNotFoundError(
            f"can't find '__main__' module in {entry!r} "
            "(__main__ there is a package, which cannot be run)",
            path=entry,
        )
    loader = spec.loader
    get_code = getattr(loader, "get_code", None)
    if get_code is None:
        raise MainNotFoundError(
            f"can't find '__main__' module in {entry!r} (its loader provides no code)",
            path=entry,
        )
    code: object
    try:
        if cache and type(loader) is SourceFileLoader and spec.origin:
            origin = spec.origin
            probe = _Probe(origin, origin, True)
            _recall(probe)
            code = _code_from_file(probe, origin)[0]
        elif cache and spec.origin and isinstance(getattr(loader, "archive", None), str):
            code = _zip_code_cached(spec.origin, getattr(loader, "archive", ""), get_code)
        else:
            code = get_code("__main__")
    except ImportError as exc:
        # runpy turns this into "can't find '__main__' module" whenever the
        # loader's message mentions __main__, hiding e.g. a bad magic number.
        raise MainLoadError(
            f"can't load '__main__' module from {entry!r}: {exc}", path=entry
        ) from exc
    if not isinstance(code, CodeType):
        raise MainNotFoundError(
            f"can't find '__main__' module in {entry!r} (no code object available)",
            path=entry,
        )
    return spec, code


def _code_from_file(probe: _Probe, fname: PathArg, module: str | None = None) -> tuple[CodeType, bool]:
    """The code of a script file; True with it if it was a ``.pyc``.

    Like runpy, a file is bytecode when it starts with this interpreter's
    magic number, whatever its name, and source otherwise.  The whole file
    is read at once and unmarshalled from memory.
    """
    if probe.hit is not None:
        return probe.hit, False
    data = probe.whole()
    if data[:4] == _MAGIC:
        return _unmarshal(data, probe.display), True
    if probe.cache:
        return _cached_compile(probe, data, fname, module), False
    return _compile(data, fname, probe, module), False


def run_path(
    path_name: PathArg,
    init_globals: Mapping[str, Any] | None = None,
    run_name: str | None = None,
    *,
    keep_module: bool = False,
    cache: bool = False,
) -> dict[str, Any]:
    """Execute the script, directory or zipfile at *path_name*.

    Behaves like the running interpreter's ``runpy.run_path`` and returns
    the resulting module globals, with these differences:

    * A directory or zipfile (any path a ``sys.path_hooks`` finder accepts)
      must contain ``__main__`` itself; no other ``sys.path`` entry is
      searched (CPython gh-75221).  Otherwise :class:`MainNotFoundError`.
    * A bytes or path-like directory or zipfile is decoded with
      :func:`os.fsdecode` on every version, as 3.13 does (gh-99437);
      runpy before 3.13 put the undecoded object on ``sys.path`` and mostly
      failed to find ``__main__``.  A script file keeps the running
      version's behaviour: before 3.13 the object passed in becomes
      ``__file__`` and ``sys.argv[0]`` as it is.
    * *keep_module*: on a normal return the module stays in
      ``sys.modules[run_name]``, replacing whatever was there (for
      ``"__main__"``, the real main module); the returned dict is that
      module's ``__dict__`` rather than a copy.  On an exception, including
      ``SystemExit``, the previous entry is restored as usual.
    * *cache*: a source script is compiled once; its bytecode is reused from
      memory and from the import system's ``__pycache__`` location while the
      source is unchanged (see :func:`_cached_compile`).  Globals are the
      same as without it (``__cached__`` stays None for a script file).
    * Clearer errors, all subclasses of the type runpy raises: see
      :class:`RunPathError`.

    Threads: the swaps of ``sys.argv[0]``, ``sys.modules[run_name]`` and
    ``sys.path`` happen under a module lock and are undone in any order
    (see :class:`_Overlay`), so once all calls have returned these are as
    they were before any started, apart from changes the scripts made
    themselves (which runpy leaves in place too).  Script bodies are not serialised: a
    script may start a thread that calls ``run_path`` and wait for it
    without deadlocking.  While calls overlap they share the process-wide
    state, so each one sees the ``sys.argv[0]`` and ``sys.modules[run_name]``
    of the latest call to start, and every running call's entry on
    ``sys.path``.
    """
    if run_name is None:
        run_name = _DEFAULT_RUN_NAME
    pkg_name = run_name.rpartition(".")[0]
    target = _locate(path_name, cache, run_name)
    spec = target.spec
    module = ModuleType(run_name)
    run_globals = module.__dict__
    if init_globals is not None:
        run_globals.update(init_globals)
    if spec is None:
        loader: object = None
        file: object = target.file
        cached: str | None = None
    else:
        loader = spec.loader
        file = spec.origin
        cached = spec.cached
    names: dict[str, object] = {"__name__": run_name, "__file__": file}
    if _SETS_CACHED:
        names["__cached__"] = cached
    names.update(__doc__=None, __loader__=loader, __package__=pkg_name, __spec__=spec)
    run_globals.update(names)
    overlay = _Overlay(target.path_entry, target.argv0, run_name, module)
    _enter(overlay)
    kept = False
    try:
        exec(target.code, run_globals)  # noqa: S102 - running the script is the point
        kept = keep_module
    finally:
        _leave(overlay, kept)
    if keep_module:
        return run_globals
    # Copy, as runpy does: the caller's dict must not change if the code
    # left running (threads, callbacks) keeps writing its globals.
    return run_globals.copy()
