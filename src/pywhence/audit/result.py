"""The audit's result types: the startup code, the findings, each entry's owner and mode.

:meth:`Report.to_dict` is the public ``pywhence audit --json`` contract of issue 10
(``startup_code``, ``findings``, ``sys_path`` with exactly the keys the issue names);
keys may be added, never renamed or dropped.  :meth:`ScanReport.to_dict` is
``pywhence scan --json``.
"""

from __future__ import annotations

from .._record import record
from .rules import level_rank

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..startup.result import Startup

__all__ = ["EntryOwner", "Finding", "Report", "ScanReport", "ScannedInterpreter", "StartupCode",
           "owner_dict"]


def owner_dict(owner: tuple[int, int, int] | None) -> dict[str, Any]:
    """``mode`` (octal text, as ``stat -c %04a`` prints it), ``uid`` and ``gid``; nulls
    when the owner is unknown."""
    if owner is None:
        return {"mode": None, "uid": None, "gid": None}
    mode, uid, gid = owner
    return {"mode": f"{mode:04o}", "uid": uid, "gid": gid}


@record
class StartupCode:
    """One piece of code that runs before the program, in the order CPython runs it."""

    #: ``pth-import``, ``start-entrypoint`` (3.15, PEP 829), ``sitecustomize``,
    #: ``usercustomize`` or ``pythonstartup``.
    kind: str
    file: str
    #: The line of the ``.pth``/``.start`` file (None for a module or PYTHONSTARTUP).
    line: int | None
    #: The line's text (None for a module or PYTHONSTARTUP).
    text: str | None
    #: The installed distribution whose RECORD lists the file (``name version``), or None.
    distribution: str | None
    #: The known idiom the code is (``setuptools-editable``...), or None: unknown code.
    recognised: str | None
    #: Import hooks the code installs, where known (``sys.meta_path``/``path_hooks``).
    hooks: tuple[str, ...] = ()
    owner: tuple[int, int, int] | None = None
    #: What the import system predicts it raises (the rest of a .pth file is skipped).
    raises: str | None = None
    #: Why it may not run (``only when standard input is a terminal``), or None.
    condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "line": self.line,
            "text": self.text,
            "distribution": self.distribution,
            "recognised": self.recognised,
            "hooks": list(self.hooks),
            **owner_dict(self.owner),
            "raises": self.raises,
            "condition": self.condition,
        }


@record
class Finding:
    """One thing the audit flags."""

    rule: str
    level: str
    message: str
    #: The file or directory it concerns (None: the entry has no path, e.g. ``''``).
    path: str | None
    #: The ``sys.path`` index it concerns, when it concerns one.
    sys_path_index: int | None
    fix: str
    #: For a startup file: the line (SARIF region), else None.
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "path": self.path,
            "sys_path_index": self.sys_path_index,
            "fix": self.fix,
        }


@record
class EntryOwner:
    """One ``sys.path`` entry with its owner and mode (followed through symlinks)."""

    index: int
    path: str
    origin: str
    #: ``dir``, ``file`` (a zip archive), ``missing``...
    kind: str
    owner: tuple[int, int, int] | None

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "path": self.path, "origin": self.origin,
                "kind": self.kind, **owner_dict(self.owner)}


class Report:
    """What runs at startup and who could change what is imported, for one interpreter
    and command line."""

    __slots__ = ("entries", "findings", "notes", "runner_uid", "startup", "startup_code",
                 "uid_assumed")

    def __init__(self, startup: Startup, startup_code: tuple[StartupCode, ...],
                 findings: tuple[Finding, ...], entries: tuple[EntryOwner, ...],
                 runner_uid: int, uid_assumed: bool, notes: tuple[str, ...] = ()) -> None:
        self.startup = startup
        self.startup_code = startup_code
        #: Most severe first, then in the order found.
        self.findings = tuple(sorted(findings, key=lambda f: -level_rank(f.level)))
        self.entries = entries
        #: The user the interpreter is taken to run as (the invocation's euid).
        self.runner_uid = runner_uid
        #: True when no uid was known (``--root``, a world without one): root is assumed.
        self.uid_assumed = uid_assumed
        #: What the audit could not check, and why.
        self.notes = notes

    @property
    def fatal(self) -> str | None:
        return self.startup.fatal

    def worst(self) -> str | None:
        """The highest level among the findings, or None."""
        return self.findings[0].level if self.findings else None

    def fails(self, fail_on: str) -> bool:
        """Whether a finding is at or above *fail_on* (``none`` never fails)."""
        if fail_on == "none":
            return False
        return any(level_rank(f.level) >= level_rank(fail_on) for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        s = self.startup
        return {
            "startup_code": [c.to_dict() for c in self.startup_code],
            "findings": [f.to_dict() for f in self.findings],
            "sys_path": list(s.sys_path),
            "entries": [e.to_dict() for e in self.entries],
            "executable": s.executable,
            "version": s.version,
            "runner": {"uid": self.runner_uid, "assumed": self.uid_assumed},
            "notes": list(self.notes),
            "fatal": s.fatal,
        }


@record
class ScannedInterpreter:
    """One interpreter found in an image, and its audit."""

    #: As seen inside the image (``/usr/bin/python3.12``, ``/app/.venv/bin/python``).
    executable: str
    #: ``debian``, ``pyenv``, ``conda``, ``homebrew``, ``python.org``, ``venv``, ``other``.
    kind: str
    version: str | None
    audit: Report | None
    #: Why it could not be audited (not an interpreter pywhence models...), or None.
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "executable": self.executable,
            "kind": self.kind,
            "version": self.version,
            "audit": None if self.audit is None else self.audit.to_dict(),
        }
        if self.error is not None:
            out["error"] = self.error
        return out


class ScanReport:
    """Every interpreter of an image and its audit (``pywhence scan``)."""

    __slots__ = ("interpreters", "root", "user")

    def __init__(self, root: str, interpreters: tuple[ScannedInterpreter, ...],
                 user: dict[str, Any] | None = None) -> None:
        self.root = root
        self.interpreters = interpreters
        #: Whom every interpreter was audited as ({"name", "uid", "gid", "home"}), or
        #: None for root (the default).
        self.user = user

    def findings(self) -> list[tuple[ScannedInterpreter, Finding]]:
        return [(i, f) for i in self.interpreters if i.audit is not None
                for f in i.audit.findings]

    def fails(self, fail_on: str) -> bool:
        return any(i.audit.fails(fail_on) for i in self.interpreters if i.audit is not None)

    def to_dict(self) -> dict[str, Any]:
        return {"root": self.root, "user": self.user,
                "interpreters": [i.to_dict() for i in self.interpreters]}
