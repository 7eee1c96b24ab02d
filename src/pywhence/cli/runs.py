"""What ``pywhence path`` says about the module a run mode runs (``-m NAME``, a directory
or a zip given as the script): the file runpy would run -- a package's ``__main__`` --,
or, when there is none, the message python prints before exiting with status 1.

The answer is :func:`pywhence.run_target`'s; this module only words it for the header of
the table, ``--explain`` and ``--json`` (a ``runs`` key).
"""

from __future__ import annotations

import sys

from .output import PROG, _write

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..imports.runpy import RunTarget
    from ..startup.result import Startup
    from .quickargs import Args

__all__ = ["runs_for", "with_runs_json", "with_runs_text"]


def runs_for(ns: argparse.Namespace | Args, python_args: list[str],
             startup: Startup) -> RunTarget | None:
    """The run target of this ``path`` command line (None: nothing to say)."""
    mode = startup.flags.get("run_mode")
    if startup.fatal or mode not in ("module", "script") or ns.world is not None:
        return None
    if mode == "script" and not python_args:
        return None
    import pywhence

    from .target import target_inputs

    found = pywhence.run_target(**target_inputs(ns, python_args))
    if found is not None and found.error is not None:
        _write(sys.stderr, f"{PROG}: warning: python would exit with status 1 at run time: "
                           f"{startup.executable}: {found.error}\n")
    return found


def _line(runs: RunTarget, executable: str) -> str:
    if runs.error is not None:
        return f"runs: nothing -- {executable}: {runs.error} (exit status 1)"
    return f"runs: {runs.name} from {runs.origin} ({runs.kind})"


def with_runs_text(text: str, runs: RunTarget | None, startup: Startup) -> str:
    """*text* with the line saying what runs under its title line."""
    if runs is None:
        return text
    head, nl, rest = text.partition("\n")
    return f"{head}{nl}{_line(runs, startup.executable)}\n{rest}"


def with_runs_json(startup: Startup, runs: RunTarget | None) -> str:
    """The ``--json`` document of ``path``, with a ``runs`` key when there is a target."""
    from .jsonout import dumps

    doc = startup.to_dict()
    if runs is not None:
        doc["runs"] = runs.to_dict()
    return dumps(doc)
