"""The ``pywhence run`` command: the hand-off to :func:`pywhence.run.run_main`.

Everything after ``run`` belongs to ``run_main``, untouched -- its own options and the
script's -- so ``run`` is not parsed here at all.  ``run_main`` lives in
:mod:`pywhence.run` because it must load with the standard library alone.
"""

from __future__ import annotations


def _cmd_run(args: list[str]) -> int:
    """Run ``pywhence run ARGS...``: *args* is what follows ``run``."""
    from ..run import run_main

    return run_main(args)
