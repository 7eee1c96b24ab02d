"""Target facts: what an interpreter *is*, learned without running it.

These are the values getpath calls "known at compile time" (``PREFIX``, ``EXEC_PREFIX``,
``PLATLIBDIR``, ``VPATH``, ...) plus the version and the platform.  They come from a world
file, from static discovery (:mod:`pywhence.discovery`), or, when asked for, from one
probe run of the interpreter.  The model never asks the running Python for any of them.
"""

from __future__ import annotations

from .._record import field, record

__all__ = ["Build", "Interpreter", "Platform", "SiteFlavour", "Version"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal
    Platform = Literal["linux", "darwin", "win32"]
else:
    Platform = str  # a Literal for type checkers; typing is not imported

#: ``cpython``: site.py as CPython ships it; ``debian``: Debian/Ubuntu's patched site.py
#: (``dist-packages``, ``/usr/local/lib/pythonX.Y/dist-packages`` first).
if TYPE_CHECKING:
    SiteFlavour = Literal["cpython", "debian"]
else:
    SiteFlavour = str  # a Literal for type checkers; typing is not imported


@record(order=True)
class Version:
    """A CPython version; ``micro`` is None when only ``X.Y`` is known.

    Behaviour switches tied to a micro release treat an unknown micro as the newest
    release of that series (see :mod:`pywhence.behaviour`).
    """

    major: int
    minor: int
    micro: int | None = None

    @classmethod
    def parse(cls, text: str) -> Version:
        """``"3.12"`` or ``"3.12.4"`` (release-level suffixes such as ``rc1`` are dropped)."""
        import re

        m = re.fullmatch(r"\s*(\d+)\.(\d+)(?:\.(\d+))?(?:[abcr+].*)?\s*", text)
        if not m:
            raise ValueError(f"not a Python version: {text!r}")
        micro = int(m.group(3)) if m.group(3) is not None else None
        return cls(int(m.group(1)), int(m.group(2)), micro)

    @property
    def xy(self) -> tuple[int, int]:
        return (self.major, self.minor)

    def __str__(self) -> str:
        base = f"{self.major}.{self.minor}"
        return base if self.micro is None else f"{base}.{self.micro}"


@record
class Build:
    """The build's compile-time constants, as getpath receives them.

    Field names follow getpath's globals: ``PREFIX`` -> ``prefix``, ``VPATH`` -> ``vpath``,
    ``PYDEBUGEXT`` -> ``debug_ext``, ``WITH_NEXT_FRAMEWORK`` -> ``framework``...
    """

    prefix: str = "/usr/local"
    exec_prefix: str = ""  # empty: same as prefix
    platlibdir: str = "lib"
    vpath: str = ""
    abi_thread: str = ""  # "t" for free-threaded builds (3.13+)
    #: ``sys.abiflags`` / ``ABIFLAGS``: ``t`` free-threaded (3.13+, PEP 703), ``d`` a
    #: ``--with-pydebug`` build (``td`` both); getpath sees only the ``t``, as ``abi_thread``.
    abiflags: str = ""
    #: ``importlib.machinery.EXTENSION_SUFFIXES`` when a static source says (PEP 739's
    #: build-details.json; empty: unknown, derived from the build or read from the binary).
    extension_suffixes: tuple[str, ...] = ()
    pythonpath: str = ""  # the PYTHONPATH macro (relative entries are joined to prefix)
    framework: bool = False
    debug_ext: str = ""  # "_d" for Windows debug builds
    pywinver: str = ""  # sys.winver, e.g. "3.12" or "3.12-32"
    exe_suffix: str = ""  # ".exe" on Windows
    shared: bool | None = None  # built with --enable-shared (None: unknown)
    multiarch: str = ""  # e.g. "x86_64-linux-gnu" (Debian's dist-packages layout)

    @property
    def effective_exec_prefix(self) -> str:
        return self.exec_prefix or self.prefix

    @property
    def debug(self) -> bool:
        """A debug build (``Py_DEBUG``: ABI flag ``d``, or Windows' ``_d`` names)."""
        return "d" in self.abiflags or self.debug_ext == "_d"


@record
class Interpreter:
    """Everything the model needs to know about the target interpreter."""

    version: Version
    platform: Platform = "linux"
    build: Build = field(default_factory=Build)
    #: The binary the facts were read from (target path), if there was one.
    executable: str | None = None
    #: libpython / pythonXY.dll / the framework dylib, as the loader would report it.
    library: str | None = None
    site_flavour: SiteFlavour = "cpython"
    #: How each fact was learned: ``(fact, source)`` pairs, for --explain.
    provenance: tuple[tuple[str, str], ...] = ()

    @property
    def flavour(self) -> Literal["posix", "nt"]:
        return "nt" if self.platform == "win32" else "posix"
