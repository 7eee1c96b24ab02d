"""Lib/runpy.py: what ``python -m NAME`` (and a directory or zip script) runs, as
``_get_module_details`` finds it, without running it.

For ``-m NAME`` runpy imports the parent packages, asks ``importlib.util.find_spec(NAME)``
and, for a package, runs its ``__main__`` submodule instead; a directory or archive given
as the script runs the ``__main__`` module found in it (``sys.path[0]``).  When nothing
would run, the interpreter prints runpy's own message (``python3: No module named
NAME``) and exits with status 1 once started.
"""

from __future__ import annotations

from ._bootstrap import ImportFailed, kind_of, util_find_spec
from .result import Spec
from .state import ImportSystem, Search

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["RunTarget", "run_target"]


class RunTarget:
    """What the run mode runs: the module and its spec, or runpy's error message."""

    __slots__ = ("error", "kind", "mode", "name", "spec")

    def __init__(self, mode: str, name: str, spec: Spec | None, error: str | None) -> None:
        self.mode = mode
        #: The module runpy runs (``pkg.__main__`` for a package).
        self.name = name
        self.spec = spec
        #: What runpy prints (after the executable's name and ``: ``), exit status 1.
        self.error = error
        self.kind = kind_of(spec) if spec is not None else None

    @property
    def origin(self) -> str | None:
        return None if self.spec is None else self.spec.origin

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "name": self.name, "origin": self.origin, "kind": self.kind,
                "spec": None if self.spec is None else self.spec.to_dict(),
                "error": self.error}


def _details(system: ImportSystem, name: str) -> tuple[str, Spec | None, str | None]:
    """``runpy._get_module_details(name)``: (the module run, its spec, the error)."""
    if name.startswith("."):
        return name, None, "Relative module names not supported"
    search = Search(system, explain=False)
    system.imported = {}
    try:
        spec, _module = util_find_spec(system, search, name)
    except ImportFailed as exc:
        kind, _sep, message = exc.line.partition(": ")
        msg = f"Error while finding module specification for {name!r} ({kind}: {message})"
        if name.endswith(".py"):
            msg += f". Try using '{name[:-3]}' instead of '{name}' as the module name."
        return name, None, msg
    if spec is None:
        return name, None, f"No module named {name}"
    if spec.submodule_search_locations is not None:
        if name == "__main__" or name.endswith(".__main__"):
            return name, None, "Cannot use package as __main__ module"
        main, main_spec, error = _details(system, name + ".__main__")
        if error is not None:
            # finding NAME.__main__ imported NAME: being a package is the reason given
            return main, None, f"{error}; {name!r} is a package and cannot be directly executed"
        return main, main_spec, None
    if spec.loader is None:
        return name, None, f"{name!r} is a namespace package and cannot be executed"
    return name, spec, None


def run_target(system: ImportSystem) -> RunTarget | None:
    """What ``-m NAME`` or a directory/zip script runs (None for another run mode)."""
    cl = system.cmdline
    if cl is None or not cl.run_target:
        return None
    if cl.run_mode == "module":
        name, spec, error = _details(system, cl.run_target)
        return RunTarget("module", name, spec, error)
    if cl.run_mode == "script" and system.main_is_package_dir:
        # pymain_run_file -> runpy._run_module_as_main("__main__"), with the running
        # __main__ taken out of sys.modules meanwhile: the one in sys.path[0]
        from ._bootstrap import meta_find_spec

        spec = meta_find_spec(system, Search(system, explain=False), "__main__", None)
        if spec is None:
            return RunTarget("script", "__main__", None,
                             f"can't find '__main__' module in {cl.run_target!r}")
        return RunTarget("script", "__main__", spec, None)
    return None
