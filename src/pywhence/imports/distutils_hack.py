"""setuptools' ``distutils-precedence.pth`` shim (``_distutils_hack``), read from its files.

Unless SETUPTOOLS_USE_DISTUTILS=stdlib, the ``.pth`` line imports ``_distutils_hack`` and
*inserts first* in ``sys.meta_path`` a finder that serves a top-level ``distutils`` from
``setuptools._distutils`` (distutils left the standard library in 3.12, PEP 632), unless a
``pybuilddir.txt`` in the working directory says CPython itself is being built.
"""

from __future__ import annotations

from ._path import path_join
from .result import Candidate, Kind, Spec
from .state import ImportSystem, Search

__all__ = ["DistutilsShim"]


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
