"""Result types: what the stages hand to each other and to the user.

Field names are CPython's (``sys.prefix``, ``PyConfig.module_search_paths``, ...) and the
keys of :meth:`Startup.to_dict` are the public ``--json`` contract: keys may be added,
never renamed or dropped.
"""

from __future__ import annotations

from .._record import field, record
from ..trace import Decision

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Entry", "Origin", "PathConfig", "Startup"]


class Origin:
    """The origin names an entry can carry (the ``origin`` key of ``--json`` entries)."""

    PYTHONPATH = "PYTHONPATH"
    STDLIB_ZIP = "stdlib zip"
    STDLIB = "stdlib"
    PLATSTDLIB = "platstdlib"  # lib-dynload on POSIX, DLLs on Windows
    BUILD_PYTHONPATH = "PYTHONPATH macro"
    REGISTRY = "registry"
    EXECUTABLE_DIR = "executable directory"
    PTH_FILE = "._pth file"
    EMBED = "embedding application"
    SITE_PACKAGES = "site-packages"
    VENV_SITE_PACKAGES = "venv site-packages"
    USER_SITE = "user site"
    PTH_LINE = ".pth file"
    PATH0 = "sys.path[0]"
    # Dynamic entries (Startup.dynamic): code site would run that can change sys.path.
    PTH_IMPORT = ".pth import line"
    START_ENTRY_POINT = ".start entry point"  # PEP 829 (3.15+)
    SITECUSTOMIZE = "sitecustomize"
    USERCUSTOMIZE = "usercustomize"
    #: A ``site`` module before the standard library's (PYTHONPATH) runs instead of it.
    SITE_MODULE = "site module"


@record
class Entry:
    """One ``sys.path`` entry and where it came from."""

    path: str
    origin: str  # one of Origin's values
    detail: str  # the input, e.g. "PYTHONPATH item 2" or "/x/foo.pth line 3"
    exists: bool | None = None  # None: not checked
    decision: int | None = None  # index into Startup.trace

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "origin": self.origin, "detail": self.detail, "exists": self.exists}


@record
class PathConfig:
    """What path configuration (getpath) computed, before site and sys.path[0]."""

    executable: str
    base_executable: str
    prefix: str
    exec_prefix: str
    base_prefix: str
    base_exec_prefix: str
    stdlib_dir: str
    platstdlib_dir: str = ""
    module_search_paths: tuple[Entry, ...] = ()
    program_name: str = ""
    home: str | None = None
    platlibdir: str = "lib"
    #: Flags getpath may change (a ._pth file turns on isolation and turns off site).
    isolated: bool = False
    use_environment: bool = True
    site_import: bool = True
    safe_path: bool = False
    is_python_build: bool = False
    #: ``sys._home`` precursor: the pyvenv.cfg ``home`` value, if any.
    venv_home: str | None = None
    warnings: tuple[str, ...] = ()
    fatal: str | None = None
    #: ``PyConfig.user_site_directory`` as getpath leaves it: None when getpath does not
    #: touch it (a ._pth file sets only ``isolated`` before 3.14, so the user site stays
    #: on), False when a ._pth file turns it off (3.14).
    user_site_directory: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "executable": self.executable,
            "base_executable": self.base_executable,
            "prefix": self.prefix,
            "exec_prefix": self.exec_prefix,
            "base_prefix": self.base_prefix,
            "base_exec_prefix": self.base_exec_prefix,
            "stdlib_dir": self.stdlib_dir,
        }


@record
class Startup:
    """The interpreter's state once startup is done, as the running program sees it."""

    executable: str
    base_executable: str
    prefix: str
    exec_prefix: str
    base_prefix: str
    base_exec_prefix: str
    entries: tuple[Entry, ...]
    path_config: PathConfig
    warnings: tuple[str, ...] = ()
    fatal: str | None = None
    #: Things CPython would do at run time that can still change sys.path (a .pth
    #: ``import`` line, a ``.start`` entry point, sitecustomize, usercustomize), in the
    #: order they run: reported, never executed.
    dynamic: tuple[Entry, ...] = ()
    flags: dict[str, Any] = field(default_factory=dict)
    version: str = ""
    platform: str = "linux"
    trace: tuple[Decision, ...] = ()
    #: ``--probe``: None when it was not asked for; else ``ran`` (the target was started
    #: by this computation), ``cache`` (the file its answer was read from or written to,
    #: None when there is none) and ``detail`` (one line saying which, or why it did not
    #: run).
    probe: dict[str, Any] | None = None

    @property
    def sys_path(self) -> list[str]:
        return [e.path for e in self.entries]

    @property
    def module_search_paths(self) -> list[str]:
        return [e.path for e in self.path_config.module_search_paths]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "platform": self.platform,
            "executable": self.executable,
            "base_executable": self.base_executable,
            "prefix": self.prefix,
            "exec_prefix": self.exec_prefix,
            "base_prefix": self.base_prefix,
            "base_exec_prefix": self.base_exec_prefix,
            "sys_path": self.sys_path,
            "module_search_paths": self.module_search_paths,
            "path_config": self.path_config.to_dict(),
            "entries": [e.to_dict() for e in self.entries],
            "dynamic": [e.to_dict() for e in self.dynamic],
            "flags": dict(self.flags),
            "warnings": list(self.warnings),
            "fatal": self.fatal,
            "trace": [d.to_dict() for d in self.trace],
            "probe": None if self.probe is None else dict(self.probe),
        }
