"""The import system as the program's first statement finds it (Python/import.c,
Python/pylifecycle.c ``init_importlib``/``init_importlib_external``, and what site left):
``sys.path``, ``sys.meta_path``, ``sys.path_hooks``, ``sys.path_importer_cache``,
``sys.modules``, and the flags importlib reads (``-O``, ``-E``, ``sys.pycache_prefix``,
``-X frozen_modules``, PYTHONCASEOK).

Everything comes from the startup result, the target facts, the invocation and the
filesystem view; nothing reads the running interpreter.  :class:`Search` collects what
one lookup saw (its candidates, why an answer is not certain).
"""

from __future__ import annotations

from ..disk.fs import FileSystem, Kind
from ..invocation import Invocation
from ..startup.getopt import CommandLine, CommandLineError, first_xoption, parse_command_line
from ..startup.initconfig import env_flag, env_value
from ..startup.result import Entry, Startup
from ..target.behaviour import Behaviour, behaviour_for
from ..target.interpreter import Interpreter
from ..target.magic import build_pyc_magic, cache_tag
from ._path import path_isabs, path_join, path_split
from .result import EXTENSION_LOADER, SOURCE_LOADER, SOURCELESS_LOADER, Candidate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    #: A path hook: ``hook(system, entry)`` -> a path-entry finder, or None (ImportError).
    PathHook = Callable[["ImportSystem", str], Any]

__all__ = ["ImportSystem", "Search", "first_xoption"]


class Search:
    """What one lookup saw: candidates in order, reasons for doubt, where it ended."""

    __slots__ = ("candidates", "explain", "found_entry", "found_index", "notes",
                 "portion_index", "reasons", "system")

    def __init__(self, system: ImportSystem, *, explain: bool = True) -> None:
        self.system = system
        self.explain = explain
        self.candidates: list[Candidate] = []
        self.reasons: dict[str, None] = {}
        self.notes: list[str] = []
        self.found_index: int | None = None
        self.found_entry: str | None = None
        self.portion_index: dict[str, int | None] = {}

    def add(self, candidate: Candidate) -> None:
        self.candidates.append(candidate)

    def uncertain(self, reason: str) -> None:
        self.reasons.setdefault(reason, None)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def index_of_location(self, location: str) -> int | None:
        """The ``sys.path`` index a package directory came from (for its submodules)."""
        return self.system.location_index.get(location)


