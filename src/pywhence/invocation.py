"""One start of the interpreter as the process gives it: argv, environment, working
directory, and the few facts the OS hands a process (its own binary on macOS and
Windows, the loaded library, user ids), or what an embedding application sets in
PyConfig instead (``Py_InitializeFromConfig`` with ``home``, ``program_name``,
``module_search_paths``).

These are the model's inputs besides the target facts and the disk; every stage reads
the environment from here, never from ``os.environ``.  :class:`RecordingEnv` is an
environment that remembers which names were looked up: what the remembered results
(startup/pylifecycle.py) and snapshots (disk/snapshot.py) depend on.
"""

from __future__ import annotations

from ._record import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
    from typing import Any

__all__ = ["Embed", "Invocation", "RecordingEnv"]


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


if TYPE_CHECKING:
    _EnvBase = Mapping[str, str]
else:
    _EnvBase = object  # the Mapping protocol by hand: collections.abc is not imported


class RecordingEnv(_EnvBase):
    """An environment mapping that remembers which names were looked up."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = dict(env)
        self.seen: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.seen.add(key)
        return self._env[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return self._env.get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.seen.add(key)
        return key in self._env

    def __iter__(self) -> Iterator[str]:
        # Iterating means everything may matter.
        self.seen.update(self._env)
        return iter(self._env)

    def __len__(self) -> int:
        return len(self._env)

    def keys(self) -> KeysView[str]:
        self.seen.update(self._env)
        return self._env.keys()

    def items(self) -> ItemsView[str, str]:
        self.seen.update(self._env)
        return self._env.items()

    def values(self) -> ValuesView[str]:
        self.seen.update(self._env)
        return self._env.values()

    def used(self) -> dict[str, str]:
        return {k: self._env[k] for k in sorted(self.seen) if k in self._env}
