"""The ``pywhence snapshot`` command: the world file of this machine, written out.

It computes like ``pywhence path`` while :func:`pywhence.snapshot` records every file,
directory, symlink and environment variable the model consults, and writes them as a
world file (docs/worlds.md) that ``pywhence path --world`` replays to the same answer.
"""

from __future__ import annotations

import sys

from .output import EXIT_OK, PROG, _note, _write
from .target import parse_env

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from .quickargs import Args


def _cmd_snapshot(ns: argparse.Namespace | Args, python_args: list[str]) -> int:
    import pywhence

    from ..disk.fileio import write_atomic
    from ..disk.world import dump_world
    from ..errors import PywhenceError

    doc = pywhence.snapshot(
        python=ns.python,
        args=python_args,
        env=parse_env(ns.env, ns.clear_env),
        cwd=ns.cwd,
        probe=ns.probe,
    )
    # names that are not UTF-8 are written as \udcXX escapes: the replay sees them as they are
    text = dump_world(doc)
    if ns.output is None:
        _write(sys.stdout, text)
        return EXIT_OK
    try:
        # a failed write (a full disk, a file-size limit) leaves an existing file whole
        write_atomic(ns.output, text.encode("utf-8"))
    except OSError as exc:
        raise PywhenceError(f"cannot write snapshot to {ns.output}: {exc.strerror or exc}",
                            ns.output) from None
    n = len(doc["files"]) + len(doc["symlinks"]) + len(doc["dirs"])
    _note(f"{PROG}: wrote {ns.output}: {n} paths, {len(doc['env'])} variables\n")
    return EXIT_OK
