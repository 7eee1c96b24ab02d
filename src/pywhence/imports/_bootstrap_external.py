"""Lib/importlib/_bootstrap_external.py: PathFinder, the path hooks, FileFinder,
namespace portions and ``cached``, as each version from 3.8 to 3.14 has them.

PathFinder walks a path (``sys.path``, or a package's ``__path__``): each entry gets its
finder from ``sys.path_importer_cache`` or the path hooks (zipimporter first, then
FileFinder for directories; ``''`` means the working directory).  The first finder
whose spec has a loader wins; specs without one are namespace portions, collected in
order, and become a namespace package only if nothing later on the path has the name
(PEP 420).

FileFinder works from the directory's listing: the name must be listed exactly (case
included, even on a case-insensitive disk, unless PYTHONCASEOK relaxes it on Windows and
macOS), a listed directory with an ``__init__`` of any loader suffix is a package and
wins over a module of the same name, else the first ``name + suffix`` listed and a file,
in loader order: extension suffixes, source, bytecode.  ``__pycache__`` is never
searched.  Paths are joined with importlib's own ``_path_join`` (no normalisation), so
origins keep an entry's spelling.
"""

from __future__ import annotations

from ._path import path_isabs, path_join, path_split, seps
from .result import EXTENSION_LOADER, SOURCE_LOADER, SOURCELESS_LOADER, Candidate, Kind, Spec
from .state import ImportSystem, Search

__all__ = ["FileFinder", "PathFinder", "cache_from_source", "classify_pyc", "file_hook",
           "get_cached", "path_abspath"]

_LOADER_KIND = {EXTENSION_LOADER: Kind.EXTENSION, SOURCE_LOADER: Kind.SOURCE,
                SOURCELESS_LOADER: Kind.BYTECODE}


def path_abspath(system: ImportSystem, path: str) -> str:
    """``path`` made absolute the way this version's FileFinder makes its directory so:
    joined to the working directory (3.8-3.11), after one leading ``./`` is dropped
    (``_path_abspath``, 3.12+)."""
    nt = system.nt
    if path_isabs(nt, path):
        return path
    if system.sw.path_abspath_drops_dot_slash:
        for sep in seps(nt):
            if path.startswith("." + sep):
                path = path[2:]
    return path_join(nt, system.cwd, path)


# ---------------------------------------------------------------------------------------
# cached
# ---------------------------------------------------------------------------------------


def cache_from_source(system: ImportSystem, path: str) -> str:
    """``importlib.util.cache_from_source(path)`` for the target: the tag, the
    ``-O``/``-OO`` level (``opt-1``), and ``sys.pycache_prefix`` (the source directory
    made absolute and re-rooted under the prefix, with no ``__pycache__``)."""
    nt = system.nt
    head, tail = path_split(nt, path)
    base, sep, rest = tail.rpartition(".")
    almost = "".join([base if base else rest, sep, system.cache_tag or ""])
    if system.optimize:
        almost = f"{almost}.opt-{system.optimize}"
    filename = almost + ".pyc"
    prefix = system.pycache_prefix
    if prefix is not None:
        if system.sw.path_abspath_drops_dot_slash:
            head = path_abspath(system, head)
        elif not path_isabs(nt, head):
            head = path_join(nt, system.cwd, head)
        if head[1:2] == ":" and head[0:1] not in seps(nt):
            head = head[2:]
        return path_join(nt, prefix, head.lstrip(seps(nt)), filename)
    return path_join(nt, head, "__pycache__", filename)


def get_cached(system: ImportSystem, origin: str) -> str | None:
    """``_get_cached``: a source file's cache path, a bytecode file itself, else None."""
    if origin.endswith(system.source_suffixes):
        if system.cache_tag is None:
            return None
        return cache_from_source(system, origin)
    if origin.endswith(".pyc"):
        return origin
    return None


