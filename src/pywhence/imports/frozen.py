"""Python/frozen.c: the modules frozen into the interpreter, and whether they are used
(``-X frozen_modules``, PYTHON_FROZEN_MODULES, the build's default).

3.8-3.10 freeze only importlib's bootstrap, ``zipimport`` and the test modules.  3.11
freezes the modules startup imports (bpo-45020), so they are found before ``sys.path``
is searched: a ``site.py`` or ``os.py`` on the path cannot replace them.  With frozen
modules off only the bootstrap modules stay frozen (``_imp.find_frozen`` skips the
rest).  The default is on, except in a ``--with-pydebug`` build (``Py_DEBUG``); running
from a build tree no longer changes it (measured with 3.11.7, 3.12.1, 3.13.0).  3.13
adds the PYTHON_FROZEN_MODULES variable (read unless -E/-I), which ``-X frozen_modules``
overrides; values other than ``on``/``off`` stop the interpreter at startup.

The tables are ``_imp._frozen_module_names()`` with ``_imp.find_frozen()``'s package
flag and original name, measured on 3.11.7, 3.12.1, 3.13.0 and 3.14.10 (the import
research of issue 9); 3.14 drops the ``os.path`` alias.
"""

from __future__ import annotations

from .._record import record
from ..target.behaviour import Behaviour

__all__ = ["FrozenModule", "FrozenTable", "frozen_table"]


@record
class FrozenModule:
    """One entry of the frozen tables: its package flag and ``origname``."""

    name: str
    is_package: bool
    #: What it was frozen from (``_imp.find_frozen(name)[2]``): an alias names another
    #: module, ``<pkg`` marks a package's ``__init__``, None for ``__hello_only__``.
    origname: str | None
    bootstrap: bool = False


_BOOTSTRAP = (
    FrozenModule("_frozen_importlib", False, "importlib._bootstrap", True),
    FrozenModule("_frozen_importlib_external", False, "importlib._bootstrap_external", True),
    FrozenModule("zipimport", False, "zipimport", True),
)

_STDLIB_NAMES = ("abc", "codecs", "io", "_collections_abc", "_sitebuiltins", "genericpath",
                 "ntpath", "posixpath")
_STDLIB_TAIL = ("os", "site", "stat", "importlib.util", "importlib.machinery", "runpy")

_TEST_311 = (
    FrozenModule("__hello__", False, "__hello__"),
    FrozenModule("__hello_alias__", False, "__hello__"),
    FrozenModule("__phello_alias__", True, "__hello__"),
    FrozenModule("__phello_alias__.spam", False, "__hello__"),
    FrozenModule("__phello__", True, "__phello__"),
    FrozenModule("__phello__.__init__", False, "<__phello__"),
    FrozenModule("__phello__.ham", True, "__phello__.ham"),
    FrozenModule("__phello__.ham.__init__", False, "<__phello__.ham"),
    FrozenModule("__phello__.ham.eggs", False, "__phello__.ham.eggs"),
    FrozenModule("__phello__.spam", False, "__phello__.spam"),
    FrozenModule("__hello_only__", False, None),
)

_LEGACY = (
    *_BOOTSTRAP,
    FrozenModule("__hello__", False, "__hello__"),
    FrozenModule("__phello__", True, "__phello__"),
    FrozenModule("__phello__.spam", False, "__phello__.spam"),
)


class FrozenTable:
    """The frozen modules of one build and whether ``_imp.find_frozen`` serves them."""

    __slots__ = ("enabled", "modules", "source")

    def __init__(self, modules: tuple[FrozenModule, ...], enabled: bool, source: str) -> None:
        self.modules = {m.name: m for m in modules}
        self.enabled = enabled
        self.source = source

    def find(self, name: str) -> FrozenModule | None:
        """``_imp.find_frozen(name)`` (``_imp.is_frozen`` before 3.11)."""
        found = self.modules.get(name)
        if found is None or (not self.enabled and not found.bootstrap):
            return None
        return found

    def names(self) -> list[str]:
        """``_imp._frozen_module_names()``: the names find_frozen serves, in table order."""
        return [m.name for m in self.modules.values() if self.enabled or m.bootstrap]


def frozen_table(sw: Behaviour, *, platform: str, enabled: bool, source: str,
                 read: tuple[tuple[str, bool, str | None, bool], ...] | None = None) -> FrozenTable:
    """The frozen table of a build of this version on *platform*: the tables *read*
    from its binary (target/frozentab.py) when there is one, else this version's."""
    if read is not None and sw.frozen_stdlib:
        return FrozenTable(tuple(FrozenModule(n, pkg, orig, boot) for n, pkg, orig, boot in read),
                           enabled, source + "; tables read from the binary")
    if not sw.frozen_stdlib:
        return FrozenTable(_LEGACY, True, "3.8-3.10: only the bootstrap and test modules")
    path_module = "ntpath" if platform == "win32" else "posixpath"
    stdlib = [FrozenModule(n, False, n) for n in _STDLIB_NAMES]
    if sw.frozen_os_path_alias:
        stdlib.append(FrozenModule("os.path", False, path_module))
    stdlib += [FrozenModule(n, False, n) for n in _STDLIB_TAIL]
    return FrozenTable((*_BOOTSTRAP, *stdlib, *_TEST_311), enabled, source)
