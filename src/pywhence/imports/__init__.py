"""The import stage: what ``importlib.util.find_spec(name)`` returns as the first
statement of the program, computed from the startup state without running anything.

:func:`import_system` assembles the import system as startup leaves it (Python/import.c
and Python/pylifecycle.c: ``sys.meta_path`` = import hooks .pth code put first,
BuiltinImporter, FrozenImporter, PathFinder, hooks appended; ``sys.path_hooks`` =
zipimporter, FileFinder; ``sys.modules`` = what startup imported).  :func:`resolve`
answers one name.  The modules mirror CPython's files: :mod:`._bootstrap`,
:mod:`._bootstrap_external`, :mod:`.zipimport`, :mod:`.frozen`, :mod:`.pkgutil`,
:mod:`.preloaded`, :mod:`.editable` (known import hooks), :mod:`.modules` (listings).
"""

from __future__ import annotations

from ..disk.fs import FileSystem, MemoFS
from ..invocation import Invocation
from ..startup.result import Origin, Startup
from ..target.interpreter import Interpreter
from .result import Resolution, Which
from .state import ImportSystem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ImportSystem", "answer", "import_system", "main_target", "resolve"]


def import_system(target: Interpreter, startup: Startup, inv: Invocation,
                  fs: FileSystem) -> ImportSystem:
    """The import system at the first statement of the program *startup* describes."""
    from ..startup.initconfig import env_value
    from ..target.buildtables import build_tables
    from ..target.dynload import default_extension_suffixes, is_debug_build
    from ..target.frozentab import frozen_modules_setting
    from ._bootstrap import BuiltinImporter, FrozenImporter
    from ._bootstrap_external import PathFinder, file_hook
    from .frozen import frozen_table
    from .preloaded import Preloaded
    from .startup_facts import note_startup_facts

    raw = fs.inner if isinstance(fs, MemoFS) else fs  # the binary is mapped, not copied
    if not isinstance(fs, MemoFS):
        fs = MemoFS(fs)
    system = ImportSystem(target, startup, inv, fs)
    system.path_hooks = [_zipimport_hook, file_hook]
    tables = build_tables(target, raw)
    if tables is not None and tables.suffixes:
        system.set_suffixes(tables.suffixes, f"_PyImport_DynLoadFiletab in {tables.source}")
    else:
        system.set_suffixes(default_extension_suffixes(target, debug=is_debug_build(target)),
                            "configure's defaults for this build")
    if tables is not None and tables.builtins is not None:
        system.builtins = frozenset(tables.builtins)
    from .startup_facts import assumed_builtins

    if system.builtins is None:
        system.builtins, doubtful = assumed_builtins(system)
        for name in doubtful:
            system.doubt(name, "the build's built-in modules are not known (no binary to "
                               f"read): {name!r} may be built in")
    sw = system.sw
    env = env_value(inv.env, "PYTHON_FROZEN_MODULES") if system.use_environment else None
    from .state import first_xoption

    enabled, why, fatal = frozen_modules_setting(
        sw, first_xoption(system.cmdline, "frozen_modules"), env, is_debug_build(target))
    if fatal is not None:
        system.fatal = fatal
    system.frozen = frozen_table(sw, platform=target.platform, enabled=enabled, source=why,
                                 read=tables.frozen if tables is not None else None)
    if not sw.builtin_origin_at_setup:
        # set up from the modules already there when importlib bootstraps (measured, 3.8.18)
        system.builtin_setup_names = frozenset({"sys", "builtins", "_imp"})
    system.meta_path = [BuiltinImporter(), FrozenImporter(), PathFinder()]
    note_startup_facts(system)
    prepend: list[Any] = []
    append: list[Any] = []
    extra: list[tuple[str, str]] = []
    if any(e.origin == Origin.PTH_IMPORT for e in startup.dynamic):
        from .editable import install_startup_code

        prepend, append, extra = install_startup_code(system)
    system.meta_path = [*prepend, *system.meta_path, *append]
    system.modules = Preloaded(system, [*system.extra_preloaded, *extra])
    system.modules.settle()
    return system


def _zipimport_hook(system: ImportSystem, entry: str) -> Any:
    """``zipimporter(entry)`` (imported only for an entry that is not a directory)."""
    if system.kind(entry if entry else system.cwd) == "dir":
        return None
    from .zipimport import make_zipimporter

    return make_zipimporter(system, entry)


def resolve(system: ImportSystem, name: str, *, explain: bool = False) -> Resolution:
    """The answer for *name* in *system* (see :class:`~.result.Resolution`)."""
    from ._bootstrap import find_spec

    return find_spec(system, name, explain=explain)


def answer(target: Interpreter, startup: Startup, inv: Invocation, fs: FileSystem,
           names: tuple[str, ...], *, explain: bool = False) -> Which:
    """The answers for *names* under one startup (the ``which`` command's result)."""
    system = import_system(target, startup, inv, fs)
    fatal = startup.fatal or system.fatal
    return Which(startup, tuple(resolve(system, n, explain=explain) for n in names), fatal,
                 system.sys_path)


def main_target(target: Interpreter, startup: Startup, inv: Invocation,
                fs: FileSystem) -> Any:
    """What ``-m NAME`` or a directory/zip script runs (:class:`~.runpy.RunTarget`), or
    None for another run mode or an interpreter that would not start."""
    from .runpy import run_target

    if startup.fatal:
        return None
    return run_target(import_system(target, startup, inv, fs))
