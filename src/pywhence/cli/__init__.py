"""The ``pywhence`` command: parse the command line, call the API, render the result.

The CLI is deliberately thin: every answer comes from :func:`pywhence.compute`,
:func:`pywhence.compute_world` or :func:`pywhence.run.run_main`; this module only turns
arguments into a call and a result (or an error) into text and an exit status.  Heavy
modules are imported inside the functions that need them, so ``pywhence --help`` costs
no more than argparse.

Exit statuses (also in ``--help`` and the README):

* 0 -- the computation succeeded;
* 1 -- pywhence could not answer (a missing interpreter, a malformed world file, an
  internal error, a closed output pipe);
* 2 -- usage error (a bad option, ``--world`` mixed with other inputs, ``--env`` not
  ``NAME=VALUE``);
* 3 -- the answer is that the target interpreter would fail to start (the result is
  still printed, followed by the fatal line);
* 130 -- interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from ..startup.result import Startup

__all__ = ["EXIT_ERROR", "EXIT_FATAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_FATAL = 3
EXIT_INTERRUPTED = 130

PROG = "pywhence"

#: Set this variable to get a traceback instead of the one-line internal-error message.
DEBUG_VARIABLE = "PYWHENCE_DEBUG"

_EPILOG = """\
exit status:
  0    success
  1    pywhence could not answer (missing interpreter, bad world file, internal error)
  2    usage error
  3    the target interpreter would fail to start (the result is still printed)
  130  interrupted

Run 'pywhence path --help' or 'pywhence run --help' for a command's options.
"""

_PATH_DESCRIPTION = """\
Compute CPython's startup state (sys.path with the origin of every entry, sys.prefix,
sys.exec_prefix and their base_* twins) for an interpreter, a command line, an
environment and a disk -- without running the interpreter.

Everything after '--' is the interpreter's own command line after the program name,
e.g. 'pywhence path -- -I -m http.server' or 'pywhence path -- script.py arg'.
"""

_PATH_EPILOG = """\
examples:
  pywhence path
  pywhence path --python /usr/bin/python3 --explain -- -c pass
  pywhence path --clear-env --env PYTHONPATH=src --json -- app.py
  pywhence path --world tests/worlds/linux-venv-symlink-3.12.json

exit status: 0 ok, 1 could not answer, 2 usage error, 3 the interpreter would fail to start.
"""

#: ``path`` options that take a value (for finding the ``--`` that starts PYTHON_ARGS).
_PATH_VALUE_OPTIONS = frozenset({"--python", "--env", "--cwd", "--root", "--world", "-o", "--output"})


class _UsageExit(Exception):
    """Raised by the parser instead of printing usage and calling ``sys.exit(2)``."""

    def __init__(self, message: str, prog: str) -> None:
        super().__init__(message)
        self.prog = prog


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and do not exit the process.

    ``main()`` is also called in-process (by tests and by tools embedding the CLI), so a
    usage error must come back as a return value, not as ``SystemExit``.
    """

    def error(self, message: str) -> NoReturn:
        raise _UsageExit(message, self.prog)