def classify_pyc(system: ImportSystem, name: str, origin: str) -> str | None:
    """What ``SourcelessFileLoader.get_code`` raises before the module's code runs:
    ``_classify_pyc``'s checks of the header (the magic number, the length, the flags),
    as the final traceback line; None when they pass or cannot be made.  Without the
    build's magic number (3.14+ keep it in C), a header that no magic number can start
    -- fewer than 4 bytes, or not ending in ``\r\n`` as every one does -- still fails."""
    try:
        data = system.fs.read_bytes(system.absolute(origin), 16)
    except OSError:
        return None
    magic = data[:4]
    if not system.magic:
        if len(magic) < 4 or magic[2:] != b"\r\n":
            return f"ImportError: bad magic number in {name!r}: {magic!r}"
        return None
    if magic != system.magic:
        return f"ImportError: bad magic number in {name!r}: {magic!r}"
    if len(data) < 16:
        return f"EOFError: reached EOF while reading pyc header of {name!r}"
    flags = int.from_bytes(data[4:8], "little")
    if flags & ~0b11:
        return f"ImportError: invalid flags {flags!r} in {name!r}"
    return None


def file_spec(system: ImportSystem, name: str, location: str, loader: str,
              search_locations: tuple[str, ...] | None) -> Spec:
    """``spec_from_file_location(name, location, loader=..., submodule_search_locations=...)``
    as FileFinder calls it (the location is already absolute)."""
    return Spec(name=name, origin=location, loader=loader,
                submodule_search_locations=search_locations,
                cached=get_cached(system, location),
                parent=name if search_locations is not None else name.rpartition(".")[0],
                has_location=True)


# ---------------------------------------------------------------------------------------
# FileFinder
# ---------------------------------------------------------------------------------------


