"""``sys.modules`` at the program's first statement: what Python/pylifecycle.c, site and
the run mode (Modules/main.c, runpy) imported before it, and the spec each one got.

``importlib.util.find_spec(name)`` answers from ``sys.modules`` first, so these names
cannot be shadowed by a later file.  Which modules they are depends on the version
(3.11 freezes much of it, 3.12 slims runpy, 3.14 drops ``io`` from the core), on
``-S`` (no site: none of os, stat, posixpath...), on the run mode (``-m`` and
directory/zip scripts import runpy and importlib; 3.13+ ``-c`` registers its source
with linecache), on the locale (the codec modules), and on the ``.pth`` files site
read (3.8-3.9 import ``_bootlocale`` to decode them, 3.13+ ``encodings.utf_8_sig``).
Measured with every local interpreter in every mode (the import research of issue 9).

Each module's spec is what the finders gave *when it was imported*: the core and site's
own modules over the module search path (before site added anything, and before
``sys.path[0]``), the run mode's over the final ``sys.path``.  What a ``.pth`` import
line or sitecustomize imports cannot be known without running it: the answer is then
uncertain, naming the file and line.
"""

from __future__ import annotations

from ._bootstrap import ImportFailed, Module, _module_from_spec, kind_of, meta_find_spec
from .result import Spec
from .state import ImportSystem, Search

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Preloaded", "codec_module", "preloaded_names"]

_CORE = ("_codecs", "_frozen_importlib", "_frozen_importlib_external", "_imp", "_io",
         "_signal", "_thread", "_warnings", "_weakref", "builtins", "codecs", "encodings",
         "encodings.aliases", "marshal", "sys", "time", "zipimport")
_CORE_IO = ("_abc", "abc", "io")
_SITE = ("_collections_abc", "_sitebuiltins", "_stat", "genericpath", "os", "os.path",
         "site", "stat")
_SITE_314 = ("_abc", "abc", "errno")
#: What runpy (and what it imports) adds, by version group.
_RUNPY = {
    "3.8": ("_collections _functools _heapq _operator _weakrefset collections contextlib "
            "functools heapq importlib importlib._bootstrap importlib._bootstrap_external "
            "importlib.abc importlib.machinery importlib.util itertools keyword operator "
            "pkgutil reprlib runpy types warnings weakref"),
    "3.9": ("_collections _functools _heapq _locale _operator _sre _weakrefset collections "
            "collections.abc contextlib copyreg enum functools heapq importlib "
            "importlib._bootstrap importlib._bootstrap_external importlib.abc "
            "importlib.machinery importlib.util itertools keyword operator pkgutil re "
            "reprlib runpy sre_compile sre_constants sre_parse types typing typing.io "
            "typing.re warnings weakref"),
    "3.10": ("_collections _functools _operator collections contextlib functools importlib "
             "importlib._abc importlib._bootstrap importlib._bootstrap_external "
             "importlib.machinery importlib.util itertools keyword operator reprlib runpy "
             "types warnings"),
    "3.12": ("importlib importlib._abc importlib._bootstrap importlib._bootstrap_external "
             "importlib.machinery importlib.util runpy types warnings"),
    "3.13": ("importlib importlib._abc importlib._bootstrap importlib._bootstrap_external "
             "importlib.machinery importlib.util runpy types"),
    "3.14": ("_types importlib importlib._abc importlib._bootstrap "
             "importlib._bootstrap_external importlib.machinery importlib.util io runpy types"),
}
#: sys.modules keys that name another module (the same object under a second name).
_ALIASES = {"importlib._bootstrap": "_frozen_importlib",
            "importlib._bootstrap_external": "_frozen_importlib_external"}

#: When each group is imported: "init" (over the module search path) or "main" (over
#: the final sys.path, sys.path[0] included).
_INIT, _SITE_TIME, _MAIN = "init", "site", "main"


