"""The ``pywhence path`` command: CPython's startup state for the given inputs, printed.

Options become a call of :func:`pywhence.compute` (or :func:`pywhence.compute_world` for
``--world``, which is the whole input); the result goes through :mod:`.render` as the
table, ``--explain`` or ``--json``.  The answer that the interpreter would fail to start
is still printed, with status 3.
"""

from __future__ import annotations

import os
import sys

from .output import EXIT_FATAL, EXIT_OK, PROG, _note, _write

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from ..startup.result import Startup
    from .quickargs import Args


def _parse_env(items: Sequence[str], clear: bool) -> dict[str, str]:
    from ..errors import UsageError

    env: dict[str, str] = {} if clear else dict(os.environ)
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name or "\0" in item:
            raise UsageError(f"--env expects NAME=VALUE, got {item!r}", item)
        env[name] = value
    return env


def _compute(ns: argparse.Namespace | Args, python_args: list[str]) -> Startup:
    from ..errors import UsageError

    if ns.world is not None:
        mixed = [opt for opt, given in (
            ("--python", ns.python is not None),
            ("--env", bool(ns.env)),
            ("--clear-env", ns.clear_env),
            ("--cwd", ns.cwd is not None),
            ("--root", ns.root is not None),
            ("--probe", ns.probe),
            ("PYTHON_ARGS after '--'", bool(python_args)),
        ) if given]
        if mixed:
            raise UsageError(
                f"--world FILE is the whole input; it cannot be combined with {', '.join(mixed)}",
                mixed[0],
            )
        import pywhence

        return pywhence.compute_world(pywhence.load_world(ns.world))

    env = _parse_env(ns.env, ns.clear_env)
    import pywhence

    return pywhence.compute(
        python=ns.python,
        args=python_args,
        env=env,
        cwd=ns.cwd,
        root=ns.root,
        probe=ns.probe,
    )


def _cmd_path(ns: argparse.Namespace | Args, python_args: list[str]) -> int:
    startup = _compute(ns, python_args)
    from .render import Style, one_line, render_explain, render_human
    from .runs import runs_for, with_runs_json, with_runs_text

    runs = runs_for(ns, python_args, startup,
                    {} if ns.world is not None else _parse_env(ns.env, ns.clear_env))
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
