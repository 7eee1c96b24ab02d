"""A package's ``__path__`` after its ``__init__`` ran: Lib/pkgutil.py ``extend_path``
and setuptools' ``pkg_resources.declare_namespace``, understood by reading the code.

Importing a parent package runs its ``__init__``, which may change ``__path__``.  The two
idioms of pre-PEP 420 namespace packages are recognised statically and computed as
their functions would compute them:

* ``__path__ = __import__('pkgutil').extend_path(__path__, __name__)`` (and its
  ``from pkgutil import extend_path`` spelling): every directory of the same name that
  a finder of the parent's path (``sys.path`` for a top-level package) reports, in
  order, plus the lines of ``NAME.pkg`` files;
* ``__import__('pkg_resources').declare_namespace(__name__)``: the directories of the
  entries whose finder has the package, realpath'd and sorted by ``sys.path`` order
  (modelled, but the answer is marked uncertain: pkg_resources also declares every
  installed distribution's namespaces when it is first imported).

Anything else that assigns or mutates ``__path__``, or touches ``sys.path``,
``sys.meta_path``, ``sys.path_hooks`` or ``sys.path_importer_cache``, makes the answer
``certain: false`` naming the file.  So does code that may fail when run: code that
cannot be read (an extension module, a ``.pyc``), a top-level ``raise`` or ``import`` of a
name nothing provides, and any import while a look-alike on ``sys.path`` shadows a
standard-library module startup did not import (the standard library's own modules
count: ``import os`` imports ``abc``).  The code is parsed, never run.
"""

from __future__ import annotations

from ._path import path_join
from .result import Spec
from .state import ImportSystem, Search

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["package_path", "read_module_source", "shadowed_stdlib"]

_HOOK_ATTRS = frozenset({"meta_path", "path_hooks", "path_importer_cache"})


def read_module_source(system: ImportSystem, spec: Spec) -> bytes | None:
    """The source of a module found on disk or in an archive, or None."""
    origin = spec.origin
    if not origin or not spec.has_location or not origin.endswith(system.source_suffixes):
        return None
    if spec.loader == "zipimporter":
        finder = system.finder_for_origin(origin)
        if finder is None:
            return None
        source: bytes | None = finder.member_source(origin)
        return source
    try:
        return system.fs.read_bytes(system.absolute(origin))
    except OSError:
        return None


def package_path(system: ImportSystem, search: Search, spec: Spec,
                 path: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """``module.__path__`` once the module of *spec* is imported (None: not a package)."""
    if spec.loader in (None, "BuiltinImporter", "NamespaceLoader", "_NamespaceLoader"):
        return path
    if spec.loader == "FrozenImporter" or (
            spec.origin and system.in_stdlib_location(spec.origin)):
        # the standard library's modules leave their __path__ alone, and import more of it
        doubt_shadowed_imports(system, search, spec.name)
        return path
    source = read_module_source(system, spec)
    where = spec.origin or spec.name
    if source is None:
        if path is not None:
            search.uncertain(f"{where}: the package's __init__ cannot be read (it may change "
                             "__path__ when imported)")
        else:
            search.uncertain(f"{where}: the module's code cannot be read (importing it may "
                             "fail, or give it a __path__)")
        return path
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        search.uncertain(f"{where} does not parse here: importing it may fail")
        return path
    _doubt_running(system, search, spec, tree)
    idiom = _idiom(tree)
    if idiom == "extend_path" and path is not None:
        return extend_path(system, search, spec.name, path)
    if idiom == "declare_namespace" and path is not None:
        search.uncertain(f"{where} calls pkg_resources.declare_namespace: modelled, but "
                         "pkg_resources also declares the namespaces of every installed "
                         "distribution when imported")
        return declare_namespace(system, spec.name, path)
    if idiom == "fallback" and path is not None:
        if _findable(system, "pkg_resources"):
            search.uncertain(f"{where} calls pkg_resources.declare_namespace: modelled, but "
                             "pkg_resources also declares the namespaces of every installed "
                             "distribution when imported")
            return declare_namespace(system, spec.name, path)
        return extend_path(system, search, spec.name, path)
    if idiom == "other":
        search.uncertain(f"{where} changes __path__ or the import system when imported")
    return path


def _doubt_running(system: ImportSystem, search: Search, spec: Spec, tree: Any) -> None:
    """Doubts about running the module's code: among its top-level statements, a
    ``raise`` or an ``import`` of a name nothing provides (the import fails); anywhere in
    it, an import while a look-alike shadows the standard library (it may get that)."""
    import ast

    where = spec.origin or spec.name
    for node in tree.body:
        if isinstance(node, ast.Raise):
            search.uncertain(f"{where} raises when imported (line {node.lineno})")
            break
        tops = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and
            not node.level else [])
        for top in (t.partition(".")[0] for t in tops):
            if not _findable(system, top):
                search.uncertain(f"{where} imports {top!r} (line {node.lineno}), which "
                                 "cannot be found: importing it fails")
    if any(isinstance(node, (ast.Import, ast.ImportFrom)) or isinstance(node, ast.Call) and (
            getattr(node.func, "id", None) == "__import__"
            or getattr(node.func, "attr", None) == "import_module") for node in ast.walk(tree)):
        doubt_shadowed_imports(system, search, spec.name)


