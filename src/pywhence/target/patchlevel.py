"""The target's version where no binary says it: Include/patchlevel.h, and the names
CPython's install gives its directories and files.

``make install`` copies ``Include/patchlevel.h`` (``#define PY_VERSION "3.8.18"``) to
``<prefix>/include/pythonX.Y[t]/``; it names the program ``pythonX.Y[t]`` (plus the
ABI flags ``d``, a debug build, and ``m``, pymalloc before 3.8), the library
``libpythonX.Y[t].so`` and the stdlib directory ``lib/pythonX.Y[t]``; pyenv installs
into ``versions/X.Y.Z[t]``.  The
same ``X.Y[.Z]`` text is what ``pyvenv.cfg``'s ``version``, sysconfigdata's
``VERSION`` and the ``PY_VERSION`` literal hold.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

from ..disk.fs import FileSystem
from .filecache import read_text

__all__ = [
    "BIN_NAME",
    "LIB_NAME",
    "PATCHLEVEL",
    "PYENV_DIR",
    "STDLIB_NAME",
    "VERSION_TEXT",
    "abiflags_in_names",
    "read_patchlevel",
]

# The patterns below are read by hand rather than with ``re``: they are asked on every
# discovery, and importing and compiling ``re`` would cost more than the discovery.  Each
# gives what the regular expression in its comment gives (``\d`` is a decimal digit,
# ``$`` the end or a final newline), through the same ``match``/``search``/``group``.


class NameMatch:
    """What a pattern found: ``group(0)`` the matched text, ``group(n)`` the n-th group."""

    __slots__ = ("_groups", "_text")

    def __init__(self, text: str, groups: tuple[str | None, ...]) -> None:
        self._text = text
        self._groups = groups

    def group(self, n: int = 0) -> Any:  # as re.Match.group: str, or None for a group that did not take part
        return self._text if n == 0 else self._groups[n - 1]


def _digits(s: str, i: int) -> int:
    """The end of the run of decimal digits at *i* (``i`` itself when there is none)."""
    n = len(s)
    while i < n and s[i].isdecimal():
        i += 1
    return i


def _x_dot_y(s: str, i: int) -> tuple[str, str, int] | None:
    r"""``(\d+)\.(\d+)`` at *i*: the two numbers and where they end."""
    a = _digits(s, i)
    if a == i or a >= len(s) or s[a] != ".":
        return None
    b = _digits(s, a + 1)
    if b == a + 1:
        return None
    return s[i:a], s[a + 1:b], b


def _at_end(s: str, i: int) -> bool:
    """``$``: the end of *s*, or just before a final newline."""
    return i == len(s) or (i == len(s) - 1 and s[i] == "\n")


class _Pattern:
    """One hand-read pattern: ``match`` at the start, ``search`` at each place its
    literal head occurs."""

    __slots__ = ("_at", "_head")

    def __init__(self, head: str, at: Callable[[str, int], NameMatch | None]) -> None:
        self._head = head
        self._at = at

    def match(self, s: str) -> NameMatch | None:
        return self._at(s, 0)

    def search(self, s: str) -> NameMatch | None:
        i = s.find(self._head)
        while i >= 0:
            m = self._at(s, i)
            if m is not None:
                return m
            i = s.find(self._head, i + 1)
        return None


def _patchlevel_at(s: str, i: int) -> NameMatch | None:
    # #define\s+PY_VERSION\s+"(\d+)\.(\d+)\.(\d+)
    if not s.startswith("#define", i):
        return None
    j = i + 7
    for word in ("PY_VERSION", '"'):
        k = j
        while k < len(s) and s[k].isspace():
            k += 1
        if k == j or not s.startswith(word, k):
            return None
        j = k + len(word)
    xy = _x_dot_y(s, j)
    if xy is None or xy[2] >= len(s) or s[xy[2]] != ".":
        return None
    end = _digits(s, xy[2] + 1)
    if end == xy[2] + 1:
        return None
    return NameMatch(s[i:end], (xy[0], xy[1], s[xy[2] + 1:end]))


def _pyenv_dir_at(s: str, i: int) -> NameMatch | None:
    # /versions/(\d+)\.(\d+)\.(\d+)(t?)(?:/|$)
    if not s.startswith("/versions/", i):
        return None
    xy = _x_dot_y(s, i + 10)
    if xy is None or xy[2] >= len(s) or s[xy[2]] != ".":
        return None
    end = _digits(s, xy[2] + 1)
    if end == xy[2] + 1:
        return None
    for t in (("t", "") if s.startswith("t", end) else ("",)):
        k = end + len(t)
        if s.startswith("/", k):
            return NameMatch(s[i:k + 1], (xy[0], xy[1], s[xy[2] + 1:end], t))
        if _at_end(s, k):
            return NameMatch(s[i:k], (xy[0], xy[1], s[xy[2] + 1:end], t))
    return None


def _version_text_at(s: str, i: int) -> NameMatch | None:
    # \s*(\d+)\.(\d+)(?:\.(\d+))?
    j = i
    while j < len(s) and s[j].isspace():
        j += 1
    xy = _x_dot_y(s, j)
    if xy is None:
        return None
    major, minor, end = xy
    micro = None
    if s.startswith(".", end):
        k = _digits(s, end + 1)
        if k > end + 1:
            micro, end = s[end + 1:k], k
    return NameMatch(s[i:end], (major, minor, micro))


def _stdlib_name_at(s: str, i: int) -> NameMatch | None:
    # python(\d+)\.(\d+)(t?)$
    if not s.startswith("python", i):
        return None
    xy = _x_dot_y(s, i + 6)
    if xy is None:
        return None
    end = xy[2]
    for t in (("t", "") if s.startswith("t", end) else ("",)):
        if _at_end(s, end + len(t)):
            return NameMatch(s[i:end + len(t)], (xy[0], xy[1], t))
    return None


def _abi_name_at(s: str, i: int, head: str, tail: str | None) -> NameMatch | None:
    """``HEAD(\\d+)\\.(\\d+)(t?)(?:d|m|dm)?`` at *i*, then *tail* (or the end, ``$``, for
    None), with the regular expression's backtracking over ``t?`` and the flags."""
    if not s.startswith(head, i):
        return None
    xy = _x_dot_y(s, i + len(head))
    if xy is None:
        return None
    end = xy[2]
    for t in (("t", "") if s.startswith("t", end) else ("",)):
        for flags in ("d", "m", "dm", ""):
            k = end + len(t) + len(flags)
            if not s.startswith(flags, end + len(t)):
                continue
            if tail is None and _at_end(s, k):
                return NameMatch(s[i:k], (xy[0], xy[1], t))
            if tail is not None and s.startswith(tail, k):
                return NameMatch(s[i:k + len(tail)], (xy[0], xy[1], t))
    return None


