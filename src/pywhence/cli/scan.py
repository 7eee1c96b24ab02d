"""The ``pywhence scan ROOT`` command: every interpreter of an unpacked image, audited.

:func:`pywhence.scan` finds the interpreters (and venvs) under ROOT and audits each with
``--root`` semantics; this prints one report -- per interpreter, its kind, version and
findings by level -- or ``--json`` (``{"root", "interpreters": [{"executable", "kind",
"version", "audit"}]}``, paths as seen inside the image) or ``--sarif`` (one SARIF run
for the image).  On a terminal, progress goes to stderr while more than a few
interpreters are audited.  Exit status as ``audit``'s: 4 when a finding of any
interpreter is at or above ``--fail-on``.
"""

from __future__ import annotations

import sys

from .output import EXIT_OK, _write

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..audit.result import ScanReport
    from .quickargs import Args
    from .render import Style

__all__ = ["render_scan"]

#: Progress is shown on a terminal when at least this many interpreters are audited.
_PROGRESS_FROM = 4


def _progress(done: int, total: int, executable: str) -> None:
    err = sys.stderr
    if total < _PROGRESS_FROM or not _isatty(err):
        return
    if done >= total:
        _write(err, "\r\033[K")
        return
    _write(err, f"\r\033[Kscanning {done + 1}/{total}: {executable}")


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def _cmd_scan(ns: argparse.Namespace | Args) -> int:
    import pywhence

    from .audit import exit_status

    report = pywhence.scan(ns.root, progress=_progress, user=ns.user)
    out = sys.stdout
    if ns.json:
        from .jsonout import dumps

        _write(out, dumps(report.to_dict()) + "\n")
    elif ns.sarif:
        from .. import __version__
        from ..audit.sarif import sarif_log
        from .jsonout import dumps

        runs = [(i.audit, {"executable": i.executable, "kind": i.kind})
                for i in report.interpreters if i.audit is not None]
        _write(out, dumps(sarif_log(runs, root=report.root, version=__version__)) + "\n")
    else:
        from .render import Style

        _write(out, render_scan(report, Style.for_stream(out), fail_on=ns.fail_on))
    if not report.interpreters:
        return EXIT_OK
    return exit_status(report.fails(ns.fail_on), False)


def render_scan(report: ScanReport, st: Style, *, fail_on: str = "error") -> str:
    """One block per interpreter: what runs at its startup and its findings by level."""
    from .audit import render_findings, summary

    lines = [st.bold(f"pywhence scan: {report.root}"),
             f"{len(report.interpreters)} interpreter(s) found", ""]
    for i in report.interpreters:
        head = f"{i.executable}  ({i.kind}{', Python ' + i.version if i.version else ''})"
        lines.append(st.bold(head))
        if i.audit is None:
            lines.append(f"  not audited: {i.error}")
            lines.append("")
            continue
        for c in i.audit.startup_code:
            where = f"{c.file}:{c.line}" if c.line is not None else c.file
            lines.append(f"  runs at startup: {c.kind} {where} "
                         f"[{c.recognised or 'unknown code'}]")
        lines.extend(render_findings(i.audit.findings, st, indent="  ") or ["  no findings"])
        lines.append("")
    every = [f for _, f in report.findings()]
    verdict = "fails" if report.fails(fail_on) else "passes"
    lines.append(f"{summary(every)}: {verdict} --fail-on {fail_on}")
    return "\n".join(lines) + "\n"
