"""``Modules/main.c`` (3.8-3.15): the code ``pymain_run_python`` runs after startup that
is not the program -- the ``PYTHONSTARTUP`` file of the interactive prompt.

``pymain_run_stdin()`` runs when there is no ``-c``, ``-m`` or script (the prompt, or
``-`` for standard input).  When ``stdin_is_interactive()`` -- standard input is a
terminal, or ``-i`` was given -- it calls ``pymain_run_startup()`` first, which reads
``PYTHONSTARTUP`` with ``_Py_GetEnv(config->use_environment, ...)`` (ignored under
``-E``/``-I`` or a ``._pth`` file, unset and empty alike) and runs the file it names,
opened as given (relative to the working directory).  ``-i`` with ``-c``, ``-m`` or a
script enters the prompt through ``pymain_repl()`` instead, which never runs it, and
neither does ``PYTHONINSPECT``.  Measured the same on 3.8, 3.11-3.15 with a terminal
(a pty) and with a pipe.

Nothing here runs anything: :func:`python_startup` says which file would run.
"""

from __future__ import annotations

from .._record import record
from ..disk.fs import FileSystem
from ..invocation import Invocation
from ..target.behaviour import behaviour_for
from ..target.interpreter import Interpreter
from .getopt import CommandLineError, parse_command_line
from .initconfig import env_value
from .result import Startup

__all__ = ["StartupFile", "python_startup"]


@record
class StartupFile:
    """The ``PYTHONSTARTUP`` file the prompt would run."""

    #: The file as ``fopen()`` gets it, made absolute against the working directory.
    path: str
    #: The variable's value as set.
    value: str
    exists: bool
    #: True: it runs only when standard input is a terminal (no ``-i`` was given).
    needs_terminal: bool


def python_startup(target: Interpreter, startup: Startup, inv: Invocation,
                   fs: FileSystem) -> StartupFile | None:
    """The ``PYTHONSTARTUP`` file that ``python ARGS`` would run before its first prompt,
    or None when the run mode, ``-E``/``-I`` or the environment rule it out."""
    if startup.fatal or inv.embed is not None:
        return None
    if startup.flags.get("run_mode") not in ("interactive", "stdin"):
        return None
    if not startup.flags.get("use_environment", True):
        return None
    value = env_value(inv.env, "PYTHONSTARTUP")
    if value is None:
        return None
    sw = behaviour_for(target.version)
    try:
        cl = parse_command_line(inv.argv, safe_path_option=sw.safe_path)
    except CommandLineError:
        return None
    p = fs.path
    path = value if p.isabs(value) else p.join(inv.cwd, value)
    return StartupFile(path=path, value=value, exists=fs.is_file(path),
                       needs_terminal=not cl.inspect)