def codec_module(encoding: str) -> str | None:
    """The ``encodings`` submodule the codec registry imports for *encoding*."""
    import encodings
    from encodings.aliases import aliases

    norm = encodings.normalize_encoding(encoding).lower()
    mod = aliases.get(norm) or aliases.get(norm.replace(".", "_")) or norm.replace(".", "_")
    return "encodings." + mod if mod else None


def _runpy_group(system: ImportSystem) -> str:
    sw = system.sw
    if sw.runpy_imports_io_types:
        return "3.14"
    if sw.runpy_without_warnings:
        return "3.13"
    if sw.runpy_slim:
        return "3.12"
    if sw.runpy_imports_importlib_abc_private:
        return "3.10"
    return "3.9" if sw.runpy_imports_re else "3.8"


def preloaded_names(system: ImportSystem) -> dict[str, str]:
    """name -> when it was imported, for every module in ``sys.modules`` the model knows."""
    sw = system.sw
    startup = system.startup
    flags = startup.flags
    run_mode = flags.get("run_mode")
    site = bool(flags.get("site_import", True))
    out: dict[str, str] = {"__main__": _MAIN}
    for name in _CORE:
        out[name] = _INIT
    if not sw.core_without_io:
        for name in _CORE_IO:
            out[name] = _INIT
    if sw.core_imports_latin_1:
        out["encodings.latin_1"] = _INIT
    if system.nt:
        out["nt"] = _INIT
        out["winreg"] = _INIT
    else:
        out["posix"] = _INIT
    for codec in system.codec_modules:
        out.setdefault(codec, _INIT)
    site_group = [*_SITE, "ntpath" if system.nt else "posixpath",
                  *(_SITE_314 if sw.core_without_io else ())]
    if site:
        for name in site_group:
            out.setdefault(name, _INIT)
        if system.pth_files_read:
            for name in (("_bootlocale", "_locale") if sw.pth_read_imports_bootlocale else ()):
                out.setdefault(name, _SITE_TIME)
            if sw.pth_utf8_sig_first:
                out.setdefault("encodings.utf_8_sig", _SITE_TIME)
    runs_runpy = run_mode == "module" or system.main_is_package_dir
    if runs_runpy:
        for name in _RUNPY[_runpy_group(system)].split():
            out.setdefault(name, _MAIN)
        if not site:
            for name in site_group:
                if name not in ("site", "_sitebuiltins"):
                    out.setdefault(name, _MAIN)
    if run_mode == "command" and sw.command_registers_linecache:
        out.setdefault("linecache", _MAIN)
    return out


