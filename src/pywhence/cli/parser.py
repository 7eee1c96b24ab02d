"""The ``pywhence`` command line's argparse definitions: commands, options, help texts.

One parser for ``pywhence`` and its ``path``, ``snapshot`` and ``run`` commands (``run``
is only listed: its arguments go to :func:`pywhence.run.run_main` untouched).  Usage
errors come back as :class:`_UsageExit` rather than ``SystemExit``, so that
:func:`pywhence.cli.main` can report them on one line and return a status.  This module
is imported only for a command that is parsed, so ``pywhence run`` never loads argparse.
"""

from __future__ import annotations

import argparse

from .output import PROG
from .quickargs import split_python_args

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

_EPILOG = """\
exit status:
  0    success
  1    pywhence could not answer (missing interpreter, bad world file, internal error)
  2    usage error
  3    the target interpreter would fail to start (the result is still printed)
  4    audit, scan: a finding at or above --fail-on
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



_IMPORT_COMMANDS = (
    ("which", "the file each import would load, and what it shadows",
     ("pywhence which NAME... [the target options of path] [--json | --explain] "
     "[-- PYTHON_ARGS...]:\nwhat importlib.util.find_spec(NAME) gives as the first statement "
     "of the program 'python PYTHON_ARGS...' runs -- the file, its kind, the sys.path entry "
     "that supplied it, what it shadows -- computed without running Python.\n\n"
     "exit status: 0 ok, 1 could not answer, 2 usage error, 3 the interpreter would fail "
     "to start.")),
    ("modules", "every importable top-level name and what supplies it",
     ("pywhence modules [the target options of path] [--json] [--shadowed] "
     "[-- PYTHON_ARGS...]:\nevery importable top-level name (built-in, frozen, each sys.path "
     "entry's listing, zips included) and what supplies it, without importing anything; "
     "--shadowed keeps the names more than one place provides.\n\n"
     "exit status: 0 ok, 1 could not answer, 2 usage error, 3 the interpreter would fail "
     "to start.")),
)


def _target_options(p: argparse.ArgumentParser) -> None:
    """The target options ``path``, ``which`` and ``modules`` share."""
    p.add_argument("--python", metavar="EXE",
                   help="the target interpreter: a path (a relative one is resolved "
                        "against --cwd) or a name looked up on PATH "
                        "(default: the interpreter running pywhence)")
    p.add_argument("--env", metavar="NAME=VALUE", action="append", default=[],
                   help="set an environment variable for the target (repeatable)")
    p.add_argument("--clear-env", action="store_true",
                   help="start from an empty environment instead of this process's")
    p.add_argument("--cwd", metavar="DIR", help="the target's working directory (default: this one)")
    p.add_argument("--root", metavar="DIR",
                   help="read every path inside DIR as if it were / (an unpacked image)")
    p.add_argument("--user", metavar="USER",
                   help="run the target as USER, a name or uid of the password database "
                        "(/etc/passwd inside --root); its home replaces the inherited "
                        "HOME (default: the user running pywhence; root under --root)")
    p.add_argument("--world", metavar="FILE",
                   help="the imagined machine in a JSON world file (docs/worlds.md); "
                        "no other input is read")
    p.add_argument("--probe", action="store_true",
                   help="allow one (cached) run of the target to learn what cannot be read from disk")


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
    _target_options(p)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the result as JSON")
    out.add_argument("--explain", action="store_true",
                     help="print every decision, and the decision behind each sys.path entry")

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
                      help="the target interpreter: a path (a relative one is resolved "
                           "against --cwd) or a name looked up on PATH "
                           "(default: the interpreter running pywhence)")
    snap.add_argument("--env", metavar="NAME=VALUE", action="append", default=[],
                      help="set an environment variable for the target (repeatable)")
    snap.add_argument("--clear-env", action="store_true",
                      help="start from an empty environment instead of this process's")
    snap.add_argument("--cwd", metavar="DIR", help="the target's working directory")
    snap.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    snap.add_argument("--probe", action="store_true",
                      help="allow one (cached) run of the target for facts the disk does not give")

    for name, helptext, description in _IMPORT_COMMANDS:
        q = sub.add_parser(name, help=helptext, description=description,
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           allow_abbrev=False)
        if name == "which":
            q.add_argument("names", nargs="+", metavar="NAME",
                           help="a module name (dotted names too: os.path, email.mime)")
        _target_options(q)
        if name == "which":
            out = q.add_mutually_exclusive_group()
            out.add_argument("--json", action="store_true", help="print the answers as JSON")
            out.add_argument("--explain", action="store_true",
                             help="list every candidate and rule, in the import system's order")
        else:
            q.add_argument("--json", action="store_true", help="print the listing as JSON")
            q.add_argument("--shadowed", action="store_true",
                           help="only the names that more than one place provides")

    _audit_parsers(sub)

    sub.add_parser(
        "run",
        help="run a Python file like runpy.run_path",
        description="pywhence run [--cache] PATH [ARGS...]: execute PATH (a script, a directory "
                    "or a zip file with __main__.py) like runpy.run_path, with sys.argv "
                    "set to [PATH, ARGS...].",
        add_help=False,
    )
    return parser


_AUDIT_DESCRIPTION = """\
pywhence audit [the target options of path] [--json | --sarif] [--fail-on LEVEL]
[-- PYTHON_ARGS...]: what runs before the program 'python PYTHON_ARGS...' (.pth import
lines, .start entry points, sitecustomize, usercustomize, PYTHONSTARTUP), in CPython's
order, and who could change what it imports (writable and foreign-owned sys.path entries,
files and parents, creatable missing entries, the working directory, shadowed standard-
library modules) -- each finding with a rule id, a level and a fix (docs/audit.md).

