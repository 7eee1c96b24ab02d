"""What one audit works from and collects into: the model's three inputs, the startup
they give, the import resolver over it, the installed distributions, who runs the
interpreter, and the findings so far.
"""

from __future__ import annotations

from .distributions import Distributions
from .resolver import Resolver
from .result import Finding
from .rules import RULES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..disk.fs import FileSystem
    from ..invocation import Invocation
    from ..startup.result import Startup
    from ..target.interpreter import Interpreter

__all__ = ["Context"]


class Context:
    """One audit's inputs and findings."""

    def __init__(self, target: Interpreter, startup: Startup, inv: Invocation, fs: FileSystem,
                 *, image: bool = False) -> None:
        self.target = target
        self.startup = startup
        self.inv = inv
        self.fs = fs
        self.p = fs.path
        #: Auditing what an image holds (``scan``): rules about the command line are off.
        self.image = image
        self.resolver = Resolver(target, startup, inv, fs)
        self.dists = Distributions(fs)
        uid = inv.euid if inv.euid is not None else inv.uid
        #: True when no uid is known (``--root``, a world without one): root is assumed.
        self.uid_assumed = uid is None
        self.runner_uid: int = 0 if uid is None else uid
        self.findings: list[Finding] = []
        #: Module files startup code loads (path, what loads it): checked like the code.
        self.code_files: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self._seen: set[tuple[str, str | None, int | None, str]] = set()

    def add(self, rule: str, message: str, *, path: str | None = None,
            index: int | None = None, level: str | None = None, fix: str | None = None,
            line: int | None = None) -> None:
        """Record a finding of *rule* (its default level and fix unless given)."""
        r = RULES[rule]
        key = (rule, path, index, message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(Finding(rule=rule, level=level or r.level, message=message,
                                     path=path, sys_path_index=index, fix=fix or r.fix,
                                     line=line))

    def absolute(self, path: str) -> str:
        """*path* made absolute against the working directory and normalised."""
        p = self.p
        if not p.isabs(path):
            path = p.join(self.inv.cwd, path)
        return str(p.normpath(path))
