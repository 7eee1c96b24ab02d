"""What a script's ``#!`` line runs: the kernel's ``binfmt_script`` rule, and the
``/bin/sh`` re-exec trick pip and distlib write into console scripts.

Read only when ``--python`` turned out to be a script (discovery refuses it): a console
script such as ``venv/bin/pip`` names the interpreter the user meant, and the error
offers it.
"""

from __future__ import annotations

__all__ = ["shebang_python"]

#: The second line of a console script whose interpreter path is too long for the
#: kernel's ``#!`` buffer or holds spaces (pip's and distlib's ``ScriptMaker``):
#: ``'''exec' "/path/to/python" "$0" "$@"``, run by ``#!/bin/sh``.
_SH_REEXEC = "'''exec' "


def shebang_python(text: str) -> str | None:
    """The Python interpreter the script *text* runs, or None when it names none.

    ``#!/venv/bin/python`` (arguments after the path are the interpreter's), ``#!/usr/bin/env
    python3`` (the name ``env`` looks up on PATH; its options and ``NAME=VALUE``
    assignments skipped), and the ``/bin/sh`` re-exec line.  Only a name that starts
    with ``python`` counts: anything else is a wrapper whose interpreter pywhence
    cannot guess.
    """
    lines = text.splitlines()
    words = lines[0][2:].split() if lines and lines[0].startswith("#!") else []
    if len(lines) > 1 and lines[1].startswith(_SH_REEXEC):
        rest = lines[1][len(_SH_REEXEC):].strip()
        words = [rest[1:].partition('"')[0]] if rest.startswith('"') else []
    elif len(words) > 1 and words[0].rsplit("/", 1)[-1] == "env":
        words = [w for w in words[1:] if not w.startswith("-") and "=" not in w][:1]
    if not words or not words[0]:
        return None
    name = words[0].rsplit("/", 1)[-1]
    return words[0] if name.startswith("python") else None
