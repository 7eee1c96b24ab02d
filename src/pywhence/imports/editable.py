"""Import hooks that ``.pth`` import lines install at startup, understood by reading their
files, never by running them.

site executes every ``.pth`` line that starts with ``import``.  The hooks editable
installs and setuptools put there are recognised:

* setuptools' editable finder (``__editable___NAME_finder.py``, PEP 660): ``install()``
  *appends* ``_EditableFinder`` to ``sys.meta_path``, serving its ``MAPPING`` of
  top-level names to paths, and for its ``NAMESPACES`` a path hook and a placeholder
  entry at the end of ``sys.path``.  Appended, it comes after PathFinder: a directory
  of the same name in the working directory wins (setuptools #3557);
* the ``editables`` redirector (hatchling's ``dev-mode-exact``): ``RedirectingFinder``
  appended, with its ``map_module(name, path)`` calls;
* scikit-build-core's and meson-python's editable loaders, which insert themselves
  *first* (meson-python rebuilds the project on import: its answers are uncertain);
* setuptools' ``distutils-precedence.pth`` (:mod:`.distutils_hack`) and virtualenv's
  ``_virtualenv.pth`` (it only patches ``distutils.dist`` and ``setuptools.dist``).

Any other import line still runs code the model does not know: every answer is then
``certain: false``, naming the file and the line.  Plain path lines of editable
installs (setuptools' src layout, hatchling, pdm, flit, poetry) are ordinary
``sys.path`` entries already.
"""

from __future__ import annotations

from ..startup.result import Entry, Origin
from ._bootstrap_external import get_cached, path_abspath
from ._path import path_join, path_split
from .result import EXTENSION_LOADER, SOURCE_LOADER, SOURCELESS_LOADER, Candidate, Kind, Spec
from .state import ImportSystem, Search

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["EditableFinder", "RedirectingFinder", "install_startup_code"]

#: "FILE line N: ..." (an Entry's detail); compiled by ``re`` on first use only.
_WHERE = r"^(?P<file>.*) line (?P<line>\d+): "
#: setuptools' distutils-precedence.pth, around its default ('local' from setuptools 60,
#: 'stdlib' before) and the value that turns the shim on.
_SHIM_HEAD = "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, '"
_SHIM_MID = "') == '"
_SHIM_TAIL = "'; enabled and __import__('_distutils_hack').add_shim();"


def _shim_values(code: str) -> tuple[str, str] | None:
    """(default, value that turns the shim on) when *code* is setuptools' shim line."""
    if not code.startswith(_SHIM_HEAD):
        return None
    default, sep, rest = code[len(_SHIM_HEAD):].partition(_SHIM_MID)
    wanted, sep2, tail = rest.partition(_SHIM_TAIL)
    if not (sep and sep2 and tail in ("", " ") and _is_word(default) and _is_word(wanted)):
        return None
    return default, wanted


def _is_word(text: str) -> bool:
    """A ``\\w+`` of ``re``: letters, digits and underscores, at least one."""
    return bool(text) and all(c.isalnum() or c == "_" for c in text)


def _line_number(entry: Entry) -> int | None:
    """N of an import line's detail, ``"<.pth file> line N: ..."`` (the entry's path
    is the file)."""
    head = entry.path + " line "
    if not entry.detail.startswith(head):
        return None
    digits = entry.detail[len(head):].partition(": ")[0]
    return int(digits) if digits.isascii() and digits.isdigit() else None


def _import_lines(system: ImportSystem) -> list[tuple[str, int, str]]:
    """(.pth file, line number, code) of every import line site executes."""
    out: list[tuple[str, int, str]] = []
    seen: dict[str, list[str]] = {}
    for entry in system.startup.dynamic:
        if entry.origin != Origin.PTH_IMPORT:
            continue
        path, number = entry.path, _line_number(entry)
        if number is None:
            continue
        if path not in seen:
            seen[path] = (_read(system, path) or "").splitlines()
        lines = seen[path]
        code = lines[number - 1] if 0 < number <= len(lines) else entry.detail
        out.append((path, number, code.strip()))
    return out


def _read(system: ImportSystem, path: str) -> str | None:
    try:
        return system.fs.read_bytes(system.absolute(path)).decode("utf-8", "replace")
    except OSError:
        return None


def _imported(code: str) -> list[str]:
    import ast

    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "__import__" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.append(node.args[0].value)
    return names


