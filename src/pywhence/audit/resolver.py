"""The import resolver as the audit asks it: which file ``import NAME`` loads, at the
moment startup code imports it or as the program's first statement.

All answers come from :mod:`pywhence.imports` (``import_system`` over the startup, then
``resolve``): sitecustomize, usercustomize and the modules ``.pth`` import lines bring
in are in its ``sys.modules`` with the spec site's import gave them; a shadowed
standard-library name comes with what it shadows.  The import system is assembled on
the first question only -- an audit with nothing to ask never pays for it.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..disk.fs import FileSystem
    from ..imports.result import Resolution
    from ..imports.state import ImportSystem
    from ..invocation import Invocation
    from ..startup.result import Startup
    from ..target.interpreter import Interpreter

__all__ = ["Resolver"]


class Resolver:
    """Questions to the import resolver over one startup, assembled on first use."""

    def __init__(self, target: Interpreter, startup: Startup, inv: Invocation,
                 fs: FileSystem) -> None:
        self.target = target
        self.startup = startup
        self.inv = inv
        self.fs = fs
        self._system: ImportSystem | None = None
        self._answers: dict[str, Resolution | None] = {}
        #: What the resolver could not answer, and why.
        self.failures: list[str] = []

    @property
    def used(self) -> bool:
        """Whether the import system was assembled."""
        return self._system is not None

    def system(self) -> ImportSystem:
        if self._system is None:
            from ..imports import import_system

            self._system = import_system(self.target, self.startup, self.inv, self.fs)
        return self._system

    def resolve(self, name: str) -> Resolution | None:
        """``importlib.util.find_spec(name)`` at the program's first statement (modules
        startup imported -- sitecustomize, .pth imports -- answer with their own spec);
        None when the resolver could not answer (the failure is in :attr:`failures`: an
        audit of a hostile image goes on)."""
        if name in self._answers:
            return self._answers[name]
        from ..imports import resolve

        try:
            hit: Resolution | None = resolve(self.system(), name)
        except Exception as exc:  # noqa: BLE001 - reported in the audit's notes
            self.failures.append(f"the import resolver failed for {name!r}: "
                                 f"{type(exc).__name__}: {exc}")
            hit = None
        self._answers[name] = hit
        return hit

    def origin(self, name: str) -> str | None:
        """The file ``import name`` loads, or None (not found, built in, a namespace)."""
        r = self.resolve(name)
        if r is None or r.spec is None or not r.spec.has_location:
            return None
        return r.spec.origin

    def source(self, name: str) -> str | None:
        """The source text of the module ``import name`` loads (zip members too)."""
        r = self.resolve(name)
        if r is None or r.spec is None:
            return None
        from ..imports.pkgutil import read_module_source

        try:
            data = read_module_source(self.system(), r.spec)
        except OSError:
            return None
        return None if data is None else data.decode("utf-8", "replace")

    def in_stdlib(self, path: str) -> bool:
        """Whether *path* lies in the standard library (not its site-packages)."""
        return self.system().in_stdlib_location(path)