class Preloaded:
    """The model of ``sys.modules`` at the first statement (specs computed on demand)."""

    def __init__(self, system: ImportSystem, extra: Iterable[tuple[str, str]] = ()) -> None:
        self.system = system
        self.when = preloaded_names(system)
        for name, when in extra:
            self.when.setdefault(name, when)
        self._modules: dict[str, Module | None] = {}
        self._busy: set[str] = set()
        #: Modules expected to come from outside the standard library (startup code).
        self.foreign_ok = {name for name, _when in extra}

    def settle(self) -> None:
        """Compute now the specs that could come from outside the standard library: one
        that does makes every answer uncertain (its code ran at startup).  A module
        imported while only the standard library's entries (and the interpreter's own
        built-in and frozen modules) were on sys.path cannot, and is left for later."""
        exposed = {when: self._exposed(when) for when in (_INIT, _SITE_TIME, _MAIN)}
        for name, when in list(self.when.items()):
            if exposed.get(when, True) or name == "__main__":
                self.get(name)

    def _exposed(self, when: str) -> bool:
        """Whether sys.path at moment *when* has an entry outside the standard library
        before the standard library's own (what comes after cannot replace it)."""
        system = self.system
        sep = "\\" if system.nt else "/"
        stdlib = system.stdlib_locations()
        path = system.at_stage(when).sys_path
        if not path:
            return False
        first = system.absolute(path[0])
        return not (first in stdlib or system.in_stdlib_location(first + sep))

    def __contains__(self, name: str) -> bool:
        return name in self.when

    def names(self) -> list[str]:
        return sorted(self.when)

    def get(self, name: str) -> Module | None:
        """The module under *name* in ``sys.modules``, or None if there is none."""
        if name not in self.when:
            return None
        if name in self._modules:
            return self._modules[name]
        if name in self._busy:
            return None
        self._busy.add(name)
        try:
            module = self._compute(name)
        finally:
            self._busy.discard(name)
        self._modules[name] = module
        return module

    def _compute(self, name: str) -> Module | None:
        system = self.system
        if name == "__main__":
            return self._main()
        if name in _ALIASES:
            target = self.get(_ALIASES[name])
            return target
        if name == "os.path":
            target = self.get("ntpath" if system.nt else "posixpath") or self._find(
                "ntpath" if system.nt else "posixpath", self.when["os.path"])
            return target
        return self._find(name, self.when[name])

    def _main(self) -> Module:
        """``sys.modules['__main__']``: its ``__spec__`` is None for -c, stdin and a
        script file; the spec of the module run for -m and for a directory or zip."""
        system = self.system
        run_mode = system.startup.flags.get("run_mode")
        cl = system.cmdline
        target = cl.run_target if cl is not None else None
        none = Module("__main__", None, None, None, None,
                      spec_error="ValueError: __main__.__spec__ is None")
        if run_mode == "module" and target:
            name = target
        elif system.main_is_package_dir:
            name = "__main__"
        else:
            return none
        search = Search(system, explain=False)
        parent = name.rpartition(".")[0]
        path: tuple[str, ...] | None = None
        if parent:
            pmod = self.get(parent)
            if pmod is None or pmod.path is None:
                return none
            path = pmod.path
        try:
            spec = meta_find_spec(system, search, name, path)
            if spec is not None and spec.submodule_search_locations is not None and spec.loader:
                # runpy runs a package's __main__
                spec = meta_find_spec(system, search, name + ".__main__",
                                      spec.submodule_search_locations)
        except ImportFailed:
            spec = None
        if spec is None:
            return none
        index = system.index_of(search.found_entry) if search.found_entry is not None else None
        return Module("__main__", spec, None, kind_of(spec), index)

    def _find(self, name: str, when: str) -> Module | None:
        system = self.system
        view = system.at_stage(when)
        search = Search(view, explain=False)
        parent = name.rpartition(".")[0]
        path: tuple[str, ...] | None = None
        if parent:
            pmod = self.get(parent)
            if pmod is None or pmod.path is None:
                return None
            path = pmod.path
        try:
            spec = meta_find_spec(view, search, name, path)
        except ImportFailed:
            return None
        if spec is None:
            return None
        spec = _imported_spec(system, spec)
        if not system.in_stdlib(spec) and name not in self.foreign_ok:
            system.reasons.setdefault(
                f"startup imports {name!r} from {spec.origin}, not from the standard "
                "library: its code runs before the program, and startup may fail", None)
        module = _module_from_spec(view, search, spec)
        index = system.index_of(search.found_entry) if search.found_entry is not None else None
        if module.kind != kind_of(spec):
            module = Module(name, spec, module.path, kind_of(spec), index)
        return Module(name, spec, module.path, module.kind, index)


def _imported_spec(system: ImportSystem, spec: Spec) -> Spec:
    """A spec as the module's ``__spec__`` reads once imported: a namespace package's
    loader is set then (``NamespaceLoader``, 3.11+; ``_NamespaceLoader`` before)."""
    if spec.loader is None and spec.submodule_search_locations is not None:
        loader = "NamespaceLoader" if system.sw.namespace_loader_public else "_NamespaceLoader"
        return Spec(spec.name, spec.origin, loader, spec.submodule_search_locations,
                    spec.cached, spec.parent, spec.has_location)
    if spec.loader == "BuiltinImporter" and system.builtin_setup_names and \
            spec.name in system.builtin_setup_names:
        return Spec(spec.name, None, spec.loader, None, None, spec.parent, False)
    return spec