class FileFinder:
    """``FileFinder(path, *loader_details)`` for one directory on the path."""

    finder_name = "FileFinder"

    def __init__(self, system: ImportSystem, path: str) -> None:
        self.system = system
        if system.sw.filefinder_dot_is_cwd and (not path or path == "."):
            self.path = system.cwd
        else:
            self.path = path_abspath(system, path or ".")
        self._cache: frozenset[str] | None = None
        self._listing: tuple[str, ...] = ()

    def _fill_cache(self) -> frozenset[str]:
        if self._cache is None:
            system = self.system
            try:
                contents = tuple(system.list_dir(self.path))
            except OSError:
                contents = ()
            self._listing = contents
            if system.nt:
                lowered = set()
                for item in contents:
                    name, dot, suffix = item.partition(".")
                    lowered.add(f"{name}.{suffix.lower()}" if dot else name)
                cache = frozenset(lowered)
            else:
                cache = frozenset(contents)
            if system.relax_case:
                cache = frozenset(fn.lower() for fn in contents)
            self._cache = cache
        return self._cache

    def listing(self) -> tuple[str, ...]:
        """The directory's names as ``os.listdir`` gives them."""
        self._fill_cache()
        return self._listing

    def find_spec(self, fullname: str, search: Search, index: int | None) -> Spec | None:
        """``FileFinder.find_spec``: a package directory, else a module file, else a
        namespace portion (a spec without a loader), else None."""
        system = self.system
        nt = system.nt
        cache = self._fill_cache()
        tail = fullname.rpartition(".")[2]
        cache_module = tail.lower() if system.relax_case else tail
        is_namespace = False
        base_path = path_join(nt, self.path, tail)
        found: Spec | None = None
        if cache_module in cache:
            for suffix, loader in system.loaders:
                init = path_join(nt, base_path, "__init__" + suffix)
                if system.is_file(init):
                    found = file_spec(system, fullname, init, loader, (base_path,))
                    search.add(Candidate("FileFinder", init, Kind.PACKAGE, index, "found",
                                         f"package {base_path} ({'__init__' + suffix})"))
                    break
            else:
                is_namespace = system.is_dir(base_path)
        for suffix, loader in system.loaders:
            full_path = path_join(nt, self.path, tail + suffix)
            if cache_module + suffix not in cache:
                continue
            if not system.is_file(full_path):
                continue
            kind = _LOADER_KIND[loader]
            if found is not None:
                search.add(Candidate("FileFinder", full_path, kind, index, "lost",
                                     "a package beats a module of the same name in the same "
                                     "directory"))
                continue
            found = file_spec(system, fullname, full_path, loader, None)
            search.add(Candidate("FileFinder", full_path, kind, index, "found",
                                 f"{kind} module ({suffix} comes first in the loader order)"
                                 if kind == Kind.EXTENSION else f"{kind} module"))
        if found is not None:
            self._note_foreign_extensions(tail, search, index)
            return found
        self._note_foreign_extensions(tail, search, index)
        if is_namespace:
            search.add(Candidate("FileFinder", base_path, Kind.NAMESPACE, index, "portion",
                                 "a directory without __init__: a namespace portion"))
            return Spec(name=fullname, origin=None, loader=None,
                        submodule_search_locations=(base_path,), cached=None,
                        parent=fullname, has_location=False)
        return None

    def portions_for(self, name: str) -> tuple[str, ...]:
        """What ``pkgutil.extend_path`` takes from this finder for *name*."""
        spec = self.find_spec(name, Search(self.system, explain=False), None)
        return () if spec is None else (spec.submodule_search_locations or ())

    def has_loader_for(self, name: str) -> bool:
        spec = self.find_spec(name, Search(self.system, explain=False), None)
        return spec is not None and spec.loader is not None

    def _note_foreign_extensions(self, tail: str, search: Search, index: int | None) -> None:
        """Extension files for another version or platform: listed, never loaded."""
        system = self.system
        if not search.explain:
            return
        mine = system.extension_suffixes
        for name in self.listing():
            if not name.startswith(tail + ".") or not name.endswith((".so", ".pyd", ".dylib")):
                continue
            suffix = name[len(tail):]
            if suffix in mine:
                continue
            search.add(Candidate("FileFinder", path_join(system.nt, self.path, name),
                                 Kind.EXTENSION, index, "nothing",
                                 f"{suffix} is not one of this interpreter's extension "
                                 f"suffixes ({', '.join(mine)}): never loaded"))


def file_hook(system: ImportSystem, entry: str) -> FileFinder | None:
    """``FileFinder.path_hook(...)``: a finder for a directory (``''``: the working
    directory), else ImportError (None)."""
    if not system.is_dir(entry if entry else system.cwd):
        return None
    return FileFinder(system, entry)


# ---------------------------------------------------------------------------------------
# PathFinder
# ---------------------------------------------------------------------------------------


class PathFinder:
    """``importlib.machinery.PathFinder``: the meta-path finder for ``sys.path`` and
    package ``__path__`` lists."""

    finder_name = "PathFinder"

    def find_spec(self, system: ImportSystem, search: Search, fullname: str,
                  path: tuple[str, ...] | None) -> Spec | None:
        entries: tuple[str, ...] = system.sys_path if path is None else path
        namespace_path: list[str] = []
        for position, entry in enumerate(entries):
            index = position if path is None else search.index_of_location(entry)
            finder = system.finder_for(entry, search, index)
            if finder is None:
                continue
            spec: Spec | None = finder.find_spec(fullname, search, index)
            if spec is None:
                continue
            if spec.loader is not None:
                search.found_index = index
                search.found_entry = entry
                return spec
            portions = spec.submodule_search_locations or ()
            for portion in portions:
                search.portion_index.setdefault(portion, index)
            namespace_path.extend(portions)
        if namespace_path:
            search.found_index = search.portion_index.get(namespace_path[0])
            search.found_entry = None
            return Spec(name=fullname, origin=None, loader=None,
                        submodule_search_locations=tuple(namespace_path), cached=None,
                        parent=fullname, has_location=False)
        return None