def install_startup_code(system: ImportSystem) -> tuple[list[Any], list[Any], list[tuple[str, str]]]:
    """(finders put first in ``sys.meta_path``, finders appended, modules the import
    lines left in ``sys.modules``) for the import lines of *system*'s startup."""
    from .distutils_hack import DistutilsShim

    prepend: list[Any] = []
    append: list[Any] = []
    extra: list[tuple[str, str]] = []
    redirector: RedirectingFinder | None = None
    for path, number, code in _import_lines(system):
        where = f"{path} line {number}"
        shim = _shim_values(code)
        if shim is not None:
            extra.append(("os", "site"))
            default, wanted = shim
            if system.env.get("SETUPTOOLS_USE_DISTUTILS", default) == wanted:
                extra.append(("_distutils_hack", "site"))
                found = DistutilsShim.read(system, path)
                if found is not None:
                    prepend.insert(0, found)
            continue
        names = _imported(code)
        extra += [(name, "site") for name in names]
        if names == ["_virtualenv"]:
            for name in ("distutils.dist", "setuptools.dist"):
                system.doubt(name, f"{path}: virtualenv's _virtualenv patches this module "
                                   "when it is imported")
            continue
        module = _module_file(system, path, names[0]) if len(names) == 1 else None
        text = _read(system, module) if module else None
        finder: Any = None
        if text is not None and "class _EditableFinder" in text:
            finder = EditableFinder.read(system, module or "", text, where)
            if finder is not None:
                append.append(finder)
                extra += [(n, "site") for n in ("importlib.machinery", "importlib.util",
                                                "itertools", "pathlib")]
        elif text is not None and "RedirectingFinder" in text and ".map_module(" in text:
            if redirector is None:
                redirector = RedirectingFinder.read(system, module or "", where)
                if redirector is not None:
                    append.append(redirector)
                    extra += [("editables", "site"), ("editables.redirector", "site")]
            if redirector is not None:
                redirector.add_maps(system, text)
                finder = redirector
        elif text is not None and ("ScikitBuildRedirectingFinder" in text
                                   or "MesonpyMetaFinder" in text):
            finder = FirstFinder.read(system, module or "", text, where)
            if finder is not None:
                prepend.append(finder)
        if finder is None:
            shown = code if len(code) <= 120 else code[:117] + "..."
            system.reasons.setdefault(
                f"{where} runs code at startup ({shown}): it may change the import system",
                None)
            continue
        system.partial_modules.append(
            f"{where} imports modules the model does not list ({', '.join(names)} and what "
            "they import)")
    return prepend, append, extra


def _module_file(system: ImportSystem, pth: str, name: str) -> str | None:
    """The file of top-level module *name* that a .pth line imports (in its directory)."""
    if "." in name:
        return None
    here = path_split(system.nt, pth)[0]
    candidate = path_join(system.nt, here, name + ".py")
    return candidate if system.is_file(candidate) else None


def _append_position(system: ImportSystem, where: str) -> int:
    """Where ``sys.path.append()`` run by the import line *where* ("FILE line N") puts its
    entry: after what site had added by then -- the site directory, then the path lines
    of the ``.pth`` files before it in sorted order (and of its own earlier lines) -- so
    before the path lines of later files and later site directories (3.15 adds every
    path first and runs the import lines after)."""
    import re

    m = re.match(_WHERE, where + ": ")
    entries = system.entries
    if m is None or getattr(system.sw, "site_startup_batch", False):
        return _after_site(entries)
    pth, number = m.group("file"), int(m.group("line"))
    here, name = path_split(system.nt, pth)
    at = next((i + 1 for i, e in enumerate(entries) if e.path == here and e.origin in (
        Origin.SITE_PACKAGES, Origin.VENV_SITE_PACKAGES, Origin.USER_SITE)), None)
    if at is None:
        return _after_site(entries)
    while at < len(entries) and entries[at].origin == Origin.PTH_LINE:
        d = re.match(_WHERE, entries[at].detail + ": ")
        if d is None:
            break
        other_dir, other = path_split(system.nt, d.group("file"))
        if other_dir != here or (other, int(d.group("line"))) >= (name, number):
            break
        at += 1
    return at


def _after_site(entries: tuple[Entry, ...]) -> int:
    return len(entries)


def _literal(tree: Any, name: str) -> Any:
    import ast

    for node in tree.body:
        targets: list[Any] = []
        value = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        if value is not None and any(isinstance(t, ast.Name) and t.id == name for t in targets):
            try:
                return ast.literal_eval(value)
            except ValueError:
                if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
                    return ast.literal_eval(value.left) + ast.literal_eval(value.right)
                raise
    raise KeyError(name)


