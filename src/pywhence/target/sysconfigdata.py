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

from ..disk.fs import FileSystem
from .filecache import memo, read_text
from .patchlevel import VERSION_TEXT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["parse_sysconfigdata", "sysconfigdata_in"]

_SYSCONFIG_KEYS = (
    "prefix", "exec_prefix", "PLATLIBDIR", "VPATH", "Py_ENABLE_SHARED", "MULTIARCH",
    "ABIFLAGS", "Py_GIL_DISABLED", "PYTHONPATH", "VERSION",
)
_NOT_FOUND = object()


def parse_sysconfigdata(text: str) -> dict[str, Any]:
    """The few ``build_time_vars`` discovery needs, read without executing anything.

    Each value is located by its key.  A plain string or number (nearly all of them, as
    ``pprint`` writes the file) is read directly; any other form is evaluated with
    :func:`ast.literal_eval`, and if the file is laid out in a way that defeats this,
    the whole module is parsed with :func:`ast.parse` instead (slower: ~4 ms for a
    40 kB file).  Neither ``re`` nor ``ast`` is imported for a file of plain values.
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
            value = _plain_value(text, start)
            out[key] = _literal_until_next_key(text, start, key) if value is _NOT_FOUND else value
        return out
    except (ValueError, SyntaxError):
        pass
    return _parse_sysconfigdata_ast(text)


def _plain_value(text: str, start: int) -> Any:
    """The value at *start* if it is a quoted string without escapes or a decimal
    integer, followed by ``,`` or ``}``; else ``_NOT_FOUND``."""
    n = len(text)
    i = start
    while i < n and text[i] in " \t":
        i += 1
    if i >= n:
        return _NOT_FOUND
    first = text[i]
    if first in "'\"":
        end = text.find(first, i + 1)
        if end < 0:
            return _NOT_FOUND
        value: Any = text[i + 1:end]
        if "\\" in value or "\n" in value:
            return _NOT_FOUND
    elif first.isdigit():
        end = i
        while end + 1 < n and text[end + 1].isdigit():
            end += 1
        value = int(text[i:end + 1])
    else:
        return _NOT_FOUND
    j = end + 1
    while j < n and text[j] in " \t\n":
        j += 1
    return value if j < n and text[j] in ",}" else _NOT_FOUND


def _literal_until_next_key(text: str, start: int, key: str) -> Any:
    """A value of any literal form: everything up to the next key (or the closing
    brace), evaluated with :func:`ast.literal_eval`."""
    import ast
    import re

    m = re.compile(r",\s*\n\s*['\"][A-Za-z0-9_]+['\"]\s*:|,?\s*\}").search(text, start)
    if m is None:
        raise ValueError(key)
    return ast.literal_eval(text[start:m.start()].strip())


def _parse_sysconfigdata_ast(text: str) -> dict[str, Any]:
    import ast

    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "build_time_vars" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, dict):
                return {k: value[k] for k in _SYSCONFIG_KEYS if k in value}
    return {}


def _sysconfigdata_files(fs: FileSystem, stdlib: str, suffix_t: bool,
                         abiflags: str | None = None) -> list[str]:
    """Candidate ``_sysconfigdata_*.py`` files, the name CPython would pick first.

    sysconfig imports ``_sysconfigdata_{abiflags}_{sys.platform}_{multiarch}``; Debian
    also installs a ``_sysconfigdata_{abiflags}_{multiarch}`` file (the same data).  A
    debug build's (``_sysconfigdata_d_...``) shares the stdlib with the release build's
    (Debian's python3.15 and python3.15d): the ABI flags of the program's name, when
    known, pick between them.
    """
    p = fs.path
    found: list[str] = []
    for d in (stdlib, p.join(stdlib, "lib-dynload")):
        try:
            names = fs.list_dir(d)
        except OSError:
            continue
        cands = sorted(n for n in names if n.startswith("_sysconfigdata_") and n.endswith(".py"))

        def rank(n: str) -> tuple[int, int, int, str]:
            flags = n[len("_sysconfigdata_"):].split("_", 1)[0]
            return (
                0 if "_linux_" in n or "_darwin" in n else 1,
                0 if ("t" in flags) == suffix_t else 1,
                0 if abiflags is None or flags == abiflags else 1,
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
    fs: FileSystem, stdlib: str, xy: tuple[int, int] | None, *, abiflags: str | None = None
) -> tuple[str, dict[str, Any]] | None:
    """The sysconfigdata file of *stdlib* and its vars (of series *xy*, when known;
    of the build with *abiflags*, when known and there is one)."""
    thread = fs.path.basename(stdlib).endswith("t")
    for sc in _sysconfigdata_files(fs, stdlib, thread, abiflags):
        cv = _sysconfig_vars(fs, sc)
        if not cv:
            continue
        vm = VERSION_TEXT.match(str(cv.get("VERSION", "")))
        if vm and xy is not None and (int(vm.group(1)), int(vm.group(2))) != xy:
            continue  # a stray file from another series
        return sc, cv
    return None