def _bin_name_at(s: str, i: int) -> NameMatch | None:
    # python(\d+)\.(\d+)(t?)(?:d|m|dm)?$
    return _abi_name_at(s, i, "python", None)


def _lib_name_at(s: str, i: int) -> NameMatch | None:
    # libpython(\d+)\.(\d+)(t?)(?:d|m|dm)?\.so
    return _abi_name_at(s, i, "libpython", ".so")


#: ``#define PY_VERSION "X.Y.Z..."`` in Include/patchlevel.h.
PATCHLEVEL = _Pattern("#define", _patchlevel_at)
#: A pyenv-style install directory, ``.../versions/X.Y.Z[t]/...``.
PYENV_DIR = _Pattern("/versions/", _pyenv_dir_at)
#: ``X.Y`` or ``X.Y.Z`` at the start of a version string.
VERSION_TEXT = _Pattern("", _version_text_at)
#: The stdlib directory, ``pythonX.Y[t]``.
STDLIB_NAME = _Pattern("python", _stdlib_name_at)
#: The program, ``pythonX.Y[t]`` with the old ABI flags.
BIN_NAME = _Pattern("python", _bin_name_at)
#: The shared library, ``libpythonX.Y[t].so...`` with the old ABI flags.
LIB_NAME = _Pattern("libpython", _lib_name_at)


def abiflags_in_names(program: str, libpython: str | None) -> str | None:
    """The ABI flags an install's names carry: ``d`` of ``python3.15d``, ``td`` of
    ``python3.13td`` (or of ``libpython3.13td.so...`` when the program has another name);
    pymalloc's ``m`` (gone in 3.8) dropped.  None: neither name is CPython's."""
    m = BIN_NAME.match(program)
    if m:
        flags = program[len(f"python{m.group(1)}.{m.group(2)}"):]
    else:
        lm = LIB_NAME.match(libpython) if libpython is not None else None
        if lm is None:
            return None
        flags = lm.group(0)[len(f"libpython{lm.group(1)}.{lm.group(2)}"):-len(".so")]
    return flags.rstrip("\n").replace("m", "")


def read_patchlevel(
    fs: FileSystem, prefix: str, xy: tuple[int, int], abi_thread: str | None
) -> tuple[int, int, int, str] | None:
    """``PY_VERSION`` from ``<prefix>/include/pythonX.Y[t]/patchlevel.h``, and the file.

    The headers of the build's own ABI (``t``: free-threaded, 3.13+) are tried first,
    then the plain ones.
    """
    p = fs.path
    for t in (abi_thread or "", ""):
        ph = p.join(prefix, "include", f"python{xy[0]}.{xy[1]}{t}", "patchlevel.h")
        text = read_text(fs, ph)
        pm = PATCHLEVEL.search(text or "")
        if pm:
            return int(pm.group(1)), int(pm.group(2)), int(pm.group(3)), ph
    return None