def file_location_spec(system: ImportSystem, name: str, location: str) -> Spec | None:
    """``importlib.util.spec_from_file_location(name, location)`` with no loader given:
    the loader chosen by suffix (extension, source, bytecode), a package when the file
    is an ``__init__``."""
    if system.sw.spec_location_made_absolute:
        location = path_abspath(system, location)
    loader = None
    for suffixes, cls in ((system.extension_suffixes, EXTENSION_LOADER),
                          (system.source_suffixes, SOURCE_LOADER), ((".pyc",), SOURCELESS_LOADER)):
        if location.endswith(tuple(suffixes)):
            loader = cls
            break
    if loader is None:
        return None
    filename = path_split(system.nt, location)[1]
    tail = name.rpartition(".")[2]
    if loader == EXTENSION_LOADER:
        package = any(filename == "__init__" + s for s in system.extension_suffixes)
    else:
        package = filename.rsplit(".", 1)[0] == "__init__" and tail != "__init__"
    smsl = (path_split(system.nt, location)[0],) if package else None
    return Spec(name=name, origin=location, loader=loader, submodule_search_locations=smsl,
                cached=get_cached(system, location),
                parent=name if smsl is not None else name.rpartition(".")[0],
                has_location=True)


def _pathlib_str(path: str) -> str:
    """``str(Path(path))``: repeated separators and ``.`` components dropped."""
    if not path:
        return "."
    norm = "/".join(p for p in path.split("/") if p and p != ".")
    if path.startswith("//") and not path.startswith("///"):
        return "//" + norm
    return ("/" + norm) if path.startswith("/") else (norm or ".")


class EditableFinder:
    """setuptools' ``_EditableFinder`` (appended to meta_path) and, when it has
    namespaces, its ``_EditableNamespaceFinder`` path hook and placeholder entry."""

    finder_name = "_EditableFinder"

    def __init__(self, module: str, mapping: dict[str, str], namespaces: dict[str, list[str]],
                 placeholder: str) -> None:
        self.module = module
        self.mapping = mapping
        self.namespaces = namespaces
        self.placeholder = placeholder

    @classmethod
    def read(cls, system: ImportSystem, module: str, text: str, where: str) -> EditableFinder | None:
        import ast

        try:
            tree = ast.parse(text)
            mapping = _literal(tree, "MAPPING")
            namespaces = _literal(tree, "NAMESPACES")
            placeholder = _literal(tree, "PATH_PLACEHOLDER")
        except (SyntaxError, ValueError, KeyError, TypeError):
            return None
        known = ("if fullname in MAPPING" in text and "parent in MAPPING" in text
                 and "sys.meta_path.append(_EditableFinder)" in text)
        if not (isinstance(mapping, dict) and isinstance(namespaces, dict) and known):
            system.reasons.setdefault(f"{module}: an unknown version of setuptools' editable "
                                      f"finder ({where})", None)
            return None
        finder = cls(module, mapping, namespaces, str(placeholder))
        if namespaces and placeholder not in system.sys_path:
            at = _append_position(system, where)
            entry = Entry(str(placeholder), Origin.PTH_IMPORT, f"appended by {module}",
                          exists=False)
            system.sys_path = (*system.sys_path[:at], str(placeholder), *system.sys_path[at:])
            system.entries = (*system.entries[:at], entry, *system.entries[at:])
            system.path_hooks.append(finder.path_hook)
        return finder

    def names(self) -> list[tuple[str, str | None]]:
        return [(n, p) for n, p in self.mapping.items() if "." not in n]

    def find_spec(self, system: ImportSystem, search: Search, fullname: str,
                  path: tuple[str, ...] | None) -> Spec | None:
        from ._bootstrap_external import PathFinder

        if fullname in self.mapping:
            base = _pathlib_str(self.mapping[fullname])
            cands = [base + "/__init__.py"]
            stem = base.rsplit("/", 1)
            root = stem[0] + "/" if len(stem) == 2 else ""
            leaf = stem[-1]
            leaf = leaf[: leaf.rfind(".")] if "." in leaf[1:] else leaf
            cands += [root + leaf + s for s in (*system.source_suffixes, ".pyc",
                                                *system.extension_suffixes)]
            for cand in cands:
                if system.kind(cand) is not None:
                    spec = file_location_spec(system, fullname, cand)
                    if spec is not None:
                        search.add(Candidate(self.finder_name, cand, Kind.HOOK, None, "found",
                                             f"setuptools' editable finder ({self.module}) "
                                             "maps the name, after every sys.path entry"))
                    return spec
            return None
        parent = fullname.rpartition(".")[0]
        if parent and parent in self.mapping:
            return PathFinder().find_spec(system, search, fullname, (self.mapping[parent],))
        return None

    def path_hook(self, system: ImportSystem, entry: str) -> Any:
        """``_EditableNamespaceFinder._path_hook``: only for the placeholder entry."""
        return _NamespaceEntry(self, system) if entry == self.placeholder else None


