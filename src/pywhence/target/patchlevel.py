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

import re

from ..disk.fs import FileSystem
from .filecache import read_text

__all__ = [
    "BIN_NAME",
    "LIB_NAME",
    "PATCHLEVEL",
    "PYENV_DIR",
    "STDLIB_NAME",
    "VERSION_TEXT",
    "read_patchlevel",
]

#: ``#define PY_VERSION "X.Y.Z..."`` in Include/patchlevel.h.
PATCHLEVEL = re.compile(r'#define\s+PY_VERSION\s+"(\d+)\.(\d+)\.(\d+)')
#: A pyenv-style install directory, ``.../versions/X.Y.Z[t]/...``.
PYENV_DIR = re.compile(r"/versions/(\d+)\.(\d+)\.(\d+)(t?)(?:/|$)")
#: ``X.Y`` or ``X.Y.Z`` at the start of a version string.
VERSION_TEXT = re.compile(r"\s*(\d+)\.(\d+)(?:\.(\d+))?")
#: The stdlib directory, ``pythonX.Y[t]``.
STDLIB_NAME = re.compile(r"python(\d+)\.(\d+)(t?)$")
#: The program, ``pythonX.Y[t]`` with the old ABI flags.
BIN_NAME = re.compile(r"python(\d+)\.(\d+)(t?)(?:d|m|dm)?$")
#: The shared library, ``libpythonX.Y[t].so...`` with the old ABI flags.
LIB_NAME = re.compile(r"libpython(\d+)\.(\d+)(t?)(?:d|m|dm)?\.so")


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
