"""The bytecode magic number of each CPython series (Include/internal/pycore_magic_number.h,
and before 3.14 ``MAGIC_NUMBER`` in Lib/importlib/_bootstrap_external.py).

A ``.pyc`` starts with it; zipimport skips a ``.pyc`` in an archive whose magic is not
its own.  The build's own standard library says it best: its ``__pycache__`` holds
bytecode the build compiled, so the first four bytes of one of those files are the
magic (:func:`build_pyc_magic`).  Without them, the table holds the final number of each
series (fixed from its first release candidate on), read from each local interpreter's
``importlib.util.MAGIC_NUMBER`` (3.8.18 to 3.13.0, Debian's 3.11.2 and sid's 3.14.10).
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from .interpreter import Version

__all__ = ["build_pyc_magic", "cache_tag", "pyc_magic"]

_MAGIC = {
    (3, 8): 3413,
    (3, 9): 3425,
    (3, 10): 3439,
    (3, 11): 3495,
    (3, 12): 3531,
    (3, 13): 3571,
    (3, 14): 3627,
}


def pyc_magic(version: Version) -> bytes | None:
    """The four bytes a ``.pyc`` of *version* starts with, or None if not known."""
    number = _MAGIC.get(version.xy)
    if number is None:
        return None
    return number.to_bytes(2, "little") + b"\r\n"


def cache_tag(version: Version) -> str:
    """``sys.implementation.cache_tag`` (``cpython-312``; a free-threaded build has the
    same tag)."""
    return f"cpython-{version.major}{version.minor}"


def build_pyc_magic(version: Version, fs: FileSystem, stdlib_dir: str) -> bytes | None:
    """The magic of the bytecode the build left in ``stdlib_dir/__pycache__`` (a
    ``.pyc`` of its own cache tag, opt levels included), else :func:`pyc_magic`."""
    p = fs.path
    cache = p.join(stdlib_dir, "__pycache__") if stdlib_dir else ""
    tag = "." + cache_tag(version) + "."
    try:
        names = sorted(fs.list_dir(cache)) if cache else []
    except OSError:
        names = []
    for name in names:
        if tag in name and name.endswith(".pyc"):
            try:
                head = fs.read_bytes(p.join(cache, name), 4)
            except OSError:
                continue
            if len(head) == 4 and head[2:] == b"\r\n":
                return head
    return pyc_magic(version)