class _NamespaceEntry:
    """``_EditableNamespaceFinder`` as the path-entry finder of the placeholder."""

    finder_name = "_EditableNamespaceFinder"

    def __init__(self, owner: EditableFinder, system: ImportSystem) -> None:
        self.owner = owner
        self.system = system

    def find_spec(self, fullname: str, search: Search, index: int | None) -> Spec | None:
        ns = self.owner.namespaces
        if fullname not in ns:
            return None
        paths = list(ns[fullname]) or ([self.owner.mapping[fullname]]
                                      if fullname in self.owner.mapping else [])
        search.add(Candidate(self.finder_name, self.owner.placeholder, Kind.NAMESPACE, index,
                             "portion", f"setuptools' editable namespace ({self.owner.module})"))
        return Spec(name=fullname, origin=None, loader=None,
                    submodule_search_locations=(*paths, self.owner.placeholder), cached=None,
                    parent=fullname, has_location=False)

    def portions_for(self, name: str) -> tuple[str, ...]:
        """What ``pkgutil.extend_path`` takes from this finder."""
        spec = self.find_spec(name, Search(self.system, explain=False), None)
        return () if spec is None else spec.submodule_search_locations or ()

    def has_loader_for(self, name: str) -> bool:
        return False


class RedirectingFinder:
    """``editables.redirector.RedirectingFinder`` (appended once): top-level names only,
    each mapped to a file by ``map_module``."""

    finder_name = "RedirectingFinder"

    def __init__(self, module: str) -> None:
        self.module = module
        self.redirections: dict[str, str] = {}

    @classmethod
    def read(cls, system: ImportSystem, module: str, where: str) -> RedirectingFinder | None:
        from ._bootstrap import ImportFailed, util_find_spec

        try:
            spec, _mod = util_find_spec(system.at_stage("site"), Search(system, explain=False),
                                        "editables.redirector")
        except ImportFailed:
            spec = None
        text = _read(system, spec.origin) if spec is not None and spec.origin else None
        if text is None or '"." in fullname' not in text or "sys.meta_path.append(cls)" not in text:
            system.reasons.setdefault(f"{module}: an unknown version of the editables "
                                      f"redirector ({where})", None)
            return None
        return cls(module)

    def add_maps(self, system: ImportSystem, text: str) -> None:
        import ast

        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "map_module" and len(node.args) == 2):
                try:
                    name, path = (ast.literal_eval(a) for a in node.args)
                except ValueError:
                    system.reasons.setdefault(f"{self.module}: a map_module call that is not "
                                              "literal", None)
                    continue
                self.redirections[str(name)] = str(path)

    def names(self) -> list[tuple[str, str | None]]:
        return list(self.redirections.items())

    def find_spec(self, system: ImportSystem, search: Search, fullname: str,
                  path: tuple[str, ...] | None) -> Spec | None:
        if "." in fullname or path is not None or fullname not in self.redirections:
            return None
        spec = file_location_spec(system, fullname, self.redirections[fullname])
        if spec is not None:
            search.add(Candidate(self.finder_name, spec.origin, Kind.HOOK, None, "found",
                                 f"the editables redirector ({self.module}) maps the name, "
                                 "after every sys.path entry"))
        return spec


class FirstFinder:
    """scikit-build-core's and meson-python's editable loaders: inserted first in
    meta_path, serving the project's own names (meson-python rebuilds on import)."""

    finder_name = "editable loader"

    def __init__(self, module: str, names: dict[str, str], rebuilds: bool) -> None:
        self.module = module
        self.known = names
        self.rebuilds = rebuilds

    @classmethod
    def read(cls, system: ImportSystem, module: str, text: str, where: str) -> FirstFinder | None:
        known: dict[str, str] = {}
        import ast

        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return None
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "install" \
                    and node.args:
                try:
                    first = ast.literal_eval(node.args[0])
                except ValueError:
                    continue
                if isinstance(first, dict):
                    for key, value in first.items():
                        if isinstance(key, str) and isinstance(value, str):
                            known[key] = value
                        elif isinstance(key, str):
                            known[key] = ""
        rebuilds = "MesonpyMetaFinder" in text
        for name in {k.split(".")[0] for k in known}:
            system.doubt(name, f"{module} serves {name!r} first in sys.meta_path"
                               + (" and rebuilds the project on import" if rebuilds else ""))
        return cls(module, known, rebuilds)

    def names(self) -> list[tuple[str, str | None]]:
        return [(n, p or None) for n, p in self.known.items() if "." not in n]

    def find_spec(self, system: ImportSystem, search: Search, fullname: str,
                  path: tuple[str, ...] | None) -> Spec | None:
        location = self.known.get(fullname)
        if not location:
            return None
        import posixpath

        spec = file_location_spec(system, fullname, posixpath.normpath(location))
        if spec is not None:
            search.add(Candidate(self.finder_name, spec.origin, Kind.HOOK, None, "found",
                                 f"{self.module} is first in sys.meta_path"))
        return spec
