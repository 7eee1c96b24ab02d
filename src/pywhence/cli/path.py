"""The ``pywhence path`` command: CPython's startup state for the given inputs, printed.

Options become a call of :func:`pywhence.compute` (or :func:`pywhence.compute_world` for
``--world``, which is the whole input); the result goes through :mod:`.render` as the
table, ``--explain`` or ``--json``.  The answer that the interpreter would fail to start
is still printed, with status 3.
"""

from __future__ import annotations

import sys

from .output import EXIT_FATAL, EXIT_OK, PROG, _note, _write

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..startup.result import Startup
    from .quickargs import Args


def _compute(ns: argparse.Namespace | Args, python_args: list[str]) -> Startup:
    import pywhence

    from .target import refuse_world_mix, target_inputs

    if ns.world is not None:
        refuse_world_mix(ns, python_args)
        return pywhence.compute_world(pywhence.load_world(ns.world))
    return pywhence.compute(**target_inputs(ns, python_args))


def _cmd_path(ns: argparse.Namespace | Args, python_args: list[str]) -> int:
    startup = _compute(ns, python_args)
    from .render import Style, one_line, render_explain, render_human
    from .runs import runs_for, with_runs_json, with_runs_text

    runs = runs_for(ns, python_args, startup)
    out = sys.stdout
    if ns.json:
        _write(out, with_runs_json(startup, runs) + "\n")
        if startup.fatal:
            _note(f"{PROG}: the interpreter would fail to start: {one_line(startup.fatal)}\n")
    else:
        style = Style.for_stream(out)
        text = render_explain(startup, style) if ns.explain else render_human(startup, style)
        _write(out, with_runs_text(text, runs, startup))
    return EXIT_FATAL if startup.fatal else EXIT_OK
