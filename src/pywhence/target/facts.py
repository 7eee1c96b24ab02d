"""The facts static discovery gathers about a target, before they make an Interpreter.

What getpath calls "known at compile time" (``PREFIX``, ``EXEC_PREFIX``, ``PLATLIBDIR``,
``VPATH``, ...), the version and the platform, each possibly still unknown (``None``)
and each with the source it came from.  Static discovery (:mod:`.discovery`) fills them
from the disk; ``--probe`` (:mod:`.probe`) fills what is left from one run of the
target.  Both import this module and neither imports the other's internals, so the two
readers stay one-way: discovery -> probe -> facts.
"""

from __future__ import annotations

from .._record import field, record
from .interpreter import Platform, SiteFlavour

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Facts", "set_version", "sys_abiflags"]


@record(frozen=False)
class Facts:
    """Facts as discovery gathers them; ``None`` means not found (a probe may fill it)."""

    major: int | None = None
    minor: int | None = None
    micro: int | None = None
    platform: Platform = "linux"
    prefix: str | None = None
    exec_prefix: str | None = None
    platlibdir: str | None = None
    vpath: str | None = None
    abi_thread: str | None = None
    abiflags: str | None = None
    extension_suffixes: tuple[str, ...] | None = None
    pythonpath: str | None = None
    shared: bool | None = None
    multiarch: str | None = None
    site_flavour: SiteFlavour | None = None
    library: str | None = None
    executable: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)

    def put(self, name: str, value: Any, source: str) -> None:
        """Set *name* to *value* from *source* unless a more trusted source already did."""
        if value is None or getattr(self, name) is not None:
            return
        setattr(self, name, value)
        self.provenance.setdefault(name, source)

    @property
    def xy(self) -> tuple[int, int] | None:
        if self.major is None or self.minor is None:
            return None
        return (self.major, self.minor)

    def missing(self) -> list[str]:
        """The facts a probe could supply."""
        names = ["major", "minor", "micro", "prefix", "exec_prefix", "platlibdir", "vpath",
                 "abi_thread", "pythonpath", "shared", "multiarch", "site_flavour"]
        return [n for n in names if getattr(self, n) is None]


def sys_abiflags(facts: Facts) -> str:
    """``sys.abiflags`` from the facts, its ``t`` always the one ``abi_thread`` says."""
    flags = facts.abiflags if facts.abiflags is not None else ""
    thread = "t" if facts.abi_thread == "t" else ""
    return thread + flags.replace("t", "")


def set_version(facts: Facts, major: int, minor: int, micro: int | None, source: str) -> None:
    """Record X.Y from *source* if no source gave it yet, and the micro version when
    *source* agrees with the X.Y already known (a micro of another series is ignored)."""
    if facts.xy is None:
        facts.put("major", major, source)
        facts.put("minor", minor, source)
    if facts.xy == (major, minor) and micro is not None:
        facts.put("micro", micro, source)
