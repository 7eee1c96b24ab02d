"""The audit: what runs at Python startup, and who can change what is imported (issue 10).

:func:`audit_startup` reads the startup the model computed -- ``Startup.dynamic``, the
site stage's list of ``.pth`` import lines, ``.start`` entry points, sitecustomize and
usercustomize in CPython's order; ``PYTHONSTARTUP`` from
:mod:`pywhence.startup.pymain` -- plus what the import resolver answers and what the
filesystem view says about owners and modes.  It has no rules of its own about what
CPython does; its rules are about risk (:mod:`.rules`, docs/audit.md):

* :mod:`.startup_code` -- each piece of startup code, its distribution (RECORD), whether
  it is a recognised idiom (:mod:`.idioms`) or unknown, obfuscated, a look-alike;
* :mod:`.writable` -- group/world-writable and foreign-owned entries, files and parents,
  creatable missing entries, relative entries and the working directory;
* :mod:`.shadowing` -- standard-library names taken by other places, two distributions
  installing one module;
* :mod:`.sarif` -- SARIF 2.1.0 for code-scanning tools; :mod:`.scan` -- every
  interpreter of an unpacked image, each audited with ``--root`` semantics.
"""

from __future__ import annotations

from .._memo import forget_with
from .result import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..disk.fs import FileSystem
    from ..invocation import Invocation
    from ..startup.result import Startup
    from ..target.interpreter import Interpreter

__all__ = ["Report", "audit_startup", "audit_startup_remembered"]

#: inputs -> (the startup, the audit's view of the disk, its report): see
#: :func:`audit_startup_remembered`.
_REMEMBERED: dict[tuple[object, ...], tuple[Startup, FileSystem, Report]] = {}
_REMEMBERED_SIZE = 64
forget_with(_REMEMBERED.clear)


def audit_startup(target: Interpreter, inv: Invocation, fs: FileSystem, startup: Startup,
                  *, image: bool = False) -> Report:
    """The audit of *startup* (computed from *target*, *inv* and *fs*).

    With *image*, what an image holds is audited without a command line of its own
    (``pywhence scan``): the rules about ``sys.path[0]`` and ``PYTHONSTARTUP`` are off.
    """
    from ..disk.fs import MemoFS
    from .context import Context
    from .shadowing import import_findings
    from .startup_code import startup_code
    from .writable import writability

    if not isinstance(fs, MemoFS):
        fs = MemoFS(fs)
    ctx = Context(target, startup, inv, fs, image=image)
    code = startup_code(ctx)
    entries = writability(ctx, code)
    if startup.fatal is None:
        import_findings(ctx)
    else:
        ctx.notes.append("the interpreter would not start: nothing runs, and imports were "
                         "not checked")
    ctx.notes.extend(ctx.resolver.failures)
    if ctx.uid_assumed:
        ctx.notes.append("the user who runs the interpreter is not known: root (uid 0) is "
                         "assumed for the ownership rules")
    return Report(startup, tuple(code), tuple(ctx.findings), tuple(entries), ctx.runner_uid,
                  ctx.uid_assumed, tuple(ctx.notes))


def audit_startup_remembered(target: Interpreter, inv: Invocation, fs: FileSystem,
                             startup: Startup) -> Report:
    """:func:`audit_startup`, reusing the last report for the same inputs when it is
    provably the same (as ``compute_startup_remembered`` does for the startup).

    The report is a function of the startup (the very object the remembered startup
    computation returns while nothing it read has changed), the invocation, and the
    answers the disk gave the audit: every question it asked (the import resolver's
    included) is asked again, one system call each, and every owner read again; when all
    answers are the same, so is the report.
    """
    from ..disk.fs import MemoFS

    key = (target, inv.argv, inv.cwd, tuple(sorted(inv.env.items())), inv.uid, inv.euid,
           inv.gid, inv.egid, inv.embed, fs.flavour, getattr(fs, "root", None), type(fs))
    hit = _REMEMBERED.get(key)
    if hit is not None:
        old_startup, memo, report = hit
        if old_startup is startup and isinstance(memo, MemoFS) and memo.still_answers(fs) \
                and all(fs.owner(p) == o for p, o in memo.owners_asked().items()):
            return report
    memo = MemoFS(fs)
    report = audit_startup(target, inv, memo, startup)
    if len(_REMEMBERED) >= _REMEMBERED_SIZE:
        _REMEMBERED.clear()
    _REMEMBERED[key] = (startup, memo, report)
    return report