class ImportSystem:
    """``sys.path``, the finders and the flags importlib reads, for one startup."""

    def __init__(self, target: Interpreter, startup: Startup, inv: Invocation,
                 fs: FileSystem) -> None:
        self.target = target
        self.startup = startup
        self.inv = inv
        self.fs = fs
        self.sw: Behaviour = behaviour_for(target.version)
        self.nt = fs.flavour == "nt"
        self.platform = target.platform
        self.cwd = inv.cwd
        self.entries: tuple[Entry, ...] = startup.entries
        self.sys_path: tuple[str, ...] = tuple(e.path for e in startup.entries)
        flags = startup.flags
        self.use_environment = bool(flags.get("use_environment", True))
        self.env = inv.env
        try:
            self.cmdline: CommandLine | None = parse_command_line(
                inv.argv, safe_path_option=self.sw.safe_path)
        except CommandLineError:
            self.cmdline = None
        cl = self.cmdline
        optimize = cl.optimize if cl is not None else 0
        if self.use_environment:
            optimize = max(optimize, env_flag(self.env, "PYTHONOPTIMIZE"))
        self.optimize = optimize
        self.pycache_prefix = self._pycache_prefix()
        self.check_hash_based_pycs = (cl.check_hash_based_pycs if cl is not None else None) \
            or "default"
        self.cache_tag: str | None = cache_tag(target.version)
        self.stdlib_dir = startup.path_config.stdlib_dir
        #: The .pyc magic number (b"" when unknown).
        self.magic = build_pyc_magic(target.version, fs, self.stdlib_dir) or b""
        self.source_suffixes: tuple[str, ...] = (".py", ".pyw") if self.nt else (".py",)
        self.extension_suffixes: tuple[str, ...] = ()
        self.extension_source = ""
        self.loaders: tuple[tuple[str, str], ...] = ()
        self.relax_case = (
            self.platform in ("win32", "darwin")
            and "PYTHONCASEOK" in self.env
            and (self.use_environment or not self.sw.caseok_respects_ignore_environment)
        )
        #: Reasons that hold for every answer (unknown code at startup, an unknown build).
        self.reasons: dict[str, None] = {}
        #: Package directory or portion -> the sys.path index it came from.
        self.location_index: dict[str, int | None] = {}
        self._finders: dict[str, Any] = {}
        #: ``zipimport._zip_directory_cache``: archive -> (members, bytes) or None.
        self.zip_cache: dict[str, Any] = {}
        #: ``sys.path_hooks``: zipimporter, then FileFinder (set by the assembler).
        self.path_hooks: list[PathHook] = []
        self.hidden: frozenset[str] = frozenset()
        #: directory -> names hidden in it (for listings).
        self._hidden_names: dict[str, set[str]] = {}
        self.meta_path: list[Any] = []
        self.modules: Any = None  # the preloaded model (preloaded.Preloaded)
        self.builtins: frozenset[str] | None = None
        self.frozen: Any = None  # frozen.FrozenTable
        #: Modules imported while answering (parents of dotted names), by name.
        self.imported: dict[str, Any] = {}
        #: Reasons that hold for some names only: name -> reasons.
        self.name_reasons: dict[str, list[str]] = {}
        #: Reasons that hold for every name under a prefix ("encodings." -> ...).
        self.prefix_reasons: dict[str, list[str]] = {}
        #: Startup would stop with this fatal error (a bad -X frozen_modules value).
        self.fatal: str | None = None
        #: The codec modules startup imports (``encodings.utf_8``...).
        self.codec_modules: tuple[str, ...] = ()
        #: Whether site read at least one .pth file (its decoding imports codecs).
        self.pth_files_read = False
        #: The script is a directory or zip archive run through runpy's ``__main__``.
        self.main_is_package_dir = False
        #: 3.8: the built-in modules set up before importlib (their spec has no origin).
        self.builtin_setup_names: frozenset[str] | None = None
        #: sys.path while startup imported its own modules: the module search path
        #: (before site), and after site (before sys.path[0]).
        self.init_path: tuple[str, ...] = tuple(startup.module_search_paths)
        self.site_path: tuple[str, ...] = self.sys_path
        self._stages: dict[str, ImportSystem] = {}
        self._stdlib: tuple[str, ...] | None = None
        #: Why the model's sys.modules may lack what startup code imported (a known hook
        #: whose own imports are not listed).
        self.partial_modules: list[str] = []
        #: (module, when) that startup code left in sys.modules (sitecustomize...).
        self.extra_preloaded: list[tuple[str, str]] = []
        #: Standard-library names a look-alike shadows (pkgutil.shadowed_stdlib).
        self.shadowed: dict[str, str] | None = None

    def stdlib_locations(self) -> tuple[str, ...]:
        """The standard library's own ``sys.path`` entries (made absolute)."""
        from ..startup.result import Origin

        if self._stdlib is None:
            stdlib = (Origin.STDLIB, Origin.STDLIB_ZIP, Origin.PLATSTDLIB)
            self._stdlib = tuple(self.absolute(e.path)
                                 for e in self.startup.path_config.module_search_paths
                                 if e.origin in stdlib)
        return self._stdlib

    def in_stdlib(self, spec: Any) -> bool:
        """Whether *spec* comes from the interpreter or its standard library."""
        origin = spec.origin
        if spec.loader in ("BuiltinImporter", "FrozenImporter") or origin is None:
            if origin is None and spec.submodule_search_locations:
                origin = spec.submodule_search_locations[0]
            else:
                return True
        return self.in_stdlib_location(origin)

    def in_stdlib_location(self, path: str) -> bool:
        """Whether *path* lies in the standard library's directories (not their
        site-packages)."""
        if path.startswith(("builtin:", "frozen:")):
            return True
        origin = self.absolute(path)
        sep = "\\" if self.nt else "/"
        for loc in self.stdlib_locations():
            head = loc.rstrip(sep) + sep
            if origin.startswith(head):
                first = origin[len(head):].split(sep, 1)[0]
                return first not in ("site-packages", "dist-packages")
        return False

    def reasons_for(self, name: str) -> list[str]:
        """The doubts that hold for *name* in particular."""
        out = list(self.name_reasons.get(name, ()))
        for prefix, reasons in self.prefix_reasons.items():
            if name.startswith(prefix):
                out.extend(reasons)
        return out

    def doubt(self, name: str, reason: str) -> None:
        self.name_reasons.setdefault(name, []).append(reason)

    def set_suffixes(self, extension: tuple[str, ...], where: str) -> None:
        self.extension_suffixes = extension
        self.extension_source = where
        loaders = [(s, EXTENSION_LOADER) for s in extension]
        loaders += [(s, SOURCE_LOADER) for s in self.source_suffixes]
        loaders.append((".pyc", SOURCELESS_LOADER))
        self.loaders = tuple(loaders)

    def _pycache_prefix(self) -> str | None:
        """``sys.pycache_prefix``: ``-X pycache_prefix=DIR`` (an empty or missing value
        turns the variable off too), else PYTHONPYCACHEPREFIX unless -E/-I; kept as
        given, relative or not (bpo-33499)."""
        opt = first_xoption(self.cmdline, "pycache_prefix")
        if opt is not None:
            _key, eq, value = opt.partition("=")
            return value if eq and value else None
        if self.use_environment:
            return env_value(self.env, "PYTHONPYCACHEPREFIX")
        return None

    # -- the disk, as the import system asks it -----------------------------------------
    def absolute(self, path: str) -> str:
        """*path* as the OS resolves it: relative paths are against the working directory."""
        if path_isabs(self.nt, path):
            return path
        return path_join(self.nt, self.cwd, path) if path else self.cwd

    def is_hidden(self, path: str) -> bool:
        if not self.hidden:
            return False
        sep = "\\" if self.nt else "/"
        for h in self.hidden:
            if path == h or path.startswith(h + sep):
                return True
        return False

    def kind(self, path: str) -> Kind | None:
        path = self.absolute(path)
        if self.is_hidden(path):
            return None
        return self.fs.kind(path)

    def is_file(self, path: str) -> bool:
        return self.kind(path) == "file"

    def is_dir(self, path: str) -> bool:
        return self.kind(path) == "dir"

    def list_dir(self, path: str) -> list[str]:
        path = self.absolute(path)
        if self.is_hidden(path):
            raise FileNotFoundError(path)
        names = self.fs.list_dir(path)
        if self.hidden:
            drop = self._hidden_names.get(path.rstrip("\\/") or path)
            if drop:
                names = [n for n in names if n not in drop]
        return names

    # -- sys.path_importer_cache ----------------------------------------------------------
    def finder_for(self, entry: str, search: Search, index: int | None) -> Any:
        """``PathFinder._path_importer_cache(entry)``: the first path hook that takes the
        entry (``''`` is the working directory), remembered."""
        if entry == "":
            entry = self.cwd
        if entry in self._finders:
            return self._finders[entry]
        finder = None
        for hook in self.path_hooks:
            finder = hook(self, entry)
            if finder is not None:
                break
        self._finders[entry] = finder
        if finder is None and search.explain:
            what = ("does not exist" if self.kind(entry) is None
                    else "is neither a directory nor a zip archive")
            search.add(Candidate("PathFinder", entry, None, index, "nothing",
                                 f"sys.path entry {entry!r} {what}: no finder"))
        return finder

    def importer_for(self, entry: str) -> Any:
        """``pkgutil.get_importer(entry)``: the cached finder, except that ``''`` is not
        the working directory's key there, so a new FileFinder(``''``) is made."""
        if entry == "":
            if "\0pkgutil:" not in self._finders:
                self._finders["\0pkgutil:"] = self.path_hooks[-1](self, "")
            return self._finders["\0pkgutil:"]
        return self.finder_for(entry, Search(self, explain=False), None)

    def finder_for_origin(self, origin: str) -> Any:
        """The zipimporter whose archive holds the member *origin*."""
        sep = "\\" if self.nt else "/"
        for finder in self._finders.values():
            archive = getattr(finder, "archive", None)
            if archive is not None and origin.startswith(archive + sep):
                return finder
        return None

    def origin_of_index(self, index: int | None) -> str | None:
        """The origin (``Origin``) of ``sys.path[index]``."""
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index].origin

    def index_of(self, entry: str) -> int | None:
        """The position of *entry* in ``sys.path`` (None: not on it)."""
        try:
            return self.sys_path.index(entry)
        except ValueError:
            return None

    def at_stage(self, when: str) -> ImportSystem:
        """This system with ``sys.path`` as it was at a moment of startup: ``init``
        (the module search path) or ``site`` (after site, before ``sys.path[0]``)."""
        if when == "main":
            return self
        if when in self._stages:
            return self._stages[when]
        other = object.__new__(ImportSystem)
        other.__dict__.update(self.__dict__)
        other.sys_path = self.init_path if when == "init" else self.site_path
        other._stages = {}
        other.shadowed = None
        other.imported = {}
        self._stages[when] = other
        return other

    def hiding(self, paths: frozenset[str]) -> ImportSystem:
        """A copy of this system in which *paths* (files, directories, archive members,
        ``builtin:NAME``/``frozen:NAME``) do not exist: what the import would find if
        they were not there."""
        other = object.__new__(ImportSystem)
        other.__dict__.update(self.__dict__)
        other.hidden = self.hidden | frozenset(
            p if p.startswith(("builtin:", "frozen:")) else self.absolute(p) for p in paths)
        by_dir: dict[str, set[str]] = {}
        for h in other.hidden:
            if not h.startswith(("builtin:", "frozen:")):
                head, tail = path_split(self.nt, h)
                by_dir.setdefault(head or h, set()).add(tail)
        other._hidden_names = by_dir
        other._finders = {}
        other.location_index = dict(self.location_index)
        other.imported = dict(self.imported)
        return other
