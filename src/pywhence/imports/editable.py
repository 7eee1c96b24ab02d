"""Import hooks that ``.pth`` import lines install at startup, understood by reading their
files, never by running them.

site executes every ``.pth`` line that starts with ``import``.  The hooks editable
installs and setuptools put there are recognised:

* setuptools' editable finder (``__editable___NAME_finder.py``, PEP 660 "strict"/"lenient"
  modes): ``install()`` *appends* a meta-path finder serving its ``MAPPING`` of top-level
  names to directories, and a path hook for its ``NAMESPACES``.  Appended, it comes after
  PathFinder: a directory of the same name in the working directory wins (setuptools
  #3557);
* the ``editables`` redirector (hatchling's dev mode ``dev-mode-exact``):
  ``RedirectingFinder.map_module(name, path)`` calls, appended too;
* setuptools' ``distutils-precedence.pth``: unless SETUPTOOLS_USE_DISTUTILS=stdlib it
  *inserts first* a finder that serves ``distutils`` from ``setuptools._distutils``;
* virtualenv's ``_virtualenv.pth``: a finder that only patches ``distutils.dist`` and
  ``setuptools.dist`` when they are imported.

Any other import line still runs code the model does not know: every answer is then
``certain: false``, naming the file and the line.  Plain path lines (setuptools' src
layout, hatchling, pdm, flit, poetry) are ordinary ``sys.path`` entries already.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from ..startup.result import Origin
from ._path import path_join
from .result import Candidate, Kind, Spec
from .state import ImportSystem, Search

__all__ = ["install_startup_code"]

_WHERE = re.compile(r"^(?P<file>.*) line (?P<line>\d+): ")


def _import_lines(system: ImportSystem) -> list[tuple[str, int, str]]:
    """(.pth file, line number, code) of every import line site executes."""
    out: list[tuple[str, int, str]] = []
    seen: dict[str, list[str]] = {}
    for entry in system.startup.dynamic:
        if entry.origin != Origin.PTH_IMPORT:
            continue
        m = _WHERE.match(entry.detail)
        if m is None:
            continue
        path, number = m.group("file"), int(m.group("line"))
        if path not in seen:
            try:
                text = system.fs.read_bytes(system.absolute(path)).decode("utf-8", "replace")
            except OSError:
                text = ""
            seen[path] = text.splitlines()
        lines = seen[path]
        code = lines[number - 1] if 0 < number <= len(lines) else entry.detail
        out.append((path, number, code.strip()))
    return out


def _imported(code: str) -> list[str]:
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
    prepend: list[Any] = []
    append: list[Any] = []
    extra: list[tuple[str, str]] = []
    for path, number, code in _import_lines(system):
        names = _imported(code)
        for name in names:
            extra.append((name, "site"))
        kind = _recognise(system, path, code, names)
        if kind is None:
            shown = code if len(code) <= 120 else code[:117] + "..."
            system.reasons.setdefault(
                f"{path} line {number} runs code at startup ({shown}): it may change "
                "the import system", None)
            continue
        if kind == "distutils":
            finder = DistutilsShim.read(system, path)
            if finder is not None:
                prepend.insert(0, finder)
        elif kind == "virtualenv":
            for name in ("distutils.dist", "setuptools.dist"):
                system.doubt(name, f"{path}: virtualenv's _virtualenv patches this module "
                                   "when it is imported")
    return prepend, append, extra


def _recognise(system: ImportSystem, path: str, code: str, names: list[str]) -> str | None:
    if "_distutils_hack" in names and "add_shim" in code:
        env = system.env.get("SETUPTOOLS_USE_DISTUTILS", "local")
        return "distutils" if env == "local" else "inert"
    if names == ["_virtualenv"]:
        return "virtualenv"
    return None


class DistutilsShim:
    """setuptools' ``_distutils_hack.DistutilsMetaFinder``, put first in meta_path: a
    top-level ``distutils`` comes from ``setuptools._distutils`` (unless a
    ``pybuilddir.txt`` in the working directory says CPython is being built)."""

    finder_name = "DistutilsMetaFinder"

    def __init__(self, source: str) -> None:
        self.source = source

    @classmethod
    def read(cls, system: ImportSystem, pth: str) -> DistutilsShim | None:
        sep = "\\" if system.nt else "/"
        here = pth.rpartition(sep)[0]
        hack = path_join(system.nt, here, "_distutils_hack", "__init__.py")
        try:
            text = system.fs.read_bytes(system.absolute(hack)).decode("utf-8", "replace")
        except OSError:
            system.reasons.setdefault(f"{pth}: _distutils_hack is not where it was expected",
                                      None)
            return None
        if "def spec_for_distutils" not in text:
            system.reasons.setdefault(f"{hack}: an unknown version of setuptools' shim", None)
            return None
        if "def spec_for_pip" in text and "sys.version_info < (3, 12)" not in text and \
                "version_info >= (3, 12)" not in text:
            system.doubt("pip", f"{hack} may clear distutils when pip is imported")
        return cls(hack)

    def find_spec(self, system: ImportSystem, search: Search, fullname: str,
                  path: tuple[str, ...] | None) -> Spec | None:
        if fullname != "distutils" or path is not None:
            return None
        if system.is_file(system.absolute("pybuilddir.txt")):
            return None
        from ._bootstrap import ImportFailed, util_find_spec

        try:
            spec, _mod = util_find_spec(system, Search(system, explain=False),
                                        "setuptools._distutils")
        except ImportFailed:
            return None
        if spec is None or spec.origin is None:
            return None
        search.add(Candidate(self.finder_name, spec.origin, Kind.HOOK, None, "found",
                             f"setuptools' distutils shim ({self.source}) serves distutils "
                             "from setuptools._distutils (SETUPTOOLS_USE_DISTUTILS=stdlib "
                             "turns it off)"))
        search.uncertain(f"importing setuptools._distutils runs setuptools code "
                         f"({self.source})")
        return Spec(name="distutils", origin=spec.origin, loader="DistutilsLoader",
                    submodule_search_locations=None, cached=None, parent="",
                    has_location=False)
