"""Result types of the import stage: ``importlib.machinery.ModuleSpec`` as
``importlib.util.find_spec`` would return it, and the answer around it.

:meth:`Resolution.to_dict` and :meth:`ModuleRow.to_dict` give exactly the keys of the
``--json`` output of ``pywhence which`` and ``pywhence modules`` (issue 9); keys may be
added, never renamed or dropped.
"""

from __future__ import annotations

from .._record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Loader class names (what ``type(spec.loader).__name__`` says).
EXTENSION_LOADER = "ExtensionFileLoader"
SOURCE_LOADER = "SourceFileLoader"
SOURCELESS_LOADER = "SourcelessFileLoader"

__all__ = ["Candidate", "Kind", "Listing", "ModuleRow", "Resolution", "Shadowed", "Spec", "Which"]


class Kind:
    """The ``kind`` values: what supplies a module."""

    BUILTIN = "builtin"  # compiled into the interpreter (sys.builtin_module_names)
    FROZEN = "frozen"  # frozen bytecode in the interpreter (3.11+: much of startup's stdlib)
    SOURCE = "source"  # a .py (or .pyw) file
    BYTECODE = "bytecode"  # a sourceless .pyc
    EXTENSION = "extension"  # a shared library (.so, .pyd)
    PACKAGE = "package"  # a regular package (a directory, or a zip directory, with __init__)
    NAMESPACE = "namespace"  # a PEP 420 namespace package (portions, no __init__)
    HOOK = "import hook"  # a meta-path finder installed at startup (editable installs)


@record
class Spec:
    """The fields of a ``ModuleSpec``, named as CPython names them.

    ``loader`` is the loader's class name as CPython spells it (``SourceFileLoader``,
    ``zipimporter``, ``BuiltinImporter``...), None for a namespace package that is not
    imported yet (its loader is set when the module is created).
    """

    name: str
    origin: str | None
    loader: str | None
    submodule_search_locations: tuple[str, ...] | None
    cached: str | None
    parent: str
    has_location: bool

    def to_dict(self) -> dict[str, Any]:
        smsl = self.submodule_search_locations
        return {
            "name": self.name,
            "origin": self.origin,
            "loader": self.loader,
            "submodule_search_locations": None if smsl is None else list(smsl),
            "cached": self.cached,
            "parent": self.parent,
            "has_location": self.has_location,
        }


@record
class Candidate:
    """One place the import system looked, in the order it looked, and what came of it.

    ``outcome`` is ``"found"`` (this is the answer), ``"portion"`` (a namespace portion
    collected), ``"lost"`` (it would have supplied the module, but something before it
    did), or ``"nothing"`` (it has no such module); ``why`` says it in words.
    """

    finder: str
    path: str | None
    kind: str | None
    sys_path_index: int | None
    outcome: str
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "finder": self.finder,
            "path": self.path,
            "kind": self.kind,
            "sys_path_index": self.sys_path_index,
            "outcome": self.outcome,
            "why": self.why,
        }


@record
class Shadowed:
    """What the import would find if everything before it were not there."""

    origin: str | None
    kind: str | None
    sys_path_index: int | None
    loader: str | None = None
    distribution: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "kind": self.kind,
            "sys_path_index": self.sys_path_index,
            "loader": self.loader,
            "distribution": self.distribution,
        }


@record
class Resolution:
    """The answer for one name: what ``importlib.util.find_spec(name)`` gives as the
    first statement of the program, and why."""

    name: str
    spec: Spec | None
    #: ``"ExceptionName: message"`` when find_spec would raise, else None.
    error: str | None
    kind: str | None
    sys_path_index: int | None
    #: The ``sys.path`` entry that supplied the module (``Entry.to_dict()``), or None.
    entry: dict[str, Any] | None
    candidates: tuple[Candidate, ...]
    shadows: tuple[Shadowed, ...]
    certain: bool
    uncertain_because: tuple[str, ...]
    #: The module was already imported when the program's first statement ran.
    preloaded: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "spec": None if self.spec is None else self.spec.to_dict(),
            "error": self.error,
            "kind": self.kind,
            "sys_path_index": self.sys_path_index,
            "entry": self.entry,
            "candidates": [c.to_dict() for c in self.candidates],
            "shadows": [s.to_dict() for s in self.shadows],
            "certain": self.certain,
            "uncertain_because": list(self.uncertain_because),
            "preloaded": self.preloaded,
        }


@record
class ModuleRow:
    """One importable top-level name and what supplies it (``pywhence modules``)."""

    name: str
    kind: str | None
    origin: str | None
    sys_path_index: int | None
    distribution: str | None
    distributions: tuple[str, ...]
    shadowed: tuple[Shadowed, ...]
    stdlib: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "origin": self.origin,
            "sys_path_index": self.sys_path_index,
            "distribution": self.distribution,
            "distributions": list(self.distributions),
            "shadowed": [
                {"origin": s.origin, "kind": s.kind, "sys_path_index": s.sys_path_index,
                 "distribution": s.distribution}
                for s in self.shadowed
            ],
            "stdlib": self.stdlib,
        }


class Which:
    """The answers for several names under one startup (``pywhence which --json``)."""

    __slots__ = ("_sys_path", "fatal", "modules", "startup")

    def __init__(self, startup: Any, modules: tuple[Resolution, ...], fatal: str | None,
                 sys_path: tuple[str, ...] | None = None) -> None:
        #: The :class:`~pywhence.startup.result.Startup` the answers are for.
        self.startup = startup
        self.modules = modules
        #: Why the interpreter would not start (then there is no first statement).
        self.fatal = fatal
        self._sys_path = sys_path

    @property
    def sys_path(self) -> list[str]:
        """``sys.path`` at the first statement: startup's, plus the entries import hooks
        appended (setuptools' editable namespace placeholder)."""
        return list(self._sys_path if self._sys_path is not None else self.startup.sys_path)

    def to_dict(self) -> dict[str, Any]:
        return {"modules": [m.to_dict() for m in self.modules], "sys_path": self.sys_path,
                "fatal": self.fatal}


class Listing:
    """Every importable top-level name (``pywhence modules --json``)."""

    __slots__ = ("fatal", "modules", "startup")

    def __init__(self, startup: Any, modules: tuple[ModuleRow, ...], fatal: str | None) -> None:
        self.startup = startup
        self.modules = modules
        self.fatal = fatal

    def to_dict(self) -> dict[str, Any]:
        return {"modules": [m.to_dict() for m in self.modules],
                "sys_path": list(self.startup.sys_path), "fatal": self.fatal}
