"""Every importable top-level name (``pywhence modules``): ``pkgutil.iter_modules`` over
the whole ``sys.path`` plus the built-in and frozen modules, without importing anything.
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from ..invocation import Invocation
from ..startup.result import Startup
from ..target.interpreter import Interpreter
from .result import Listing

__all__ = ["list_modules"]


def list_modules(target: Interpreter, startup: Startup, inv: Invocation, fs: FileSystem,
                 *, shadowed: bool = False) -> Listing:
    """The listing behind ``pywhence modules`` (see :class:`~.result.Listing`)."""
    from . import import_system

    system = import_system(target, startup, inv, fs)
    return Listing(startup, (), startup.fatal or system.fatal)
