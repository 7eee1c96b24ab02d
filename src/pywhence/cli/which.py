"""The ``pywhence which NAME...`` command: the file each import would load, and why.

Options are ``path``'s target options (``--python``, ``--env``, ``--clear-env``,
``--cwd``, ``--root``, ``--world``, ``--probe``, PYTHON_ARGS after ``--``); the result of
:func:`pywhence.which` (or :func:`pywhence.which_world`) is printed one block per name
-- the file, its kind and the ``sys.path`` entry that supplied it, what it shadows, and
a warning when a standard-library name is taken by a place that is not the standard
library -- or every candidate with ``--explain``, or the ``--json`` document.  Exit
status 0, or 3 when the interpreter would not start.
"""

from __future__ import annotations

import sys

from .output import EXIT_FATAL, EXIT_OK, PROG, _write

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from ..imports.result import Resolution, Which
    from .quickargs import Args
    from .render import Style

__all__ = ["render_which", "render_which_json"]

#: Places that are not the standard library, as the warning names them.
_PLACE = {
    "sys.path[0]": "the script directory or working directory (sys.path[0])",
    "PYTHONPATH": "PYTHONPATH",
    "site-packages": "site-packages",
    "venv site-packages": "the venv's site-packages",
    "user site": "the user site-packages",
    ".pth file": "a .pth file's directory",
}


def _answer(ns: argparse.Namespace | Args, python_args: list[str],
            views: list[Any] | None = None) -> Which:
    import pywhence

    from .target import refuse_world_mix, target_inputs

    if ns.world is not None:
        refuse_world_mix(ns, python_args)
        return pywhence.which_world(pywhence.load_world(ns.world), ns.names,
                                    explain=ns.explain)
    inputs = pywhence._inputs(**target_inputs(ns, python_args))
    return pywhence._which(inputs, ns.names, explain=ns.explain, views=views)


def _cmd_which(ns: argparse.Namespace | Args, python_args: list[str],
               views: list[Any] | None = None) -> int:
    """The command; the import system's view of the disk goes to *views* (kept answers)."""
    which = _answer(ns, python_args, views)
    from .render import Style, one_line

    out = sys.stdout
    if ns.json:
        _write(out, render_which_json(which) + "\n")
    else:
        _write(out, render_which(which, Style.for_stream(out), explain=ns.explain))
    if which.fatal:
        _write(sys.stderr, f"{PROG}: the interpreter would fail to start: "
                           f"{one_line(which.fatal)}\n")
        return EXIT_FATAL
    return EXIT_OK


def render_which_json(which: Which) -> str:
    """The public ``--json`` document of ``which``."""
    from .jsonout import dumps

    return dumps(which.to_dict())


def render_which(which: Which, style: Style, *, explain: bool = False) -> str:
    """One block per name (and, with *explain*, every candidate it considered)."""
    lines: list[str] = []
    startup = which.startup
    for res in which.modules:
        lines += _block(res, startup, style, explain)
        lines.append("")
    return "\n".join(lines)


def _place(startup: object, index: int | None) -> str:
    entries = getattr(startup, "entries", ())
    if index is None or not 0 <= index < len(entries):
        return ""
    e = entries[index]
    return f"sys.path[{index}] {e.path or repr(e.path)} ({e.origin})"


def _block(res: Resolution, startup: object, st: Style, explain: bool) -> list[str]:
    arrow = "->" if not st.unicode else "\u2192"
    head = st.bold(res.name)
    spec = res.spec
    out: list[str] = []
    if res.error is not None:
        out.append(f"{head}  {res.error}")
    elif spec is None:
        out.append(f"{head}  not found (find_spec returns None; import raises "
                   f"ModuleNotFoundError: No module named {res.name!r})")
    else:
        where = spec.origin if spec.origin not in (None, "") else (
            ", ".join(spec.submodule_search_locations or ()) or "?")
        out.append(f"{head}  {arrow} {where}")
        loader = spec.loader or "no loader yet"
        detail = f"  {res.kind or 'module'} ({loader})"
        place = _place(startup, res.sys_path_index)
        if res.preloaded:
            detail += ", already imported when the program starts"
        if place:
            detail += f", from {place}"
        out.append(detail)
        if spec.submodule_search_locations and spec.origin:
            out.append(f"  __path__: {', '.join(spec.submodule_search_locations)}")
        if res.shadows:
            first = res.shadows[0]
            where2 = first.origin or "a namespace package"
            more = f" (and {len(res.shadows) - 1} more)" if len(res.shadows) > 1 else ""
            extra = _place(startup, first.sys_path_index)
            out.append(f"  shadows: {where2} [{first.kind}]" + (f" in {extra}" if extra else "")
                       + more)
        warning = _stdlib_warning(res, startup)
        if warning:
            out.append(f"  {st.yellow('warning:')} {warning}")
    if not res.certain:
        out.append("  not certain:")
        out += [f"    - {why}" for why in res.uncertain_because]
    if explain:
        out.append("  candidates, in the order the import system looked:")
        for n, c in enumerate(res.candidates, 1):
            where3 = c.path or ""
            index = "" if c.sys_path_index is None else f" [sys.path[{c.sys_path_index}]]"
            out.append(f"    {n}. {c.finder}: {where3}{index} {c.outcome}: {c.why}")
        if not res.candidates:
            out.append("    (none had the name)")
        for s in res.shadows:
            out.append(f"    shadowed: {s.origin} [{s.kind}] ({s.loader})")
    return out


def _stdlib_warning(res: Resolution, startup: object) -> str | None:
    """A standard-library name taken by a place that is not the standard library."""
    if res.spec is None or res.preloaded:
        return None
    stdlib_alt = [s for s in res.shadows if s.kind in ("builtin", "frozen")
                  or _is_stdlib_origin(s.origin, startup)]
    if not stdlib_alt:
        return None
    entries = getattr(startup, "entries", ())
    index = res.sys_path_index
    if index is None or not 0 <= index < len(entries):
        return None
    origin = entries[index].origin
    place = _PLACE.get(origin)
    if place is None:
        return None
    fix = f"rename {res.spec.origin or res.name}"
    if origin == "sys.path[0]":
        if _has_safe_path(getattr(startup, "version", "")):
            fix += ", or run with -P (or PYTHONSAFEPATH=1) to keep it off sys.path"
        else:
            fix += " (-P and PYTHONSAFEPATH exist from Python 3.11)"
    return (f"{res.name!r} is a standard-library module, but {place} provides it first; "
            f"the standard library's {stdlib_alt[0].origin} is shadowed. Fix: {fix}.")


def _is_stdlib_origin(origin: str | None, startup: object) -> bool:
    if not origin:
        return False
    pc = getattr(startup, "path_config", None)
    for e in getattr(pc, "module_search_paths", ()):
        if e.origin in ("stdlib", "platstdlib", "stdlib zip"):
            head = e.path.rstrip("/\\") + ("\\" if "\\" in e.path else "/")
            if origin.startswith(head) and not origin[len(head):].startswith(
                    ("site-packages", "dist-packages")):
                return True
    return False


def _has_safe_path(version: str) -> bool:
    """Whether the target version has ``-P``/PYTHONSAFEPATH (the ``safe_path`` switch)."""
    from ..target.behaviour import behaviour_for
    from ..target.interpreter import Version

    try:
        return behaviour_for(Version.parse(version)).safe_path
    except ValueError:
        return False