def doubt_shadowed_imports(system: ImportSystem, search: Search, name: str) -> None:
    """Importing *name* runs code that imports other modules: uncertain when a
    standard-library module that startup did not import is shadowed on ``sys.path``
    (with ``keyword.py`` on PYTHONPATH, ``import collections`` fails, and ``json`` and
    ``pkgutil`` with it)."""
    shadowed = shadowed_stdlib(system)
    if shadowed:
        which = ", ".join(f"{n!r} by {o}" for n, o in list(shadowed.items())[:3])
        search.uncertain(f"importing {name!r} runs code that may import the standard "
                         f"library, which sys.path shadows before its own: {which}")


def shadowed_stdlib(system: ImportSystem) -> dict[str, str]:
    """name -> origin, for each standard-library top-level module not in ``sys.modules``
    (nor built in, nor frozen) that an entry before the standard library's own provides:
    an import of the name gets the look-alike.  Remembered per system."""
    if system.shadowed is not None:
        return system.shadowed
    out: dict[str, str] = {}
    stdlib = system.stdlib_locations()
    search = Search(system, explain=False)
    std_finders = [f for f in (system.finder_for(e, search, None) for e in stdlib)
                   if f is not None]
    frozen = system.frozen
    for index, entry in enumerate(system.sys_path):
        if system.absolute(entry) in stdlib:
            break
        finder = system.finder_for(entry, search, index)
        if finder is None:
            continue
        listed = finder.listing() if hasattr(finder, "listing") else [
            n for n, _kind in finder.names()]
        for name in sorted({n.partition(".")[0] for n in listed}):
            if not name.isidentifier() or name in out or name in (system.builtins or ()) or (
                    system.modules is not None and name in system.modules) or (
                    frozen is not None and frozen.find(name) is not None):
                continue
            spec = finder.find_spec(name, search, index)
            if spec is not None and spec.loader is not None and any(
                    f.has_loader_for(name) for f in std_finders):
                out[name] = spec.origin or name
    system.shadowed = out
    return out


def _idiom(tree: Any) -> str | None:
    """Which ``__path__`` idiom a module uses: ``extend_path``, ``declare_namespace``,
    ``fallback`` (declare_namespace, else extend_path on ImportError), ``other`` (some
    other change of ``__path__`` or of the import system), or None.

    Reading ``sys.meta_path`` or a ``__path__`` is harmless; assigning, deleting or
    calling a mutating method on them is a change.
    """
    import ast

    kinds: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else (
                func.id if isinstance(func, ast.Name) else None)
            if name == "extend_path":
                kinds.add("extend_path")
            elif name == "declare_namespace":
                kinds.add("declare_namespace")
            elif isinstance(func, ast.Attribute) and func.attr in _MUTATORS and \
                    _import_state(func.value):
                kinds.add("other")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = (node.targets if isinstance(node, (ast.Assign, ast.Delete))
                       else [node.target])
            for target in targets:
                base = target.value if isinstance(target, ast.Subscript) else target
                if isinstance(base, ast.Name) and base.id == "__path__":
                    if base is target and _is_extend(node):
                        continue
                    kinds.add("other")
                elif _import_state(base):
                    kinds.add("other")
    if "other" in kinds:
        return "other"
    if {"extend_path", "declare_namespace"} <= kinds:
        return "fallback"
    if kinds:
        return kinds.pop()
    return None


