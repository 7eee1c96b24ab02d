"""Run a script, directory or zipfile like :func:`runpy.run_path`, only better.

:func:`run_path` has the signature and observable behaviour of the running
interpreter's ``runpy.run_path`` (3.9 to 3.13): the same code runs with the
same globals, and the same temporary changes to ``sys.path``, ``sys.argv[0]``
and ``sys.modules`` are undone on return, on an exception and on
``SystemExit``.  It differs on purpose in these ways:

* ``__main__`` of a directory or zipfile is looked up only inside that
  directory or zipfile.  ``runpy`` searches all of ``sys.path`` (with the
  path put first), so a directory without ``__main__.py`` can run some other
  ``__main__`` found further on, or recurse forever (CPython gh-75221).
  Here that is a :class:`MainNotFoundError`, an :class:`ImportError`.
* ``keep_module=True`` leaves the module in ``sys.modules`` after the call,
  so that classes the script defines can be pickled and
  :func:`typing.get_type_hints` can resolve their annotations.
* ``cache=True`` compiles a source script once and reuses the bytecode while
  the source is unchanged, with the import system's rules and places
  (PEP 3147, PEP 552, ``sys.pycache_prefix``).
* Concurrent calls from several threads restore ``sys.argv``, ``sys.path``
  and ``sys.modules`` correctly whatever order they return in; ``runpy``'s
  save-and-restore leaves another call's values behind when two calls
  overlap.  Script bodies still run concurrently (see :func:`run_path`).
* Input that cannot be run raises the exception type ``runpy`` raises for it
  or a subclass of it with a message that names the path (the subclasses all
  derive from :class:`RunPathError` as well).

:func:`run_main` is the ``pywhence run`` command: it runs a path the way
``python PATH ARGS...`` does.

The package only uses the standard library and imports nothing else from
``pywhence``, so it can be imported cheaply and on its own (the conformance
tests run CPython's own ``test_runpy`` against it in other interpreters).
Its modules follow the roles of the CPython code they stand in for:

* :mod:`.runpy` -- Lib/runpy.py's ``run_path``: what the path names, the namespace;
* :mod:`.script` -- a script file read once and turned into code, and the clear error
  for a file that is not Python;
* :mod:`.cache` -- ``cache=True``, bytecode reused as importlib's SourceLoader does;
* :mod:`.state` -- the temporary changes to ``sys``, safe across threads;
* :mod:`.errors` -- :class:`RunPathError` and its subclasses;
* :mod:`.main` -- :func:`run_main`, ``pywhence run``.
"""

from __future__ import annotations

from .cache import clear_cache
from .errors import (
    BadBytecodeError,
    BadMagicNumberError,
    CorruptZipError,
    InvalidScriptError,
    MainLoadError,
    MainNotFoundError,
    RunPathError,
)
from .main import run_main
from .runpy import PathArg as PathArg  # the type of run_path's path argument
from .runpy import run_path

__all__ = [
    "BadBytecodeError",
    "BadMagicNumberError",
    "CorruptZipError",
    "InvalidScriptError",
    "MainLoadError",
    "MainNotFoundError",
    "RunPathError",
    "clear_cache",
    "run_main",
    "run_path",
]
