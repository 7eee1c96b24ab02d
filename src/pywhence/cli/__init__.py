"""The ``pywhence`` command: parse the command line, call the API, render the result.

The CLI is deliberately thin: every answer comes from :func:`pywhence.compute`,
:func:`pywhence.compute_world` or :func:`pywhence.run.run_main`; this package only turns
arguments into a call and a result (or an error) into text and an exit status.  Heavy
modules are imported inside the functions that need them, so ``pywhence --help`` costs
no more than argparse, and ``pywhence run`` not even that.

This module is the entry point: :func:`main` finds the command, dispatches it and turns
every failure into one line and an exit status.  The commands and their parts:
:mod:`.parser` (the argparse definitions), :mod:`.path`, :mod:`.snapshot`, :mod:`.run`
(the hand-off to :func:`pywhence.run.run_main`), :mod:`.render` (the table,
``--explain``, ``--json``) and :mod:`.output` (statuses, one-line errors).

Exit statuses (also in ``--help`` and the README):

* 0 -- the computation succeeded;
* 1 -- pywhence could not answer (a missing interpreter, a malformed world file, an
  internal error, a closed output pipe, a stdout closed before the start: ``>&-``, no
  message);
* 2 -- usage error (a bad option, ``--world`` mixed with other inputs, ``--env`` not
  ``NAME=VALUE``), even when stderr is closed and the message is lost;
* 3 -- the answer is that the target interpreter would fail to start (the result is
  still printed, followed by the fatal line);
* 4 -- ``audit`` / ``scan``: a finding at or above ``--fail-on`` (default ``error``);
* 130 -- interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sys

from .output import (
    EXIT_ERROR,
    EXIT_FATAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    _error,
    _note,
    _write,
)
from .run import _cmd_run

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from typing import Any

    from .quickargs import Args

__all__ = ["EXIT_ERROR", "EXIT_FATAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "main"]

#: Set this variable to get a traceback instead of the one-line internal-error message.
DEBUG_VARIABLE = "PYWHENCE_DEBUG"


#: The commands whose answers are kept between runs (cli/answercache.py).
_KEPT = frozenset({"path", "which", "modules"})


def _command_index(argv: list[str]) -> int | None:
    """Where the subcommand is: the first argument that is not a top-level option."""
    for i, arg in enumerate(argv):
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return i
    return None


def _dispatch(argv: list[str]) -> int:
    idx = _command_index(argv)
    if idx is not None and argv[idx] == "run":
        # Everything after 'run' belongs to run_main, untouched (its PATH's own options too).
        return _cmd_run(argv[idx + 1:])
    if idx == 0 and argv[0] in _KEPT and sys.stdout is not None and sys.stderr is not None:
        # An answer is kept only for a command line that parsed and was cacheable: the
        # very same command line needs no parsing to be looked up (cli/answercache.py).
        from .answercache import DISABLE_VARIABLE, replay

        code = None if os.environ.get(DISABLE_VARIABLE) else replay(argv, _write)
        if code is not None:
            return code
    from .quickargs import parse_quickly, split_python_args

    head: list[str] = argv
    python_args: list[str] = []
    if idx is not None and argv[idx] in ("path", "snapshot", "which", "modules", "audit"):
        head, python_args = split_python_args(argv)
    ns: Args | argparse.Namespace | None = parse_quickly(head)
    if ns is None:  # help, a usage error, or a form only argparse reads
        from .parser import _build_parser, _UsageExit

        parser = _build_parser()
        try:
            ns = parser.parse_args(head)
        except _UsageExit as exc:
            from .usage import forgotten_dashdash

            # PYTHON_ARGS without '--': say where they go, with the corrected command
            meant = forgotten_dashdash(parser, head, python_args, PROG)
            hint = f"{exc.prog} --help" if exc.prog != PROG else f"{PROG} --help"
            _note(f"{meant}\n" if meant else f"{exc.prog}: error: {exc} (see '{hint}')\n")
            return EXIT_USAGE
    if ns.command == "path":
        from .path import _cmd_path

        return _remembered(argv, ns, python_args, lambda views: _cmd_path(ns, python_args))
    if ns.command == "snapshot":
        from .snapshot import _cmd_snapshot

        return _cmd_snapshot(ns, python_args)
    if ns.command == "which":
        from .which import _cmd_which

        return _remembered(argv, ns, python_args, lambda views: _cmd_which(ns, python_args, views))
    if ns.command == "modules":
        from .modules import _cmd_modules

        return _remembered(argv, ns, python_args,
                           lambda views: _cmd_modules(ns, python_args, views))
    if ns.command == "audit":
        from .audit import _cmd_audit

        return _cmd_audit(ns, python_args)
    if ns.command == "scan":
        from .scan import _cmd_scan

        return _cmd_scan(ns)
    return EXIT_USAGE  # pragma: no cover - argparse requires a command


def _remembered(argv: list[str], ns: Args | argparse.Namespace, python_args: list[str],
                run: Callable[[list[Any] | None], int]) -> int:
    """``path``, ``which`` or ``modules``, answered from the answers kept between runs
    when every input is provably the same (:mod:`.answercache`), else computed and kept.
    *run(views)* prints the answer; the disk views it adds to *views* (the import
    system's) are checked, with the startup's, before the answer is given again."""
    from .answercache import cacheable

    if sys.stdout is None or sys.stderr is None or not cacheable(ns):
        return run(None)
    from .answercache import Tee, record

    # (the kept answer, if any, was looked for before the command line was parsed)
    out, err = Tee(sys.stdout), Tee(sys.stderr)
    views: list[Any] = []
    sys.stdout, sys.stderr = out, err
    try:
        code = run(views)
    finally:
        sys.stdout, sys.stderr = out.inner, err.inner
    record(argv, out, err, code, views)
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the ``pywhence`` command line; returns the exit status (see the module doc)."""
    args = list(sys.argv[1:] if argv is None else argv)
    from ..errors import PywhenceError, UsageError

    try:
        return _dispatch(args)
    except SystemExit as exc:  # --help, --version
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_ERROR)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_ERROR
    except UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except PywhenceError as exc:
        hint = getattr(exc, "python_hint", None)
        if hint:  # a console script as --python: the command with its interpreter
            from .usage import with_ready_command

            _error(with_ready_command(str(exc), hint, args))
        else:
            _error(str(exc))
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        _error(
            f"internal error: {type(exc).__name__}{': ' + first if first else ''} "
            f"(this is a bug in pywhence; please report it with the command line, "
            f"and set {DEBUG_VARIABLE}=1 for the traceback)"
        )
        return EXIT_ERROR


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush is quiet
    (the recipe of the ``signal`` module documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