_MUTATORS = frozenset({"append", "insert", "extend", "remove", "pop", "clear", "update",
                       "setdefault", "__setitem__", "__delitem__", "sort", "reverse"})


def _import_state(node: Any) -> bool:
    """``sys.path``, ``sys.meta_path``, ``sys.path_hooks``, ``sys.path_importer_cache``
    or a ``__path__`` (a name or an attribute)."""
    import ast

    if isinstance(node, ast.Name):
        return node.id == "__path__"
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == "__path__":
        return True
    return (node.attr in _HOOK_ATTRS or node.attr == "path") and \
        isinstance(node.value, ast.Name) and node.value.id == "sys"


def _is_extend(node: Any) -> bool:
    import ast

    value = getattr(node, "value", None)
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name == "extend_path"


def _findable(system: ImportSystem, name: str) -> bool:
    """Whether top-level *name* can be imported (in ``sys.modules``, or a finder of
    ``sys.meta_path`` has it)."""
    if system.modules is not None and name in system.modules:
        return True
    search = Search(system, explain=False)
    return any(finder.find_spec(system, search, name, None) is not None
               for finder in system.meta_path)


def extend_path(system: ImportSystem, search: Search, name: str,
                path: tuple[str, ...]) -> tuple[str, ...]:
    """``pkgutil.extend_path(__path__, __name__)``."""
    out = list(path)
    parent, _dot, final = name.rpartition(".")
    if parent:
        known = system.imported.get(parent)
        if known is None and system.modules is not None:
            known = system.modules.get(parent)
        if known is None or known.path is None:
            return tuple(out)
        search_path: tuple[str, ...] = known.path
    else:
        search_path = system.sys_path
    nt = system.nt
    for entry in search_path:
        finder = system.importer_for(entry)
        if finder is not None:
            portions = finder.portions_for(final)
            for portion in portions:
                if portion not in out:
                    out.append(portion)
                    system.location_index.setdefault(
                        portion, system.location_index.get(entry, system.index_of(entry)))
        pkgfile = path_join(nt, entry, name + ".pkg") if entry else name + ".pkg"
        if system.is_file(pkgfile):
            try:
                text = system.fs.read_bytes(system.absolute(pkgfile)).decode("utf-8", "replace")
            except OSError:
                continue
            search.uncertain(f"{pkgfile}: a .pkg file read by pkgutil.extend_path")
            for line in text.splitlines():
                if line and not line.startswith("#"):
                    out.append(line)
    return tuple(out)


def declare_namespace(system: ImportSystem, name: str, path: tuple[str, ...]) -> tuple[str, ...]:
    """``pkg_resources.declare_namespace(name)`` for a package whose ``__path__`` is *path*."""
    import posixpath

    parent, _dot, final = name.rpartition(".")
    search_path = system.sys_path
    if parent:
        known = system.imported.get(parent)
        if known is not None and known.path is not None:
            search_path = known.path
    found = list(path)
    for entry in search_path:
        finder = system.importer_for(entry)
        if finder is None or not finder.has_loader_for(final):
            continue
        sub = path_join(system.nt, entry, final) if entry else final
        if sub not in found:
            found.append(sub)
    def norm(p: str) -> str:
        absolute = system.absolute(p)
        try:
            return system.fs.resolve(posixpath.normpath(absolute))
        except OSError:
            return posixpath.normpath(absolute)

    sys_path = [norm(p) for p in system.sys_path]
    depth = name.count(".") + 1

    def position(p: str) -> float:
        parts = p.split("\\" if system.nt else "/")[:-depth]
        key = norm(("\\" if system.nt else "/").join(parts))
        return sys_path.index(key) if key in sys_path else float("inf")

    return tuple(norm(p) for p in sorted(found, key=position))
