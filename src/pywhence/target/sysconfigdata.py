"""Lib/sysconfig's ``_sysconfigdata_{ABIFLAGS}_{platform}_{multiarch}.py``: the build's
``build_time_vars``, read as text and never imported.

The build writes the Makefile's variables into this module (``prefix``,
``exec_prefix``, ``PLATLIBDIR``, ``VPATH``, ``Py_ENABLE_SHARED``, ``MULTIARCH``,
``ABIFLAGS``, ``Py_GIL_DISABLED``, ``PYTHONPATH``, ``VERSION``): the constants getpath
was compiled with.  It lives in the stdlib directory (or its ``lib-dynload``, or a
build tree's ``build/lib.*`` named by ``pybuilddir.txt``); the values are read with
:mod:`ast` so nothing of the target's ever runs.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from ..disk.fs import FileSystem
from .filecache import memo, read_text
from .patchlevel import VERSION_TEXT

__all__ = ["parse_sysconfigdata", "sysconfigdata_in"]

_SYSCONFIG_KEYS = (
    "prefix", "exec_prefix", "PLATLIBDIR", "VPATH", "Py_ENABLE_SHARED", "MULTIARCH",
    "ABIFLAGS", "Py_GIL_DISABLED", "PYTHONPATH", "VERSION",
)
_NEXT_KEY = re.compile(r",\s*\n\s*['\"][A-Za-z0-9_]+['\"]\s*:|,?\s*\}")


def parse_sysconfigdata(text: str) -> dict[str, Any]:
    """The few ``build_time_vars`` discovery needs, read with :mod:`ast`, never executed.

    Each value is located by its key and evaluated with :func:`ast.literal_eval`; if the
    file is laid out in a way that defeats this, the whole module is parsed with
    :func:`ast.parse` instead (slower: ~4 ms for a 40 kB file).
    """
    out: dict[str, Any] = {}
    try:
        for key in _SYSCONFIG_KEYS:
            for quote in ("'", '"'):
                at = text.find(f"{quote}{key}{quote}:")
                if at >= 0:
                    break
            else:
                continue
            start = text.index(":", at) + 1
            m = _NEXT_KEY.search(text, start)
            if m is None:
                raise ValueError(key)
            out[key] = _literal(text[start : m.start()].strip())
        return out
    except (ValueError, SyntaxError):
        pass
    return _parse_sysconfigdata_ast(text)


_SIMPLE_STR = re.compile(r"'([^'\\\n]*)'|\"([^\"\\\n]*)\"")


def _literal(text: str) -> Any:
    """A literal's value: the common plain forms directly, anything else via ast."""
    m = _SIMPLE_STR.fullmatch(text)
    if m:
        return m.group(1) if m.group(1) is not None else m.group(2)
    if text.isdigit():
        return int(text)
    return ast.literal_eval(text)


def _parse_sysconfigdata_ast(text: str) -> dict[str, Any]:
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "build_time_vars" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, dict):
                return {k: value[k] for k in _SYSCONFIG_KEYS if k in value}
    return {}


def _sysconfigdata_files(fs: FileSystem, stdlib: str, suffix_t: bool) -> list[str]:
    """Candidate ``_sysconfigdata_*.py`` files, the name CPython would pick first.

    sysconfig imports ``_sysconfigdata_{abiflags}_{sys.platform}_{multiarch}``; Debian
    also installs a ``_sysconfigdata_{abiflags}_{multiarch}`` file (the same data).
    """
    p = fs.path
    found: list[str] = []
    for d in (stdlib, p.join(stdlib, "lib-dynload")):
        try:
            names = fs.list_dir(d)
        except OSError:
            continue
        cands = sorted(n for n in names if n.startswith("_sysconfigdata_") and n.endswith(".py"))

        def rank(n: str) -> tuple[int, int, str]:
            abiflags = n[len("_sysconfigdata_"):].split("_", 1)[0]
            return (
                0 if "_linux_" in n or "_darwin" in n else 1,
                0 if ("t" in abiflags) == suffix_t else 1,
                n,
            )

        found += [p.join(d, n) for n in sorted(cands, key=rank)]
    return found


def _sysconfig_vars(fs: FileSystem, path: str) -> dict[str, Any] | None:
    """The vars of one sysconfigdata file, cached per file (None: unreadable, not literal)."""
    try:
        real = fs.resolve(path)
    except OSError:
        return None

    def compute() -> dict[str, Any] | None:
        text = read_text(fs, real)
        if text is None:
            return None
        try:
            return parse_sysconfigdata(text)
        except (ValueError, SyntaxError, RecursionError):
            return None

    return memo("sysconfigdata", fs, real, compute)


def sysconfigdata_in(
    fs: FileSystem, stdlib: str, xy: tuple[int, int] | None
) -> tuple[str, dict[str, Any]] | None:
    """The sysconfigdata file of *stdlib* and its vars (of series *xy*, when known)."""
    thread = fs.path.basename(stdlib).endswith("t")
    for sc in _sysconfigdata_files(fs, stdlib, thread):
        cv = _sysconfig_vars(fs, sc)
        if not cv:
            continue
        vm = VERSION_TEXT.match(str(cv.get("VERSION", "")))
        if vm and xy is not None and (int(vm.group(1)), int(vm.group(2))) != xy:
            continue  # a stray file from another series
        return sc, cv
    return None
