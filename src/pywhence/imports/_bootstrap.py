"""Lib/importlib/_bootstrap.py and ``importlib.util.find_spec``: the meta path, built-in
and frozen modules, ``sys.modules``, and dotted names.

``importlib.util.find_spec(name)`` returns ``sys.modules[name].__spec__`` for a module
already imported (startup imports dozens; a later file of the same name cannot replace
them).  Otherwise it imports the parent package first (running its ``__init__``: a
sourceless parent with a bad header raises ``_classify_pyc``'s ImportError; what its
code does is :mod:`.pkgutil`'s concern), and
asks each finder of ``sys.meta_path`` in turn with the parent's ``__path__``:
BuiltinImporter (the build's ``sys.builtin_module_names``; before 3.11 never for a
submodule), FrozenImporter (a frozen submodule ignores its parent's ``__path__``), then
PathFinder; import hooks installed at startup go before or after them.  A parent that
is a plain module gives ``ModuleNotFoundError: __path__ attribute not found on 'x'
while trying to find 'x.y'``; a missing grandparent gives ``No module named 'x'``, and
one that is not a package ``No module named 'x.y'; 'x' is not a package``.
"""

from __future__ import annotations

from .._record import record
from ._bootstrap_external import classify_pyc
from .pkgutil import package_path
from .result import (
    EXTENSION_LOADER,
    SOURCE_LOADER,
    SOURCELESS_LOADER,
    Candidate,
    Kind,
    Resolution,
    Shadowed,
    Spec,
)
from .state import ImportSystem, Search

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["BuiltinImporter", "FrozenImporter", "ImportFailed", "Module", "find_spec",
           "import_module", "kind_of", "meta_find_spec"]

BUILTIN_LOADER = "BuiltinImporter"
FROZEN_LOADER = "FrozenImporter"

#: How many alternatives ``shadows`` lists at most.
_MAX_SHADOWS = 8


class ImportFailed(Exception):
    """What the target would raise, as its final traceback line."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


@record
class Module:
    """A module in ``sys.modules``: its spec, ``__path__`` (None: not a package) and
    where it came from."""

    name: str
    spec: Spec | None
    path: tuple[str, ...] | None
    kind: str | None
    sys_path_index: int | None
    #: ``ValueError`` text when ``__spec__`` is None (``__main__`` of -c or a script).
    spec_error: str | None = None


def kind_of(spec: Spec) -> str | None:
    """The ``kind`` of what supplies *spec*."""
    loader = spec.loader
    if loader == BUILTIN_LOADER:
        return Kind.BUILTIN
    if loader == FROZEN_LOADER:
        return Kind.FROZEN
    if loader is None or loader in ("NamespaceLoader", "_NamespaceLoader"):
        return Kind.NAMESPACE if spec.submodule_search_locations is not None else None
    if spec.submodule_search_locations is not None and spec.origin != "<unknown>":
        return Kind.PACKAGE
    if loader == EXTENSION_LOADER:
        return Kind.EXTENSION
    if loader == SOURCELESS_LOADER:
        return Kind.BYTECODE
    if loader == SOURCE_LOADER:
        return Kind.SOURCE
    origin = spec.origin or ""
    if origin.endswith(".pyc"):
        return Kind.BYTECODE
    if origin.endswith((".py", ".pyw")):
        return Kind.SOURCE
    return Kind.EXTENSION if origin.endswith((".so", ".pyd")) else Kind.HOOK


class BuiltinImporter:
    """``importlib.machinery.BuiltinImporter``: ``sys.builtin_module_names``."""

    finder_name = BUILTIN_LOADER

    def find_spec(self, system: ImportSystem, search: Search, fullname: str,
                  path: tuple[str, ...] | None) -> Spec | None:
        if path is not None and not system.sw.builtin_importer_ignores_path:
            return None
        builtins = system.builtins
        if builtins is None:
            return None
        if fullname not in builtins or system.is_hidden("builtin:" + fullname):
            return None
        search.add(Candidate(BUILTIN_LOADER, None, Kind.BUILTIN, None, "found",
                             "built into the interpreter (sys.builtin_module_names)"))
        return Spec(name=fullname, origin="built-in", loader=BUILTIN_LOADER,
                    submodule_search_locations=None, cached=None,
                    parent=fullname.rpartition(".")[0], has_location=False)


class FrozenImporter:
    """``importlib.machinery.FrozenImporter``: the frozen modules in use."""

    finder_name = FROZEN_LOADER

    def find_spec(self, system: ImportSystem, search: Search, fullname: str,
                  path: tuple[str, ...] | None) -> Spec | None:
        table = system.frozen
        found = None if table is None else table.find(fullname)
        if found is None or system.is_hidden("frozen:" + fullname):
            if table is not None and fullname in table.modules and search.explain:
                search.add(Candidate(FROZEN_LOADER, None, Kind.FROZEN, None, "nothing",
                                     "frozen, but frozen modules are off"))
            return None
        smsl: tuple[str, ...] | None = () if found.is_package else None
        if system.sw.frozen_stdlib and found.is_package:
            pkgdir = _frozen_pkgdir(system, found.origname, fullname)
            if pkgdir is not None:
                smsl = (pkgdir,)
        search.add(Candidate(FROZEN_LOADER, None, Kind.FROZEN, None, "found",
                             "frozen into the interpreter (found before sys.path)"))
        return Spec(name=fullname, origin="frozen", loader=FROZEN_LOADER,
                    submodule_search_locations=smsl, cached=None,
                    parent=fullname if smsl is not None else fullname.rpartition(".")[0],
                    has_location=False)


def _frozen_pkgdir(system: ImportSystem, origname: str | None, alias: str) -> str | None:
    """``FrozenImporter._resolve_filename(origname, alias, ispkg=True)``'s package dir."""
    if not origname or not system.stdlib_dir:
        return None
    name = origname
    if origname != alias:
        if not origname.startswith("<"):
            return None  # an alias of a module is not a package directory
        name = origname[1:]
    sep = "\\" if system.nt else "/"
    return f"{system.stdlib_dir}{sep}{name.replace('.', sep)}"


