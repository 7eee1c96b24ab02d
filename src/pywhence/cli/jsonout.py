"""``--json`` output written without the ``json`` module: the same text, not its cost.

Importing ``json`` brings ``re``, ``enum``, ``functools`` and ``collections`` -- more
time than the whole computation a ``pywhence path --json`` prints.  The documents
pywhence prints hold only dicts with string keys, lists and tuples, strings, integers,
floats, booleans and None, so :func:`dumps` writes exactly what ``json.dumps(obj,
indent=2)`` writes for them (ASCII-only, four-hex-digit ``\\u`` escapes with surrogate pairs,
``", "``/``": "`` separators at each level's indent); anything else is handed to the
real ``json`` module.  ``tests/cli/test_jsonout.py`` compares the two.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["dumps"]

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


class _Unwritable(Exception):
    """A value this writer does not handle; the json module takes over."""


def _string(s: str) -> str:
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return f'"{s}"'
    out = ['"']
    for c in s:
        e = _ESCAPES.get(c)
        if e is not None:
            out.append(e)
            continue
        n = ord(c)
        if 0x20 <= n < 0x7F:
            out.append(c)
        elif n < 0x10000:
            out.append(f"\\u{n:04x}")
        else:
            n -= 0x10000
            out.append(f"\\u{0xD800 | (n >> 10):04x}\\u{0xDC00 | (n & 0x3FF):04x}")
    out.append('"')
    return "".join(out)


def _float(f: float) -> str:
    if f != f:  # noqa: PLR0124 - NaN, without importing math
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "Infinity" if f > 0 else "-Infinity"
    return float.__repr__(f)


def _write(obj: Any, indent: str, out: list[str]) -> None:
    if obj is None:
        out.append("null")
    elif obj is True:
        out.append("true")
    elif obj is False:
        out.append("false")
    elif type(obj) is str:
        out.append(_string(obj))
    elif type(obj) is int:
        out.append(int.__repr__(obj))
    elif type(obj) is float:
        out.append(_float(obj))
    elif type(obj) in (list, tuple):
        if not obj:
            out.append("[]")
            return
        inner = indent + "  "
        out.append("[\n" + inner)
        for i, item in enumerate(obj):
            if i:
                out.append(",\n" + inner)
            _write(item, inner, out)
        out.append("\n" + indent + "]")
    elif type(obj) is dict:
        if not obj:
            out.append("{}")
            return
        inner = indent + "  "
        out.append("{\n" + inner)
        for i, (key, value) in enumerate(obj.items()):
            if type(key) is not str:
                raise _Unwritable(key)
            if i:
                out.append(",\n" + inner)
            out.append(_string(key) + ": ")
            _write(value, inner, out)
        out.append("\n" + indent + "}")
    else:
        raise _Unwritable(obj)


def dumps(obj: Any) -> str:
    """``json.dumps(obj, indent=2)``."""
    out: list[str] = []
    try:
        _write(obj, "", out)
    except (_Unwritable, RecursionError):
        import json

        return json.dumps(obj, indent=2)
    return "".join(out)
