"""Who can change what is imported: the owner and mode of every ``sys.path`` entry, of
every file that runs at startup, and of each directory above them (rules PW200-PW204,
PW300, PW301).

Ownership comes from the filesystem view (``FileSystem.owner``: symlinks followed).  A
path can be changed by

* anyone its mode lets write it (group- or world-writable): in a directory they can
  create modules, in a file they can rewrite code;
* anyone who can write a directory above it, unless the sticky bit protects entries
  they do not own (``/tmp``): they can rename it away and put their own in its place;
* its owner, and the owner of any directory above it, when that is neither root nor the
  user who runs the interpreter (the invocation's euid; root when none is known, as in
  an image);
* for a missing entry, anyone who can create it: whoever can write (or owns) its
  nearest existing ancestor -- through a symlink too.

The directories checked are those on the path as written and those on the path with
its symlinks resolved: a link in a writable place can be replaced as well.  World
access makes an error, group access a warning.  A relative entry, ``''`` and the working
directory as ``sys.path[0]`` depend on where the process runs (rules PW300, PW301; not
in an image scan, where there is no command line).
"""

from __future__ import annotations

import stat

from ..disk.fs import realpath_lax
from .result import EntryOwner

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .context import Context
    from .result import StartupCode

__all__ = ["writability"]

#: Run modes that put the working directory first on sys.path.
_CWD_MODES = ("command", "module", "interactive", "stdin")


def _others_write(owner: tuple[int, int, int]) -> str | None:
    """``world``, ``group`` or None: who besides the owner may write."""
    mode = owner[0]
    if mode & stat.S_IWOTH:
        return "world"
    if mode & stat.S_IWGRP:
        return "group"
    return None


def _level(who: str) -> str:
    return "error" if who == "world" else "warning"


