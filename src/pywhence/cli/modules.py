"""The ``pywhence modules`` command: every importable top-level name and what supplies it.

``path``'s target options and PYTHON_ARGS; ``--shadowed`` keeps only the names that more
than one place provides (a standard-library name taken by the script directory, the
working directory, PYTHONPATH or site-packages; a site-packages name taken by the script
directory; two distributions claiming one name; namespace portions beaten by a regular
package).  ``--json`` prints the documented document.  Exit status 0, or 3 when the
interpreter would not start.
"""

from __future__ import annotations

import sys

from .output import EXIT_FATAL, EXIT_OK, PROG, _write

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from ..imports.result import Listing
    from .quickargs import Args
    from .render import Style

__all__ = ["render_modules"]


def _listing(ns: argparse.Namespace | Args, python_args: list[str],
             views: list[Any] | None = None) -> Listing:
    import pywhence

    from .target import refuse_world_mix, target_inputs

    if ns.world is not None:
        refuse_world_mix(ns, python_args)
        return pywhence.modules_world(pywhence.load_world(ns.world), shadowed=ns.shadowed)
    inputs = pywhence._inputs(**target_inputs(ns, python_args))
    return pywhence._modules(inputs, shadowed=ns.shadowed, views=views)


def _cmd_modules(ns: argparse.Namespace | Args, python_args: list[str],
                 views: list[Any] | None = None) -> int:
    """The command; the import system's view of the disk goes to *views* (kept answers)."""
    listing = _listing(ns, python_args, views)
    from .jsonout import dumps
    from .render import Style, one_line

    out = sys.stdout
    if ns.json:
        _write(out, dumps(listing.to_dict()) + "\n")
    else:
        _write(out, render_modules(listing, Style.for_stream(out), shadowed=ns.shadowed))
    if listing.fatal:
        _write(sys.stderr, f"{PROG}: the interpreter would fail to start: "
                           f"{one_line(listing.fatal)}\n")
        return EXIT_FATAL
    return EXIT_OK


def render_modules(listing: Listing, style: Style, *, shadowed: bool = False) -> str:
    """One line per name (its kind and origin), with what it shadows under it."""
    rows = listing.modules
    if not rows:
        return ("no name is provided by more than one place\n" if shadowed
                else "no importable module found\n")
    width = min(max(len(r.name) for r in rows), 32)
    lines: list[str] = []
    for r in rows:
        owner = f"  [{r.distribution}]" if r.distribution else ""
        where = r.origin or "(namespace package)"
        index = "" if r.sys_path_index is None else f"  sys.path[{r.sys_path_index}]"
        lines.append(f"{style.bold(r.name.ljust(width))}  {(r.kind or '').ljust(9)}  "
                     f"{where}{index}{owner}")
        if len(r.distributions) > 1:
            lines.append(f"{'':{width}}  claimed by {', '.join(r.distributions)}")
        for s in r.shadowed if shadowed else ():
            by = f"  [{s.distribution}]" if s.distribution else ""
            at = "" if s.sys_path_index is None else f"  sys.path[{s.sys_path_index}]"
            lines.append(f"{'':{width}}  shadows {s.kind}: {s.origin or '(namespace portion)'}"
                         f"{at}{by}")
    return "\n".join(lines) + "\n"