def _build_parser() -> _Parser:
    from .. import __version__

    parser = _Parser(
        prog=PROG,
        description="Where Python's modules come from, and what gets run.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser(
        "path",
        help="compute sys.path and the prefixes without running Python",
        description=_PATH_DESCRIPTION,
        epilog=_PATH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    p.add_argument("--python", metavar="EXE",
                   help="the target interpreter: a path or a name looked up on PATH "
                        "(default: the interpreter running pywhence)")
    p.add_argument("--env", metavar="NAME=VALUE", action="append", default=[],
                   help="set an environment variable for the target (repeatable)")
    p.add_argument("--clear-env", action="store_true",
                   help="start from an empty environment instead of this process's")
    p.add_argument("--cwd", metavar="DIR", help="the target's working directory (default: this one)")
    p.add_argument("--root", metavar="DIR",
                   help="read every path inside DIR as if it were / (an unpacked image)")
    p.add_argument("--world", metavar="FILE",
                   help="compute the imagined machine in a JSON world file (docs/worlds.md); "
                        "no other input is read")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the result as JSON")
    out.add_argument("--explain", action="store_true",
                     help="print every decision, and the decision behind each sys.path entry")
    p.add_argument("--probe", action="store_true",
                   help="allow one (cached) run of the target to learn what cannot be read from disk")

    snap = sub.add_parser(
        "snapshot",
        help="write the world of this machine: only what the model reads",
        description="pywhence snapshot [--python EXE] [-o FILE] [-- PYTHON_ARGS...]: compute "
                    "like 'pywhence path' while recording every file, directory, symlink and "
                    "environment variable the model consults, and write them as a world file "
                    "(docs/worlds.md) that replays to the same answer with 'path --world'.",
        allow_abbrev=False,
    )
    snap.add_argument("--python", metavar="EXE",
                      help="the target interpreter (default: the interpreter running pywhence)")
    snap.add_argument("--env", metavar="NAME=VALUE", action="append", default=[],
                      help="set an environment variable for the target (repeatable)")
    snap.add_argument("--clear-env", action="store_true",
                      help="start from an empty environment instead of this process's")
    snap.add_argument("--cwd", metavar="DIR", help="the target's working directory")
    snap.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    snap.add_argument("--probe", action="store_true",
                      help="allow one (cached) run of the target for facts the disk does not give")

    sub.add_parser(
        "run",
        help="run a Python file like runpy.run_path",
        description="pywhence run [--cache] PATH [ARGS...]: execute PATH (a script, a directory "
                    "or a zip file with __main__.py) like runpy.run_path, with sys.argv "
                    "set to [PATH, ARGS...].",
        add_help=False,
    )
    return parser


def _split_python_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``path`` arguments at the first ``--`` that is not an option's value."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return argv[:i], argv[i + 1:]
        if arg in _PATH_VALUE_OPTIONS:
            i += 1  # skip the value, even if it is '--'
        i += 1
    return argv, []


def _command_index(argv: list[str]) -> int | None:
    """Where the subcommand is: the first argument that is not a top-level option."""
    for i, arg in enumerate(argv):
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return i
    return None


def _parse_env(items: Sequence[str], clear: bool) -> dict[str, str]:
    from ..errors import UsageError

    env: dict[str, str] = {} if clear else dict(os.environ)
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name or "\0" in item:
            raise UsageError(f"--env expects NAME=VALUE, got {item!r}", item)
        env[name] = value
    return env


def _compute(ns: argparse.Namespace, python_args: list[str]) -> Startup:
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


def _write(stream: IO[str], text: str) -> None:
    """Write *text*, escaping what the stream's encoding cannot carry (undecodable
    file names arrive as surrogates; a path must never crash the output)."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        enc = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(enc, "backslashreplace").decode(enc, "replace"))
    stream.flush()


def _error(message: str) -> None:
    _write(sys.stderr, f"{PROG}: error: {message}\n")


def _cmd_path(ns: argparse.Namespace, python_args: list[str]) -> int:
    startup = _compute(ns, python_args)
    from . import render

    out = sys.stdout
    if ns.json:
        _write(out, render.render_json(startup) + "\n")
        if startup.fatal:
            _write(sys.stderr, f"{PROG}: the interpreter would fail to start: "
                               f"{render.one_line(startup.fatal)}\n")
    else:
        style = render.Style.for_stream(out)
        text = render.render_explain(startup, style) if ns.explain else render.render_human(startup, style)
        _write(out, text)
    return EXIT_FATAL if startup.fatal else EXIT_OK


def _cmd_snapshot(ns: argparse.Namespace, python_args: list[str]) -> int:
    import json

    import pywhence

    from ..errors import PywhenceError

    doc = pywhence.snapshot(
        python=ns.python,
        args=python_args,
        env=_parse_env(ns.env, ns.clear_env),
        cwd=ns.cwd,
        probe=ns.probe,
    )
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if ns.output is None:
        _write(sys.stdout, text)
        return EXIT_OK
    try:
        with open(ns.output, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
    except OSError as exc:
        raise PywhenceError(f"cannot write snapshot to {ns.output}: {exc.strerror or exc}",
                            ns.output) from None
    n = len(doc["files"]) + len(doc["symlinks"]) + len(doc["dirs"])
    _write(sys.stderr, f"{PROG}: wrote {ns.output}: {n} paths, {len(doc['env'])} variables\n")
    return EXIT_OK


def _dispatch(argv: list[str]) -> int:
    idx = _command_index(argv)
    if idx is not None and argv[idx] == "run":
        # Everything after 'run' belongs to run_main, untouched (its PATH's own options too).
        from ..run import run_main

        return run_main(argv[idx + 1:])
    parser = _build_parser()
    head: list[str] = argv
    python_args: list[str] = []
    if idx is not None and argv[idx] in ("path", "snapshot"):
        head, python_args = _split_python_args(argv)
    try:
        ns = parser.parse_args(head)
    except _UsageExit as exc:
        hint = f"{exc.prog} --help" if exc.prog != PROG else f"{PROG} --help"
        _write(sys.stderr, f"{exc.prog}: error: {exc} (see '{hint}')\n")
        return EXIT_USAGE
    if ns.command == "path":
        return _cmd_path(ns, python_args)
    if ns.command == "snapshot":
        return _cmd_snapshot(ns, python_args)
    parser.print_help()  # pragma: no cover - argparse requires a command
    return EXIT_USAGE  # pragma: no cover


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