class _Checks:
    """The ownership questions of one audit, each directory reported once per rule."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.fs = ctx.fs
        self.p = ctx.p
        #: (rule, directory) -> (level, what it endangers, first sys.path index)
        self.parents: dict[tuple[str, str], tuple[str, str, list[str], int | None]] = {}

    def foreign(self, owner: tuple[int, int, int]) -> bool:
        return owner[1] not in (0, self.ctx.runner_uid)

    def foreign_level(self) -> str:
        return "error" if self.ctx.runner_uid == 0 else "warning"

    def runner(self) -> str:
        ctx = self.ctx
        return "root (assumed)" if ctx.uid_assumed else f"uid {ctx.runner_uid}"

    def ancestors(self, path: str) -> list[str]:
        """Every directory above *path*, as written and with its symlinks resolved."""
        p = self.p
        out: list[str] = []
        seen: set[str] = set()
        candidates = [path]
        try:
            real = realpath_lax(self.fs, path)
        except OSError:
            real = path
        if real != path:
            candidates.append(real)
        for start in candidates:
            d = p.dirname(start)
            while d not in seen:
                seen.add(d)
                out.append(d)
                parent = p.dirname(d)
                if parent == d:
                    break
                d = parent
        return out

    def note_parent(self, rule: str, directory: str, level: str, why: str, endangered: str,
                    index: int | None) -> None:
        key = (rule, directory)
        hit = self.parents.get(key)
        if hit is None:
            self.parents[key] = (level, why, [endangered], index)
        else:
            hit[2].append(endangered)

    def check(self, path: str, what: str, *, index: int | None, entry: bool,
              fix: str | None = None) -> None:
        """An existing entry or startup file: itself, then each directory above it."""
        ctx = self.ctx
        owner = self.fs.owner(path)
        if owner is not None:
            who = _others_write(owner)
            if who is not None:
                rule = "PW200" if entry else "PW201"
                members = "anyone" if who == "world" else f"the members of group {owner[2]}"
                ctx.add(rule, f"{what} is {who}-writable (mode {owner[0]:04o}): {members} "
                              f"can {'create modules in' if entry else 'rewrite'} it",
                        path=path, index=index, level=_level(who),
                        fix=fix or f"chmod go-w {path}")
            if self.foreign(owner):
                ctx.add("PW203", f"{what} is owned by uid {owner[1]}, who is neither root nor "
                                 f"the user running the interpreter ({self.runner()})",
                        path=path, index=index, level=self.foreign_level(),
                        fix=f"chown {'root' if ctx.runner_uid == 0 else ctx.runner_uid} {path}")
        self.check_parents(path, what, index)

    def check_parents(self, path: str, what: str, index: int | None) -> None:
        for d in self.ancestors(path):
            owner = self.fs.owner(d)
            if owner is None:
                continue
            who = _others_write(owner)
            if who is not None and not owner[0] & stat.S_ISVTX:
                self.note_parent("PW202", d, _level(who),
                                 f"{who}-writable (mode {owner[0]:04o}) without the sticky bit",
                                 what, index)
            if self.foreign(owner):
                self.note_parent("PW203", d, self.foreign_level(),
                                 f"owned by uid {owner[1]}, neither root nor the user running "
                                 f"the interpreter ({self.runner()})", what, index)

    def missing(self, path: str, what: str, index: int) -> None:
        """A missing entry: whoever can create it (through a symlink too)."""
        ctx = self.ctx
        fs = self.fs
        p = self.p
        starts = [path]
        try:
            real = realpath_lax(fs, path)
        except OSError:
            real = path
        if real != path:
            starts.append(real)
        for start in starts:
            d = p.dirname(start)
            while not fs.is_dir(d):
                parent = p.dirname(d)
                if parent == d:
                    break
                d = parent
            owner = fs.owner(d)
            if owner is None:
                continue
            who = _others_write(owner)
            if who is not None:
                ctx.add("PW204", f"{what} does not exist, and its nearest existing parent {d} "
                                 f"is {who}-writable (mode {owner[0]:04o}): "
                                 f"{'anyone' if who == 'world' else 'the group'} can create it",
                        path=path, index=index, level=_level(who),
                        fix=f"remove the entry, or chmod go-w {d}")
            elif self.foreign(owner):
                ctx.add("PW204", f"{what} does not exist, and its nearest existing parent {d} "
                                 f"belongs to uid {owner[1]}, who can create it",
                        path=path, index=index, level=self.foreign_level(),
                        fix=f"remove the entry, or chown {d}")
            self.check_parents(d, what, index)

    def flush(self) -> None:
        ctx = self.ctx
        for (rule, directory), (level, why, endangered, index) in self.parents.items():
            shown = endangered[0] + (f" and {len(endangered) - 1} more" if len(endangered) > 1 else "")
            verb = "replace what is below it" if rule == "PW202" else "change what is below it"
            fix = (f"chmod go-w {directory} (or chmod +t {directory} if it must stay shared)"
                   if rule == "PW202" else f"chown root {directory}")
            ctx.add(rule, f"{directory} is {why}: its users can {verb}: {shown}",
                    path=directory, index=index, level=level, fix=fix)


def writability(ctx: Context, code: list[StartupCode]) -> list[EntryOwner]:
    """Every sys.path entry with its owner, after recording the findings about entries,
    startup files and the directories above them."""
    from ..target.behaviour import behaviour_for

    checks = _Checks(ctx)
    fs = ctx.fs
    p = ctx.p
    out: list[EntryOwner] = []
    startup = ctx.startup
    run_mode = startup.flags.get("run_mode")
    safe = behaviour_for(ctx.target.version).safe_path
    cwd_fix = ("run with -P or PYTHONSAFEPATH=1, or -I" if safe else
               "run with -I (isolated mode; -P needs 3.11)")
    for i, e in enumerate(startup.entries):
        path = ctx.absolute(e.path)
        kind = fs.kind(path)
        out.append(EntryOwner(i, e.path, e.origin, kind or "missing", fs.owner(path)))
        what = f"sys.path[{i}] {e.path!r}" if e.path != path else f"sys.path[{i}] {path}"
        if ctx.image and e.origin == "sys.path[0]":
            continue  # the command line's, not the image's
        if not ctx.image:
            if e.path == "":
                ctx.add("PW301", f"sys.path[{i}] is '': the working directory ({ctx.inv.cwd} "
                                 "now) is searched first at every import", path=path, index=i,
                        fix=cwd_fix)
            elif e.origin == "sys.path[0]" and run_mode in _CWD_MODES and path == ctx.absolute(ctx.inv.cwd):
                ctx.add("PW301", f"sys.path[{i}] is the working directory {path}", path=path,
                        index=i, fix=cwd_fix)
            elif not p.isabs(e.path):
                ctx.add("PW300", f"sys.path[{i}] {e.path!r} is relative: it names "
                                 f"{path} only while the working directory is {ctx.inv.cwd}",
                        path=path, index=i)
        cwd = e.path == "" or (e.origin == "sys.path[0]" and run_mode in _CWD_MODES
                               and path == ctx.absolute(ctx.inv.cwd))
        if kind is None:
            checks.missing(path, what, i)
        else:
            checks.check(path, what, index=i, entry=True,
                         fix=f"{cwd_fix}, or work from a directory others cannot write"
                         if cwd else None)
    for item in code:
        checks.check(item.file, f"{item.kind} file {item.file}", index=None, entry=False)
    for path, what in ctx.code_files:
        checks.check(path, f"{path} ({what})", index=None, entry=False)
    checks.flush()
    return out