exit status: 0 no finding at or above --fail-on, 4 one is, 1 could not answer, 2 usage
error, 3 the interpreter would fail to start (and nothing fails).
"""

_SCAN_DESCRIPTION = """\
pywhence scan ROOT [--user USER] [--json | --sarif] [--fail-on LEVEL]: find every interpreter in an
unpacked container image or directory tree (python3.X in bin directories: Debian, pyenv,
conda, Homebrew, python.org layouts; venvs by their pyvenv.cfg) and audit each as 'audit
--root ROOT' would: nothing outside ROOT is ever opened.  One report for the image.

exit status: 0 no finding at or above --fail-on, 4 one is, 1 could not answer, 2 usage
error.
"""


def _audit_parsers(sub: Any) -> None:
    """``audit`` (path's target options) and ``scan ROOT``, both with --json, --sarif and
    --fail-on."""
    for name, helptext, description in (
            ("audit", "what runs at startup, and who could change what is imported",
             _AUDIT_DESCRIPTION),
            ("scan", "audit every interpreter of an unpacked image", _SCAN_DESCRIPTION)):
        q = sub.add_parser(name, help=helptext, description=description,
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           allow_abbrev=False)
        if name == "audit":
            _target_options(q)
        else:
            q.add_argument("root", metavar="ROOT",
                           help="the image's root directory (seen as /)")
            q.add_argument("--user", metavar="USER",
                           help="audit each interpreter as run by USER, a name or uid of "
                                "the image's /etc/passwd (a container's USER; default: "
                                "root)")
        out = q.add_mutually_exclusive_group()
        out.add_argument("--json", action="store_true", help="print the report as JSON")
        out.add_argument("--sarif", action="store_true", help="print SARIF 2.1.0")
        q.add_argument("--fail-on", metavar="LEVEL", default="error",
                       choices=("info", "warning", "error", "none"),
                       help="exit with status 4 when a finding is at or above LEVEL "
                            "(info, warning, error, none; default: error)")


# Where PYTHON_ARGS start is decided without argparse (cli/quickargs.py).
_split_python_args = split_python_args
