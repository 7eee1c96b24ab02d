"""One start of the interpreter as the process gives it: argv, environment, working
directory, and the few facts the OS hands a process (its own binary on macOS and
Windows, the loaded library, user ids), or what an embedding application sets in
PyConfig instead (``Py_InitializeFromConfig`` with ``home``, ``program_name``,
``module_search_paths``).

These are the model's inputs besides the target facts and the disk; every stage reads
the environment from here, never from ``os.environ``.
"""

from __future__ import annotations

from ._record import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["Embed", "Invocation"]


@record
class Embed:
    """What an application embedding Python sets in PyConfig instead of a command line."""

    home: str | None = None
    program_name: str | None = None
    pythonpath: str | None = None  # like PYTHONPATH (config.pythonpath_env)
    module_search_paths: tuple[str, ...] | None = None  # Py_SetPath / module_search_paths_set


@record
class Invocation:
    """One start of the interpreter: everything outside the target binary and the disk."""

    argv: tuple[str, ...]
    env: Mapping[str, str]
    cwd: str
    #: The running binary as the OS reports it (macOS, Windows); None on Linux, where
    #: CPython derives it from argv[0] and PATH.
    real_executable: str | None = None
    #: The loaded libpython / DLL / framework dylib, when CPython asks the loader.
    library: str | None = None
    registry: Mapping[str, str] = field(default_factory=dict)
    embed: Embed | None = None
    uid: int | None = None
    euid: int | None = None
    gid: int | None = None
    egid: int | None = None
    #: The home directory from the password database, used when HOME is unset.
    passwd_home: str | None = None