def meta_find_spec(system: ImportSystem, search: Search, fullname: str,
                   path: tuple[str, ...] | None) -> Spec | None:
    """``_bootstrap._find_spec(name, path)``: the first finder of ``sys.meta_path`` with
    an answer."""
    for finder in system.meta_path:
        search.found_index = None
        spec: Spec | None = finder.find_spec(system, search, fullname, path)
        if spec is not None:
            return spec
    return None


def _module_from_spec(system: ImportSystem, search: Search, spec: Spec) -> Module:
    """What importing *spec* leaves in ``sys.modules``: its ``__path__`` after its
    ``__init__`` ran (the pkgutil/pkg_resources idioms are understood, any other change
    of ``__path__`` makes the answer uncertain)."""
    kind = kind_of(spec)
    index = search.found_index
    path = spec.submodule_search_locations
    if path is not None:
        for location in path:
            system.location_index.setdefault(location, search.portion_index.get(location, index))
    path = package_path(system, search, spec, path)
    return Module(spec.name, spec, path, kind, index)


def import_module(system: ImportSystem, search: Search, name: str) -> Module:
    """``__import__(name)`` for a parent package: ``_find_and_load``."""
    known = _known_module(system, name)
    if known is not None:
        return known
    parent = name.rpartition(".")[0]
    path: tuple[str, ...] | None = None
    if parent:
        pmod = import_module(system, search, parent)
        if pmod.path is None:
            raise ImportFailed(f"ModuleNotFoundError: No module named {name!r}; "
                               f"{parent!r} is not a package")
        path = pmod.path
    spec = meta_find_spec(system, search, name, path)
    if spec is None:
        raise ImportFailed(f"ModuleNotFoundError: No module named {name!r}")
    if spec.loader == SOURCELESS_LOADER and spec.origin:
        failure = classify_pyc(system, name, spec.origin)
        if failure is not None:
            raise ImportFailed(failure)  # a .pyc of another version, or not one at all
    module = _module_from_spec(system, search, spec)
    system.imported[name] = module
    return module


def _known_module(system: ImportSystem, name: str) -> Module | None:
    if name in system.imported:
        return system.imported[name]  # type: ignore[no-any-return]
    modules = system.modules
    if modules is not None:
        found: Module | None = modules.get(name)
        return found
    return None


