"""Errors worded for the mistakes people make, with the command they meant.

Two mistakes are handled here, both with a corrected command line ready to paste:

* the interpreter's own arguments given without ``--`` (``pywhence path --python X
  -c pass``): argparse only says ``unrecognized arguments: -c pass``; the message adds
  where they go;
* a console script as ``--python`` (``venv/bin/pip``): discovery names the interpreter
  its ``#!`` line runs, and the command is the same one with that ``--python``.

Imported only once something has gone wrong.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

__all__ = ["forgotten_dashdash", "with_ready_command"]

#: The long options of CPython's own command line (``Modules/main.c``, ``python --help``):
#: any other ``--name`` among the unrecognized arguments is a mistyped option of
#: pywhence's, not an interpreter argument that lost its ``--``.
_PYTHON_LONG_OPTIONS = frozenset({
    "--help", "--help-env", "--help-xoptions", "--help-all", "--version",
    "--check-hash-based-pycs",
})

#: Characters a POSIX shell leaves alone in a word.
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")


def _quote(arg: str) -> str:
    """*arg* as one shell word (``shlex.quote``, without importing shlex and re)."""
    if arg and all(c in _SAFE for c in arg):
        return arg
    return "'" + arg.replace("'", "'\"'\"'") + "'"


def forgotten_dashdash(parser: argparse.ArgumentParser, head: list[str],
                       python_args: list[str], prog: str) -> str | None:
    """The error line for a ``path``/``snapshot`` command line whose only fault is
    arguments the command does not know that look like the interpreter's own (an
    option such as ``-c``, ``-I`` or ``-m``, or a script), or None.

    *head* is the command line before ``--`` (or all of it), *python_args* what came
    after ``--``; the corrected command keeps pywhence's own options in front and moves
    the unknown arguments, in their order, after ``--`` ahead of *python_args*.
    """
    try:
        ns, extras = parser.parse_known_args(head)
    except Exception:  # noqa: BLE001 -- any other usage error: argparse's wording stands
        return None
    if not extras or getattr(ns, "command", None) not in ("path", "snapshot"):
        return None
    first = extras[0]
    if first.startswith("--") and first.partition("=")[0] not in _PYTHON_LONG_OPTIONS:
        return None
    kept: list[str] = []
    pending = list(extras)
    for arg in head:
        if pending and arg == pending[0]:
            pending.pop(0)
        else:
            kept.append(arg)
    corrected = " ".join([prog, *map(_quote, kept), "--", *map(_quote, [*extras, *python_args])])
    return (f"{prog} {ns.command}: error: unrecognized arguments: {' '.join(extras)}; "
            f"the interpreter's own arguments go after '--': {corrected}")


def with_ready_command(message: str, python: str, argv: list[str]) -> str:
    """*message* followed by *argv* as a command with *python* as the ``--python``
    value (the interpreter a console script's ``#!`` line names), ready to paste."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--":
            out += argv[i:]
            break
        if arg == "--python" and i + 1 < len(argv):
            out += ["--python", python]
            skip = True
        elif arg.startswith("--python="):
            out.append(f"--python={python}")
        else:
            out.append(arg)
    return f"{message}; run: {' '.join(['pywhence', *map(_quote, out)])}"
