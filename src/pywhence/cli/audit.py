"""The ``pywhence audit`` command: what runs at startup, and who could change what is
imported, for one interpreter and command line.

Options are ``path``'s target options (``--python``, ``--env``, ``--clear-env``,
``--cwd``, ``--root``, ``--world``, ``--probe``, PYTHON_ARGS after ``--``) plus ``--json``
(the contract of docs/audit.md), ``--sarif`` (SARIF 2.1.0) and ``--fail-on LEVEL``.  The
human output lists the startup code in the order it runs, then the findings grouped by
level, then ``sys.path`` with each entry's owner and mode.  Exit status 0, or
:data:`EXIT_FINDINGS` (4) when a finding is at or above ``--fail-on`` (default
``error``), so CI can gate on it; 3 when the interpreter would not start and nothing
fails.
"""

from __future__ import annotations

import sys

from .output import EXIT_FATAL, EXIT_OK, _write

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..audit.result import Finding, Report, StartupCode
    from .quickargs import Args
    from .render import Style

__all__ = ["EXIT_FINDINGS", "render_audit", "render_findings"]

#: A finding at or above --fail-on.
EXIT_FINDINGS = 4
FAIL_ON = ("info", "warning", "error", "none")

_HEADINGS = {"error": "errors", "warning": "warnings", "info": "info"}


def _report(ns: argparse.Namespace | Args, python_args: list[str]) -> Report:
    import pywhence

    from .target import refuse_world_mix, target_inputs

    if ns.world is not None:
        refuse_world_mix(ns, python_args)
        return pywhence.audit_world(pywhence.load_world(ns.world))
    return pywhence.audit(**target_inputs(ns, python_args))


def _cmd_audit(ns: argparse.Namespace | Args, python_args: list[str]) -> int:
    report = _report(ns, python_args)
    out = sys.stdout
    if ns.json:
        from .jsonout import dumps

        _write(out, dumps(report.to_dict()) + "\n")
    elif ns.sarif:
        from .. import __version__
        from ..audit.sarif import sarif_log
        from .jsonout import dumps

        _write(out, dumps(sarif_log([(report, {})], version=__version__)) + "\n")
    else:
        from .render import Style

        _write(out, render_audit(report, Style.for_stream(out), fail_on=ns.fail_on))
    return exit_status(report.fails(ns.fail_on), report.fatal is not None)


def exit_status(fails: bool, fatal: bool) -> int:
    """4 when a finding fails the run, else 3 for an interpreter that would not start."""
    if fails:
        return EXIT_FINDINGS
    return EXIT_FATAL if fatal else EXIT_OK


def _owner_text(owner: tuple[int, int, int] | None) -> str:
    if owner is None:
        return "-"
    mode, uid, gid = owner
    return f"{mode:04o} {uid}:{gid}"


def _code_line(n: int, c: StartupCode, st: Style) -> list[str]:
    where = f"{c.file}:{c.line}" if c.line is not None else c.file
    tag = st.green(f"[{c.recognised}]") if c.recognised else st.yellow("[unknown code]")
    lines = [f"  {n}. {c.kind:<16} {where}  {tag}"]
    if c.text is not None:
        lines.append(f"       {c.text.strip()}")  # whole: it is what a reader must judge
    facts = []
    if c.distribution:
        facts.append(f"installed by {c.distribution}")
    facts.append(f"owner {_owner_text(c.owner)}")
    if c.raises:
        facts.append(f"raises {c.raises}")
    if c.condition:
        facts.append(c.condition)
    lines.append("       " + st.dim(", ".join(facts)))
    for hook in c.hooks:
        lines.append("       " + st.dim(f"hook: {hook}"))
    return lines


def render_findings(findings: tuple[Finding, ...] | list[Finding], st: Style,
                    indent: str = "") -> list[str]:
    """The findings grouped by level, most severe first."""
    from ..audit.rules import RULES

    lines: list[str] = []
    for level in ("error", "warning", "info"):
        group = [f for f in findings if f.level == level]
        if not group:
            continue
        paint = st.red if level == "error" else st.yellow if level == "warning" else st.dim
        lines.append(f"{indent}{paint(st.bold(_HEADINGS[level]))} ({len(group)})")
        for f in group:
            where = f" [sys.path[{f.sys_path_index}]]" if f.sys_path_index is not None else ""
            lines.append(f"{indent}  {paint(f.rule)} {RULES[f.rule].name}{where}: {f.message}")
            lines.append(f"{indent}      fix: {f.fix}")
    return lines


def summary(findings: tuple[Finding, ...] | list[Finding]) -> str:
    counts = {lvl: sum(1 for f in findings if f.level == lvl) for lvl in ("error", "warning", "info")}
    parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
             f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
             f"{counts['info']} info"]
    return ", ".join(parts)


def render_audit(report: Report, st: Style, *, fail_on: str = "error") -> str:
    """The human report: startup code in order, findings by level, sys.path owners."""
    s = report.startup
    lines = [st.bold(f"pywhence audit: {s.executable} (Python {s.version})")]
    if report.fatal:
        lines.append(st.red("the interpreter would not start: ") + report.fatal.splitlines()[0])
    lines.append("")
    lines.append(st.bold("runs before the program, in this order:"))
    if not report.startup_code:
        lines.append("  nothing")
    for n, c in enumerate(report.startup_code, 1):
        lines.extend(_code_line(n, c, st))
    lines.append("")
    found = render_findings(report.findings, st)
    lines.extend(found or ["no findings"])
    lines.append("")
    runner = "root (assumed)" if report.uid_assumed else f"uid {report.runner_uid}"
    lines.append(st.bold(f"sys.path (mode uid:gid; the interpreter runs as {runner}):"))
    for e in report.entries:
        lines.append(f"  {e.index:>2}  {e.path or repr(e.path):<50} {_owner_text(e.owner):<14} "
                     + st.dim(e.origin if e.kind != "missing" else f"{e.origin}, missing"))
    for note in report.notes:
        lines.append(st.dim(f"note: {note}"))
    verdict = "fails" if report.fails(fail_on) else "passes"
    lines.append("")
    lines.append(f"{summary(report.findings)}: {verdict} --fail-on {fail_on}")
    return "\n".join(lines) + "\n"
