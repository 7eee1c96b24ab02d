"""The bytecode magic number of each CPython series (Include/internal/pycore_magic_number.h,
and before 3.14 ``MAGIC_NUMBER`` in Lib/importlib/_bootstrap_external.py).

A ``.pyc`` starts with it; zipimport skips a ``.pyc`` in an archive whose magic is not
its own.  The number of a release series is fixed from its first release candidate on;
these are the final ones, read from each local interpreter's
``importlib.util.MAGIC_NUMBER`` (3.8.18 to 3.13.0, Debian's 3.11.2 and sid's 3.14.10).
"""

from __future__ import annotations

from .interpreter import Version

__all__ = ["cache_tag", "pyc_magic"]

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