def util_find_spec(system: ImportSystem, search: Search, name: str) -> tuple[Spec | None, Module | None]:
    """``importlib.util.find_spec(name)``: (the spec, the ``sys.modules`` entry it came
    from when the module was already imported)."""
    known = _known_module(system, name)
    if known is not None:
        if known.spec_error is not None:
            raise ImportFailed(known.spec_error)
        search.add(Candidate("sys.modules", known.spec.origin if known.spec else None,
                             known.kind, known.sys_path_index, "found",
                             "already imported when the program starts (sys.modules): "
                             "find_spec returns its __spec__"))
        return known.spec, known
    parent = name.rpartition(".")[0]
    path: tuple[str, ...] | None = None
    if parent:
        pmod = import_module(system, search, parent)
        if pmod.path is None:
            raise ImportFailed(f"ModuleNotFoundError: __path__ attribute not found on "
                               f"{parent!r} while trying to find {name!r}")
        path = pmod.path
    return meta_find_spec(system, search, name, path), None


def _hide_set(spec: Spec, kind: str | None) -> frozenset[str]:
    if kind == Kind.BUILTIN:
        return frozenset({"builtin:" + spec.name})
    if kind == Kind.FROZEN:
        return frozenset({"frozen:" + spec.name})
    smsl = spec.submodule_search_locations
    if kind == Kind.NAMESPACE and smsl:
        return frozenset(smsl)
    if kind == Kind.PACKAGE and smsl:
        return frozenset({smsl[0]})
    return frozenset({spec.origin}) if spec.origin else frozenset()


def _parent_path(system: ImportSystem, name: str) -> tuple[str, ...] | None:
    parent = name.rpartition(".")[0]
    if not parent:
        return None
    known = _known_module(system, parent)
    return None if known is None else known.path


def _shadows(system: ImportSystem, name: str, spec: Spec, kind: str | None,
             preloaded: bool) -> list[Shadowed]:
    """What the import would find, in turn, if each answer before were not there."""
    out: list[Shadowed] = []
    path = _parent_path(system, name)
    if name.rpartition(".")[0] and path is None:
        return out
    hidden = frozenset() if preloaded else _hide_set(spec, kind)
    first_origin = spec.origin
    for _ in range(_MAX_SHADOWS):
        view = system.hiding(hidden)
        search = Search(view, explain=False)
        try:
            alt = meta_find_spec(view, search, name, path)
        except ImportFailed:
            break
        if alt is None:
            break
        alt_kind = kind_of(alt)
        hidden = hidden | _hide_set(alt, alt_kind)
        if preloaded and not out and alt.origin == first_origin:
            continue
        out.append(Shadowed(alt.origin, alt_kind, search.found_index, alt.loader))
    return out


def find_spec(system: ImportSystem, name: str, *, explain: bool = False,
              shadows: bool = True) -> Resolution:
    """The whole answer for *name* (see :class:`~.result.Resolution`)."""
    search = Search(system, explain=explain)
    system.imported = {}  # each name is answered as the program's first statement
    error: str | None = None
    spec: Spec | None = None
    module: Module | None = None
    try:
        if name.startswith("."):
            raise ImportFailed(_relative_error(system, name))
        spec, module = util_find_spec(system, search, name)
    except ImportFailed as exc:
        error = exc.line
    kind: str | None = None
    index: int | None = None
    if module is not None:
        kind, index = module.kind, module.sys_path_index
    elif spec is not None:
        kind, index = kind_of(spec), search.found_index
    alternatives: list[Shadowed] = []
    if spec is not None and shadows:
        alternatives = _shadows(system, name, spec, kind, module is not None)
    reasons = dict(system.reasons)
    reasons.update(search.reasons)
    if system.partial_modules and spec is not None and module is None \
            and not system.in_stdlib(spec) and any(
                s.kind in (Kind.BUILTIN, Kind.FROZEN) or (
                    s.origin and system.in_stdlib_location(s.origin)) for s in alternatives):
        for why in system.partial_modules:
            reasons.setdefault(f"{why}: the standard library's {name!r} may already be "
                               "imported", None)
    for reason in system.reasons_for(name):
        reasons.setdefault(reason, None)
    entry: dict[str, Any] | None = None
    if index is not None and 0 <= index < len(system.entries):
        entry = system.entries[index].to_dict()
    return Resolution(
        name=name, spec=spec, error=error, kind=kind, sys_path_index=index, entry=entry,
        candidates=tuple(search.candidates), shadows=tuple(alternatives),
        certain=not reasons, uncertain_because=tuple(reasons), preloaded=module is not None,
    )


def _relative_error(system: ImportSystem, name: str) -> str:
    """``importlib.util._resolve_name`` without a package (ImportError from 3.9,
    bpo-37444)."""
    kind = "ImportError" if system.sw.relative_import_error_is_import_error else "ValueError"
    return f"{kind}: no package specified for {name!r} (required for relative module names)"
